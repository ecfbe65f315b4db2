from django.db import migrations

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


def add_categories(apps, schema_editor):
    Category = apps.get_model("cases", "Category")
    for name, slug in CATEGORIES:
        Category.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
