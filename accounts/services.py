"""Accounts: sign-up and email verification (citizens' accounts exist only to comment; tips never
need one), staff accounts' second factor and sessions, and the audit of every grant."""

import re
from typing import Any, Protocol, cast

import django_otp
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.services import record
from tipportal import ratelimit
from tipportal.errors import ServiceError
from tipportal.queueing import enqueue_on_commit

from .models import User
from .tasks import send_password_reset_email, send_signup_attempt_email, send_verification_email

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


class SignUpRequest(Protocol):
    """What sign_up needs of the sign-up form (the form module imports this one)."""

    existing_account: User | None
    unverified_account: User | None
    cleaned_data: dict[str, Any]
    instance: User

    def save(self, commit: bool = True) -> User: ...


def email_key(action: str, email: str) -> str:
    """The rate-limit counter of `action` emails to one address, whatever its case or spacing."""
    return ratelimit.key(f"{action}.email", email.strip().lower())


def request_verification_email(user: User) -> bool:
    """Queue the link once the account is committed, at most SIGNUP_EMAILS_PER_ADDRESS a day.

    Past the limit nothing is sent and the caller answers as usual, so a stranger retyping an
    address can neither flood its owner nor learn whether an account exists.
    """
    if not ratelimit.hit(email_key("verify", user.email), settings.SIGNUP_EMAILS_PER_ADDRESS, 86400):
        return False
    enqueue_on_commit(send_verification_email, user.pk)
    return True


def sign_up(form: "SignUpRequest", *, language: str) -> None:
    """Create the (inactive) account, in the language it signed up in, and queue the
    verification link once it is committed.

    Every address gets the same answer, so sign-up tells nobody who has an account: an address
    that already has one gets an email saying someone tried (with a reset link), one whose account
    was never verified gets a new link (nothing else changes, so a stranger who types it cannot
    set its password). The password is hashed either way, so the time taken tells nothing either.
    """
    if form.existing_account is not None or form.unverified_account is not None:
        make_password(form.cleaned_data["password1"])
        if form.existing_account is not None:
            request_signup_attempt_email(form.existing_account)
        elif form.unverified_account is not None:
            request_verification_email(form.unverified_account)
        return
    with transaction.atomic():
        form.instance.language = language
        user = form.save()
        request_verification_email(user)


def resend_verification_email(email: str) -> None:
    """A new verification link for the account with this address, if one waits for verification.
    The caller answers the same whatever happened, so nobody learns which addresses have accounts."""
    account = User.objects.filter(email__iexact=email.strip(), is_active=False, last_login=None).first()
    if account is not None:
        request_verification_email(account)


def request_signup_attempt_email(user: User) -> bool:
    """Queue "someone tried to sign up with your address", at most SIGNUP_EMAILS_PER_ADDRESS a day."""
    if not ratelimit.hit(email_key("attempt", user.email), settings.SIGNUP_EMAILS_PER_ADDRESS, 86400):
        return False
    enqueue_on_commit(send_signup_attempt_email, user.pk)
    return True


def request_password_reset_email(user: User) -> bool:
    """Queue a reset link, at most SIGNUP_EMAILS_PER_ADDRESS a day per address (same reasons)."""
    if not ratelimit.hit(email_key("reset", user.email), settings.SIGNUP_EMAILS_PER_ADDRESS, 86400):
        return False
    enqueue_on_commit(send_password_reset_email, user.pk)
    return True


def set_language(user: User, language: str) -> None:
    """The language of this person's emails from now on (chosen with the switcher while signed in)."""
    if user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language


def change_display_name(user: User, name: str) -> None:
    """Set a display name the form has checked (accounts.names: it cannot pass for the department)."""
    User.objects.filter(pk=user.pk).update(display_name=name)
    user.display_name = name


def verify_email(user: User) -> bool:
    """Activate the account; False when it was active already (a link used twice)."""
    with transaction.atomic():
        changed = User.objects.filter(pk=user.pk, is_active=False).update(is_active=True)
        if changed:
            record("accounts.user.verified", actor=user, target=user)
    user.refresh_from_db()
    return bool(changed)


# --- The second factor ---------------------------------------------------------------------
# Wrong codes are limited per account with the sign-in limiter, and only through these helpers.


def _wrong_codes_key(user: User) -> str:
    return ratelimit.key("second-factor.user", str(user.pk))


def second_factor_locked(user: User) -> bool:
    return ratelimit.count(_wrong_codes_key(user)) >= settings.SECOND_FACTOR_FAILURES_PER_USER


