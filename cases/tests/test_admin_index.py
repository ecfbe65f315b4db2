"""The admin's own pages: a heading that promises only what the signed-in person can see, and
the site's icon in the browser tab."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["analyst", "officer", "moderator"])
def test_the_admin_heading_promises_nothing_the_role_cannot_see(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    heading = response.text.split('<div id="content"', 1)[1].split("</h1>", 1)[0]
    assert "What you can manage" in heading
    assert "tips" not in heading.lower() and "audit" not in heading.lower()
    apps = [str(app["name"]) for app in response.context["app_list"]]
    assert "Audit log" not in apps and "Tips" not in apps


def test_the_analyst_sees_the_cases_and_community_posts_listed(client, analyst):
    client.force_login(analyst)
    apps = [app["app_label"] for app in client.get(reverse("admin:index")).context["app_list"]]
    assert apps == ["cases", "community", "notifications"]


@pytest.mark.parametrize("name", ["admin:index", "admin:cases_case_changelist", "admin:cases_case_add"])
def test_admin_pages_have_the_site_icon(client, analyst, name):
    client.force_login(analyst)
    page = client.get(reverse(name)).text
    assert '<link rel="icon" href="/static/tipportal/favicon.svg" type="image/svg+xml">' in page


def test_the_admin_sign_in_page_has_the_site_icon(client):
    assert 'rel="icon" href="/static/tipportal/favicon.svg"' in client.get(reverse("admin:login")).text
