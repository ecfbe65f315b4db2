"""Every view of the site, with who may open it and how: a wrong method is a 405, a signed-in
person without the right gets a 403 (before anything is looked up, so even for an id that does not
exist), and a visitor who is not signed in is sent to sign in. The rule is in tipportal/access.py.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

SLUG = {"slug": "no-such-thing"}
PK = {"pk": 999999}
TOKEN = {"token": "not-a-token"}

PUBLIC, ACCOUNT = "public", "account"
GET, POST, GET_POST = ("GET",), ("POST",), ("GET", "POST")

# url name: (kwargs, methods it answers, who may open it: PUBLIC, ACCOUNT or permissions).
VIEWS: dict[str, tuple[dict, tuple[str, ...], object]] = {
    "home": ({}, GET, PUBLIC),
    "healthz": ({}, GET, PUBLIC),
    "set_language": ({}, POST, PUBLIC),
    "javascript-catalog": ({}, GET, PUBLIC),
    "login": ({}, GET_POST, PUBLIC),
    "password_reset": ({}, GET_POST, PUBLIC),
    "accounts:signup": ({}, GET_POST, PUBLIC),
    "accounts:verify": ({"uidb64": "MQ", "token": "x-y"}, GET, PUBLIC),
    "accounts:resend-verification": ({}, GET_POST, PUBLIC),
    "accounts:account": ({}, GET, ACCOUNT),
    "accounts:display-name": ({}, POST, ACCOUNT),
    "accounts:sign-out-everywhere": ({}, POST, ACCOUNT),
    "accounts:second-factor": ({}, GET_POST, ACCOUNT),
    "accounts:second-factor-setup": ({}, GET_POST, ACCOUNT),
    "accounts:recovery-codes": ({}, POST, ACCOUNT),
    "accounts:replace-authenticator": ({}, POST, ACCOUNT),
    "cases:list": ({}, GET, PUBLIC),
    "cases:detail": (SLUG, GET, PUBLIC),
    "cases:feed-new-rss": ({}, GET, PUBLIC),
    "cases:feed-new-atom": ({}, GET, PUBLIC),
    "cases:feed-solved-rss": ({}, GET, PUBLIC),
    "cases:feed-solved-atom": ({}, GET, PUBLIC),
    "cases:solve": (SLUG, POST, ("cases.solve_case",)),
    "cases:reopen": (SLUG, POST, ("cases.solve_case",)),
    "cases:post-update": (SLUG, POST, ("cases.solve_case",)),
    "cases:poster": ({"slug": "no-such-thing", "paper": "a4"}, GET, PUBLIC),
    "cases:short": ({"number": "2026-000000"}, GET, PUBLIC),
    "community:list": ({}, GET, PUBLIC),
    "community:detail": (SLUG, GET, PUBLIC),
    "community:feed-rss": ({}, GET, PUBLIC),
    "community:feed-atom": ({}, GET, PUBLIC),
    "notifications:subscribe": ({}, GET_POST, PUBLIC),
    "notifications:check-inbox": ({}, GET, PUBLIC),
    "notifications:confirm": (TOKEN, GET_POST, PUBLIC),
    "notifications:manage": (TOKEN, GET_POST, PUBLIC),
    "notifications:unsubscribe": (TOKEN, GET_POST, PUBLIC),
    "notifications:mine": ({}, GET_POST, ACCOUNT),
    # A visitor is sent to the public form (GET) or to sign in (POST): see test_follow_view.py.
    "notifications:follow": (SLUG, GET_POST, PUBLIC),
    "notifications:unfollow": (SLUG, POST, ACCOUNT),
    "stats:figures": ({}, GET, PUBLIC),
    "stats:figures-csv": ({}, GET, PUBLIC),
    "stats:outcomes": ({}, GET, ("cases.solve_case", "cases.change_case")),
    "moderation:comments": (SLUG, GET, PUBLIC),
    "moderation:comment-create": (SLUG, POST, ACCOUNT),
    "moderation:comment-report": (PK, POST, ACCOUNT),
    "moderation:queue": ({}, GET, ("moderation.moderate_comment",)),
    "moderation:bulk": ({}, POST, ("moderation.moderate_comment",)),
    "moderation:claim": (PK, POST, ("moderation.moderate_comment",)),
    "moderation:decide": (PK, POST, ("moderation.moderate_comment",)),
    "moderation:escalate": (PK, POST, ("moderation.add_threatreport",)),
    "moderation:premoderation": ({}, POST, ("moderation.change_sitemoderation",)),
    "threats:list": ({}, GET, ("moderation.view_threatreport",)),
    "threats:detail": (PK, GET, ("moderation.view_threatreport",)),
    "threats:status": (PK, POST, ("moderation.change_threatreport",)),
    "tips:send": ({}, GET_POST, PUBLIC),
    "tips:check": ({}, GET_POST, PUBLIC),
    "tips:conversation": ({}, GET, PUBLIC),
    "tips:reply": ({}, POST, PUBLIC),
    "tips:end": ({}, POST, PUBLIC),
    "desk:inbox": ({}, GET, ("tips.view_tip",)),
    "desk:tip": (PK, GET, ("tips.view_tip",)),
    "desk:claim": (PK, POST, ("tips.view_tip",)),
    "desk:assign": (PK, POST, ("tips.view_tip",)),
    "desk:status": (PK, POST, ("tips.view_tip",)),
    "desk:note": (PK, POST, ("tips.view_tip",)),
    "desk:reply": (PK, POST, ("tips.view_tip",)),
    "desk:link": (PK, POST, ("tips.view_tip",)),
    "desk:reward": (PK, POST, ("tips.view_tip",)),
    "desk:attachment": (PK, GET, ("tips.view_tip",)),
}

STAFF_ONLY = [name for name, (_kwargs, _methods, access) in VIEWS.items() if access not in (PUBLIC, ACCOUNT)]
NEEDS_SIGN_IN = [name for name, (_kwargs, _methods, access) in VIEWS.items() if access != PUBLIC]
# Django's own views (admin, password change and reset steps) keep Django's rules.
DJANGO_NAMESPACES = {"admin"}
DJANGO_VIEWS = {"logout", "password_change", "password_change_done", "password_reset_done",
                "password_reset_confirm", "password_reset_complete"}  # fmt: skip


def _names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in DJANGO_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def _url(name: str) -> str:
    return reverse(name, kwargs=VIEWS[name][0])


def test_every_view_of_the_site_is_listed_here():
    assert _names(get_resolver()) - DJANGO_VIEWS == set(VIEWS)


@pytest.mark.parametrize("name", VIEWS)
def test_it_refuses_a_wrong_method(client, django_user_model, name):
    # Signed in with every right: the method is refused before anything else is looked at.
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "x"))
    wrong = "post" if VIEWS[name][1] == GET else "delete" if VIEWS[name][1] == GET_POST else "get"
    assert getattr(client, wrong)(_url(name)).status_code == 405


@pytest.mark.parametrize("name", STAFF_ONLY)
def test_a_signed_in_citizen_without_the_right_gets_403(client, citizen, name):
    client.force_login(citizen)
    method = "get" if "GET" in VIEWS[name][1] else "post"
    assert getattr(client, method)(_url(name)).status_code == 403


@pytest.mark.parametrize("name", STAFF_ONLY)
def test_staff_of_another_role_gets_403(client, request, name):
    access = VIEWS[name][2]
    role = next(role for role in ("moderator", "analyst", "officer", "outsider")
                if not any(request.getfixturevalue(role).has_perm(permission) for permission in access))  # fmt: skip
    client.force_login(request.getfixturevalue(role))
    method = "get" if "GET" in VIEWS[name][1] else "post"
    assert getattr(client, method)(_url(name)).status_code == 403


@pytest.mark.parametrize("name", NEEDS_SIGN_IN)
def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, name):
    method = "get" if "GET" in VIEWS[name][1] else "post"
    response = getattr(client, method)(_url(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
