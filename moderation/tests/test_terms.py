import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from moderation import services
from moderation.lexicon import current_lexicon
from moderation.models import ModerationTerm

pytestmark = pytest.mark.django_db


def test_a_term_added_in_admin_holds_comments_without_a_deploy(client, moderator, django_capture_on_commit_callbacks):
    assert not current_lexicon().classify("what a plonker").held
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:moderation_moderationterm_add"),
            {"text": "plonker", "category": "profanity", "match": "word", "is_active": "on", "note": ""},
        )
    assert response.status_code == 302
    assert current_lexicon().classify("what a plonker").reasons == ("profanity",)
    assert AuditEntry.objects.filter(action="moderation.term.added", actor=moderator).exists()


def test_an_allowed_term_stops_a_word_being_held(moderator, django_capture_on_commit_callbacks):
    assert current_lexicon().classify("Twatt is a village in Orkney").held is False
    assert current_lexicon().classify("Dick Whittington Road").held
    with django_capture_on_commit_callbacks(execute=True):
        services.save_term(
            ModerationTerm(text="dick whittington", category="allow", match="word"), actor=moderator, created=True
        )
    assert not current_lexicon().classify("Dick Whittington Road").held


def test_switching_a_term_off_takes_effect(moderator, django_capture_on_commit_callbacks):
    assert current_lexicon().classify("twat").held
    term = ModerationTerm.objects.get(text="twat", category="profanity")
    term.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        services.save_term(term, actor=moderator, created=False)
    assert not current_lexicon().classify("twat").held


def test_a_broken_pattern_is_refused_with_a_message():
    term = ModerationTerm(text="(unclosed", category="threat", match="pattern")
    with pytest.raises(ValidationError, match="not a valid pattern"):
        term.full_clean()


def test_a_citizen_cannot_edit_the_word_lists(client, citizen):
    client.force_login(citizen)
    response = client.get(reverse("admin:moderation_moderationterm_changelist"))
    assert response.status_code == 302  # not staff: sent to the admin sign-in


def test_another_process_recompiles_when_the_shared_version_moves(settings):
    from django.core.cache import cache

    from moderation import lexicon

    before = lexicon.current_lexicon()
    ModerationTerm.objects.create(text="plonker", category="profanity", match="word")
    assert lexicon.current_lexicon() is before  # within the check interval: the compiled copy is kept
    cache.set(lexicon.VERSION_KEY, lexicon._shared_version() + 1)  # what a save in another process does
    lexicon._state["checked"] = 0.0  # the check interval has passed
    assert lexicon.current_lexicon() is not before
    assert lexicon.current_lexicon().classify("plonker").held


def test_an_emptied_word_list_is_refilled_after_migrate_but_a_trimmed_one_is_not():
    from moderation.apps import seed_terms_if_empty

    ModerationTerm.objects.filter(text="twat").delete()
    seed_terms_if_empty(sender=None)
    assert not ModerationTerm.objects.filter(text="twat").exists()
    ModerationTerm.objects.all().delete()
    seed_terms_if_empty(sender=None)
    assert ModerationTerm.objects.filter(text="twat", category="profanity").exists()


def test_the_rounds_4_to_7_migration_adds_missing_defaults_and_keeps_a_moderators_edit(moderator):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("moderation.migrations.0008_threat_model_rounds_4_to_7")
    new = {"text": "(am|is) a patient man|woman|guy", "category": "block", "match": "exact", "block": "warning"}
    ModerationTerm.objects.filter(**new).delete()
    replaced, edited = migration.REPLACED[0], migration.REPLACED[1]
    for text, category, match, block in (replaced, edited):
        ModerationTerm.objects.create(text=text, category=category, match=match, block=block, note="default list")
    ModerationTerm.objects.filter(text=edited[0]).update(updated_by=moderator)

    migration.add_rounds_4_to_7(apps, None)

    assert ModerationTerm.objects.filter(**new).exists()
    assert not ModerationTerm.objects.filter(text=replaced[0]).exists()
    assert ModerationTerm.objects.filter(text=edited[0], updated_by=moderator).exists()


def test_the_round_8_migration_adds_missing_defaults_and_keeps_a_moderators_edit(moderator):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("moderation.migrations.0010_threat_model_round_8")
    new = {"text": "{warning} & !{reported_speech}", "category": "threat", "match": "rule", "block": ""}
    ModerationTerm.objects.filter(**new).delete()
    replaced, edited = migration.REPLACED[0], migration.REPLACED[1]
    for text, category, match, block in (replaced, edited):
        ModerationTerm.objects.create(text=text, category=category, match=match, block=block, note="default list")
    ModerationTerm.objects.filter(text=edited[0], category=edited[1]).update(updated_by=moderator)

    migration.add_round_8(apps, None)

    assert ModerationTerm.objects.filter(**new).exists()
    assert not ModerationTerm.objects.filter(text=replaced[0], category="threat", match="rule").exists()
    assert ModerationTerm.objects.filter(text=edited[0], updated_by=moderator).exists()
