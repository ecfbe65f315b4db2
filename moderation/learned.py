"""A small learned threat model, measured beside the rules (see docs/moderation.md).

Logistic regression in pure Python over the words of a comment (single words and pairs, after the
threat model's harmless idioms are blanked) and over which of the threat model's building blocks
match in it. It is trained only on the project's own labelled comments
(`moderation/evaluation/comments.jsonl`) by `python manage.py train_threat_model`, and stored as a
small JSON file of weights beside this module; nothing is downloaded. It does not hold comments:
`bench/moderation.py` reports it side by side with the rules on each fresh probe, and it may join
the rules only if it beats them there without holding more fair comments.
"""

from __future__ import annotations

import itertools
import json
import math
import random
from collections.abc import Iterable
from pathlib import Path

from .classifier import Lexicon, _chunks
from .grammar import tokens_of

EVALUATION = Path(__file__).resolve().parent / "evaluation"
MODEL_FILE = EVALUATION / "threat_model.json"
EVALUATION_SET = EVALUATION / "comments.jsonl"
ROUNDS_FILE = EVALUATION / "rounds.json"
# The building blocks whose presence is a feature: harm, its target, what lies ahead, and the evidence
# against. Block names, so a moderator's edits to a block reach the model at its next training.
BLOCK_FEATURES = (
    "harm_word", "harm_target", "ahead", "not_a_threat", "marked_target", "presence", "veiled_act", "violent_act",
    "weapon", "outcome", "wish", "intent", "predict", "warning", "weak_warning", "whereabouts", "family",
    "protected", "past_form", "condition", "second_person",
)  # fmt: skip
EPOCHS = 30
RATE = 0.1
L2 = 1e-4


def labelled_rows() -> list[dict]:
    return [json.loads(line) for line in EVALUATION_SET.read_text().splitlines() if line.strip()]


def worked_rows(rows: list[dict]) -> list[dict]:
    """The rows the rules have been changed after seeing: all but the fresh probes nobody has worked on yet
    (rounds.json marks a round `worked` once its rule changes are committed)."""
    rounds = json.loads(ROUNDS_FILE.read_text())["rounds"]
    return [row for row in rows if "round" not in row or rounds.get(str(row["round"]), {}).get("worked")]


def features(lexicon: Lexicon, text: str) -> set[str]:
    chunks = _chunks(text)
    tokens, sources = tokens_of((f"{c.lead}{c.core}{c.trail}", i) for i, c in enumerate(chunks))
    tokens, _ = lexicon.grammar.respell(tokens, sources)
    tokens = lexicon.grammar.blank_safe_idioms(tokens)
    found = {f"w:{word}" for word in tokens if word not in ("|", "_")}
    found |= {f"p:{a} {b}" for a, b in itertools.pairwise(tokens) if "|" not in (a, b)}
    found |= {f"b:{name}" for name in lexicon.grammar.blocks_present(tokens, BLOCK_FEATURES)}
    return found


class ThreatModel:
    def __init__(self, weights: dict[str, float], bias: float, threshold: float = 0.5) -> None:
        self.weights = weights
        self.bias = bias
        self.threshold = threshold

    def probability(self, lexicon: Lexicon, text: str) -> float:
        score = self.bias + sum(self.weights.get(feature, 0.0) for feature in features(lexicon, text))
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, score))))

    def is_threat(self, lexicon: Lexicon, text: str) -> bool:
        return self.probability(lexicon, text) >= self.threshold

    @classmethod
    def train(cls, lexicon: Lexicon, rows: Iterable[dict], *, seed: int = 12) -> ThreatModel:
        """Fit on labelled rows ({"text", "reasons"}); a threat is a row whose reasons name one."""
        examples = [(features(lexicon, row["text"]), 1.0 if "threat" in row["reasons"] else 0.0) for row in rows]
        weights: dict[str, float] = {}
        bias = 0.0
        order = list(range(len(examples)))
        shuffle = random.Random(seed).shuffle  # noqa: S311 (a repeatable order, not a secret)
        for _ in range(EPOCHS):
            shuffle(order)
            for index in order:
                found, label = examples[index]
                score = bias + sum(weights.get(feature, 0.0) for feature in found)
                error = label - 1 / (1 + math.exp(-max(-30.0, min(30.0, score))))
                bias += RATE * error
                for feature in found:
                    weight = weights.get(feature, 0.0)
                    weights[feature] = weight + RATE * (error - L2 * weight)
        return cls({f: round(w, 4) for f, w in weights.items() if abs(w) >= 1e-3}, round(bias, 4))

    def save(self, path: Path = MODEL_FILE) -> None:
        data = {"bias": self.bias, "threshold": self.threshold, "weights": dict(sorted(self.weights.items()))}
        path.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n")

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> ThreatModel:
        data = json.loads(path.read_text())
        return cls(data["weights"], data["bias"], data["threshold"])
