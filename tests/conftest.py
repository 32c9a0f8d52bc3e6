"""Shared fixtures. Tests that read ../shared (seeds, gold sets, corpora) skip when it is absent."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests with fixed examples, so that a red run is reproducible and a green one
# does not depend on luck; locally they explore new examples on every run. No deadlines: a loaded
# 2-core machine makes per-example timing meaningless.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

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
