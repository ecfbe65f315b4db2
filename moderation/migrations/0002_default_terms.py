from django.db import migrations


def add_default_terms(apps, schema_editor):
    # The defaults as they were when this migration was written; later edits live in the table.
    from moderation.lexicon_defaults import DEFAULT_TERMS

    ModerationTerm = apps.get_model("moderation", "ModerationTerm")
    for text, category, match in DEFAULT_TERMS:
        ModerationTerm.objects.get_or_create(
            text=text, category=category, match=match, defaults={"note": "default list"}
        )


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [migrations.RunPython(add_default_terms, migrations.RunPython.noop)]
