from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

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
    if request.method == "GET" and request.user.is_authenticated and request.user.email:
        # An account holder needs no form: their address is known and proven.
        return redirect(reverse("notifications:follow", args=[case.slug]) if case else reverse("notifications:mine"))
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
        context = {"manage_token": manage_token, **_choices(subscription)}
        return render(request, "notifications/confirmed.html", context)
    return render(request, "notifications/confirm.html", {"token": token, **_choices(subscription)})


def _choices(subscription: Subscription) -> dict:
    """What a subscription asks for, for notifications/_chosen_alerts.html (three queries)."""
    return {
        "subscription": subscription,
        "chosen_areas": list(subscription.areas.all()),
        "chosen_categories": list(subscription.categories.all()),
        "followed": list(subscription.followed_cases.order_by("number")),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    subscription = _subscription_from_token(request, token, tokens.MANAGE)
    if isinstance(subscription, HttpResponse):
        return subscription
    return _preferences_page(request, subscription, token=token)


def _initial(prefs: services.Preferences) -> dict:
    return {
        "urgent_alerts": prefs.urgent_alerts, "area_alerts": prefs.area_alerts, "new_cases": prefs.new_cases,
        "community_posts": prefs.community_posts, "areas": prefs.area_ids, "categories": prefs.category_ids,
        "followed_cases": prefs.case_ids,
    }  # fmt: skip


def _preferences_page(request: HttpRequest, subscription: Subscription, *, token: str) -> HttpResponse:
    """The page an emailed manage link opens."""
    if subscription.unsubscribed_at is not None:
        # An old link after unsubscribing: say so, offer a new start, change nothing.
        status = 200 if request.method == "GET" else 400
        return render(request, "notifications/manage_unsubscribed.html", {"subscription": subscription}, status=status)
    followed = list(subscription.followed_cases.all())
    prefs = services.Preferences.of(subscription)
    to_follow = CaseToFollowForm({"case": request.GET.get("follow")}).published_case()
    if to_follow and to_follow not in followed:
        # From "follow this case" while already subscribed: offered ticked, saved by the owner.
        followed.append(to_follow)
        prefs.case_ids.append(to_follow.pk)
    status = 200
    if request.method == "POST":
        form = PreferencesForm(request.POST, followed=followed)
        if form.is_valid():
            services.update_preferences(subscription, form.preferences(), language=request.LANGUAGE_CODE)
            messages.success(request, _("Saved. You will hear about what you chose."))
            return redirect(request.path)  # drops ?follow= once saved
        status = 400
    else:
        form = PreferencesForm(initial=_initial(prefs), followed=followed)
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
    if subscription.unsubscribed_at is not None:
        return render(request, "notifications/manage_unsubscribed.html", {"subscription": subscription})
    return render(request, "notifications/unsubscribe.html", {"token": token})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_alerts(request: HttpRequest) -> HttpResponse:
    if not request.user.email:
        return render(request, "notifications/mine_no_email.html", status=200)
    subscription = services.subscription_for_user(request.user)
    # Only what this person confirmed is shown as theirs: choices typed into the public form for
    # their address by anyone, never confirmed, are not.
    confirmed = subscription is not None and subscription.is_confirmed
    followed = list(subscription.followed_cases.order_by("number")) if confirmed else []
    prefs = services.Preferences.of(subscription) if confirmed else services.Preferences(urgent_alerts=True)
    status = 200
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            chosen = form.preferences()
            chosen.case_ids = [case.pk for case in followed]  # changed with each case's own button
            services.save_user_preferences(chosen, language=request.LANGUAGE_CODE, actor=request.user)
            messages.success(
                request, _("Saved. We will email %(email)s about what you chose.") % {"email": request.user.email}
            )
            return redirect("notifications:mine")
        status = 400
    else:
        form = PreferencesForm(initial=_initial(prefs))
    context = {"form": form, "subscription": subscription, "confirmed": confirmed, "followed": followed}
    return render(request, "notifications/mine.html", context, status=status)


def _published_case(slug: str) -> Case:
    return get_object_or_404(Case.objects.published(), slug=slug)


def _back_to(request: HttpRequest, default: str) -> str:
    """Where a follow or unfollow button returns to: the page it was pressed on, if on this site."""
    candidate = request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@never_cache
@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    """'Email me news of this case': one press for an account holder. Anyone else gets the
    public form, which confirms the address by email first."""
    case = _published_case(slug)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return redirect(reverse("notifications:subscribe") + "?" + urlencode({"case": case.slug}))
    if not request.user.email:
        return render(request, "notifications/mine_no_email.html")
    if request.method == "POST":
        services.follow_case(case, language=request.LANGUAGE_CODE, actor=request.user)
        messages.success(
            request,
            _("You follow case %(number)s. We will email %(email)s when it has news, and when it is solved.")
            % {"number": case.number, "email": request.user.email},
        )
        return redirect(_back_to(request, case.get_absolute_url()))
    context = {"case": case, "following": services.follows_case(request.user, case)}
    return render(request, "notifications/follow.html", context)


@never_cache
@login_required
@require_POST
def unfollow(request: HttpRequest, slug: str) -> HttpResponse:
    case = _published_case(slug)
    services.unfollow_case(case, actor=request.user)
    messages.success(request, _("You no longer follow case %(number)s.") % {"number": case.number})
    return redirect(_back_to(request, case.get_absolute_url()))
