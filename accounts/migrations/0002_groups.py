from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "Analysts": [
        ("cases", "case", ["add", "change", "view"]),
        ("cases", "still", ["add", "change", "delete", "view"]),
        ("cases", "video", ["add", "change", "delete", "view"]),
        ("cases", "caseupdate", ["add", "view"]),
        ("cases", "category", ["add", "change", "view"]),
        ("cases", "area", ["add", "change", "view"]),
    ],
    "Officers": [
        ("cases", "case", ["view", "solve"]),
        ("cases", "caseupdate", ["add", "view"]),
        ("cases", "still", ["view"]),
        ("cases", "video", ["view"]),
    ],
    "Moderators": [],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make them now so groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, actions in grants:
            codenames = [f"{action}_{model}" if action != "solve" else "solve_case" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cases", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
