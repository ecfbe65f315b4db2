from django.db import migrations


def grant(apps, schema_editor):
    # The grants live in accounts.groups.GROUPS (re-applied after every migrate); apply them now so
    # moderators can work as soon as this app is migrated.
    from accounts.groups import sync_groups

    sync_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0002_default_terms"),
        ("accounts", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
