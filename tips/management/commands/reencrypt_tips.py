import getpass

from django.core.management.base import BaseCommand

from tips.services import reencrypt_all


class Command(BaseCommand):
    help = (
        "Re-encrypt every tip text and attachment under the first key in TIP_ENCRYPTION_KEYS. "
        "Rotate keys by putting the new key first, running this, then removing the old key."
    )

    def handle(self, *args, **options) -> None:
        # Audited with the counts and the operating-system account that ran it.
        counts = reencrypt_all(run_by=getpass.getuser())
        self.stdout.write(
            self.style.SUCCESS(
                "Re-encrypted {tips} tips, {messages} messages, {notes} notes and {files} files.".format(**counts)
            )
        )
