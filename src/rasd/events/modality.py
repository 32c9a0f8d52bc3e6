"""Modality, attribution and negation of an event, from cue words around its trigger.

Arabic marks these with words, not verb morphology that survives in unvocalised text:
- planned: intention verbs and nouns before the trigger (تعتزم تقديم, تخطط لاستثمار, من المقرر,
  رغبة في الاستثمار) or the future prefix سـ / the particle سوف (سيوقع, سوف يزور);
- reported: attribution to a named or unnamed source (وفقا لـ, نقلا عن, بحسب, ذكرت صحيفة ...,
  قالت مصادر); the named source becomes ``attributed_to``;
- denied: a denial before the event (نفى أن ..., لا صحة, غير صحيح); the event keeps its type;
- negated: a negation particle just before the trigger (لم يوقع, لن يزور, لا يدعم).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rasd.document import Token
from rasd.events.lexicon import verb_cue_forms
from rasd.normalize import normalize_form
from rasd.resources import load_toml

PLANNED_WINDOW = 5  # words before the trigger searched for an intention cue
NEGATION_WINDOW = 2
ATTRIBUTION_WINDOW = 4


@dataclass(frozen=True)
class ModalityCues:
    planned: frozenset[str]
    future_prefix: str
    reported_after: frozenset[str]
    report_verbs: frozenset[str]
    report_nouns: frozenset[str]
    denial_verbs: frozenset[str]
    denial_phrases: tuple[tuple[str, ...], ...]
    negation: frozenset[str]


def _forms(words: list[str]) -> frozenset[str]:
    return frozenset(normalize_form(w) for w in words)


@lru_cache(maxsize=1)
def modality_cues() -> ModalityCues:
    data = load_toml("events/modality.toml")
    return ModalityCues(
        planned=verb_cue_forms(data["planned"]["verbs"]) | _forms(data["planned"]["words"]),
        future_prefix=normalize_form(data["planned"]["future_prefix"]),
        reported_after=_forms(data["reported"]["after"]),
        report_verbs=verb_cue_forms(data["reported"]["report_verbs"]),
        report_nouns=_forms(data["reported"]["report_nouns"]),
        denial_verbs=verb_cue_forms(data["denied"]["verbs"]),
        denial_phrases=tuple(tuple(normalize_form(p).split()) for p in data["denied"]["phrases"]),
        negation=_forms(data["negation"]["particles"]),
    )


def token_forms(tok: Token) -> list[str]:
    """The normalised readings of a token: itself, then with clitics set aside."""
    out = [tok.norm]
    for _, f in tok.variants:
        if f not in out:
            out.append(f)
    return out


def _has(tok: Token, words: frozenset[str]) -> bool:
    return any(f in words for f in token_forms(tok))


def is_negated(tokens: list[Token], i: int, lo: int) -> bool:
    """A negation particle among the words just before token ``i`` (not before ``lo``)."""
    cues = modality_cues()
    # A particle is a word of its own (ولم, فلا with a conjunction at most): "كما" (as, also)
    # is ك + ما in form only, and "بما" (with what) is no negation either.
    return any(
        tokens[k].norm in cues.negation or (tokens[k].norm[:1] in ("و", "ف") and tokens[k].norm[1:] in cues.negation)
        for k in range(max(lo, i - NEGATION_WINDOW), i)
    )


def is_planned(tokens: list[Token], i: int, lo: int, kind: str) -> bool:
    """Future prefix on the trigger, or an intention word shortly before it."""
    cues = modality_cues()
    if kind == "future":
        return True
    return any(_has(tokens[k], cues.planned) for k in range(max(lo, i - PLANNED_WINDOW), i))


def denial_cues(tokens: list[Token], lo: int, hi: int) -> list[int]:
    """Positions of denial cues in tokens ``lo``..``hi``: a denial verb (نفى, تنفي) or phrase
    (لا صحة, غير صحيح, عار عن الصحة). Events told after one are denied."""
    cues = modality_cues()
    firsts = {p[0] for p in cues.denial_phrases}
    out = []
    for k in range(lo, hi):
        forms = token_forms(tokens[k])
        if any(f in cues.denial_verbs for f in forms):
            out.append(k)
            continue
        if not any(f in firsts for f in forms):
            continue
        for phrase in cues.denial_phrases:
            n = len(phrase)
            if phrase[0] in forms and k + n <= hi and all(phrase[j] in token_forms(tokens[k + j]) for j in range(1, n)):
                out.append(k)
                break
    return out


def reported_cue(tokens: list[Token], lo: int, hi: int) -> int | None:
    """Index of an attribution cue in the sentence: وفقا/نقلا/بحسب, or a reporting verb whose
    subject is a newspaper, report or unnamed sources (ذكرت صحيفة, قالت مصادر)."""
    cues = modality_cues()
    for k in range(lo, hi):
        if _has(tokens[k], cues.reported_after):
            return k
        if _has(tokens[k], cues.report_verbs) or tokens[k].norm in ("قالت", "وقالت", "قال", "وقال"):
            for j in range(k + 1, min(hi, k + 3)):
                if _has(tokens[j], cues.report_nouns):
                    return k
    return None
