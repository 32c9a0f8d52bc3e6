"""The trigger lexicon: PLOVER trigger words in every form the news writes them.

The data file lists one lexeme per entry (a verb's past and present citation forms, its verbal
nouns); this module generates the inflections by rule instead of listing them. Arabic marks
person, number and gender with prefixes and suffixes on one stem: وقّع "he signed", وقّعت "she /
it signed", وقّعا "the two signed", وقّعوا "they signed"; يوقّع "he signs", توقّع "she signs",
يوقّعان, يوقّعون; سيوقّع "he will sign" (the future prefix س). A verb whose last root letter is
weak (دعا, التقى, نفى) changes that letter: دعت, دعوا; التقت, التقيا, التقوا; يدعون, ينفيان.
Verbal nouns take the article, the feminine plural and the accusative ending: زيارة -> الزيارة,
زيارات, زيارتين; اتصال -> اتصالا, اتصالات. Proclitics (و ف ب ل) and attached pronouns
(زيارته) are not generated: the tokenizer already offers those readings as `Token.variants`.
All forms are kept in normalised spelling (`rasd.normalize.normalize_form`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from rasd.normalize import normalize_form
from rasd.resources import load_toml

_PRESENT_PREFIXES = ("ي", "ت", "ن", "ا")
_MIN_FORM = 3  # shorter generated forms collide with particles and are dropped


@dataclass(frozen=True)
class TriggerEntry:
    """One lexeme of the trigger lexicon."""

    index: int
    type: str
    lemma: str
    mode: str | None = None
    cameo: str | None = None
    needs: tuple[str, ...] = ()
    needs_before: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()  # the trigger does not count when one of these follows closely
    unless_before: tuple[str, ...] = ()  # ... or precedes closely (وقف إطلاق النار: a ceasefire)
    defer: bool = False  # yields to a trigger completing it (وافق على إقراض -> the loan)
    speaker_source: bool = False  # the source is who says it (قال X إن ... غير صحيح)
    reverse: bool = False  # the subject is the recipient (تسلم, تلقى): source and target swap
    extra_preps: frozenset[str] = frozenset()  # prepositions that also introduce the target here
    needs_target: bool = False  # the word is an event only with a counterpart (جمع X بـ Y; دفع alone is "pay")
    patient_genitive: bool = False  # the bare name after the verbal noun suffers it (اغتيال هنية)
    wronged_after: tuple[str, ...] = ()  # "اعتذر عن الهجوم على X": X, in the complement, is the counterpart
    stance_free: bool = False  # under a stance word the `needs` are waived ("منفتحة على التعاون")


@dataclass(frozen=True)
class TriggerForm:
    """A surface form (normalised) of a lexeme, and what kind of form it is."""

    entry: TriggerEntry
    kind: str  # "past" | "present" | "future" | "masdar" | "noun" | "phrase" | "verb_or_noun"


@dataclass
class TriggerLexicon:
    """Single-word forms in a dict; multi-word phrases indexed by their first word."""

    words: dict[str, list[TriggerForm]] = field(default_factory=dict)
    phrases: dict[str, list[tuple[tuple[str, ...], TriggerForm]]] = field(default_factory=dict)
    entries: list[TriggerEntry] = field(default_factory=list)

    def add(self, form: str, tf: TriggerForm) -> None:
        parts = tuple(form.split())
        if not parts:
            return
        if len(parts) == 1:
            if len(parts[0]) < _MIN_FORM:
                return
            bucket = self.words.setdefault(parts[0], [])
            for k, x in enumerate(bucket):
                if x.entry.index == tf.entry.index:
                    if x.kind != tf.kind and {x.kind, tf.kind} & {"masdar", "noun"}:
                        # طلب, دعم, رفض: a past verb and its verbal noun are spelt alike
                        bucket[k] = TriggerForm(x.entry, "verb_or_noun")
                    break
            else:
                bucket.append(tf)
        else:
            bucket2 = self.phrases.setdefault(parts[0], [])
            if all(p != parts or x.entry.index != tf.entry.index for p, x in bucket2):
                bucket2.append((parts, tf))

    def lookup(self, form: str) -> list[TriggerForm]:
        return self.words.get(form, [])


def _is_weak_final(form: str) -> bool:
    return form.endswith(("ا", "ي", "و"))


def past_forms(past: str) -> set[str]:
    """Past-tense forms of a 3rd masculine singular past (normalised): persons, numbers, genders."""
    p = past
    out = {p, p + "ت", p + "نا"}
    if _is_weak_final(p):
        stem = p[:-1]
        out |= {stem + "ت", stem + "وا", stem + "يا", stem + "وت", stem + "يت", stem + "ينا", stem + "تا"}
    else:
        out |= {p + "ا", p + "تا", p + "وا", p + "ن", p + "تم"}
    return out


def present_forms(present: str) -> set[str]:
    """Present-tense forms from the 3rd masculine singular (يوقع): every prefix and ending,
    including the shortened forms after لم / لن (لم يدع, لن يوقعوا)."""
    if len(present) < 3 or present[0] not in "يت":
        return {present}
    base = present[1:]
    out: set[str] = set()
    for pre in _PRESENT_PREFIXES:
        w = pre + base
        out.add(w)
        if _is_weak_final(base):
            stem = base[:-1]
            out |= {pre + stem + "ون", pre + stem + "وا", pre + base + "ان", pre + stem + "ين", pre + stem + "يان"}
            if pre in "يت":
                out.add(pre + stem)  # jussive: لم يدع
        else:
            out |= {w + "ان", w + "ون", w + "وا", w + "ا", w + "ين", w + "ن"}
    return out


def noun_forms(noun: str) -> set[str]:
    """A verbal noun or noun with the article, plural, dual and accusative endings."""
    out: set[str] = set()
    bases = {noun}
    if noun.endswith("ه"):  # ta marbuta: زياره -> زيارات, زيارتان
        stem = noun[:-1]
        bases |= {stem + "ات", stem + "تان", stem + "تين", stem + "تي"}
    elif noun.endswith("ات"):
        pass
    else:
        bases |= {noun + "ات", noun + "ان", noun + "ين", noun + "ا"}
        if noun.endswith("ء"):  # لقاء -> لقاءً keeps the hamza
            bases.add(noun[:-1] + "ات")
    for b in bases:
        out.add(b)
        out.add("ال" + b)
    return out


def _norm_all(forms: Iterable[str]) -> list[str]:
    return [normalize_form(f).strip() for f in forms if f and f.strip()]


def build_lexicon(data: dict) -> TriggerLexicon:
    """Expand the trigger data file into a lookup table of surface forms."""
    lex = TriggerLexicon()
    for i, e in enumerate(data.get("entry", [])):
        past = normalize_form(e.get("past", "")).strip()
        present = normalize_form(e.get("present", "")).strip()
        lemma = past or (e.get("masdar") or e.get("nouns") or e.get("phrases") or ["?"])[0]
        entry = TriggerEntry(
            index=i,
            type=e["type"],
            lemma=normalize_form(lemma),
            mode=e.get("mode") or None,
            cameo=e.get("cameo") or None,
            needs=tuple(_norm_all(e.get("needs", []))),
            needs_before=tuple(_norm_all(e.get("needs_before", []))),
            unless=tuple(_norm_all(e.get("unless", []))),
            unless_before=tuple(_norm_all(e.get("unless_before", []))),
            defer=bool(e.get("defer", False)),
            speaker_source=bool(e.get("speaker_source", False)),
            reverse=bool(e.get("reverse", False)),
            extra_preps=frozenset(_norm_all(e.get("extra_preps", []))),
            needs_target=bool(e.get("needs_target", False)),
            patient_genitive=bool(e.get("patient_genitive", False)),
            stance_free=bool(e.get("stance_free", False)),
            wronged_after=tuple(_norm_all(e.get("wronged_after", []))),
        )
        lex.entries.append(entry)
        exclude = set(_norm_all(e.get("exclude", [])))
        generated: list[tuple[str, str]] = []
        if past:
            generated += [(f, "past") for f in past_forms(past)]
        if present:
            pres = present_forms(present)
            generated += [(f, "present") for f in pres]
            generated += [("س" + f, "future") for f in pres if f[0] in "يتن"]
        for m in _norm_all(e.get("masdar", [])):
            generated += [(f, "masdar") for f in noun_forms(m)]
        for n in _norm_all(e.get("nouns", [])):
            if " " in n:
                generated.append((n, "noun"))
                first, rest = n.split(" ", 1)
                generated.append(("ال" + first + " " + rest, "noun"))
            else:
                generated += [(f, "noun") for f in noun_forms(n)]
        for ph in _norm_all(e.get("phrases", [])):
            generated.append((ph, "phrase"))
        for form, kind in generated:
            if form not in exclude:
                lex.add(form, TriggerForm(entry, kind))
    return lex


@lru_cache(maxsize=1)
def trigger_lexicon() -> TriggerLexicon:
    """The shipped trigger lexicon (``data/events/triggers.toml``), built once."""
    return build_lexicon(load_toml("events/triggers.toml"))


def verb_cue_forms(pairs: Iterable[Iterable[str]]) -> frozenset[str]:
    """All inflected forms (past, present, future) of cue verbs given as (past, present) pairs."""
    out: set[str] = set()
    for pair in pairs:
        past, present = (normalize_form(x) for x in list(pair)[:2])
        out |= past_forms(past)
        pres = present_forms(present)
        out |= pres
        out |= {"س" + f for f in pres if f[0] in "يتن"}
    return frozenset(f for f in out if len(f) >= 3)


def cameo_code(event_type: str, trigger_text: str) -> str | None:
    """The CAMEO code of a trigger's lexeme (زيارة -> 042), read back from the lexicon."""
    lex = trigger_lexicon()
    norm = normalize_form(trigger_text).strip()
    cands = list(lex.lookup(norm))
    if not cands:
        parts = norm.split()
        cands = [tf for p, tf in lex.phrases.get(parts[0], []) if p == tuple(parts)] if parts else []
    if not cands and norm[:1] in "وفبلك":
        cands = list(lex.lookup(norm[1:]))
    for tf in cands:
        if tf.entry.type == event_type:
            return tf.entry.cameo
    return None


@lru_cache(maxsize=1)
def blocked_words() -> frozenset[str]:
    """Whole words that look like an inflected trigger but are another word (وزارة "ministry"
    reads as و + زار + ه "and he visited him")."""
    return frozenset(normalize_form(w) for w in load_toml("events/triggers.toml").get("blocked", []))
