"""Create demo data: areas, a dozen realistic cases with generated stills, dev users, and enough
activity to walk every journey: tips on the officers' desk (one with a question for its tipster),
a discussion under the cases, and comments held for the moderators.

Idempotent: run it any number of times; existing cases (by number) and users are left alone, and a
case's activity is added only when the case itself is new.
"""

from base64 import b32encode
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts import services as account_services
from accounts.groups import sync_groups
from accounts.models import ANALYSTS, MODERATORS, OFFICERS, User
from cases import services
from cases.defaults import ensure_categories
from cases.management.demo_images import camera_still
from cases.models import Area, Case, Category, Still
from moderation import services as moderation_services
from tips import services as tip_services
from tips.services import Receipt

AREAS = ["Downtown", "Riverside", "North End", "Eastgate", "Hillcrest", "Old Mill", "Westfield"]

# number, title, category slug, area, days ago, reward, solved note, summary, [still captions]
CASES = [
    ("2026-001201", "Bottle of whiskey taken from corner liquor store", "larceny", "Downtown", 3, None, None,
     "A man took a bottle of whiskey from the shelf of the Main Street liquor store and walked out without "
     "paying. He wore a grey hooded top and a red baseball cap.\n\nDo you know who he is?",
     ["Entering the store", "At the shelf"]),
    ("2026-001188", "ATM card skimmer fitted at a bank branch", "fraud", "Eastgate", 6, Decimal("1000"), None,
     "Two people fitted a card skimmer to the ATM outside the Eastgate branch at night. Several customers "
     "have since lost money. The bank's camera caught one of them clearly.",
     ["Fitting the device", "Leaving on foot"]),
    ("2026-001175", "Break-in at Riverside hardware shop", "burglary", "Riverside", 9, Decimal("500"), None,
     "Someone forced the back door of a hardware shop on Water Street overnight and took power tools worth "
     "about $4,000. A neighbour's doorbell camera recorded a person carrying boxes to a light-coloured van.",
     ["Carrying boxes", "The van"]),
    ("2026-001160", "Phone snatched at the bus station", "robbery", "Downtown", 11, None,
     "A 19-year-old man was arrested after his mother recognised him from the still. Thank you.",
     "A woman waiting for the number 4 bus had her phone pulled from her hand. The man ran towards the "
     "river. He was wearing a white jacket with a black stripe.",
     ["On the platform"]),
    ("2026-001149", "Car windows smashed on Hillcrest Avenue", "vandalism", "Hillcrest", 14, None, None,
     "Seven parked cars had their windows smashed between 1 and 2 a.m. Nothing was taken. Three young "
     "people were seen walking up the avenue shortly before.",
     ["Walking up the avenue", "Near the parked cars"]),
    ("2026-001133", "Pickup truck stolen from a driveway", "vehicle-theft", "North End", 17, Decimal("750"), None,
     "A dark blue pickup was taken from a driveway on Elm Road before dawn. A camera across the street shows "
     "a person trying door handles along the road first.",
     ["Trying door handles"]),
    ("2026-001120", "Assault outside a bar on Mill Street", "assault", "Old Mill", 21, Decimal("2500"), None,
     "A man was punched and kicked outside a bar on Mill Street at closing time and needed hospital "
     "treatment. We want to speak to the man in the striped shirt and to anyone who saw what happened.",
     ["Outside the bar", "Walking away"]),
    ("2026-001098", "Missing: Daniel, 16, last seen at Westfield mall", "missing-person", "Westfield", 4, None, None,
     "Daniel was last seen at the Westfield mall food court on Saturday afternoon. He is 5'9\", slim, and was "
     "wearing a green jacket. His family is worried. If you have seen him, please tell us.",
     ["At the food court"]),
    ("2026-001085", "Wanted: man who failed to appear in court", "wanted-person", "Eastgate", 30, Decimal("1500"),
     "He handed himself in at the Eastgate station after seeing this page. Thank you to everyone who shared it.",
     "A warrant has been issued for a 34-year-old man who did not appear in court on burglary charges. Do not "
     "approach him; tell us where he is.",
     ["Custody photo (older)"]),
    ("2026-001072", "Tools taken from a building site", "larceny", "Riverside", 26, None,
     "Two men have been charged. The tools were returned to the builder.",
     "Copper pipe and hand tools were taken from a building site on Quay Road over a weekend. Two people "
     "were filmed loading a hatchback.",
     ["Loading the hatchback", "Close-up of the car"]),
    ("2026-001054", "Gift card scam targeting older residents", "fraud", "Hillcrest", 35, None, None,
     "Callers posing as utility staff have persuaded older residents to buy gift cards 'to avoid a cut-off'. "
     "A man collected cards in person at two addresses. Nobody from a utility will ever ask for gift cards.",
     ["At the front door"]),
    ("2026-001037", "Graffiti on the war memorial", "vandalism", "Old Mill", 40, None,
     "A 17-year-old has been referred to the youth restorative justice panel and will help clean the memorial.",
     "The war memorial in Old Mill Park was sprayed with paint overnight. A person with a backpack was seen "
     "in the park shortly after midnight.",
     ["In the park"]),
    ("2026-001021", "Bicycle thefts from the university racks", "other", "North End", 45, None, None,
     "Eleven bicycles have been taken from the racks outside the library this term. The same person appears "
     "on camera each time, carrying bolt cutters in a sports bag.",
     ["At the bike racks", "Leaving with a bicycle"]),
]  # fmt: skip

