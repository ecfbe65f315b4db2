from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.tests.factories import CaseFactory
from stats.figures import weekly_outcomes
from tips.tests.factories import make_tip

pytestmark = pytest.mark.django_db

URL = reverse("stats:outcomes")


def test_tips_solved_cases_and_solved_cases_with_tips_are_counted_in_their_week():
    with_tip = CaseFactory(status=Case.Status.SOLVED, solved_at=timezone.now())
    CaseFactory(status=Case.Status.SOLVED, solved_at=timezone.now())
    CaseFactory(status=Case.Status.SOLVED, solved_at=timezone.now() - timedelta(weeks=3))
    CaseFactory(status=Case.Status.SOLVED, solved_at=timezone.now() - timedelta(weeks=30))
    open_case = CaseFactory()
    make_tip(case=with_tip)
    make_tip(case=open_case)
    make_tip()
    weeks = weekly_outcomes()
    assert len(weeks) == 12
    assert sum(week.solved for week in weeks) == 3
    assert (weeks[-1].tips, weeks[-1].solved, weeks[-1].solved_with_tips) == (3, 2, 1)


@pytest.mark.parametrize("member", ["officer", "analyst"])
def test_officers_and_analysts_see_the_page(client, request, member, django_assert_max_num_queries):
    CaseFactory(status=Case.Status.SOLVED, solved_at=timezone.now())
    client.force_login(request.getfixturevalue(member))
    # session, user, permissions; three weekly counts; the alert banner (cached after)
    with django_assert_max_num_queries(9):
        response = client.get(URL)
    assert response.status_code == 200
    assert "<svg" in response.text


@pytest.mark.parametrize("member", ["citizen", "moderator", "outsider"])
def test_anyone_else_is_refused(client, request, member):
    client.force_login(request.getfixturevalue(member))
    assert client.get(URL).status_code == 403


def test_visitors_are_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302


def test_it_refuses_other_methods(client, officer):
    client.force_login(officer)
    assert client.post(URL).status_code == 405


def test_the_public_figures_link_to_it_for_the_department_only(client, officer):
    assert URL not in client.get(reverse("stats:figures")).text
    client.force_login(officer)
    assert URL in client.get(reverse("stats:figures")).text
