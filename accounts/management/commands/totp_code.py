from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from accounts import services


class Command(BaseCommand):
    help = (
        "Print the code a staff member's authenticator app shows now (demo data: DEBUG only), so "
        "you can sign in to a development copy without a phone."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("totp_code would defeat the second factor; it runs with DEBUG on only.")
        user = get_user_model().objects.filter(username=username).first()
        device = services.authenticator(user) if user is not None else None
        if device is None:
            raise CommandError(f"{username!r} has no authenticator app set up.")
        token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
        self.stdout.write(str(token).zfill(device.digits))
