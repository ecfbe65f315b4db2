"""Comment moderation benchmark: TipPortal's classifier against better-profanity and
alt-profanity-check on the labelled set in moderation/evaluation/comments.jsonl, then the
classifier's latency on a 500-character comment.

    .venv/bin/pip install -r bench/requirements.txt   # the two comparators
    .venv/bin/python bench/moderation.py

TipPortal runs with the default word lists (the rows the migration seeds). A comparator that is
not installed is skipped with the reason printed. Splits: `tuning` (the rules were written against
it), `holdout` (written with it, never tuned on), `probe` to `probe5` (earlier rounds), and
`round1`, `round2`, ... (rows with a "round" field: the threat model's fresh probes, each written
and committed before that round's rule changes). A probe is out of sample only at its first
measurement: moderation/evaluation/rounds.json records it (and the commit that added the probe says
it), and the bench prints it beside the figures after the round's rules, with the learned threat
model (moderation/learned.py) beside the rules. The semantic models measured beside them, which
did not earn a place in the classifier, have their own bench: bench/semantic_model.py.
"""

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from moderation.classifier import REASONS, THREAT, Term, compile_lexicon  # noqa: E402
from moderation.learned import ThreatModel  # noqa: E402
from moderation.lexicon_defaults import DEFAULT_TERMS  # noqa: E402

SET = ROOT / "moderation" / "evaluation" / "comments.jsonl"
ROUNDS = ROOT / "moderation" / "evaluation" / "rounds.json"
FAIR = ("fair", "criticism", "joke", "crime")
CLASSES = (*FAIR, "profanity", "threat", "personal", "spam")


def comparators() -> dict[str, Callable[[str], bool]]:
    found: dict[str, Callable[[str], bool]] = {}
    lexicon = compile_lexicon(Term(*row) for row in DEFAULT_TERMS)
    found["TipPortal"] = lambda text: lexicon.classify(text).held
    try:
        from better_profanity import profanity

        profanity.load_censor_words()
        found["better-profanity"] = profanity.contains_profanity
    except ImportError as error:
        print(f"skipping better-profanity: {error} (pip install -r bench/requirements.txt)")
    try:
        import warnings

        warnings.filterwarnings("ignore")  # the bundled model warns about its scikit-learn version
        from profanity_check import predict

        found["alt-profanity-check"] = lambda text: bool(predict([text])[0])
    except ImportError as error:
        print(f"skipping alt-profanity-check: {error} (pip install -r bench/requirements.txt)")
    return found


def held_rates(rows: list[dict], systems: dict[str, Callable[[str], bool]]) -> None:
    print(f"\nHeld rate per class ({len(rows)} comments; fair classes should be near 0%, the rest near 100%)")
    print(f"{'class':<12}{'n':>5}" + "".join(f"{name:>22}" for name in systems))
    held = {name: [check(row["text"]) for row in rows] for name, check in systems.items()}
    for cls in CLASSES:
        index = [i for i, row in enumerate(rows) if row["class"] == cls]
        cells = "".join(f"{sum(held[name][i] for i in index) / len(index):>21.0%} " for name in systems)
        print(f"{cls:<12}{len(index):>5}{cells}")
    print()
    for label, keep in (
        ("profane+threat held", lambda r: r["class"] in ("profanity", "threat")),
        ("all harmful held", lambda r: r["action"] == "hold"),
    ):
        index = [i for i, row in enumerate(rows) if keep(row)]
        print(f"{label:<17}" + "".join(f"{sum(held[n][i] for i in index) / len(index):>22.1%}" for n in systems))
    fair = [i for i, row in enumerate(rows) if row["class"] in FAIR]
    print(f"{'false holds':<17}" + "".join(f"{f'{sum(held[n][i] for i in fair)} of {len(fair)}':>22}" for n in systems))


def per_reason(rows: list[dict]) -> None:
    lexicon = compile_lexicon(Term(*row) for row in DEFAULT_TERMS)
    verdicts = [lexicon.classify(row["text"]) for row in rows]
    print("\nTipPortal precision and recall per reason")
    for split in ("all", *dict.fromkeys(row["split"] for row in rows)):
        chosen = [(row, v) for row, v in zip(rows, verdicts, strict=True) if split == "all" or row["split"] == split]
        print(f"  {split} ({len(chosen)} comments)")
        for reason in REASONS:
            tp = sum(reason in row["reasons"] and reason in v.reasons for row, v in chosen)
            fp = sum(reason not in row["reasons"] and reason in v.reasons for row, v in chosen)
            fn = sum(reason in row["reasons"] and reason not in v.reasons for row, v in chosen)
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / (tp + fn) if tp + fn else 1.0
            print(f"    {reason:<14} precision {precision:6.1%}  recall {recall:6.1%}  (n={tp + fn})")
        threats = [(row, v) for row, v in chosen if "threat" in row["reasons"]]
        labelled = sum("threat" in v.reasons for _, v in threats)
        print(f"    threats labelled threat: {labelled}/{len(threats)}")


