"""Access to the data files shipped under ``rasd/data`` (lexicons, rules, samples, models)."""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def data_path(*parts: str) -> Path:
    """Path of a file or folder under ``rasd/data``."""
    return Path(str(resources.files("rasd").joinpath("data", *parts)))


@lru_cache(maxsize=None)
def load_toml(name: str) -> dict[str, Any]:
    with data_path(name).open("rb") as f:
        return tomllib.load(f)


@lru_cache(maxsize=None)
def load_json(name: str) -> Any:
    with data_path(name).open("r", encoding="utf-8") as f:
        return json.load(f)


def sample_paragraphs() -> list[str]:
    """Body paragraphs of the bundled sample articles, without the boilerplate lines they carry to
    exercise the cleaner: material for synthetic corpora in tests and benchmarks."""
    from rasd.clean import clean_text

    out = []
    for line in data_path("samples", "articles.jsonl").read_text(encoding="utf-8").splitlines():
        for paragraph in json.loads(line)["text"].splitlines():
            if len(paragraph) > 20 and not clean_text(paragraph)[1]:
                out.append(paragraph.strip())
    return out
