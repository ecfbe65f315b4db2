"""Originals move to a storage of their own, with no URL (media/storage.py): each existing
still's image and video's upload is moved there under the same name (so no row changes), and
each uploaded video waits for the worker to make its public copy without metadata (the beat
sweep queues it within minutes). Safe to run again after an interruption; see
docs/privacy-and-delivery.md."""

from django.db import migrations, models

import media.storage


def _originals(apps):
    Still = apps.get_model("cases", "Still")
    Video = apps.get_model("cases", "Video")
    return [*Still.objects.values_list("image", flat=True), *Video.objects.exclude(file="").values_list("file", flat=True)]


def keep_originals_private(apps, schema_editor):
    media.storage.move_to_originals(_originals(apps))
    apps.get_model("cases", "Video").objects.exclude(file="").update(renditions_status="pending")


def make_originals_public_again(apps, schema_editor):
    media.storage.move_files(
        _originals(apps), source=media.storage.originals(), target=media.storage.default_storage
    )


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_case_search_document'),
    ]

    operations = [
        migrations.AddField(
            model_name='video',
            name='public_file',
            field=models.FileField(blank=True, editable=False, upload_to='', verbose_name='video for the public'),
        ),
        migrations.AddField(
            model_name='video',
            name='renditions_status',
            field=models.CharField(choices=[('none', 'No image'), ('pending', 'Being prepared'), ('ready', 'Ready'), ('failed', 'Failed')], default='none', editable=False, max_length=10, verbose_name='preparation'),
        ),
        migrations.AlterField(
            model_name='still',
            name='image',
            field=models.ImageField(storage=media.storage.originals, upload_to=media.storage.upload_original, verbose_name='image'),
        ),
        migrations.AlterField(
            model_name='video',
            name='file',
            field=models.FileField(blank=True, help_text='MP4 or WebM.', storage=media.storage.originals, upload_to=media.storage.upload_original, verbose_name='video file'),
        ),
        migrations.RunPython(keep_originals_private, make_originals_public_again, elidable=False),
    ]
