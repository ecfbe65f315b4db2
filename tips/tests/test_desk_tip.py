import threading

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.urls import reverse

from audit.models import AuditEntry
from cases.tests.factories import CaseFactory
from tips import services
from tips.models import Attachment, Message, Note, Tip

from .factories import TIP_TEXT, clean_photo, make_tip

pytestmark = pytest.mark.django_db


def _url(name, tip):
    return reverse(f"desk:{name}", args=[tip.pk])


def _actions(tip):
    return list(AuditEntry.objects.filter(target_id=str(tip.pk)).values_list("action", flat=True))


def test_the_tip_page_shows_the_decrypted_tip_and_audits_the_view(client, officer):
    tip = make_tip(when_where="Friday, behind the bakery", files=[clean_photo()])
    client.force_login(officer)
    response = client.get(_url("tip", tip))
    assert response.status_code == 200
    assert TIP_TEXT in response.text
    assert "Friday, behind the bakery" in response.text
    attachment = Attachment.objects.get()
    assert f'src="{attachment.get_absolute_url()}"' in response.text
    entry = AuditEntry.objects.get(action="tips.tip.viewed")
    assert entry.actor == officer
    assert TIP_TEXT not in str(entry.details) + entry.target_repr


def test_the_tip_page_costs_a_fixed_number_of_queries(client, officer, django_assert_max_num_queries):
    tip = make_tip(case=CaseFactory(), files=[clean_photo()])
    for index in range(3):
        services.reply_to_tipster(tip, body=f"Question {index}", actor=officer)
        services.post_tipster_reply(tip, body=f"Answer {index}", files=[clean_photo()])
        services.add_note(tip, body=f"Note {index}", actor=officer)
    client.force_login(officer)
    with django_assert_max_num_queries(22):
        client.get(_url("tip", tip))


