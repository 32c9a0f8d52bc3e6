"""Quality gate: `rasd eval` on the seed and dev gold sets must stay at or above the floors."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT, shared_path
from rasd.evaluate import evaluate, format_table

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FLOORS = tomllib.loads((ROOT / "tests" / "quality_floors.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("gold_set", ["seeds", "dev"])
def test_scores_at_or_above_floors(gold_set: str) -> None:
    gold_dir = shared_path(gold_set, "gold") if gold_set == "seeds" else shared_path("dev", "gold")
    report = evaluate(gold_dir)
    below = {
        row: (round(report.scores[row].f1, 4), floor)
        for row, floor in FLOORS[gold_set].items()
        if report.scores[row].f1 < floor
    }
    assert not below, f"below the floor on {gold_set} (f1, floor): {below}\n{format_table(report)}"
