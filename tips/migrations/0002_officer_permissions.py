from django.contrib.auth.management import create_permissions
from django.db import migrations

# Officers work tips on the desk. The audit trail permission is left for supervisors, granted
# to individual users (superusers have it anyway).
OFFICER_GRANTS = ["view_tip", "change_tip"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Officers")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="tips", codename__in=OFFICER_GRANTS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Officers").first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="tips", codename__in=OFFICER_GRANTS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("tips", "0001_initial"),
        ("accounts", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
