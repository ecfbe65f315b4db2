from django.db import migrations


def add_categories(apps, schema_editor):
    from cases.defaults import ensure_categories

    ensure_categories(apps.get_model("cases", "Category"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
