"""Cross-document identity of actors: which entities of different articles are the same actor."""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

from rasd.document import Entity
from rasd.normalize import normalize_form


def _fallback_actor_key(entity: Entity) -> str:
    """The knowledge-base id when the entity is linked, else its type and normalised name.

    Normalisation folds the spellings news sites mix (أردوغان/اردوغان, السعودية/السعوديه), so one
    actor gets one key; white space is collapsed so "الأمم  المتحدة" and "الأمم المتحدة" agree.
    """
    if entity.kb_id:
        return f"kb:{entity.kb_id}"
    return f"{entity.type}:{' '.join(normalize_form(entity.name).split())}"


@lru_cache(maxsize=1)
def _resolve() -> Callable[[Entity], str]:
    # The entities layer owns the definition once it exists (it knows aliases); until then, ours.
    try:
        from rasd.entities import actor_key as entities_actor_key  # type: ignore[attr-defined]
    except ImportError:
        return _fallback_actor_key
    return entities_actor_key


def actor_key(entity: Entity) -> str:
    """The key that identifies the real-world actor of an entity across documents."""
    return _resolve()(entity)[:400]
