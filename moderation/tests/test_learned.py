"""The learned threat model: trained only on the project's labelled comments, retrained by a command,
measured beside the rules (it holds nothing itself)."""

import json

from django.core.management import call_command

from moderation.classifier import Term, compile_lexicon
from moderation.learned import ROUNDS_FILE, ThreatModel, labelled_rows, worked_rows
from moderation.lexicon_defaults import DEFAULT_TERMS

SHIPPED = compile_lexicon(Term(*row) for row in DEFAULT_TERMS)


def test_the_command_trains_on_the_worked_rounds_and_writes_weights_that_load(tmp_path):
    output = tmp_path / "model.json"
    call_command("train_threat_model", output=output, stdout=open(tmp_path / "out.txt", "w"))  # noqa: SIM115
    model = ThreatModel.load(output)
    assert model.is_threat(SHIPPED, "I'm going to stab that snitch when he gets out.")
    assert not model.is_threat(SHIPPED, "Thank you officers for finding my bike so fast.")
    rows = worked_rows(labelled_rows())
    assert f"Trained on {len(rows)} comments" in (tmp_path / "out.txt").read_text()


def test_a_fresh_probe_nobody_has_worked_on_is_left_out_of_training_and_test_targets():
    rounds = json.loads(ROUNDS_FILE.read_text())["rounds"]
    rows = labelled_rows()
    kept = worked_rows(rows)
    for row in rows:
        if "round" in row:
            assert (row in kept) == bool(rounds.get(str(row["round"]), {}).get("worked"))


def test_the_shipped_weights_load():
    model = ThreatModel.load()
    assert model.weights and 0 < model.threshold < 1
