from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import services
from tipportal.errors import ServiceError


class Command(BaseCommand):
    help = (
        "Remove a staff member's authenticator app and recovery codes and end their sessions, for "
        "when no other superuser can do it in admin (the last superuser lost their phone and codes). "
        "Audited as done from the server console."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", required=True, help="Why, and how the person's identity was checked.")

    def handle(self, *args, username: str, reason: str, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        try:
            removed = services.reset_second_factor(user, actor=None, reason=reason)
        except ServiceError as error:
            raise CommandError(error.messages[0]) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed {removed} second-factor devices of {username}; they set up a new one at sign-in."
            )
        )
