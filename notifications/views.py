from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from cases.models import Case
from tipportal.addresses import client_address
from tipportal.errors import ServiceError, status_for

from . import services, tokens
from .forms import CaseToFollowForm, PreferencesForm, SubscribeForm
from .models import Subscription


def _subscription_from_token(request: HttpRequest, token: str, purpose: str) -> Subscription | HttpResponse:
    """The access helper for emailed links: the subscription, or a 400 page saying what is wrong."""
    try:
        return tokens.read_token(token, purpose)
    except tokens.InvalidLink as error:
        return render(request, "notifications/invalid_link.html", {"message": error.message}, status=400)


def _followed_case(request: HttpRequest) -> Case | None:
    slug = request.GET.get("case") or request.POST.get("case")
    return CaseToFollowForm({"case": slug}).published_case()


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    case = _followed_case(request)
    followed = [case] if case else []
    initial = {"followed_cases": followed, "urgent_alerts": not case}
    if request.method == "GET":
        form = SubscribeForm(initial=initial, followed=followed)
        return render(request, "notifications/subscribe.html", {"form": form, "case": case})
    form = SubscribeForm(request.POST, followed=followed)
    status = 400
    try:
        # Every attempt counts, valid or not, so a flood of junk is refused as well.
        services.check_client_rate(client_address(request))
        if form.is_valid():
            services.request_subscription(
                form.cleaned_data["email"], form.preferences(), language=request.LANGUAGE_CODE
            )
            return redirect("notifications:check-inbox")
    except ServiceError as error:
        form.is_valid()
        form.add_error("email" if error.code == "invalid_email" else None, error)
        status = status_for(error)
    return render(request, "notifications/subscribe.html", {"form": form, "case": case}, status=status)


@require_GET
def check_inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/check_inbox.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscription = _subscription_from_token(request, token, tokens.CONFIRM)
    if isinstance(subscription, HttpResponse):
        return subscription
    # Mail scanners open links: only a button press (POST) confirms.
    if request.method == "POST":
        services.confirm_subscription(subscription)
        manage_token = tokens.make_token(subscription, tokens.MANAGE)
        return render(request, "notifications/confirmed.html", {"manage_token": manage_token})
    return render(request, "notifications/confirm.html", {"token": token})


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    subscription = _subscription_from_token(request, token, tokens.MANAGE)
    if isinstance(subscription, HttpResponse):
        return subscription
    return _preferences_page(request, subscription, token=token)


def _preferences_page(request: HttpRequest, subscription: Subscription, *, token: str | None) -> HttpResponse:
    saved = subscription.pk is not None
    followed = list(subscription.followed_cases.all()) if saved else []
    prefs = services.Preferences.of(subscription) if saved else services.Preferences(urgent_alerts=True)
    to_follow = CaseToFollowForm({"case": request.GET.get("follow")}).published_case()
    if to_follow and to_follow not in followed:
        # From "follow this case" while already subscribed: offered ticked, saved by the owner.
        followed.append(to_follow)
        prefs.case_ids.append(to_follow.pk)
    initial = {
        "urgent_alerts": prefs.urgent_alerts, "area_alerts": prefs.area_alerts, "new_cases": prefs.new_cases,
        "community_posts": prefs.community_posts, "areas": prefs.area_ids, "categories": prefs.category_ids,
        "followed_cases": prefs.case_ids,
    }  # fmt: skip
    status = 200
    if request.method == "POST":
        form = PreferencesForm(request.POST, followed=followed)
        if form.is_valid():
            if token:
                services.update_preferences(subscription, form.preferences(), language=request.LANGUAGE_CODE)
            else:
                subscription = services.save_user_preferences(
                    form.preferences(), language=request.LANGUAGE_CODE, actor=request.user
                )
            messages.success(request, _("Saved. You will hear about what you chose."))
            return redirect(request.path)  # drops ?follow= once saved
        status = 400
    else:
        form = PreferencesForm(initial=initial, followed=followed)
    context = {"form": form, "subscription": subscription, "token": token}
    return render(request, "notifications/manage.html", context, status=status)


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without our form; the signed link is the proof
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = _subscription_from_token(request, token, tokens.MANAGE)
    if isinstance(subscription, HttpResponse):
        return subscription
    if request.method == "POST":
        services.unsubscribe(subscription)
        return render(request, "notifications/unsubscribed.html")
    return render(request, "notifications/unsubscribe.html", {"token": token})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_alerts(request: HttpRequest) -> HttpResponse:
    if not request.user.email:
        return render(request, "notifications/mine_no_email.html", status=200)
    subscription = services.subscription_for_user(request.user) or Subscription(email=request.user.email)
    return _preferences_page(request, subscription, token=None)
