# The threat model's building blocks and rules, and what becomes of patterns written for the old macros.

import re

from django.db import migrations

# The regular-expression macros the classifier had before the threat model; patterns that used them
# no longer compile.
OLD_MACROS = re.compile(r"\{(?:pron|noun|place|det|intent|command|marker|harm|target_word|person|target|violence)\}")


def adopt_the_threat_model(apps, schema_editor):
    from moderation.lexicon_defaults import seed_default_terms

    Term = apps.get_model("moderation", "ModerationTerm")
    for term in Term.objects.filter(match="pattern", text__contains="{"):
        if not OLD_MACROS.search(term.text):
            continue
        if term.updated_by_id is None and term.note == "default list":
            term.delete()  # an untouched default: the threat model's rules replace it
        else:  # a moderator's own pattern: kept, switched off, with the reason
            term.is_active = False
            term.note = "Switched off: it used a macro the threat model replaced; rewrite it as a rule."
            term.save(update_fields=["is_active", "note"])
    seed_default_terms(Term)



class Migration(migrations.Migration):
    dependencies = [("moderation", "0005_threat_model")]

    operations = [migrations.RunPython(adopt_the_threat_model, migrations.RunPython.noop)]
