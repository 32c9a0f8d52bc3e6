"""The PLOVER ontology as data: event types, their modes, general contexts, CAMEO root codes.

PLOVER (the successor of CAMEO) codes an event as type + mode + context ("what-how-why"). The
table lives in ``data/events/ontology.toml``; this module loads it once and answers questions
about it, so no other module hard-codes a type list.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rasd.normalize import normalize_form
from rasd.resources import load_toml

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT",
)


@dataclass(frozen=True)
class EventType:
    name: str
    cameo_root: str
    description: str
    modes: tuple[str, ...]
    symmetric: bool
    target_preps: frozenset[str]
    place_target: frozenset[str]


@dataclass(frozen=True)
class Ontology:
    version: int
    types: dict[str, EventType]
    contexts: tuple[str, ...]
    context_cues: dict[str, tuple[str, ...]]

    def cameo_root(self, event_type: str) -> str | None:
        t = self.types.get(event_type)
        return t.cameo_root if t else None


@lru_cache(maxsize=1)
def ontology() -> Ontology:
    """The shipped ontology (``data/events/ontology.toml``), checked against PLOVER's 16 types."""
    data = load_toml("events/ontology.toml")
    types = {}
    for name, t in data["types"].items():
        types[name] = EventType(
            name=name,
            cameo_root=str(t["cameo_root"]),
            description=t.get("description", ""),
            modes=tuple(t.get("modes", [])),
            symmetric=bool(t.get("symmetric", False)),
            target_preps=frozenset(normalize_form(p) for p in t.get("target_preps", [])),
            place_target=frozenset(normalize_form(p) for p in t.get("place_target", [])),
        )
    if set(types) != set(PLOVER_TYPES):
        raise ValueError(f"ontology.toml: types {sorted(set(types) ^ set(PLOVER_TYPES))} differ from PLOVER's 16")
    cues = {ctx: tuple(normalize_form(w) for w in words) for ctx, words in data.get("context_cues", {}).items()}
    return Ontology(version=int(data["version"]), types=types, contexts=tuple(data["contexts"]), context_cues=cues)


def cameo_root(event_type: str) -> str | None:
    """The CAMEO two-digit root code of a PLOVER type (CONSULT -> "04")."""
    return ontology().cameo_root(event_type)