def _count_wrong_code(user: User) -> None:
    ratelimit.hit(_wrong_codes_key(user), settings.SECOND_FACTOR_FAILURES_PER_USER, settings.LOGIN_LOCKOUT_MINUTES * 60)


def _refuse_if_locked(user: User) -> None:
    if second_factor_locked(user):
        minutes = settings.LOGIN_LOCKOUT_MINUTES
        raise ServiceError(
            ngettext(
                "Too many wrong codes. Please wait %(minutes)d minute and try again.",
                "Too many wrong codes. Please wait %(minutes)d minutes and try again.",
                minutes,
            )
            % {"minutes": minutes},
            code="locked",
        )


def _wrong_code(user: User, message: str) -> ServiceError:
    _count_wrong_code(user)
    return ServiceError(message, code="wrong_code")


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).lower()


def authenticator(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def start_enrolment(user: User) -> TOTPDevice:
    """The new, unconfirmed authenticator the enrolment page shows (the same one on every reload)."""
    if authenticator(user) is not None:
        raise ServiceError(_("You have an authenticator app set up already."), code="enrolled")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def confirm_enrolment(request: HttpRequest, code: str) -> list[str]:
    """Accept the new authenticator once it has produced a right code; returns the recovery codes,
    which are shown once. The session counts as verified from then on."""
    user = cast(User, request.user)  # the views let only signed-in staff through
    _refuse_if_locked(user)
    with transaction.atomic():
        if authenticator(user) is not None:
            raise ServiceError(_("You have an authenticator app set up already."), code="enrolled")
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
        if device is None:
            raise ServiceError(_("Start again: the set-up page shows a new code to scan."), code="no_device")
        accepted = device.verify_token(normalise_code(code))
    if not accepted:
        raise _wrong_code(user, _("That code is not right. Type the six digits your app shows now."))
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = _new_recovery_codes(user)
        record("accounts.second_factor.enrolled", actor=user, target=user, username=user.get_username())
    ratelimit.clear(_wrong_codes_key(user))
    django_otp.login(request, device)
    return codes


def enrol_demo_authenticator(user: User) -> TOTPDevice:
    """Demo data only (seed_demo): a confirmed authenticator whose key is printed for newcomers."""
    device = authenticator(user)
    if device is None:
        with transaction.atomic():
            device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
            record("accounts.second_factor.enrolled", target=user, username=user.get_username(), demo=True)
    return device


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _check_code(user: User, code: str) -> Device | None:
    """The device that accepts `code` (an authenticator code or a recovery code, which is used
    up), or None. django-otp refuses an authenticator code already used (each device keeps the
    time step of its last accepted code) and slows down repeated failures on each device."""
    code = normalise_code(code)
    model = TOTPDevice if code.isdigit() and len(code) <= 8 else StaticDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is not None and device.verify_token(code):
            return device
    return None


def verify_second_factor(request: HttpRequest, code: str) -> Device:
    """Mark this session as having passed its second factor, or raise ServiceError."""
    user = cast(User, request.user)  # the views let only signed-in staff through
    _refuse_if_locked(user)
    device = _check_code(user, code)
    if device is None:
        raise _wrong_code(
            user, _("That code is not right. Type the six digits your app shows now, or one of your recovery codes.")
        )
    ratelimit.clear(_wrong_codes_key(user))
    django_otp.login(request, device)
    if isinstance(device, StaticDevice):
        record(
            "accounts.second_factor.recovery_code_used",
            actor=user,
            target=user,
            username=user.get_username(),
            left=recovery_codes_left(user),
        )
    return device


def replace_recovery_codes(request: HttpRequest) -> list[str]:
    """New recovery codes for a verified session (the old ones stop working); shown once."""
    user = cast(User, request.user)  # the views let only signed-in staff through
    if not cast(Any, request.user).is_verified():  # django-otp's middleware adds is_verified
        raise ServiceError(_("Pass your second factor first."), code="unverified")
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        record("accounts.second_factor.recovery_codes_replaced", actor=user, target=user, username=user.get_username())
    return codes


def replace_own_authenticator(request: HttpRequest, recovery_code: str) -> None:
    """Remove your own authenticator app (a lost or new phone) to set up another; takes one of
    your recovery codes, whatever else the session has passed, so a borrowed session cannot."""
    user = cast(User, request.user)  # the views let only signed-in staff through
    _refuse_if_locked(user)
    code = normalise_code(recovery_code)
    device = _check_code(user, code) if not code.isdigit() else None
    if device is None:
        raise _wrong_code(user, _("That is not one of your recovery codes."))
    with transaction.atomic():
        removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
        record(
            "accounts.second_factor.reset",
            actor=user,
            target=user,
            username=user.get_username(),
            devices=removed,
            reason="own recovery code",
        )
    ratelimit.clear(_wrong_codes_key(user))


def reset_second_factor(target: User, *, actor: User | None, reason: str) -> int:
    """Remove another staff member's authenticator and recovery codes (a lost phone) and end their
    sessions; they set up a new one at their next sign-in. Superusers only, never on themselves.

    `actor` None is the server console (`manage.py reset_second_factor`), for the last superuser.
    """
    if actor is not None and not actor.is_superuser:
        raise ServiceError(_("Only a superuser can reset someone's second factor."), code="not_superuser")
    if actor is not None and actor.pk == target.pk:
        raise ServiceError(
            _("Nobody can reset their own second factor here: use a recovery code on your account page."),
            code="own",
        )
    if not reason.strip():
        raise ServiceError(_("Say why the second factor is reset (for the audit log)."), code="no_reason")
    with transaction.atomic():
        removed = sum(model.objects.filter(user=target).delete()[0] for model in (TOTPDevice, StaticDevice))
        User.objects.filter(pk=target.pk).update(session_generation=F("session_generation") + 1)
        record(
            "accounts.second_factor.reset",
            actor=actor,
            target=target,
            username=target.get_username(),
            devices=removed,
            reason=reason.strip()[:500],
            by="console" if actor is None else "superuser",
        )
    return removed


def sign_out_everywhere(request: HttpRequest) -> None:
    """End every session of the signed-in user, this one included, on every browser."""
    user = cast(User, request.user)  # the views let only signed-in staff through
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
        record("accounts.user.signed_out_everywhere", actor=user, target=user, username=user.get_username())
    logout(request)


# --- Grants --------------------------------------------------------------------------------

FLAGS = {
    "is_active": ("accounts.user.activated", "accounts.user.deactivated"),
    "is_staff": ("accounts.user.staff_granted", "accounts.user.staff_revoked"),
    "is_superuser": ("accounts.user.superuser_granted", "accounts.user.superuser_revoked"),
}


NO_ACCESS: dict[str, Any] = {
    "is_active": False,
    "is_staff": False,
    "is_superuser": False,
    "groups": [],
    "permissions": [],
}


def access_snapshot(user: User) -> dict[str, Any]:
    """What `user` may do, as stored: the flags, groups and permissions given one by one."""
    stored = User.objects.get(pk=user.pk)
    return {
        **{flag: getattr(stored, flag) for flag in FLAGS},
        "groups": sorted(stored.groups.values_list("name", flat=True)),
        "permissions": _permission_names(stored.user_permissions),
    }


def _permission_names(permissions: Any) -> list[str]:  # a permissions queryset or related manager
    return sorted(
        f"{app}.{codename}" for app, codename in permissions.values_list("content_type__app_label", "codename")
    )


def record_access_changes(target: User, *, actor: User | None, before: dict[str, Any] | None) -> int:
    """One audit entry for each change to what `target` may do since `before` (access_snapshot;
    None for an account just created), naming who changed it. Returns the number of entries."""
    after = access_snapshot(target)
    written = 0
    with transaction.atomic():
        if before is None:
            record("accounts.user.created", actor=actor, target=target, username=target.get_username())
            before = NO_ACCESS
        for flag, (granted, revoked) in FLAGS.items():
            if before[flag] != after[flag]:
                record(granted if after[flag] else revoked, actor=actor, target=target, username=target.get_username())
                written += 1
        for kind in ("groups", "permissions"):
            added = sorted(set(after[kind]) - set(before[kind]))
            removed = sorted(set(before[kind]) - set(after[kind]))
            if added or removed:
                record(
                    f"accounts.user.{kind}_changed",
                    actor=actor,
                    target=target,
                    username=target.get_username(),
                    added=added,
                    removed=removed,
                )
                written += 1
    return written


def group_permissions(group: Group | None) -> list[str]:
    if group is None or group.pk is None:
        return []
    return _permission_names(Group.objects.get(pk=group.pk).permissions)


def record_group_changes(group: Group, *, actor: User, before: list[str]) -> bool:
    """Audit a change to a group's permissions (a grant to everyone in it)."""
    after = group_permissions(group)
    added, removed = sorted(set(after) - set(before)), sorted(set(before) - set(after))
    if not added and not removed:
        return False
    record("accounts.group.permissions_changed", actor=actor, target=group, added=added, removed=removed)
    return True