# Display names cannot claim an office (accounts/names.py): official replies carry a badge instead.
USERS = [
    ("analyst", "Alex Kim", ANALYSTS, "analyst-demo-pass"),
    ("officer", "Olsen", OFFICERS, "officer-demo-pass"),
    ("moderator", "Morgan Lee", MODERATORS, "moderator-demo-pass"),
]

# Citizens with verified accounts, who comment (no second factor: they read no tips).
CITIZENS = [
    ("citizen", "Sam Rivera", "citizen-demo-pass"),
    ("neighbour", "Jordan Price", "neighbour-demo-pass"),
]

# case number -> [(citizen, comment)]: what the classifier holds lands in the moderation queue.
COMMENTS = {
    "2026-001201": [
        ("citizen", "I think I have seen him at the Main Street bus stop most mornings, around 8."),
        ("neighbour", "What a useless bunch of wankers, the lot of you."),
    ],
    "2026-001188": [
        ("neighbour", "I know where the skimmer lives and he had better watch his back."),
        ("citizen", "Six weeks and still no arrest? Do your job."),
    ],
    "2026-001098": [("citizen", "Shared with the Westfield parents' group. Hope he is home safe soon.")],
}

# case number -> [(tip, the officer's question or "")]; None is a tip about no case.
TIPS = {
    "2026-001201": [
        ("The man in the grey hooded top is called Rick. He lives above the launderette on Canal Street "
         "and drinks at the Anchor most evenings.",
         "Thank you. Do you know which evenings he is usually at the Anchor?"),
    ],
    "2026-001188": [
        ("A silver hatchback was parked by that ATM around 2 a.m. with two people inside. The engine was "
         "running the whole time.", ""),
    ],
    None: [
        ("Someone sells new power tools very cheaply out of a white van behind the Riverside market on "
         "Sunday mornings.", ""),
    ],
}  # fmt: skip


