import django.contrib.postgres.search
from django.db import migrations, models

import cases.models

# GIN is PostgreSQL's; SQLite has no text search (CaseQuerySet.search falls back to matching words
# there), so the index lives outside the model state and is made on PostgreSQL only.
INDEX = "case_search_document_idx"


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'CREATE INDEX "{INDEX}" ON "cases_case" USING gin ("search_document")')


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_case_published_idx")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=cases.models.SearchDocument("title", "summary", "location_text"),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.RunPython(create_search_index, drop_search_index, elidable=False),
    ]
