"""Post images' originals move to a storage of their own, with no URL (media/storage.py), under
the same names. Safe to run again after an interruption; see docs/privacy-and-delivery.md."""

from django.db import migrations, models

import media.storage


def _originals(apps):
    return list(apps.get_model("community", "Post").objects.exclude(image="").values_list("image", flat=True))


def keep_originals_private(apps, schema_editor):
    media.storage.move_to_originals(_originals(apps))


def make_originals_public_again(apps, schema_editor):
    media.storage.move_files(
        _originals(apps), source=media.storage.originals(), target=media.storage.default_storage
    )


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0002_post_published_at_help_text'),
    ]

    operations = [
        migrations.AlterField(
            model_name='post',
            name='image',
            field=models.ImageField(blank=True, storage=media.storage.originals, upload_to=media.storage.upload_original, verbose_name='image'),
        ),
        migrations.RunPython(keep_originals_private, make_originals_public_again, elidable=False),
    ]
