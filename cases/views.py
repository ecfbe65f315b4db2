from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tipportal.access import require_permission
from tipportal.caching import cache_public_page
from tipportal.errors import ServiceError
from tipportal.pagination import KeysFirstPaginator

from . import poster, services
from .forms import CaseFilterForm, CaseNoteForm
from .models import Case, CaseUpdate, Still, Video


def _get_public_case(slug: str) -> Case:
    return get_object_or_404(Case.objects.published().select_related("category", "area"), slug=slug)


def _get_case_for_officer(request: HttpRequest, slug: str) -> Case:
    require_permission(request, "cases.solve_case")
    return get_object_or_404(Case, slug=slug)


@require_GET
@cache_public_page()
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
@cache_public_page("q", "category", "area", "status", "page")
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET)
    filters = form.filters()
    cases = Case.objects.published().for_listing()
    for field in ("category", "area", "status"):
        if field in filters:
            cases = cases.filter(**{field: filters[field]})
    cases = cases.search(filters["q"]) if "q" in filters else cases.order_by("-published_at", "-id")
    page = KeysFirstPaginator(cases, settings.CASES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "cases/case_list.html", {"form": form, "page": page, "filters": filters, "query": query.urlencode()}
    )


@require_GET
@cache_public_page()
def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    case = _get_public_case(slug)
    stills = list(Still.objects.filter(case=case))
    lead_still = stills[0] if stills else None
    # Link previews show the lead still's largest rendition; none until it is made.
    og_image = lead_still.display_url(1600) if lead_still else None
    if og_image and not og_image.startswith(("http://", "https://")):
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
    }
    if request.user.has_perm("cases.solve_case"):
        if case.is_open:
            context["status_form"] = CaseNoteForm(auto_id="solve-%s", label=_("Mark solved, with a public note"))
        else:
            context["status_form"] = CaseNoteForm(auto_id="reopen-%s", label=_("Reopen, with a public note"))
        context["update_form"] = CaseNoteForm(auto_id="update-%s", label=_("Post a public update"))
    return render(request, "cases/case_detail.html", context)


def _officer_case_action(request: HttpRequest, slug: str, action) -> HttpResponse:
    case = _get_case_for_officer(request, slug)
    form = CaseNoteForm(request.POST)
    if form.is_valid():
        try:
            action(case, actor=request.user, note=form.cleaned_data["note"])
        except ServiceError as error:
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


@require_GET
def case_short_link(request: HttpRequest, number: str) -> HttpResponse:
    """/c/2026-000123: the short address printed on posters. A redirect, not a permanent one, so
    the case may still be renamed."""
    return redirect(get_object_or_404(Case.objects.published(), number=number))


@require_GET
def case_poster(request: HttpRequest, slug: str, paper: str) -> HttpResponse:
    response = _case_poster_pdf(request, slug, paper)
    if response.status_code == 200:
        # Set outside the page cache, which keeps only the body and its type.
        response["Content-Disposition"] = f'inline; filename="poster-{slug}-{paper}.pdf"'
    return response


@cache_public_page()
def _case_poster_pdf(request: HttpRequest, slug: str, paper: str) -> HttpResponse:
    case = _get_public_case(slug)
    lead_still = Still.objects.filter(case=case).first()
    return HttpResponse(poster.render_poster(case, lead_still, paper), content_type="application/pdf")
