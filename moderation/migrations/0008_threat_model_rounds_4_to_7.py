# The threat model's rounds 4 to 7 (new blocks, block entries and rules), added to databases that
# already have the sentence model: every shipped default that is missing is added, as 0007 did.

from django.db import migrations

# Default rows a later default replaced, deleted only where no moderator edited them.
REPLACED = [
    ("can not hide forever", "block", "exact", "warning"),
    ("catch a bullet|(hot one)", "block", "word", "outcome"),
    (
        "end|wind|turn up in . . ditch|river|lake|dumpster|trunk|morgue|hospital|bodybag|box|grave|ground|woods|canal|pieces|icu|wheelchair",
        "block",
        "word",
        "outcome",
    ),
    ("get someone|people killed", "block", "exact", "not_a_threat"),
    ("is|are|am going", "block", "exact", "ahead"),
    ("know|knew|got|have . address|name|schedule|routine|plate|plates|number", "block", "exact", "whereabouts"),
    ("look|looking over your shoulder", "block", "exact", "warning"),
    ("what happens to (snitches|rats|people who)", "block", "exact", "warning"),
]


def add_rounds_4_to_7(apps, schema_editor):
    from moderation.lexicon_defaults import seed_default_terms

    Term = apps.get_model("moderation", "ModerationTerm")
    for text, category, match, block in REPLACED:
        Term.objects.filter(
            text=text, category=category, match=match, block=block, note="default list", updated_by=None
        ).delete()
    seed_default_terms(Term)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0007_sentence_model")]

    operations = [migrations.RunPython(add_rounds_4_to_7, migrations.RunPython.noop)]