def test_attachments_are_decrypted_for_officers_and_each_download_audited(client, officer):
    tip = make_tip(files=[clean_photo()])
    attachment = Attachment.objects.get()
    client.force_login(officer)
    response = client.get(attachment.get_absolute_url() + "?download=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response.content.startswith(b"\xff\xd8")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert _actions(tip) == ["tips.attachment.downloaded"]


def test_a_video_is_served_in_ranges_and_audited_once(client, officer):
    tip = make_tip(files=[clean_photo()])
    attachment = Attachment.objects.get()
    client.force_login(officer)
    whole = client.get(attachment.get_absolute_url()).content
    part = client.get(attachment.get_absolute_url(), HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206
    assert part.content == whole[10:20]
    assert part["Content-Range"] == f"bytes 10-19/{len(whole)}"
    assert _actions(tip) == ["tips.attachment.downloaded"]
    assert client.get(attachment.get_absolute_url(), HTTP_RANGE=f"bytes={len(whole) + 5}-").status_code == 416


def test_a_read_that_skips_the_first_byte_is_audited_too(client, officer):
    tip = make_tip(files=[clean_photo()])
    attachment = Attachment.objects.get()
    client.force_login(officer)
    response = client.get(attachment.get_absolute_url(), HTTP_RANGE="bytes=1-")
    assert response.status_code == 206
    assert _actions(tip) == ["tips.attachment.downloaded"]
    entry = AuditEntry.objects.get(action="tips.attachment.downloaded")
    assert entry.actor == officer
    assert entry.details["attachment"] == attachment.pk


def test_every_officer_s_range_reads_reach_the_trail(client, officer, django_user_model):
    from django.contrib.auth.models import Group

    make_tip(files=[clean_photo()])
    attachment = Attachment.objects.get()
    other = django_user_model.objects.create_user("olga", password="x", is_staff=True)
    other.groups.add(Group.objects.get(name="Officers"))
    client.force_login(officer)
    client.get(attachment.get_absolute_url(), HTTP_RANGE="bytes=100-")
    client.force_login(other)
    client.get(attachment.get_absolute_url(), HTTP_RANGE="bytes=-50")
    actors = AuditEntry.objects.filter(action="tips.attachment.downloaded").values_list("actor__username", flat=True)
    assert sorted(actors) == sorted([officer.username, "olga"])


def test_a_range_read_after_the_quiet_window_is_audited_again(client, officer, monkeypatch):
    monkeypatch.setattr(services, "ATTACHMENT_AUDIT_WINDOW_SECONDS", 0)
    tip = make_tip(files=[clean_photo()])
    attachment = Attachment.objects.get()
    client.force_login(officer)
    client.get(attachment.get_absolute_url())
    client.get(attachment.get_absolute_url(), HTTP_RANGE="bytes=10-19")
    assert _actions(tip) == ["tips.attachment.downloaded", "tips.attachment.downloaded"]


def test_an_officer_claims_a_tip_and_a_second_claim_fails(client, officer, django_user_model):
    from django.contrib.auth.models import Group

    other = django_user_model.objects.create_user("olga", password="x", is_staff=True)
    other.groups.add(Group.objects.get(name="Officers"))
    tip = make_tip()
    client.force_login(officer)
    client.post(_url("claim", tip))
    client.force_login(other)
    response = client.post(_url("claim", tip), follow=True)
    assert "Another officer has already taken this tip." in response.text
    tip.refresh_from_db()
    assert (tip.assignee, tip.status) == (officer, Tip.Status.IN_REVIEW)
    assert _actions(tip).count("tips.tip.claimed") == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_two_officers_claiming_at_once_never_both_win(django_user_model):
    from django.contrib.auth.models import Group

    officers = []
    for name in ("ann", "bob", "cat", "dan"):
        user = django_user_model.objects.create_user(name, password="x")
        user.groups.add(Group.objects.get(name="Officers"))
        officers.append(user)
    tip = make_tip()
    barrier = threading.Barrier(len(officers))
    results = []

    def claim(user):
        barrier.wait()
        try:
            results.append(services.claim_tip(tip, actor=user))
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(user,)) for user in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    assert AuditEntry.objects.filter(action="tips.tip.claimed").count() == 1


def test_status_assignment_notes_replies_links_and_rewards_are_saved_and_audited(client, officer):
    tip = make_tip()
    case = CaseFactory()
    client.force_login(officer)
    client.post(_url("status", tip), {"status": "actionable"})
    client.post(_url("assign", tip), {"assignee": officer.pk})
    client.post(_url("note", tip), {"note-body": "Matches the plate we have."})
    client.post(_url("reply", tip), {"reply-body": "Can you tell us the car's colour?"})
    client.post(_url("link", tip), {"case": case.number})
    client.post(_url("reward", tip), {"eligible": "on"})
    tip.refresh_from_db()
    assert tip.status == Tip.Status.ACTIONABLE
    assert tip.assignee == officer
    assert tip.case == case
    assert tip.reward_eligible
    assert Note.objects.get().body == "Matches the plate we have."
    assert Message.objects.get().body == "Can you tell us the car's colour?"
    assert _actions(tip) == [
        "tips.tip.reward_marked", "tips.tip.linked", "tips.tip.replied", "tips.tip.noted",
        "tips.tip.assigned", "tips.tip.status_changed",
    ]  # fmt: skip
    details = str(list(AuditEntry.objects.values_list("details", flat=True)))
    assert "plate" not in details
    assert "colour" not in details


def test_closing_a_tip_blocks_replies_to_the_tipster(client, officer):
    tip = make_tip()
    client.force_login(officer)
    client.post(_url("status", tip), {"status": "closed"})
    response = client.post(_url("reply", tip), {"reply-body": "Hello?"}, follow=True)
    assert "Reopen the tip before writing to the tipster." in response.text
    assert Message.objects.count() == 0
    assert Tip.objects.get().closed_at is not None


def test_a_tip_already_on_a_case_cannot_be_relinked(client, officer):
    tip = make_tip(case=CaseFactory())
    other = CaseFactory()
    client.force_login(officer)
    response = client.post(_url("link", tip), {"case": other.number}, follow=True)
    assert "This tip is already about a case." in response.text


def test_bad_desk_input_is_refused_with_a_message(client, officer, citizen):
    tip = make_tip()
    client.force_login(officer)
    assert "Select a valid choice" in client.post(_url("status", tip), {"status": "lost"}, follow=True).text
    assert "No case has this number." in client.post(_url("link", tip), {"case": "1999-000000"}, follow=True).text
    assert "Select a valid choice" in client.post(_url("assign", tip), {"assignee": citizen.pk}, follow=True).text
    assert "This field is required." in client.post(_url("note", tip), {"note-body": ""}, follow=True).text
    tip.refresh_from_db()
    assert (tip.status, tip.case, tip.assignee) == (Tip.Status.NEW, None, None)
    assert Note.objects.count() == 0


def test_supervisors_see_the_audit_trail_and_officers_do_not(client, officer, django_user_model):
    tip = make_tip()
    client.force_login(officer)
    assert "Audit trail" not in client.get(_url("tip", tip)).text
    officer.user_permissions.add(Permission.objects.get(codename="view_audit_trail"))
    officer = django_user_model.objects.get(pk=officer.pk)
    client.force_login(officer)
    response = client.get(_url("tip", tip))
    assert "Audit trail" in response.text
    assert "tips.tip.viewed" in response.text


@pytest.mark.parametrize("name", ["claim", "assign", "status", "note", "reply", "link", "reward"])
def test_desk_actions_refuse_get(client, officer, name):
    tip = make_tip()
    client.force_login(officer)
    assert client.get(_url(name, tip)).status_code == 405


@pytest.mark.parametrize("name", ["tip", "attachment"])
def test_desk_pages_refuse_post(client, officer, name):
    tip = make_tip(files=[clean_photo()])
    client.force_login(officer)
    target = tip if name == "tip" else Attachment.objects.get()
    assert client.post(reverse(f"desk:{name}", args=[target.pk])).status_code == 405
    assert client.post(reverse("desk:inbox")).status_code == 405
