"""Sentences and tokens with offsets, and a light clitic analysis of Arabic words.

Arabic writes conjunctions, prepositions and the article onto the next word (وأردوغان = و +
أردوغان, للأمم = ل + الأمم) and pronouns onto the end (لشركته = ل + شركة + ه). A full morphological
analyser is not needed to find actors; listing the few possible splits of each word and letting
the lexicon decide is enough, and never moves an offset.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from rasd.document import Document, Span, Token
from rasd.normalize import NormalizedText, normalize
from rasd.resources import load_toml

# A sentence ends at a line break, or after . ! ? ؟ … (and any closing quotes) before a space.
_SENTENCE_END = re.compile(r"\n|[.!?؟…]+[\"'”’»)\]]*(?=\s|$)")
# The word before a full stop is an abbreviation when it is one letter (د. = Dr, م. = AD).
_ABBREVIATION = re.compile(r"(?:^|\s)[^\W\d_]\.$")
_TOKEN = re.compile(r"(?P<number>\d+(?:[.,]\d+)*)|(?P<word>[^\W\d_]+)|(?P<punct>\S)")
# Ta marbuta (ة) only ever ends a word, so a letter right after it starts the next word: a
# headline glued to the sentence after it ("الذاتيةالرئيس") is two words. Positions are source
# offsets (the normalised text folds ة into ه).
_GLUED_AFTER_TA_MARBUTA = re.compile(r"ة[\u064b-\u0652\u0640]*(?=[^\W\d_])")


@lru_cache(maxsize=1)
def _morphology() -> dict:
    return load_toml("morphology.toml")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans, trimmed of surrounding white space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if m.group() != "\n" and m.group().startswith(".") and _ABBREVIATION.search(text, max(0, m.start() - 3), m.start() + 1):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


@lru_cache(maxsize=1 << 16)
def proclitic_splits(form: str) -> tuple[tuple[int, str], ...]:
    """Readings of a normalised word with proclitics set aside: ``(characters removed, stem)``.

    The first is the word itself; ل + ال is written لل, so "للامم" also reads as "الامم" with two
    characters removed. Stems shorter than ``min_stem`` are not offered.
    """
    morph = _morphology()
    min_stem = morph["min_stem"]
    article, lam_article = morph["article"], morph["article_after_lam"]
    out: list[tuple[int, str]] = [(0, form)]
    seen = {form}
    conj_options = [""] + [c for c in morph["conjunctions"] if form.startswith(c)]
    for conj in conj_options:
        rest = form[len(conj) :]
        prep_options = [""] + [p for p in morph["prepositions"] if rest.startswith(p)]
        for prep in prep_options:
            stem = rest[len(prep) :]
            cut = len(conj) + len(prep)
            if cut and len(stem) >= min_stem and stem not in seen:
                out.append((cut, stem))
                seen.add(stem)
        if rest.startswith(lam_article) and len(rest) - 2 >= min_stem:
            stem = article + rest[2:]
            if stem not in seen:
                out.append((len(conj) + 2, stem))
                seen.add(stem)
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def suffix_splits(form: str) -> tuple[str, ...]:
    """Readings of a normalised word with an attached pronoun removed (شركته -> شركه)."""
    morph = _morphology()
    out = []
    for suffix in morph["pronoun_suffixes"]:
        if form.endswith(suffix) and len(form) - len(suffix) >= max(3, morph["min_stem"]):
            stem = form[: -len(suffix)]
            # A ta marbuta becomes ta before a pronoun: شركة + ه = شركته.
            if stem.endswith("ت"):
                out.append(stem[:-1] + "ه")
            out.append(stem)
    return tuple(out)


def _certain_stem(splits: tuple[tuple[int, str], ...], article: str) -> tuple[int, str]:
    """The split taken without a lexicon: proclitics only before the article."""
    best = splits[0]
    for cut, stem in splits[1:]:
        if stem.startswith(article) and len(stem) > len(article) + 1 and cut > best[0]:
            best = (cut, stem)
    return best


@lru_cache(maxsize=1 << 16)
def _word_readings(form: str) -> tuple[tuple[tuple[int, str], ...], tuple[int, str]]:
    """A word's readings as ``(characters cut, form)`` — proclitic splits, then each of them with
    an attached pronoun removed — and the reading taken without a lexicon (`_certain_stem`)."""
    splits = proclitic_splits(form)
    readings = list(splits)
    for cut, stem in splits:
        for without_pronoun in suffix_splits(stem):
            readings.append((cut, without_pronoun))
    return tuple(readings), _certain_stem(splits, _morphology()["article"])


def tokenize(doc: Document) -> list[Token]:
    norm = doc.norm if doc.norm is not None else normalize(doc.text)
    text = doc.text
    tokens: list[Token] = []
    append = tokens.append
    # Without deleted characters (no diacritics or tatweel) normalised offsets are source offsets.
    identity = norm.keeps_offsets
    offsets = None if identity else norm.source_offsets()
    ntext = norm.text
    # Where a word is cut because a source word starts after a ta marbuta (normalised offsets,
    # sorted); `c` walks them along with the words.
    cuts = _glued_cuts(text, offsets)
    c, n_cuts = 0, len(cuts)
    for m in _TOKEN.finditer(ntext):
        a, b = m.span()
        kind = m.lastgroup or "punct"
        if kind != "word":
            form = m.group()
            start, end = (a, b) if identity else _source_span(norm, offsets, a, b)  # type: ignore[arg-type]
            append(Token(start, end, text[start:end], form, start, form, ((start, form),), kind))
            continue
        pieces: tuple[tuple[int, int], ...] | list[tuple[int, int]] = ((a, b),)
        if n_cuts:
            while c < n_cuts and cuts[c] <= a:
                c += 1
            if c < n_cuts and cuts[c] < b:
                inner = [a]
                while c < n_cuts and cuts[c] < b:
                    inner.append(cuts[c])
                    c += 1
                inner.append(b)
                pieces = list(zip(inner, inner[1:]))
        for a, b in pieces:
            form = ntext[a:b]
            readings, (cut, stem) = _word_readings(form)
            if identity:
                start, end = a, b
                variants = ((a, form),) if len(readings) == 1 else tuple([(a + c_, f) for c_, f in readings])
                stem_start = a + cut
            else:
                start, end = _source_span(norm, offsets, a, b)  # type: ignore[arg-type]
                variants = tuple([(offsets[a + c_], f) for c_, f in readings])  # type: ignore[index]
                stem_start = offsets[a + cut]  # type: ignore[index]
            append(Token(start, end, text[start:end], form, stem_start, stem, variants, "word"))
    return tokens


def _source_span(norm: NormalizedText, offsets: list[int], a: int, b: int) -> tuple[int, int]:
    """`NormalizedText.source_span` of a token (``b > a``), read off ``norm.source_offsets()``
    unless marks were deleted after its last letter (then the marks join the span)."""
    end = offsets[b - 1] + 1
    if end == offsets[b]:
        return offsets[a], end
    return norm.source_span(a, b)


def _glued_cuts(text: str, offsets: list[int] | None) -> list[int]:
    """Normalised offsets where a word is cut because a source word starts right after a ta
    marbuta (and its diacritics): the first kept character at or after each such source offset
    (``offsets``: `NormalizedText.source_offsets`, None when they are the source offsets). A cut
    falls inside a word exactly when its source offset is inside the word's source span."""
    glued = [m.end() for m in _GLUED_AFTER_TA_MARBUTA.finditer(text)]
    if offsets is None or not glued:
        return glued
    return sorted({bisect_left(offsets, g) for g in glued})


def segment_stage(doc: Document) -> Document:
    """Pipeline stage: reads ``text`` (and ``norm``), adds ``sentences`` and ``tokens``."""
    if doc.norm is None:
        doc.norm = normalize(doc.text)
    doc.sentences = [doc.span(s, e) for s, e in split_sentences(doc.text)]
    doc.tokens = tokenize(doc)
    return doc


def sentence_of(doc: Document, offset: int) -> Span | None:
    """The sentence that holds a character offset."""
    lo, hi = 0, len(doc.sentences)
    while lo < hi:
        mid = (lo + hi) // 2
        s = doc.sentences[mid]
        if s.end <= offset:
            lo = mid + 1
        elif s.start > offset:
            hi = mid
        else:
            return s
    return None
