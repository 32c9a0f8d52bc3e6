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
from typing import TYPE_CHECKING

from rasd.document import Token
from rasd.events.lexicon import verb_cue_forms
from rasd.normalize import normalize_form
from rasd.resources import load_toml

if TYPE_CHECKING:
    from rasd.events.words import WordTable

# Cue classes of a form (bits of `rasd.events.words.cue_flags`); a token has a class when one
# of its readings has.
TRIGGER = 1  # a single-word trigger form or the first word of a trigger phrase
PLANNED = 2  # intention word or verb (تعتزم, خطة, من المقرر)
REPORTED_AFTER = 4  # attribution cue (وفقا, نقلا, بحسب)
REPORT_VERB = 8  # reporting verb (ذكرت, أفاد)
REPORT_NOUN = 16  # its unnamed subject (صحيفة, مصادر)
DENIAL_VERB = 32  # denial verb (نفى, تنفي)
DENIAL_FIRST = 64  # first word of a denial phrase (لا صحة, غير صحيح)

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


def is_negated(tokens: list[Token], i: int, lo: int) -> bool:
    """A negation particle among the words just before token ``i`` (not before ``lo``)."""
    cues = modality_cues()
    # A particle is a word of its own (ولم, فلا with a conjunction at most): "كما" (as, also)
    # is ك + ما in form only, and "بما" (with what) is no negation either.
    return any(
        tokens[k].norm in cues.negation or (tokens[k].norm[:1] in ("و", "ف") and tokens[k].norm[1:] in cues.negation)
        for k in range(max(lo, i - NEGATION_WINDOW), i)
    )


def is_planned(words: WordTable, i: int, lo: int, kind: str) -> bool:
    """Future prefix on the trigger, or an intention word shortly before it."""
    if kind == "future":
        return True
    return words.first(PLANNED, max(lo, i - PLANNED_WINDOW), i) is not None


def denial_cues(words: WordTable, lo: int, hi: int) -> list[int]:
    """Positions of denial cues in tokens ``lo``..``hi``: a denial verb (نفى, تنفي) or phrase
    (لا صحة, غير صحيح, عار عن الصحة). Events told after one are denied."""
    cues = modality_cues()
    flags, table = words.flags, words.forms
    out = []
    for k in range(lo, hi):
        fl = flags[k]
        if not fl & (DENIAL_VERB | DENIAL_FIRST):
            continue
        if fl & DENIAL_VERB:
            out.append(k)
            continue
        forms = table[k]
        for phrase in cues.denial_phrases:
            n = len(phrase)
            if phrase[0] in forms and k + n <= hi and all(phrase[j] in table[k + j] for j in range(1, n)):
                out.append(k)
                break
    return out


_SAID = frozenset({"قالت", "وقالت", "قال", "وقال"})


def reported_cue(words: WordTable, lo: int, hi: int) -> int | None:
    """Index of an attribution cue in the sentence: وفقا/نقلا/بحسب, or a reporting verb whose
    subject is a newspaper, report or unnamed sources (ذكرت صحيفة, قالت مصادر)."""
    flags, tokens = words.flags, words.tokens
    for k in range(lo, hi):
        fl = flags[k]
        if fl & REPORTED_AFTER:
            return k
        if (fl & REPORT_VERB or tokens[k].norm in _SAID) and words.first(REPORT_NOUN, k + 1, min(hi, k + 3)) is not None:
            return k
    return None
