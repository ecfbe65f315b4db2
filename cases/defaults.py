"""The categories a new installation starts with (the analyst can edit them in admin)."""

from django.db.models import Model

CATEGORIES = [
    ("Larceny", "larceny"),
    ("Burglary", "burglary"),
    ("Robbery", "robbery"),
    ("Assault", "assault"),
    ("Vandalism", "vandalism"),
    ("Fraud", "fraud"),
    ("Vehicle theft", "vehicle-theft"),
    ("Missing person", "missing-person"),
    ("Wanted person", "wanted-person"),
    ("Other", "other"),
]


def ensure_categories(category_model: type[Model]) -> None:
    for name, slug in CATEGORIES:
        category_model.objects.get_or_create(slug=slug, defaults={"name": name})
