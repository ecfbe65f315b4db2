import pytest
from django.urls import reverse

from audit.models import AuditEntry
from tips.models import Tip

from .factories import make_tip

pytestmark = pytest.mark.django_db


def _status_changes(tip):
    entries = AuditEntry.objects.filter(action="tips.tip.status_changed", target_id=str(tip.pk))
    return [(entry.actor, entry.details["before"], entry.details["after"]) for entry in entries]


def _claim(client, officer, tip):
    return client.post(reverse("desk:claim", args=[tip.pk]))


def _assign(client, officer, tip):
    return client.post(reverse("desk:assign", args=[tip.pk]), {"assignee": officer.pk})


def _reply(client, officer, tip):
    return client.post(reverse("desk:reply", args=[tip.pk]), {"reply-body": "Can you tell us more?"})


@pytest.mark.parametrize("action", [_claim, _assign, _reply], ids=["claim", "assign", "reply"])
def test_taking_up_a_new_tip_puts_it_in_review_on_the_record(client, officer, action):
    tip = make_tip()
    client.force_login(officer)
    assert action(client, officer, tip).status_code == 302
    assert Tip.objects.get(pk=tip.pk).status == Tip.Status.IN_REVIEW
    assert _status_changes(tip) == [(officer, "new", "in_review")]


@pytest.mark.parametrize("action", [_assign, _reply], ids=["assign", "reply"])
def test_a_tip_already_in_review_gets_no_second_status_entry(client, officer, action):
    tip = make_tip()
    client.force_login(officer)
    _claim(client, officer, tip)
    assert action(client, officer, tip).status_code == 302
    assert _status_changes(tip) == [(officer, "new", "in_review")]
