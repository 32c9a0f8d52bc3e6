"""Score extraction against gold files exactly as ``../shared/eval/FORMAT.md`` says.

Document-level precision/recall/F1, micro-averaged over documents: each document's predictions
are matched one-to-one to its gold records, and tp/pred/gold counts are summed over documents.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from rasd.document import Document

SYMMETRIC_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE"})
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "MISC")
_CLITICS = "وفبلك"
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None})


def eval_normalize(s: str) -> str:
    """FORMAT.md's normalisation: no diacritics or tatweel, folded alef/ya/ta marbuta, no
    punctuation or quotes, case folded, white space collapsed."""
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    s = s.translate(_FOLD)
    s = "".join(" " if unicodedata.category(c)[0] in "PSZC" else c for c in s)
    return " ".join(s.casefold().split())


def surface_forms(text: str) -> set[str]:
    """A surface form, and the same with one leading clitic and/or a leading ال or لل removed."""
    f = eval_normalize(text)
    if not f:
        return set()
    forms = {f}
    stems = [f]
    if len(f) > 2 and f[0] in _CLITICS:
        stems.append(f[1:])
    for s in stems:
        forms.add(s)
        if len(s) > 3 and (s.startswith("ال") or s.startswith("لل")):
            forms.add(s[2:])
    return {x for x in forms if x}


@dataclass
class Score:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "pred": self.pred,
            "gold": self.gold,
        }


def max_matching(preds: Sequence[Any], golds: Sequence[Any], match: Callable[[Any, Any], bool]) -> int:
    """Size of a maximum one-to-one matching (augmenting paths; the lists are small)."""
    edges = [[j for j, g in enumerate(golds) if match(p, g)] for p in preds]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(1 for i in range(len(preds)) if augment(i, set()))


@dataclass
class _Actor:
    type: str
    forms: set[str]
    name_en: str | None


def _pred_actor(doc: Document, entity_id: str | None) -> _Actor | None:
    e = doc.entity(entity_id)
    if e is None:
        return None
    forms: set[str] = set()
    for t in [m.text for m in e.mentions] + [e.name] + ([e.name_en] if e.name_en else []):
        forms |= surface_forms(t)
    return _Actor(e.type, forms, (e.name_en or "").casefold() or None)


def _gold_actor(g: dict[str, Any]) -> _Actor:
    forms: set[str] = set()
    for a in g.get("aliases", []):
        forms |= surface_forms(a)
    return _Actor(g["type"], forms, (g.get("name_en") or "").casefold() or None)


def _same_actor(p: _Actor | None, g: _Actor | None) -> bool:
    if p is None or g is None:
        return p is None and g is None
    return bool(p.forms & g.forms) or (p.name_en is not None and p.name_en == g.name_en)


def _type_class(t: str) -> str:
    return "GPE" if t in ("GPE", "LOC") else t


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=dict)
    documents: int = 0
    missing: list[str] = field(default_factory=list)

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "missing": self.missing,
            "scores": {k: v.to_dict() for k, v in self.scores.items()},
        }


ROWS = (
    "entities",
    "entities_typed",
    *(f"entities_{t}" for t in ENTITY_TYPES),
    "amounts",
    "dates",
    "events_strict",
    "events_lenient",
    "events_typed_only",
)


def score_document(doc: Document | None, gold: dict[str, Any], report: Report) -> None:
    for row in ROWS:
        report.score(row)
    gold_entities = [_gold_actor(g) for g in gold.get("entities", [])]
    if doc is None:
        doc = Document(text=gold.get("text") or " ", id=gold.get("id", ""))
        report.missing.append(gold.get("id", "?"))
    pred_entities = [a for a in (_pred_actor(doc, e.id) for e in doc.entities) if a is not None]

    def ent_score(name: str, preds: list[_Actor], golds: list[_Actor], typed: bool) -> None:
        match = (lambda p, g: _same_actor(p, g) and _type_class(p.type) == _type_class(g.type)) if typed else _same_actor
        report.score(name).add(max_matching(preds, golds, match), len(preds), len(golds))

    no_misc_p = [p for p in pred_entities if p.type != "MISC"]
    no_misc_g = [g for g in gold_entities if g.type != "MISC"]
    ent_score("entities", no_misc_p, no_misc_g, typed=False)
    ent_score("entities_typed", no_misc_p, no_misc_g, typed=True)
    for t in ENTITY_TYPES:
        ent_score(f"entities_{t}", [p for p in pred_entities if p.type == t], [g for g in gold_entities if g.type == t], typed=False)

    pred_amounts = [a for a in doc.amounts if a.unit and a.value is not None]
    gold_amounts = gold.get("amounts", [])

    def amount_match(p: Any, g: dict[str, Any]) -> bool:
        if str(p.unit).casefold() != str(g.get("unit")).casefold():
            return False
        gv = float(g["value"])
        return abs(float(p.value) - gv) <= 0.005 * abs(gv) if gv else float(p.value) == 0.0

    report.score("amounts").add(max_matching(pred_amounts, gold_amounts, amount_match), len(pred_amounts), len(gold_amounts))

    pred_dates = [d.value for d in doc.dates if d.value]
    gold_dates = [d["value"] for d in gold.get("dates", [])]
    report.score("dates").add(max_matching(pred_dates, gold_dates, lambda p, g: p == g), len(pred_dates), len(gold_dates))

    by_name = {(g.get("name_en") or "").casefold(): a for g, a in zip(gold.get("entities", []), gold_entities)}

    def gold_role(name: str | None) -> _Actor | None:
        if not name:
            return None
        return by_name.get(name.casefold()) or _Actor("", set(), name.casefold())

    pred_events = [(e.type, _pred_actor(doc, e.source), _pred_actor(doc, e.target)) for e in doc.events]
    gold_events = [(g["type"], gold_role(g.get("source")), gold_role(g.get("target"))) for g in gold.get("events", [])]

    def strict(p: tuple, g: tuple) -> bool:
        if p[0] != g[0]:
            return False
        if _same_actor(p[1], g[1]) and _same_actor(p[2], g[2]):
            return True
        return p[0] in SYMMETRIC_TYPES and _same_actor(p[1], g[2]) and _same_actor(p[2], g[1])

    def lenient(p: tuple, g: tuple) -> bool:
        if p[0] != g[0]:
            return False
        return any(pa is not None and ga is not None and _same_actor(pa, ga) for pa in p[1:] for ga in g[1:])

    n_p, n_g = len(pred_events), len(gold_events)
    report.score("events_strict").add(max_matching(pred_events, gold_events, strict), n_p, n_g)
    report.score("events_lenient").add(max_matching(pred_events, gold_events, lenient), n_p, n_g)
    report.score("events_typed_only").add(max_matching(pred_events, gold_events, lambda p, g: p[0] == g[0]), n_p, n_g)
    report.documents += 1


def load_gold(gold_dir: Path) -> list[dict[str, Any]]:
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no gold files (*.json) in {gold_dir}")
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def evaluate(gold_dir: Path | str, extract_fn: Callable[..., Document] | None = None) -> Report:
    """Extract every gold file's ``text`` with its ``published`` date and score the result."""
    from rasd.pipeline import extract

    extract_fn = extract_fn or extract
    report = Report()
    for gold in load_gold(Path(gold_dir)):
        try:
            doc = extract_fn(gold["text"], published=gold.get("published"), id=gold.get("id"))
        except ValueError:
            doc = None
        score_document(doc, gold, report)
    return report


def evaluate_documents(docs: Iterable[Document], golds: Iterable[dict[str, Any]]) -> Report:
    """Score documents already extracted (matched to gold files by id)."""
    by_id = {d.id: d for d in docs}
    report = Report()
    for gold in golds:
        score_document(by_id.get(gold.get("id")), gold, report)
    return report


def format_table(report: Report) -> str:
    lines = [f"{'layer':<20}{'P':>8}{'R':>8}{'F1':>8}{'tp':>7}{'pred':>7}{'gold':>7}"]
    for row in ROWS:
        s = report.scores.get(row, Score())
        lines.append(f"{row:<20}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.tp:>7}{s.pred:>7}{s.gold:>7}")
    lines.append(f"{report.documents} documents" + (f", {len(report.missing)} not extracted" if report.missing else ""))
    return "\n".join(lines)
