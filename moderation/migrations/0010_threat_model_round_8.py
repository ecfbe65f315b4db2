# The threat model's round 8 (new blocks, block entries and rules), added to databases that already have
# rounds 4 to 7: every shipped default that is missing is added, as 0008 did.

from django.db import migrations

# Default rows a later default replaced, deleted only where no moderator edited them.
REPLACED = [
    ("{warning}", "threat", "rule", ""),
    ("dead man walking", "threat", "word", ""),
    ("dead man walking", "block", "exact", "warning"),
    ("lives|living|staying on|in|at|off|by", "block", "exact", "located"),
    (
        r"\b(?:we'?re|were|i'?m|im) coming (?:for|after) (?:you|u|ya|him|her|them|every|all|the|that|this)\b"
        r"|\b(?:better|should) (?:hide|run)\b[^.!?]{0,20}\bcoming",
        "threat",
        "pattern",
        "",
    ),
    (
        r"\byou(?:'?re| are) (?:so )?(?:dead|next|a dead man|finished|done for)\b|\b(?:is|'s) a dead man\b",
        "threat",
        "pattern",
        "",
    ),
]


def add_round_8(apps, schema_editor):
    from moderation.lexicon_defaults import seed_default_terms

    Term = apps.get_model("moderation", "ModerationTerm")
    for text, category, match, block in REPLACED:
        Term.objects.filter(
            text=text, category=category, match=match, block=block, note="default list", updated_by=None
        ).delete()
    seed_default_terms(Term)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0009_threat_reports_and_site_premoderation")]

    operations = [migrations.RunPython(add_round_8, migrations.RunPython.noop)]
