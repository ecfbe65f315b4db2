# The sentence model's building blocks and rules, added to databases that already have the threat model.

from django.db import migrations

# Default rows a later default replaced, deleted only where no moderator edited them.
REPLACED = [
    ("^ {command_start} .. {harm}", "threat", "rule", ""),
]


def add_the_sentence_model(apps, schema_editor):
    from moderation.lexicon_defaults import seed_default_terms

    Term = apps.get_model("moderation", "ModerationTerm")
    for text, category, match, block in REPLACED:
        Term.objects.filter(
            text=text, category=category, match=match, block=block, note="default list", updated_by=None
        ).delete()
    seed_default_terms(Term)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0006_threat_model_defaults")]

    operations = [migrations.RunPython(add_the_sentence_model, migrations.RunPython.noop)]
