from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_still_renditions_shared_choices")]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("is_published", True)),
                fields=["-published_at", "-id", "status", "area", "category"],
                name="case_published_idx",
            ),
        ),
    ]
