from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.tests.factories import CaseFactory
from tips import services
from tips.models import Tip

from .factories import make_tip

pytestmark = pytest.mark.django_db

URL = reverse("desk:inbox")


def test_the_inbox_lists_tips_with_counts_per_status(client, officer):
    case = CaseFactory()
    first = make_tip(case=case)
    second = make_tip()
    Tip.objects.filter(pk=second.pk).update(status=Tip.Status.ACTIONABLE)
    client.force_login(officer)
    response = client.get(URL)
    assert response.status_code == 200
    assert first.display_code in response.text
    assert second.display_code in response.text
    assert case.number in response.text
    assert 'data-testid="count-new">1<' in response.text
    assert 'data-testid="count-actionable">1<' in response.text
    assert first.body not in response.text


def test_the_inbox_filters_by_status_case_and_assignee(client, officer, django_user_model):
    case = CaseFactory()
    on_case = make_tip(case=case)
    general = make_tip()
    mine = make_tip()
    services.claim_tip(mine, actor=officer)
    client.force_login(officer)
    assert [t.pk for t in client.get(URL, {"case": case.number}).context["rows"]] == [on_case.pk]
    assert [t.pk for t in client.get(URL, {"assignee": "me"}).context["rows"]] == [mine.pk]
    assert {t.pk for t in client.get(URL, {"assignee": "none"}).context["rows"]} == {on_case.pk, general.pk}
    assert [t.pk for t in client.get(URL, {"assignee": str(officer.pk)}).context["rows"]] == [mine.pk]
    assert [t.pk for t in client.get(URL, {"status": "in_review"}).context["rows"]] == [mine.pk]


def test_unread_markers_clear_when_read_and_return_when_the_tipster_writes(client, officer):
    tip = make_tip()
    client.force_login(officer)
    assert client.get(URL).context["rows"][0].unread
    client.get(reverse("desk:tip", args=[tip.pk]))
    assert not client.get(URL).context["rows"][0].unread
    services.post_tipster_reply(Tip.objects.get(pk=tip.pk), body="One more thing")
    assert client.get(URL).context["rows"][0].unread


def test_tips_nearing_purge_are_flagged(client, officer, settings):
    settings.TIP_RETENTION_DAYS = 100
    old_case = CaseFactory(status=Case.Status.SOLVED, solved_at=timezone.now() - timedelta(days=80))
    fresh_case = CaseFactory()
    flagged = make_tip(case=old_case)
    fresh = make_tip(case=fresh_case)
    client.force_login(officer)
    rows = client.get(URL).context["rows"]
    assert {t.pk: t.nearing_purge for t in rows} == {flagged.pk: True, fresh.pk: False}
    assert "Purge soon" in client.get(URL).text


def test_the_inbox_costs_the_same_queries_for_many_tips(client, officer, django_assert_max_num_queries):
    for _ in range(3):
        make_tip(case=CaseFactory())
    client.force_login(officer)
    with django_assert_max_num_queries(13) as captured:  # ... and the threat reports' line
        client.get(URL)
    few = len(captured)
    for _ in range(10):
        make_tip(case=CaseFactory())
    with django_assert_max_num_queries(few):
        client.get(URL)


def test_the_older_page_keeps_the_filter(client, officer, monkeypatch):
    monkeypatch.setattr("tips.desk.TIPS_PER_PAGE", 2)
    for _ in range(3):
        make_tip()
    client.force_login(officer)
    page = client.get(reverse("desk:inbox"), {"status": "new"}).content.decode()
    assert 'href="?status=new&amp;page=2">Older</a>' in page
    second = client.get(reverse("desk:inbox"), {"status": "new", "page": 2}).content.decode()
    assert 'href="?status=new&amp;page=1">Newer</a>' in second
