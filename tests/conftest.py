"""Shared fixtures. Tests that read ../shared (seeds, gold sets, corpora) skip when it is absent."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# The property tests run with fixed examples by default, so that a red run is reproducible and a green
# one does not depend on luck; RASD_HYPOTHESIS=explore makes them try new examples on every run (do
# that when working on a parser). No deadlines: a loaded 2-core machine makes per-example timing
# meaningless.
settings.register_profile("fixed", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile("explore" if os.environ.get("RASD_HYPOTHESIS") == "explore" else "fixed")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips the calling test with a clear reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the read-only ../shared folder beside the project, present in CI)")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return shared_path("seeds")


@pytest.fixture
def seed_gold() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(shared_path("seeds", "gold").glob("*.json"))]


@pytest.fixture
def dev_gold() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(shared_path("dev", "gold").glob("*.json"))]
