"""`python manage.py train_threat_model`: retrain the learned threat model on the labelled set.

Trains on moderation/evaluation/comments.jsonl with the shipped building blocks, leaving out any
fresh probe nobody has worked on yet (rounds.json), and writes the weights to
moderation/evaluation/threat_model.json. The model is measured beside the rules by
bench/moderation.py; it does not hold comments.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from moderation.classifier import Term, compile_lexicon
from moderation.learned import MODEL_FILE, ThreatModel, labelled_rows, worked_rows
from moderation.lexicon_defaults import DEFAULT_TERMS


class Command(BaseCommand):
    help = "Retrain the learned threat model on the project's labelled comments."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", type=Path, default=MODEL_FILE, help="Where to write the weights.")

    def handle(self, *args, output: Path = MODEL_FILE, **options) -> None:
        rows = worked_rows(labelled_rows())
        lexicon = compile_lexicon(Term(*row) for row in DEFAULT_TERMS)
        model = ThreatModel.train(lexicon, rows)
        model.save(output)
        threats = sum("threat" in row["reasons"] for row in rows)
        self.stdout.write(
            f"Trained on {len(rows)} comments ({threats} threats), {len(model.weights)} weights, written to "
            f"{output.name}."
        )
