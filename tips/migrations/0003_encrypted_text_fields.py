# The encrypted bodies become EncryptedTextFields named for what they hold; the columns keep their
# names and their tokens, so no row is rewritten (sqlmigrate shows no SQL).

from django.db import migrations

import tips.fields


def _encrypted(model_name, old_name, new_name, **options):
    return [
        migrations.AlterField(
            model_name=model_name,
            name=old_name,
            field=tips.fields.EncryptedTextField(db_column=old_name, editable=False, **options),
        ),
        migrations.RenameField(model_name=model_name, old_name=old_name, new_name=new_name),
    ]


class Migration(migrations.Migration):

    dependencies = [
        ('tips', '0002_tip_notifying_at'),
    ]

    operations = [
        *_encrypted('tip', 'body_encrypted', 'body'),
        *_encrypted('tip', 'when_where_encrypted', 'when_where', blank=True),
        *_encrypted('message', 'body_encrypted', 'body'),
        *_encrypted('note', 'body_encrypted', 'body'),
    ]
