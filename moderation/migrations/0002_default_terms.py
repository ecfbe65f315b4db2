from django.db import migrations


def add_default_terms(apps, schema_editor):
    # From here on the table is the truth: moderators edit the lists in admin.
    from moderation.lexicon_defaults import seed_default_terms

    seed_default_terms(apps.get_model("moderation", "ModerationTerm"))


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [migrations.RunPython(add_default_terms, migrations.RunPython.noop)]
