from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Moderators": [
        ("comment", ["view", "change", "moderate_comment"]),
        ("commentreport", ["view"]),
        ("moderationterm", ["add", "change", "delete", "view"]),
        ("suspension", ["add", "change", "view"]),
    ],
    "Officers": [
        ("comment", ["view", "post_official_comment"]),
    ],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make them now so groups can hold them.
    app_config = apps.get_app_config("moderation")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for model, actions in grants:
            codenames = [action if "_" in action else f"{action}_{model}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="moderation", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0002_default_terms"),
        ("accounts", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
