from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tipportal.caching import cache_public_page

from . import services
from .forms import CaseFilterForm, CaseNoteForm
from .models import Case, CaseUpdate, Still, Video


def _get_public_case(slug: str) -> Case:
    return get_object_or_404(Case.objects.published().select_related("category", "area"), slug=slug)


def _get_case_for_officer(request: HttpRequest, slug: str) -> Case:
    if not request.user.has_perm("cases.solve_case"):
        raise Http404
    return get_object_or_404(Case, slug=slug)


@require_GET
@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    published = Case.objects.published().for_listing()
    return render(
        request,
        "cases/home.html",
        {
            "open_cases": published.open().order_by("-published_at")[:6],
            "solved_cases": published.solved().order_by("-solved_at")[:3],
        },
    )


@require_GET
@cache_public_page
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET)
    filters = form.filters()
    cases = Case.objects.published().for_listing()
    for field in ("category", "area", "status"):
        if field in filters:
            cases = cases.filter(**{field: filters[field]})
    cases = cases.search(filters["q"]) if "q" in filters else cases.order_by("-published_at", "-id")
    page = Paginator(cases, settings.CASES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "cases/case_list.html", {"form": form, "page": page, "filters": filters, "query": query.urlencode()}
    )


@require_GET
@cache_public_page
def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    case = _get_public_case(slug)
    stills = list(Still.objects.filter(case=case))
    lead_still = stills[0] if stills else None
    og_image = None
    if lead_still:
        og_image = lead_still.display_url(1600)
        if not og_image.startswith(("http://", "https://")):
            og_image = settings.SITE_URL + og_image
    videos = list(Video.objects.filter(case=case))
    updates = list(CaseUpdate.objects.filter(case=case).order_by("-created_at", "-id"))
    context = {
        "case": case,
        "stills": stills,
        "videos": videos,
        "updates": updates,
        "lead_still": lead_still,
        "og_image": og_image,
        "note_form": CaseNoteForm() if request.user.has_perm("cases.solve_case") else None,
    }
    return render(request, "cases/case_detail.html", context)


def _officer_case_action(request: HttpRequest, slug: str, action) -> HttpResponse:
    case = _get_case_for_officer(request, slug)
    form = CaseNoteForm(request.POST)
    if form.is_valid():
        try:
            action(case, actor=request.user, note=form.cleaned_data["note"])
        except services.CaseError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved. The public timeline shows your note."))
    else:
        messages.error(request, _("Write a short public note (up to 2,000 characters)."))
    return redirect(case.get_absolute_url() if case.is_public else "cases:list")


@require_POST
@login_required
def case_solve(request: HttpRequest, slug: str) -> HttpResponse:
    """The note is written on the case page; this page then shows it as the public will read it
    and what else follows, and only its own button ("confirm") marks the case solved."""
    case = _get_case_for_officer(request, slug)
    form = CaseNoteForm(request.POST)
    if request.POST.get("confirm") == "yes" or not form.is_valid() or not case.is_open:
        return _officer_case_action(request, slug, services.mark_case_solved)
    return render(request, "cases/case_solve_confirm.html", {"case": case, "note": form.cleaned_data["note"]})


@require_POST
@login_required
def case_reopen(request: HttpRequest, slug: str) -> HttpResponse:
    return _officer_case_action(request, slug, services.reopen_case)


@require_POST
@login_required
def case_post_update(request: HttpRequest, slug: str) -> HttpResponse:
    return _officer_case_action(
        request, slug, lambda case, actor, note: services.post_case_update(case, actor=actor, body=note)
    )
