"""The categories a new installation starts with (the analyst can edit them in admin).

Their names are stored in English and shown in the reader's language (Category.__str__): they
are marked here so that `make messages` puts them in the catalog. A category the analyst adds
or renames shows as typed, in every language.
"""

from django.db.models import Model
from django.utils.translation import gettext_noop

CATEGORIES = [
    (gettext_noop("Larceny"), "larceny"),
    (gettext_noop("Burglary"), "burglary"),
    (gettext_noop("Robbery"), "robbery"),
    (gettext_noop("Assault"), "assault"),
    (gettext_noop("Vandalism"), "vandalism"),
    (gettext_noop("Fraud"), "fraud"),
    (gettext_noop("Vehicle theft"), "vehicle-theft"),
    (gettext_noop("Missing person"), "missing-person"),
    (gettext_noop("Wanted person"), "wanted-person"),
    (gettext_noop("Other"), "other"),
]


def ensure_categories(category_model: type[Model]) -> None:
    for name, slug in CATEGORIES:
        category_model.objects.get_or_create(slug=slug, defaults={"name": name})
