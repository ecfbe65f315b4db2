"""The staff groups and what each may do. Kept in sync on every `migrate` (and after the test
database is flushed), so a permission added here reaches the group without a hand-made step."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

from .models import ANALYSTS, MODERATORS, OFFICERS

# group -> [(app_label, model, [actions])]; an action is a Django default (add/change/delete/
# view) or the name of a custom permission (its full codename).
GROUPS: dict[str, list[tuple[str, str, list[str]]]] = {
    ANALYSTS: [
        ("cases", "case", ["add", "change", "view"]),
        ("cases", "still", ["add", "change", "delete", "view"]),
        ("cases", "video", ["add", "change", "delete", "view"]),
        ("cases", "caseupdate", ["add", "view"]),
        ("cases", "category", ["add", "change", "view"]),
        ("cases", "area", ["add", "change", "view"]),
        ("community", "post", ["add", "change", "view"]),
        # Not `notifications.restart_notification`: restarting emails the public; granted one by one.
        ("notifications", "notification", ["view"]),
    ],
    OFFICERS: [
        ("cases", "case", ["view", "solve_case"]),
        ("cases", "caseupdate", ["add", "view"]),
        ("cases", "still", ["view"]),
        ("cases", "video", ["view"]),
        ("community", "post", ["view"]),
        ("notifications", "notification", ["view"]),
        # The officers' desk; `tips.view_audit_trail` is for supervisors, granted one by one.
        ("tips", "tip", ["view", "change"]),
        # Official replies are posted on the site; held comments are for moderators' eyes only.
        ("moderation", "comment", ["post_official_comment"]),
        # Threat reports moderators pass to the desk: officers read them and work their status.
        ("moderation", "threatreport", ["view", "change"]),
    ],
    MODERATORS: [
        ("moderation", "comment", ["view", "change", "moderate_comment"]),
        ("moderation", "commentreport", ["view"]),
        ("moderation", "moderationterm", ["add", "change", "delete", "view"]),
        ("moderation", "suspension", ["add", "change", "view"]),
        ("moderation", "threatreport", ["add"]),
        ("moderation", "sitemoderation", ["change", "view"]),
    ],
}


def _codename(action: str, model: str) -> str:
    return action if "_" in action else f"{action}_{model}"


def sync_groups(apps=global_apps) -> None:
    """Create the groups and grant what GROUPS lists. Only adds; never removes a grant."""
    for app_config in apps.get_app_configs():
        # Permissions are normally made after all migrations; make them now so groups can hold them.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, actions in grants:
            codenames = [_codename(action, model) for action in actions]
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, content_type__model=model, codename__in=codenames
                )
            )


def sync_groups_after_migrate(sender, **kwargs) -> None:
    sync_groups()
