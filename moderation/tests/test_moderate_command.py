import io
import json

import pytest
from django.core.management import call_command

from audit.models import AuditEntry
from moderation.models import Comment, ModerationTerm

pytestmark = pytest.mark.django_db


def _run(lines: list[str]) -> list[dict]:
    out = io.StringIO()
    call_command("moderate", stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_it_writes_one_verdict_per_line_in_order():
    results = _run(
        [
            json.dumps({"text": "Thank you officers, great work."}),
            json.dumps({"text": "f*ck the police"}),
            json.dumps({"text": "Snitches get stitches."}),
            json.dumps({"text": "He lives at 214 Birch Lane", "id": 4}),
        ]
    )
    assert results == [
        {"action": "publish", "reasons": []},
        {"action": "hold", "reasons": ["profanity"]},
        {"action": "hold", "reasons": ["threat"]},
        {"action": "hold", "reasons": ["personal_data"]},
    ]


def test_a_bad_line_gets_an_error_and_keeps_the_order():
    results = _run(["not json", json.dumps({"body": "no text"}), json.dumps({"text": "fine"})])
    assert "error" in results[0] and "error" in results[1]
    assert results[2] == {"action": "publish", "reasons": []}


def test_it_reads_the_word_lists_from_the_database_and_writes_nothing(django_assert_max_num_queries):
    ModerationTerm.objects.create(text="plonker", category="profanity", match="word")
    terms, audit = ModerationTerm.objects.count(), AuditEntry.objects.count()
    with django_assert_max_num_queries(1):
        results = _run([json.dumps({"text": "plonker"})])
    assert results == [{"action": "hold", "reasons": ["profanity"]}]
    assert (ModerationTerm.objects.count(), AuditEntry.objects.count(), Comment.objects.count()) == (terms, audit, 0)
