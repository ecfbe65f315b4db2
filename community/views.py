from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from tipportal.caching import cache_public_page

from .models import Post

POSTS_PER_PAGE = 12


@require_GET
@cache_public_page("kind", "page")
def post_list(request: HttpRequest) -> HttpResponse:
    posts = Post.objects.published().prefetch_related("areas").order_by("-published_at", "-id")
    kind = request.GET.get("kind")
    if kind in Post.Kind.values:
        posts = posts.filter(kind=kind)
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "community/post_list.html", {"page": page, "kind": kind, "kinds": Post.Kind.choices})


@require_GET
@cache_public_page()
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_object_or_404(Post.objects.published().prefetch_related("areas"), slug=slug)
    return render(request, "community/post_detail.html", {"post": post})
