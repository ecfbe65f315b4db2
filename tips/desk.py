"""The officers' desk: the inbox of tips and each tip's page. Every read, download and change is
audited through the services; only users with `tips.view_tip` (the Officers group) get in."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.services import entries_for
from tipportal.access import require_permission
from tipportal.errors import ServiceError

from . import services
from .forms import AssignForm, InboxFilterForm, LinkCaseForm, RewardForm, StatusForm, TextForm
from .models import Attachment, Message, Tip, TipRead

TIPS_PER_PAGE = 50


def _require_officer(request: HttpRequest) -> None:
    require_permission(request, "tips.view_tip")


def _get_tip_for_officer(request: HttpRequest, pk: int) -> Tip:
    _require_officer(request)
    return get_object_or_404(Tip.objects.for_desk(), pk=pk)


def _get_attachment_for_officer(request: HttpRequest, pk: int) -> Attachment:
    _require_officer(request)
    return get_object_or_404(Attachment.objects.select_related("tip"), pk=pk)


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    _require_officer(request)
    officers = services.officers().order_by("username")
    form = InboxFilterForm(request.GET, officers=officers)
    form.is_valid()
    filters = {key: value for key, value in form.cleaned_data.items() if value} if form.is_bound else {}
    tips = Tip.objects.for_desk().annotate(
        read_at=Subquery(TipRead.objects.filter(tip=OuterRef("pk"), officer=request.user).values("read_at")[:1])
    )
    if "status" in filters:
        tips = tips.filter(status=filters["status"])
    if "case" in filters:
        tips = tips.filter(case__number=filters["case"].strip())
    assignee = filters.get("assignee", "")
    if assignee == "me":
        tips = tips.filter(assignee=request.user)
    elif assignee == "none":
        tips = tips.filter(assignee=None)
    elif re.fullmatch(r"[0-9]{1,18}", assignee):
        tips = tips.filter(assignee_id=int(assignee))
    counts = dict(Tip.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    page = Paginator(tips, TIPS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    nearing = set(Tip.objects.nearing_purge().filter(pk__in=[tip.pk for tip in rows]).values_list("pk", flat=True))
    for tip in rows:
        tip.unread = tip.read_at is None or tip.read_at < tip.tipster_activity_at
        tip.nearing_purge = tip.pk in nearing
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tips/desk/inbox.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "counts": [(value, label, counts.get(value, 0)) for value, label in Tip.Status.choices],
            "query": query.urlencode(),
        },
    )


@require_GET
@login_required
def tip_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tip = _get_tip_for_officer(request, pk)
    services.record_tip_viewed(tip, actor=request.user)
    conversation = list(Message.objects.filter(tip=tip).select_related("officer").prefetch_related("attachments"))
    officers = services.officers().order_by("username")
    context = {
        "tip": tip,
        "conversation": conversation,
        "tip_attachments": list(Attachment.objects.filter(tip=tip, message=None)),
        "notes": list(tip.notes.select_related("author")),
        "nearing_purge": Tip.objects.nearing_purge().filter(pk=tip.pk).exists(),
        "status_form": StatusForm(initial={"status": tip.status}),
        "assign_form": AssignForm(initial={"assignee": tip.assignee_id}, officers=officers),
        "note_form": TextForm(prefix="note", label=_("Add a note (the tipster never sees notes)")),
        "reply_form": TextForm(prefix="reply", label=_("Write to the tipster (they read it with their receipt)")),
        "link_form": LinkCaseForm() if tip.case_id is None else None,
        "reward_form": RewardForm(initial={"eligible": tip.reward_eligible}),
        "audit_trail": list(entries_for(tip)[:200]) if request.user.has_perm("tips.view_audit_trail") else None,
    }
    return render(request, "tips/desk/tip_detail.html", context)


def _back(tip: Tip) -> HttpResponse:
    return redirect("desk:tip", pk=tip.pk)


def _form_error(request: HttpRequest, form) -> None:
    messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))


@require_POST
@login_required
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    tip = _get_tip_for_officer(request, pk)
    if services.claim_tip(tip, actor=request.user):
        messages.success(request, _("The tip is yours."))
    else:
        messages.error(request, _("Another officer has already taken this tip."))
    return _back(tip)


@require_POST
@login_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    tip = _get_tip_for_officer(request, pk)
    form = AssignForm(request.POST, officers=services.officers())
    if not form.is_valid():
        _form_error(request, form)
        return _back(tip)
    services.assign_tip(tip, assignee=form.cleaned_data["assignee"], actor=request.user)
    messages.success(request, _("Assignment saved."))
    return _back(tip)


@require_POST
@login_required
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    tip = _get_tip_for_officer(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(tip)
    services.change_tip_status(tip, status=form.cleaned_data["status"], actor=request.user)
    messages.success(request, _("Status saved."))
    return _back(tip)


@require_POST
@login_required
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    tip = _get_tip_for_officer(request, pk)
    form = TextForm(request.POST, prefix="note")
    if not form.is_valid():
        _form_error(request, form)
        return _back(tip)
    services.add_note(tip, body=form.cleaned_data["body"], actor=request.user)
    messages.success(request, _("Note saved. The tipster cannot see it."))
    return _back(tip)


@require_POST
@login_required
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    tip = _get_tip_for_officer(request, pk)
    form = TextForm(request.POST, prefix="reply")
    if not form.is_valid():
        _form_error(request, form)
        return _back(tip)
    try:
        services.reply_to_tipster(tip, body=form.cleaned_data["body"], actor=request.user)
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sent. The tipster sees it when they next check with their receipt."))
    return _back(tip)


@require_POST
@login_required
def link_case(request: HttpRequest, pk: int) -> HttpResponse:
    tip = _get_tip_for_officer(request, pk)
    form = LinkCaseForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(tip)
    try:
        services.link_tip_to_case(tip, case=form.cleaned_data["case"], actor=request.user)
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The tip is now linked to the case."))
    return _back(tip)


@require_POST
@login_required
def mark_reward(request: HttpRequest, pk: int) -> HttpResponse:
    tip = _get_tip_for_officer(request, pk)
    form = RewardForm(request.POST)
    form.is_valid()
    services.set_reward_eligible(tip, eligible=form.cleaned_data.get("eligible", False), actor=request.user)
    messages.success(request, _("Reward eligibility saved."))
    return _back(tip)


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


@require_GET
@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_attachment_for_officer(request, pk)
    data = services.read_attachment(item, actor=request.user)
    response = _ranged(request, data, item.content_type)
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="tip-{item.tip.code}-{item.pk}.{item.extension}"'
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _ranged(request: HttpRequest, data: bytes, content_type: str) -> HttpResponse:
    match = _RANGE.match(request.headers.get("Range", ""))
    size = len(data)
    if match is None or (not match.group(1) and not match.group(2)):
        response = HttpResponse(data, content_type=content_type)
    else:
        start_text, end_text = match.groups()
        if start_text:
            start, end = int(start_text), min(int(end_text or size - 1), size - 1)
        else:
            start, end = max(0, size - int(end_text)), size - 1
        if start >= size or start > end:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        response = HttpResponse(data[start : end + 1], content_type=content_type, status=206)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response