class Command(BaseCommand):
    help = "Create demo cases with generated stills, and dev users (analyst, officer, moderator)."

    def add_arguments(self, parser):
        parser.add_argument("--allow-production", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, allow_production: bool = False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("seed_demo creates users with known passwords; use it with DEBUG on.")
        with transaction.atomic():
            sync_groups()
            ensure_categories(Category)
            users = self._users()
            new_cases = self._cases(users["analyst"], users["officer"])
            citizens = self._citizens()
            receipts = self._activity(new_cases, citizens, users["officer"])
        created = len(new_cases)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {created} new cases ({len(CASES)} in the demo set)."))
        self.stdout.write("Dev users (sign in at /accounts/login/; staff also type a code from an authenticator app):")
        for username, _name, group, password in USERS:
            device = account_services.enrol_demo_authenticator(users[username])
            secret = b32encode(device.bin_key).decode()
            self.stdout.write(f"  {group[:-1].lower():9}  username: {username:10} password: {password}")
            self.stdout.write(f"             authenticator key: {secret}")
            self.stdout.write(f"             or add this to an app: {device.config_url}")
        self.stdout.write(
            "No phone at hand? `python manage.py totp_code officer` prints the current code (DEBUG only)."
        )
        for username, _name, password in CITIZENS:
            self.stdout.write(f"  citizen    username: {username:10} password: {password}")
        for receipt in receipts:
            self.stdout.write(
                f"A demo tipster's receipt (check it at /tips/check/): code {receipt.code}, secret {receipt.secret}"
            )

    def _users(self) -> dict[str, User]:
        users = {}
        for username, display_name, group_name, password in USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"display_name": display_name, "email": f"{username}@example.org", "is_staff": True},
            )
            if created:
                user.set_password(password)
                user.save()
            user.groups.add(Group.objects.get(name=group_name))
            users[username] = user
        return users

    def _citizens(self) -> dict[str, User]:
        citizens = {}
        for username, display_name, password in CITIZENS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"display_name": display_name, "email": f"{username}@example.org", "is_active": True},
            )
            if created:
                user.set_password(password)
                user.save()
            citizens[username] = user
        return citizens

    def _activity(self, new_cases: dict[str, Case], citizens: dict[str, User], officer: User) -> list[Receipt]:
        """Comments and tips on the cases this run created (and one general tip with the first run)."""
        for number, comments in COMMENTS.items():
            if number in new_cases:
                for username, body in comments:
                    moderation_services.post_comment(new_cases[number], actor=citizens[username], body=body)
        receipts = []
        for number, tips in TIPS.items():
            # The tip about no case comes with the first run, the one that creates the cases.
            if not (number in new_cases if number else new_cases):
                continue
            for body, question in tips:
                receipt = tip_services.submit_tip(body=body, case=new_cases[number] if number else None)
                if question:
                    tip_services.claim_tip(receipt.tip, actor=officer)
                    tip_services.reply_to_tipster(receipt.tip, body=question, actor=officer)
                    receipts.append(receipt)
        return receipts

    def _cases(self, analyst: User, officer: User) -> dict[str, Case]:
        areas = {name: Area.objects.get_or_create(name=name, defaults={"slug": name.lower().replace(" ", "-")})[0]
                 for name in AREAS}  # fmt: skip
        now = timezone.now().replace(second=0, microsecond=0)
        created = {}
        for index, (number, title, category, area, days, reward, solved, summary, captions) in enumerate(CASES):
            if Case.objects.filter(number=number).exists():
                continue
            incident_at = now - timedelta(days=days, hours=index * 3 % 11)
            case = Case(
                number=number,
                title=title,
                slug=f"{number}-{title.lower()[:60]}".replace(" ", "-").replace(":", "").replace(",", ""),
                summary=summary,
                category=Category.objects.get(slug=category),
                area=areas[area],
                incident_at=incident_at,
                reward=reward,
                is_published=True,
                published_at=incident_at + timedelta(days=1),
            )
            services.save_case(case, actor=analyst)
            for position, caption in enumerate(captions):
                still = Still(
                    case=case, position=position, caption=caption, alt_text=f"Camera still: {caption.lower()}"
                )
                when = incident_at + timedelta(minutes=position * 2)
                still.image.save(
                    f"{number}-{position + 1}.jpg",
                    ContentFile(camera_still(index * 10 + position, when, f"CAM {position + 1}")),
                    save=False,
                )
                services.save_still(still, actor=analyst)
            if solved:
                services.post_case_update(
                    case, actor=officer, body="Thank you for the tips so far. We are following several leads."
                )
                services.mark_case_solved(case, actor=officer, note=solved)
            created[number] = case
        return created
