from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from cases.models import Case
from tipportal.access import require_permission
from tipportal.caching import cache_public_page
from tipportal.errors import ServiceError, status_for

from . import services
from .forms import (
    BulkDecisionForm,
    CommentForm,
    DecisionForm,
    EscalateForm,
    PremoderationForm,
    ReportForm,
    ThreatStatusForm,
    first_error,
)
from .models import Comment, CommentReport, ThreatReport

THREAT_REPORTS_PER_PAGE = 50


def _get_public_case(slug: str) -> Case:
    return get_object_or_404(Case.objects.published(), slug=slug)


def _get_public_comment(pk: int) -> Comment:
    return get_object_or_404(Comment.objects.select_related("case").filter(case__in=Case.objects.published()), pk=pk)


def _require_moderator(request: HttpRequest) -> None:
    require_permission(request, "moderation.moderate_comment")


def _get_comment_for_moderator(request: HttpRequest, pk: int) -> Comment:
    _require_moderator(request)
    return get_object_or_404(Comment.objects.select_related("author", "case"), pk=pk)


@require_GET
@cache_public_page("page")
def comment_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Every comment on a case, page by page (the case page shows the first few)."""
    case = _get_public_case(slug)
    comments = Comment.objects.visible_to(request.user).filter(case=case).select_related("author")
    page = Paginator(comments, settings.COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"case": case, "page": page, "comments": page.object_list}
    context["report_form"] = ReportForm() if request.user.is_authenticated else None
    return render(request, "moderation/comment_list.html", context)


def _refused(request: HttpRequest, case: Case, error: ServiceError, body: str = "") -> HttpResponse:
    context = {"case": case, "message": error.messages[0], "body": body}
    return render(request, "moderation/comment_refused.html", context, status=status_for(error))


@require_POST
@login_required
def comment_create(request: HttpRequest, slug: str) -> HttpResponse:
    case = _get_public_case(slug)
    form = CommentForm(request.POST)
    # What they wrote goes back to them to copy, minus any NUL characters (never stored or shown).
    body = request.POST.get("body", "").replace("\x00", "")
    if not form.is_valid():
        return _refused(request, case, ServiceError(first_error(form), code="invalid"), body)
    try:
        comment = services.post_comment(
            case, actor=request.user, body=form.cleaned_data["body"], official=form.cleaned_data["official"]
        )
    except ServiceError as error:
        if error.code == "suspended":
            # Not a refusal page: they are told plainly, on the case, why the box is gone.
            messages.warning(request, error.messages[0])
            return redirect(case.get_absolute_url() + "#comments")
        return _refused(request, case, error, body)
    if comment.is_held:
        messages.info(request, _("Thank you. Your comment is awaiting review by a moderator before others see it."))
    else:
        messages.success(request, _("Your comment is posted."))
    return redirect(comment.get_absolute_url())


@require_POST
@login_required
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _get_public_comment(pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _refused(request, comment.case, ServiceError(first_error(form), code="invalid"))
    try:
        services.report_comment(
            comment, actor=request.user, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
        )
    except ServiceError as error:
        return _refused(request, comment.case, error)
    messages.success(request, _("Thank you. A moderator will look at this comment."))
    return redirect(comment.case.get_absolute_url() + "#comments")


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _require_moderator(request)
    items = (
        Comment.objects.for_review()
        .select_related("author", "case", "claimed_by", "threat_report")
        .prefetch_related(Prefetch("reports", queryset=CommentReport.objects.order_by("created_at")))
    )
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "reasons": CommentReport.Reason,
        "site_premoderation": services.site_premoderation(),
        "can_switch_premoderation": request.user.has_perm("moderation.change_sitemoderation"),
        "can_escalate": request.user.has_perm("moderation.add_threatreport"),
        "escalate_form": EscalateForm(),
    }
    return render(request, "moderation/queue.html", context)


@require_POST
@login_required
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _get_comment_for_moderator(request, pk)
    if services.claim_comment(comment, actor=request.user):
        messages.success(request, _("You are reviewing comment #%(id)d.") % {"id": comment.pk})
    else:
        messages.error(request, _("Comment #%(id)d is taken or already decided.") % {"id": comment.pk})
    return redirect(f"{_queue_url()}#item-{comment.pk}")


def _queue_url() -> str:
    return reverse("moderation:queue")


@require_POST
@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _get_comment_for_moderator(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _queue_refused(request, first_error(form))
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    days = form.cleaned_data["suspend_days"] or 0
    try:
        if action == "publish":
            services.publish_comment(comment, actor=request.user)
            messages.success(request, _("Comment #%(id)d is published.") % {"id": comment.pk})
        else:
            services.remove_comment(comment, actor=request.user, reason=reason, suspend_days=days)
            if days:
                message = ngettext(
                    "Comment #%(id)d is removed and its author suspended for %(days)d day.",
                    "Comment #%(id)d is removed and its author suspended for %(days)d days.",
                    days,
                )
                messages.success(request, message % {"id": comment.pk, "days": days})
            else:
                messages.success(request, _("Comment #%(id)d is removed.") % {"id": comment.pk})
    except ServiceError as error:
        return _queue_refused(request, error.messages[0], status_for(error))
    return redirect(_queue_url())


def _queue_refused(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    return render(request, "moderation/queue_refused.html", {"message": message}, status=status)


@require_POST
@login_required
def bulk(request: HttpRequest) -> HttpResponse:
    _require_moderator(request)
    form = BulkDecisionForm(request.POST)
    if not form.is_valid():
        return _queue_refused(request, first_error(form))
    done, problems = services.decide_many(
        form.cleaned_data["ids"],
        actor=request.user,
        action=form.cleaned_data["action"],
        reason=form.cleaned_data["reason"],
    )
    if done:
        messages.success(request, ngettext("%(n)d comment decided.", "%(n)d comments decided.", done) % {"n": done})
    for problem in problems:
        messages.error(request, problem)
    return redirect(_queue_url())


@require_POST
@login_required
def escalate(request: HttpRequest, pk: int) -> HttpResponse:
    """A moderator passes a threatening comment to the officers' desk."""
    require_permission(request, "moderation.add_threatreport")
    comment = get_object_or_404(Comment.objects.select_related("case"), pk=pk)
    form = EscalateForm(request.POST)
    if not form.is_valid():
        return _queue_refused(request, first_error(form))
    try:
        services.escalate_comment(comment, actor=request.user, note=form.cleaned_data["note"])
    except ServiceError as error:
        return _queue_refused(request, error.messages[0], status_for(error))
    messages.success(request, _("Comment #%(id)d is passed to the officers as a threat report.") % {"id": comment.pk})
    return redirect(f"{_queue_url()}#item-{comment.pk}")


