"""Cross-key policy rules are enforced when a policy is loaded or saved, naming the key."""
from __future__ import annotations

import pytest

from kamtools.policy import PolicyError, load_policy, save_policy


def test_weights_not_adding_up_are_rejected_at_load_and_save(tmp_path):
    pol = load_policy(None)
    bad = {"credit": {"weights": {**pol["credit"]["weights"]}}}
    first = next(iter(bad["credit"]["weights"]))
    bad["credit"]["weights"][first] += 12
    with pytest.raises(PolicyError, match="credit.weights"):
        load_policy(bad)
    target = tmp_path / "p.yml"
    with pytest.raises(PolicyError, match="credit.weights"):
        save_policy(bad, target)
    assert not target.exists()


def test_user_file_with_grades_out_of_order_names_file_and_key(tmp_path):
    path = tmp_path / "mine.yml"
    path.write_text("credit:\n  grades: {AAA: 50, AA: 80, A: 40, BBB: 30, BB: 20, B: 10, C: 0}\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"mine\.yml.*credit\.grades"):
        load_policy(path)
