"""`python manage.py moderate`: the classifier as a filter, for evaluation.

Reads JSON Lines on stdin (objects with a `text` field), writes one JSON object per line to stdout
in the same order: {"action": "publish" | "hold", "reasons": [...]}. It reads the word lists from
the database and writes nothing anywhere else. A line that is not valid JSON or has no text gets
{"error": ...} so the output stays aligned with the input.
"""

import json
import sys

from django.core.management.base import BaseCommand

from moderation.classifier import compile_lexicon
from moderation.lexicon import load_terms


class Command(BaseCommand):
    help = "Classify JSON Lines comments from stdin; print one JSON verdict per line."
    stealth_options = ("stdin",)

    def handle(self, *args, **options) -> None:
        lexicon = compile_lexicon(load_terms())
        stdin = options.get("stdin") or sys.stdin
        for line in stdin:
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = item["text"]
                if not isinstance(text, str):
                    raise TypeError
            except (ValueError, KeyError, TypeError):
                self.stdout.write(json.dumps({"error": "each line must be a JSON object with a text string"}))
                continue
            self.stdout.write(json.dumps(lexicon.classify(text).as_dict()))
