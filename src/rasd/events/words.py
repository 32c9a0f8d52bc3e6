"""Each token's readings and cue classes, computed once per document.

The events stage asks many questions of the same few hundred tokens (is this word a trigger, an
intention or a report verb, a denial?), each through every reading of the word (`token_forms`).
Reading the clitic variants once per document, and folding the cue vocabularies into one dict
keyed by form, answers each question with a flag test instead of a loop over the readings and
a set lookup per reading and per vocabulary.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

from rasd.document import Token
from rasd.events.lexicon import trigger_lexicon
from rasd.events.modality import (
    DENIAL_FIRST,
    DENIAL_VERB,
    PLANNED,
    REPORT_NOUN,
    REPORT_VERB,
    REPORTED_AFTER,
    TRIGGER,
    modality_cues,
)

__all__ = ["WordTable", "cue_flags", "TRIGGER", "PLANNED", "REPORTED_AFTER", "REPORT_VERB", "REPORT_NOUN",
           "DENIAL_VERB", "DENIAL_FIRST"]


@lru_cache(maxsize=1)
def cue_flags() -> dict[str, int]:
    """Every cue form of the shipped vocabularies with the classes it belongs to (built once)."""
    cues = modality_cues()
    lex = trigger_lexicon()
    out: dict[str, int] = {}
    for bit, forms in (
        (TRIGGER, set(lex.words) | set(lex.phrases)),
        (PLANNED, cues.planned),
        (REPORTED_AFTER, cues.reported_after),
        (REPORT_VERB, cues.report_verbs),
        (REPORT_NOUN, cues.report_nouns),
        (DENIAL_VERB, cues.denial_verbs),
        (DENIAL_FIRST, {p[0] for p in cues.denial_phrases}),
    ):
        for f in forms:
            out[f] = out.get(f, 0) | bit
    return out


class WordTable:
    """The readings (``forms[t]``, as `token_forms` gives them) and cue classes (``flags[t]``)
    of every token of a document, and the positions of trigger candidates in text order."""

    __slots__ = ("tokens", "forms", "flags", "trigger_positions")

    def __init__(self, tokens: list[Token]) -> None:
        table = cue_flags()
        get = table.get
        self.tokens = tokens
        self.forms: list[tuple[str, ...]] = []
        self.flags: list[int] = []
        add_forms, add_flags = self.forms.append, self.flags.append
        for tok in tokens:
            variants = tok.variants
            if len(variants) == 1 and variants[0][1] == tok.norm:
                forms: tuple[str, ...] = (tok.norm,)
                flags = get(tok.norm, 0)
            else:
                # the word first, then each other reading once, in the tokenizer's order
                forms = tuple(dict.fromkeys([tok.norm, *[f for _, f in variants]]))
                flags = 0
                for f in forms:
                    flags |= get(f, 0)
            add_forms(forms)
            add_flags(flags)
        self.trigger_positions = [t for t, fl in enumerate(self.flags) if fl & TRIGGER]

    def first(self, bits: int, lo: int, hi: int) -> int | None:
        """The first token in ``lo``..``hi`` with one of the classes ``bits``."""
        flags = self.flags
        return next((k for k in range(lo, hi) if flags[k] & bits), None)

    def triggers_from(self, t: int) -> int:
        """Index into ``trigger_positions`` of the first trigger candidate at or after token ``t``."""
        return bisect_left(self.trigger_positions, t)
