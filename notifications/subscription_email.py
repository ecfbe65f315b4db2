"""The confirmation and "manage your alerts" emails a subscriber asks for."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cases.models import Case

from . import tokens
from .channels import absolute_url, manage_links, unsubscribe_headers
from .models import Subscription


def send_subscription_email(subscription_id: int, purpose: str, follow_case_id: int | None = None) -> None:
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return
    links = manage_links(subscription)
    case = Case.objects.published().filter(pk=follow_case_id).first() if follow_case_id else None
    if case:
        links["manage_url"] += "?" + urlencode({"follow": case.slug})
    token = tokens.make_token(subscription, purpose)
    context = {
        "DEPARTMENT_NAME": settings.DEPARTMENT_NAME,
        "SITE_URL": settings.SITE_URL,
        "confirm_url": absolute_url(reverse("notifications:confirm", args=[token])),
        "confirm_days": settings.NOTIFY_CONFIRM_LINK_DAYS,
        "case": case,
        **links,
    }
    name = "confirm" if purpose == tokens.CONFIRM else "manage"
    # In the subscriber's language (docs/translation.md), whatever language triggered it.
    with translation.override(subscription.language):
        subject = (
            _("Confirm your alerts from the %(department)s")
            if purpose == tokens.CONFIRM
            else _("Your alerts from the %(department)s")
        ) % {"department": settings.DEPARTMENT_NAME}
        text = render_to_string(f"notifications/email/{name}.txt", context)
        html = render_to_string(f"notifications/email/{name}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[subscription.email],
        headers=unsubscribe_headers(links["unsubscribe_url"]) if purpose == tokens.MANAGE else {},
    )
    message.attach_alternative(html, "text/html")
    message.send()