def latency_comment() -> str:
    """A fair 500-character comment: a sighting, criticism of the police and thanks."""
    return (
        "I drive past that gas station every morning on the way to work and I think I saw a dark blue pickup "
        "parked behind the dumpsters around 6:30 on Tuesday, the week this happened. The driver was wearing a "
        "grey hoodie like the one in the still, but I only saw him from the side. Honestly the response time "
        "in this part of town is a joke, we called twice last year about the break-ins and nobody came for an "
        "hour. Still, thank you for posting the pictures, somebody will recognise him. Sharing with our group."
    )[:500]


def latency() -> None:
    lexicon = compile_lexicon(Term(*row) for row in DEFAULT_TERMS)
    fair = latency_comment()
    held = (fair[:440] + " f*ck this, we know where he lives and we'll handle it.")[:500]
    print(f"  machine load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall time includes waiting)")
    for label, text in (("fair 500-char comment", fair), ("held 500-char comment", held)):
        for _ in range(200):
            lexicon.classify(text)
        wall, cpu = [], []
        for _ in range(3000):
            start, start_cpu = time.perf_counter_ns(), time.thread_time_ns()
            lexicon.classify(text)
            cpu.append((time.thread_time_ns() - start_cpu) / 1e6)
            wall.append((time.perf_counter_ns() - start) / 1e6)
        for kind, samples in (("wall", wall), ("cpu", cpu)):
            samples.sort()
            p50, p99 = statistics.median(samples), samples[int(len(samples) * 0.99)]
            verdict = "OK" if p99 < 5 else "OVER TARGET"
            print(f"  {label}, {kind}: p50 {p50:.3f} ms, p99 {p99:.3f} ms  [{verdict}: p99 < 5 ms]")


def _figures(rows: list[dict], is_threat: Callable[[str], bool], held: Callable[[str], bool]) -> dict:
    threats = [row for row in rows if row["class"] == "threat"]
    fair = [row for row in rows if row["class"] in FAIR]
    return {
        "threats": [sum(is_threat(row["text"]) for row in threats), len(threats)],
        "fair_held": [sum(held(row["text"]) for row in fair), len(fair)],
    }


def _cell(figures: dict | None) -> str:
    if not figures:
        return f"{'-':>30}"
    (t, nt), (f, nf) = figures["threats"], figures["fair_held"]
    return f"{f'{t}/{nt} ({t / nt:.0%}), {f}/{nf} ({f / nf:.1%})':>30}"


def fresh_probes(rows: list[dict]) -> None:
    """Each round's fresh probe: threats labelled `threat` and fair comments held, before that round's rule
    changes (recorded in rounds.json: they cannot be measured again once the rules change; measured here for
    a round nobody has worked on yet) and after them, with the learned model beside the rules."""
    rounds = sorted({row["round"] for row in rows if "round" in row})
    if not rounds:
        return
    record = json.loads(ROUNDS.read_text())["rounds"]
    lexicon = compile_lexicon(Term(*row) for row in DEFAULT_TERMS)
    rules = (lambda text: THREAT in lexicon.classify(text).reasons, lambda text: lexicon.classify(text).held)
    shipped = ThreatModel.load()
    print("Fresh probes (targets on the latest: >= 90% of threats labelled threat, <= 2% of fair comments held)")
    print("  each cell: threats labelled threat, fair comments held")
    print(f"  {'round':<10}{'rules before':>30}{'rules after':>30}{'learned before':>30}{'learned after':>30}")
    for number in rounds:
        chosen = [row for row in rows if row.get("round") == number]
        entry = record.get(str(number), {})
        worked = entry.get("worked", False)
        rules_now = _figures(chosen, *rules)
        learned_before = entry.get("learned_before")
        if learned_before is None:  # a probe nobody has worked on: train on everything else, then measure
            model = ThreatModel.train(lexicon, [row for row in rows if row.get("round") != number])
            learned_before = _figures(chosen, *(lambda text, m=model: m.is_threat(lexicon, text),) * 2)
        learned_now = _figures(chosen, *(lambda text: shipped.is_threat(lexicon, text),) * 2) if worked else None
        label = f"{number}" + ("" if worked else " (fresh)") + ("" if learned_before.get("fresh", True) else "*")
        print(
            f"  {label:<10}{_cell(entry.get('before') or rules_now)}{_cell(rules_now if worked else None)}"
            f"{_cell(learned_before)}{_cell(learned_now)}"
        )
    print("  * the learned model measured after the fact, with building blocks that had seen the probe")
    print("  learned after: the shipped weights, trained on the worked rounds (in sample)")
    print("  rules after: today's rules (rounds.json keeps each round's own after-figure from round 6 on)")
    print("  the semantic models (static MiniLM word vectors, MiniLM): bench/semantic_model.py; neither ships")


def main() -> None:
    rows = [json.loads(line) for line in SET.read_text().splitlines() if line.strip()]
    fresh_probes(rows)
    held_rates(rows, comparators())
    per_reason(rows)
    print("\nTipPortal classifier latency (one process, compiled word lists)")
    latency()


if __name__ == "__main__":
    main()
