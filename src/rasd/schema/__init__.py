"""The JSON Schema of the output contract (docs/output.md)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    return json.loads(resources.files("rasd.schema").joinpath("document.schema.json").read_text(encoding="utf-8"))


def validate_document(data: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when ``data`` does not follow the contract."""
    import jsonschema

    jsonschema.validate(data, load_schema())