@require_POST
@login_required
def premoderation(request: HttpRequest) -> HttpResponse:
    """Switch site-wide pre-moderation on or off."""
    require_permission(request, "moderation.change_sitemoderation")
    form = PremoderationForm(request.POST)
    if not form.is_valid():
        return _queue_refused(request, first_error(form))
    try:
        services.switch_site_premoderation(actor=request.user, on=form.cleaned_data["on"])
    except ServiceError as error:
        return _queue_refused(request, error.messages[0], status_for(error))
    if form.cleaned_data["on"]:
        messages.success(request, _("Every new comment on the site now waits for a moderator."))
    else:
        messages.success(request, _("New comments are published again unless the classifier or a case holds them."))
    return redirect(_queue_url())


def _get_threat_report(request: HttpRequest, pk: int, permission: str = "moderation.view_threatreport") -> ThreatReport:
    require_permission(request, permission)
    return get_object_or_404(ThreatReport.objects.for_desk(), pk=pk)


@require_GET
@login_required
def threat_list(request: HttpRequest) -> HttpResponse:
    """The officers' list of threat reports, open ones first, newest first."""
    require_permission(request, "moderation.view_threatreport")
    status = request.GET.get("status", "")
    reports = ThreatReport.objects.for_desk()
    if status in ThreatReport.Status.values:
        reports = reports.filter(status=status)
    else:
        status = ""
    counts = dict(ThreatReport.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    page = Paginator(reports, THREAT_REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "counts": [(value, label, counts.get(value, 0)) for value, label in ThreatReport.Status.choices],
    }
    return render(request, "moderation/threats/list.html", context)


@require_GET
@login_required
def threat_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_threat_report(request, pk)
    services.record_threat_report_viewed(report, actor=request.user)
    context = {
        "report": report,
        "can_change": request.user.has_perm("moderation.change_threatreport"),
        "form": ThreatStatusForm(initial={"status": report.status, "outcome": report.outcome}),
    }
    return render(request, "moderation/threats/detail.html", context)


@require_POST
@login_required
def threat_status(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_threat_report(request, pk, "moderation.change_threatreport")
    form = ThreatStatusForm(request.POST)
    if form.is_valid():
        try:
            report = services.change_threat_status(report, actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The report is now: %(status)s.") % {"status": report.get_status_display()})
    else:
        messages.error(request, first_error(form))
    return redirect(report)
