from django.db import migrations

from accounts.models import OFFICERS


def revoke(apps, schema_editor):
    # Groups are synced additively on every migrate, so a grant dropped from accounts.groups stays
    # in a deployed database until it is taken away here: officers no longer read held comments.
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=OFFICERS).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="moderation", content_type__model="comment", codename="view_comment"
            )
        )


class Migration(migrations.Migration):
    dependencies = [("moderation", "0003_groups")]

    operations = [migrations.RunPython(revoke, migrations.RunPython.noop)]
