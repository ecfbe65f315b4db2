import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.otp import SecondFactorClient
from cases.tests.factories import CaseFactory
from tips.models import Tip

from .factories import TIP_TEXT

pytestmark = pytest.mark.django_db

URL = reverse("tips:send")
JUNK = ["\x00", "a\x00b", "%00", "../../etc", "x" * 500, "<script>", "🙂", "a b", "DROP TABLE"]
JUNK_IDS = ["\x00", "1\x00", "²", "١٢", "-1", "1.5", "99999999999999999999", "1e3", " 1", "0x10"]


@pytest.fixture
def visitor():
    # As a server would answer: an error is a page, not a test failure.
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("slug", JUNK)
def test_a_junk_case_in_the_address_is_a_404(visitor, slug):
    CaseFactory()
    response = visitor.get(URL, {"case": slug})
    assert response.status_code == 404


@pytest.mark.parametrize("still", JUNK_IDS)
def test_a_junk_still_in_the_address_is_a_404(visitor, still):
    response = visitor.get(URL, {"still": still})
    assert response.status_code == 404


@pytest.mark.parametrize(("field", "value"), [("case", s) for s in JUNK] + [("still", s) for s in JUNK_IDS])
def test_a_junk_case_or_still_in_a_sent_tip_is_refused_and_nothing_is_saved(visitor, field, value):
    response = visitor.post(URL, {"body": TIP_TEXT, field: value})
    assert response.status_code == 400
    assert Tip.objects.count() == 0


def test_junk_filters_on_the_desk_inbox_are_ignored_not_a_500(officer):
    visitor = SecondFactorClient(raise_request_exception=False)
    visitor.force_login(officer)
    for value in ("\x00", "²", "99999999999999999999", "x" * 500):
        response = visitor.get(reverse("desk:inbox"), {"case": value, "assignee": value, "page": value})
        assert response.status_code == 200
