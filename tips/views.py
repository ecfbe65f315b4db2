"""The tipster's pages: send a tip, get the receipt, check on it later. No account, no cookie but
CSRF and the short follow-up session, no caching, no referrer, nothing logged (see logfilters)."""

import re

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import rotate_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.models import Case, Still
from tipportal import ratelimit
from tipportal.errors import ServiceError, status_for

from . import services
from .forms import ReceiptForm, TipForm, TipsterReplyForm
from .privacy import end_followup, followup_tip, private_page, start_followup, tip_csrf_protect
from .uploads import Workdir, with_upload_workdir

_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,180}")
_ID = re.compile(r"[0-9]{1,10}")


def _initial_subject(request: HttpRequest) -> dict:
    """The case or still a tip form was opened from; 404 for one that is not on the site.

    The parameters are checked before they reach the database: PostgreSQL refuses a NUL in a
    string outright (a 500), and str.isdigit() passes digits like "²" that int() refuses."""
    initial: dict = {}
    still_id = request.GET.get("still")
    slug = request.GET.get("case")
    if still_id:
        if not _ID.fullmatch(still_id):
            raise Http404
        still = get_object_or_404(Still.objects.select_related("case"), pk=still_id, case__in=Case.objects.published())
        initial.update(still=still, case=still.case)
    elif slug:
        if not _SLUG.fullmatch(slug):
            raise Http404
        initial["case"] = get_object_or_404(Case.objects.published(), slug=slug)
    return initial


def _allowed(request: HttpRequest, action: str, per_hour: int) -> bool:
    """Count one `action` for this client. The counter keeps only 16 bits of a keyed hash of the
    client's address, so neither Redis nor SECRET_KEY can name a tipster (tipportal.ratelimit)."""
    counter = ratelimit.client_key(request, f"tip.{action}", bits=ratelimit.LOSSY_BITS)
    return ratelimit.hit(counter, per_hour, 3600)


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "tips/too_many.html", status=429)


@require_http_methods(["GET", "POST"])
@private_page
@with_upload_workdir
@sensitive_variables("receipt")
def send_tip(request: HttpRequest, workdir: Workdir) -> HttpResponse:
    if request.method == "GET":
        initial = _initial_subject(request)
        case, still = initial.get("case"), initial.get("still")
        subject = {"case": case.slug if case else None, "still": still.pk if still else None}
        form = TipForm(initial=subject, workdir=workdir)
        return render(request, "tips/send.html", {"form": form, **initial})
    if not _allowed(request, "submit", settings.TIP_SUBMISSIONS_PER_HOUR):
        return _too_many(request)
    form = TipForm(request.POST, request.FILES, workdir=workdir)
    if not form.is_valid():
        context = {"form": form, "case": form.cleaned_data.get("case"), "still": form.cleaned_data.get("still")}
        return render(request, "tips/send.html", context, status=400)
    data = form.cleaned_data
    receipt = services.submit_tip(
        body=data["body"],
        when_where=data["when_where"],
        case=form.subject_case(),
        still=data["still"],
        category=data["category"],
        area=data["area"],
        files=data["attachments"],
    )
    # A new CSRF token: a refresh or a replay of this form post is refused, not sent twice.
    rotate_token(request)
    case = receipt.tip.case
    text = render_to_string("tips/receipt.txt", {"receipt": receipt, "case": case}, request=request)
    return render(request, "tips/receipt.html", {"receipt": receipt, "case": case, "receipt_text": text})


@require_http_methods(["GET", "POST"])
@private_page
@tip_csrf_protect
@sensitive_variables("form")
def check_tip(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        notice = {"expired": _("Your session ended. Enter your tip code and secret again."),
                  "ended": _("You have left your tip. Close this window if others use this device.")}  # fmt: skip
        return render(request, "tips/check.html", {"form": ReceiptForm(), "notice": notice.get(request.GET.get("n"))})
    if not _allowed(request, "check", settings.TIP_CHECKS_PER_HOUR):
        return _too_many(request)
    form = ReceiptForm(request.POST)
    if not form.is_valid():
        return render(request, "tips/check.html", {"form": form}, status=400)
    try:
        tip = services.check_receipt(form.cleaned_data["code"], form.cleaned_data["secret"])
    except ServiceError as error:
        form.add_error(None, error)
        return render(request, "tips/check.html", {"form": form}, status=status_for(error))
    response = redirect("tips:conversation")
    start_followup(response, tip)
    return response


def _conversation_context(tip) -> dict:
    messages = list(tip.messages.prefetch_related("attachments"))
    return {
        "tip": tip,
        "conversation": messages,
        "tip_attachments": [a for a in tip.attachments.all() if a.message_id is None],
    }


@require_GET
@private_page
def conversation(request: HttpRequest) -> HttpResponse:
    tip = followup_tip(request)
    if tip is None:
        return redirect(reverse("tips:check") + "?n=expired")
    form = TipsterReplyForm(workdir="")
    response = render(request, "tips/conversation.html", {**_conversation_context(tip), "form": form})
    start_followup(response, tip)  # re-signed: the session lapses only after 15 idle minutes
    return response


@require_POST
@private_page
@with_upload_workdir
def reply(request: HttpRequest, workdir: Workdir) -> HttpResponse:
    tip = followup_tip(request)
    if tip is None:
        return render(request, "tips/session_ended.html", status=403)
    form = TipsterReplyForm(request.POST, request.FILES, workdir=workdir)
    if form.is_valid():
        try:
            services.post_tipster_reply(tip, body=form.cleaned_data["body"], files=form.cleaned_data["attachments"])
        except ServiceError as error:
            form.add_error(None, error)
        else:
            response = redirect("tips:conversation")
            start_followup(response, tip)
            return response
    response = render(request, "tips/conversation.html", {**_conversation_context(tip), "form": form}, status=400)
    start_followup(response, tip)
    return response


@require_POST
@private_page
@tip_csrf_protect
def end_session(request: HttpRequest) -> HttpResponse:
    tip = followup_tip(request)
    if tip is not None:
        services.end_followup_session(tip)
    response = redirect(reverse("tips:check") + "?n=ended")
    end_followup(response)
    return response
