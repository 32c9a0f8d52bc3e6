"""Arabic numbers, written in words, digits or both, read into values.

Arabic news writes one figure many ways: "ملياري دولار", "2 مليار دولار", "مليارين و35 مليونًا و956
ألف دولار", "1.4 مليار", "٣٫٦ مليار", "7,5 مليار" (comma as the decimal point), "7ر11" (the Egyptian
agency style for 11.7, written with ر as the decimal mark and the fraction first). No maintained
Python library reads these in running text, so this module does it in two linear passes over the
normalised text (`rasd.normalize`): a regular expression finds number tokens (digit strings and
number words from ``data/numbers.toml``), and a small grammar combines adjacent tokens into numbers.

The grammar follows how Arabic composes numbers:
  * units come before tens and are joined by و: خمسة وثلاثون = 5 + 30;
  * 11..19 are two words without و: ثلاثة عشر; hundreds may be one word or two: ثلاثمائة, ثلاث مئة;
  * a scale word multiplies what precedes it (ثلاثة آلاف, 35 مليونًا) and chains go downwards,
    joined by و (مليارين و35 مليونًا و956 ألف = 2,035,956,000);
  * a scale word alone is one (مليار) or, in the dual, two (ملياران/مليارين/ملياري);
  * a fraction either follows a scale (مليار ونصف, مليارا وربع المليار) or precedes it (نصف مليون).
Values are computed with `Decimal` so "1.4 مليار" is exactly 1400000000; the result is an int when
whole. Nothing here raises on odd input: what does not parse is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Callable, NamedTuple

from rasd.normalize import normalize
from rasd.resources import load_toml

# Digit strings longer than this are ids, hashes or garbage, never amounts.
MAX_DIGITS = 18
# Anything above this (10^15 x the largest scale) is not a figure a news article states.
MAX_VALUE = Decimal(10) ** 27

_TANWEEN_FATH = "\u064b"
_PREPOSITIONS = "بلك"
_PUNCT_AFTER = re.compile(r"\s*[,.;:!?)\"'\]-]")
# لست is "I am not", not ل + ست (six).
_NOT_AFTER_PREPOSITION = frozenset({"ست"})


class NumberToken(NamedTuple):
    """One number word or digit string in the normalised text."""

    start: int  # normalised offset of the token (after an attached و)
    end: int
    kind: str  # digits unit teen_unit teen_ten ten hundred scale_one scale_dual scale_plural scale_acc scale_def fraction
    value: Decimal
    conj: bool  # preceded by the conjunction و (attached or as a separate word)
    gap_start: int  # where the separator before it begins (== start for the first token)
    preposition: bool = False  # carries ب/ل/ك: it starts a new number


@dataclass(frozen=True)
class NumberMatch:
    """A complete number found in the normalised text."""

    start: int
    end: int
    value: int | float
    has_words: bool
    has_scale: bool
    tokens: int
    digits_only: bool
    scale: int = 1  # the largest scale word in the number (1000 for "15 ألف"), 1 when none


@dataclass(frozen=True)
class _Lexicon:
    words: dict[str, tuple[str, Decimal]]
    ordinals: dict[str, int]
    token_re: re.Pattern[str]


def _to_decimal(x: object) -> Decimal:
    return Decimal(str(x))


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """The number words of ``numbers.toml`` and the token regex built from them (loaded once)."""
    data = load_toml("numbers.toml")
    words: dict[str, tuple[str, Decimal]] = {}
    for w, v in data["units"].items():
        words[w] = ("unit", _to_decimal(v))
    for w, v in data["teen_units"].items():
        words.setdefault(w, ("teen_unit", _to_decimal(v)))
    for w, v in data["tens"].items():
        words[w] = ("ten", _to_decimal(v))
    for w, v in data["hundreds"].items():
        words[w] = ("hundred", _to_decimal(v))
    for prefix, v in data["hundred_prefixes"].items():
        for hw in ("مائه", "مئه"):
            words[prefix + hw] = ("hundred", _to_decimal(v * 100))
    for scale in data["scales"].values():
        value = _to_decimal(scale["value"])
        for kind in ("one", "dual", "plural", "accusative"):
            for w in scale[kind]:
                words[w] = ("scale_acc" if kind == "accusative" else f"scale_{kind}", value)
        for w in scale["one"]:
            words["ال" + w] = ("scale_def", value)
    for w, v in data["fractions"].items():
        words[w] = ("fraction", _to_decimal(v))
    alternation = by_first_letter(sorted(words, key=len, reverse=True))
    digits = (
        r"\d+ر\d+"  # 7ر11 = 11.7 (Egyptian agency style)
        r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 1,200,000 or 1,200.5
        r"|\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?"  # 1.200.000 (European grouping)
        r"|\d+(?:[.,]\d+)?"  # 15, 1.4, 7,5
    )
    # A number may carry proclitics: و "and" (joins it to the number before), ف, the
    # prepositions ب ل ك ("بـ120 مليار", "بأربعة مشاريع") and, before digits, the article
    # ("الـ15%"); all but و start a new number. Digits after a letter and a hyphen are a model
    # name (F-16, إس-400), never a figure.
    #
    # A token starts after a character that is not part of a word (it is no token when the
    # character before it is a letter or a digit). The pattern consumes that character, so the
    # regex engine only tries it after one (not at every character, as a look-behind would make
    # it), and only where the next character can open a token: `tokenize_numbers` reads the text
    # with a space before it, for a token at its very start.
    first = "".join(sorted({w[0] for w in words} | set("وفبلكا")))
    token_re = re.compile(
        rf"\W(?=[{re.escape(first)}\d])"
        rf"(?:(?<![.,^/:])(?<!\w-)(?P<dp>[وف]?(?:بال|لل|ال|[بلك])?)(?P<d>{digits})(?![\w^/:]|[.,]\d)"
        rf"|(?:(?P<w1>{alternation})|(?P<wp>[وف]?[بلك]|[وف])(?P<w2>{alternation}))(?!\w))"
    )
    return _Lexicon(words, dict(data["ordinals"]), token_re)


def by_first_letter(words: list[str], escape: Callable[[str], str] = re.escape) -> str:
    """A regex alternation of words, in their order, grouped by first letter ("ث(?:لاث|مان)|…"):
    the engine tests one letter per group instead of one per word, and only words with the
    same first letter can match at one place, so the matches are those of the flat list.
    ``escape`` turns the rest of a word into regex text."""
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(escape(w[1:]))
    return "|".join(
        re.escape(first) + (rest[0] if len(rest) == 1 else "(?:" + "|".join(rest) + ")") for first, rest in groups.items()
    )


def parse_digits(s: str) -> Decimal | None:
    """The value of a digit string as written in Arabic news (ASCII digits, normalised text).

    ``,`` followed by exactly three digits groups thousands (1,200); otherwise it is a decimal
    comma (7,5). ``ر`` between digits is the Egyptian decimal mark with the fraction first
    (7ر11 = 11.7). Strings longer than `MAX_DIGITS` digits are not numbers.
    """
    s = s.strip()
    if not s or sum(c.isdigit() for c in s) > MAX_DIGITS:
        return None
    try:
        if "ر" in s:
            frac, _, whole = s.partition("ر")
            return Decimal(f"{whole}.{frac}")
        if "," in s and "." in s:
            if s.rfind(",") < s.rfind("."):
                return Decimal(s.replace(",", ""))
            return Decimal(s.replace(".", "").replace(",", "."))
        if s.count(".") > 1:
            return Decimal(s.replace(".", ""))
        if "," in s:
            groups = s.split(",")
            if len(groups) > 2 or all(len(g) == 3 for g in groups[1:]):
                return Decimal(s.replace(",", ""))
            return Decimal(s.replace(",", "."))
        return Decimal(s)
    except (InvalidOperation, ValueError):
        return None


def tokenize_numbers(ntext: str) -> list[NumberToken]:
    """Number words and digit strings of a normalised text, in order."""
    lex = lexicon()
    out: list[NumberToken] = []
    # `token_re` matches the character before a token too: read after a space, a match starts at
    # the token's offset in ``ntext`` and a group's offset is one less than in the match.
    for m in lex.token_re.finditer(" " + ntext):
        if m.group("d") is not None:
            value = parse_digits(m.group("d"))
            if value is None:
                continue
            g, prefix = "d", m.group("dp")
            kind = "digits"
        else:
            g = "w1" if m.group("w1") is not None else "w2"
            prefix = m.group("wp") or ""
            if prefix.endswith(tuple(_PREPOSITIONS)) and m.group(g) in _NOT_AFTER_PREPOSITION:
                continue
            kind, value = lex.words[m.group(g)]
        starts_new = prefix.endswith(tuple(_PREPOSITIONS) + ("ال",))
        out.append(NumberToken(m.start(g) - 1, m.end(g) - 1, kind, value, prefix.startswith("و"), m.start(), starts_new))
    return out


def _groups(ntext: str, tokens: list[NumberToken]) -> list[list[NumberToken]]:
    """Runs of tokens separated only by white space or the conjunction و."""
    groups: list[list[NumberToken]] = []
    prev_end = -1
    for t in tokens:
        gap = ntext[prev_end : t.gap_start] if prev_end >= 0 else None
        sep = None if gap is None else gap.strip()
        if gap is not None and not t.preposition and len(gap) <= 4 and sep in ("", "و") and (gap != "" or t.conj):
            conj = t.conj or sep == "و"
            groups[-1].append(t._replace(conj=conj, preposition=False))
        else:
            groups.append([t._replace(preposition=False)])
        prev_end = t.end
    return groups


def _merge_compounds(group: list[NumberToken]) -> list[NumberToken]:
    """Join two-word forms: teens (ثلاثة عشر) and split hundreds (ثلاث مئة)."""
    out: list[NumberToken] = []
    for t in group:
        if out and not t.conj:
            p = out[-1]
            if t.kind in ("unit", "teen_unit") and t.value == 10 and (
                (p.kind == "unit" and 1 <= p.value <= 9) or p.kind == "teen_unit"
            ):
                out[-1] = p._replace(end=t.end, kind="teen", value=p.value + 10)
                continue
            if t.kind == "hundred" and t.value == 100 and p.kind == "unit" and 3 <= p.value <= 9:
                out[-1] = p._replace(end=t.end, kind="hundred", value=p.value * 100)
                continue
        out.append(t)
    return out


class _Builder:
    """Accumulates one number token by token; `feed` says whether a token continues it."""

    def __init__(self) -> None:
        self.total = Decimal(0)
        self.small: Decimal | None = None
        self.small_parts: set[str] = set()
        self.last_scale: Decimal | None = None
        self.pending_fraction: Decimal | None = None
        self.count = 0
        self.has_words = False
        self.has_scale = False

    def _start_small(self, t: NumberToken) -> bool:
        if t.kind in ("digits", "unit", "teen", "ten", "hundred"):
            self.small = t.value
            self.small_parts = {t.kind}
            return True
        if t.kind == "fraction":
            self.pending_fraction = t.value
            return True
        return False

    def feed(self, t: NumberToken, nxt: NumberToken | None, tanween: bool) -> bool:
        scale_kinds = ("scale_one", "scale_dual", "scale_plural", "scale_acc")
        if self.count == 0:
            ok = self._first(t, nxt, tanween)
        elif self.pending_fraction is not None:
            ok = self._after_fraction(t)
        elif self.small is not None:
            ok = self._after_small(t, nxt, tanween, scale_kinds)
        else:
            ok = self._after_scale(t, nxt, tanween)
        if ok:
            self.count += 1
            self.has_words = self.has_words or t.kind != "digits"
            self.has_scale = self.has_scale or t.kind.startswith("scale")
        return ok

    def _scale_multiplier(self, t: NumberToken, nxt: NumberToken | None, tanween: bool) -> Decimal | None:
        if t.kind == "scale_one":
            return Decimal(1)
        if t.kind == "scale_dual":
            return Decimal(2)
        if t.kind == "scale_acc":
            # مليوناً (tanween) is "one million" in the accusative; bare مليونا before a noun or
            # at the end is the construct dual "two million"; before و + more number it is one.
            if tanween or (nxt is not None and nxt.conj):
                return Decimal(1)
            return Decimal(2)
        return None

    def _first(self, t: NumberToken, nxt: NumberToken | None, tanween: bool) -> bool:
        if self._start_small(t):
            return True
        mult = self._scale_multiplier(t, nxt, tanween)
        if mult is None:
            return False
        self.total = mult * t.value
        self.last_scale = t.value
        return True

    def _after_fraction(self, t: NumberToken) -> bool:
        frac = self.pending_fraction or Decimal(0)
        if not t.conj and t.kind in ("scale_one", "scale_acc", "scale_def") and (
            self.last_scale is None or t.value < self.last_scale or (self.count > 1 and t.kind == "scale_def")
        ):
            self.total += frac * t.value
            self.last_scale = t.value if self.last_scale is None else self.last_scale
            self.pending_fraction = None
            return True
        return False

    def _after_small(self, t: NumberToken, nxt: NumberToken | None, tanween: bool, scale_kinds: tuple[str, ...]) -> bool:
        small = self.small or Decimal(0)
        parts = self.small_parts
        if t.kind in scale_kinds and not t.conj and t.kind != "scale_dual":
            if self.last_scale is not None and t.value >= self.last_scale:
                return False
            if t.kind == "scale_plural" and "digits" not in parts and not (3 <= small <= 10):
                return False
            self.total += small * t.value
            self.small, self.small_parts = None, set()
            self.last_scale = t.value
            return True
        if not t.conj or "digits" in parts or t.kind == "digits":
            return False
        if (
            parts == {"hundred"} and t.kind == "scale_one" and nxt is not None and not nxt.conj
            and nxt.kind in ("scale_one", "scale_acc") and nxt.value == t.value
        ):
            # num2words writes 301 million as "ثلاثمائة و مليون مليون": the first scale word
            # stands for the unit one. Read it so, since such text is in the wild.
            self.small = small + 1
            self.small_parts = parts | {"unit"}
            return True
        # Hundreds come first, then units, then tens: مائة وخمسة وعشرون = 100 + 5 + 20.
        after_hundred = parts == {"hundred"} and t.kind in ("unit", "teen", "ten")
        ten_after_unit = parts in ({"unit"}, {"hundred", "unit"}) and t.kind == "ten"
        if not (after_hundred or ten_after_unit):
            return False
        self.small = small + t.value
        self.small_parts = parts | {t.kind}
        return True

    def _after_scale(self, t: NumberToken, nxt: NumberToken | None, tanween: bool) -> bool:
        if not t.conj:
            return False
        last = self.last_scale or Decimal(0)
        if t.kind == "fraction":
            if nxt is not None and not nxt.conj and nxt.kind in ("scale_def", "scale_one"):
                self.pending_fraction = t.value
            else:
                self.total += t.value * last
            return True
        if t.kind in ("digits", "unit", "teen", "ten", "hundred"):
            if t.value >= last:
                return False
            return self._start_small(t)
        mult = self._scale_multiplier(t, nxt, tanween)
        if mult is not None and t.value < last:
            self.total += mult * t.value
            self.last_scale = t.value
            return True
        return False

    def result(self) -> Decimal | None:
        if self.pending_fraction is not None:
            # "... ونصف" directly after a scale was already added; a lone fraction is no number.
            if self.count <= 1:
                return None
            self.count -= 1
        total = self.total + (self.small or Decimal(0))
        if total > MAX_VALUE:
            return None
        return total


def _as_number(d: Decimal) -> int | float:
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def find_numbers(ntext: str, tanween: Callable[[int, int], bool] | None = None) -> list[NumberMatch]:
    """Every number in a normalised text, longest reading first, in text order.

    ``tanween(start, end)`` says whether the source of a normalised span carries a tanween
    (ً), which tells the accusative singular مليوناً from the construct dual مليونا.
    """
    out: list[NumberMatch] = []
    for group in _groups(ntext, tokenize_numbers(ntext)):
        toks = _merge_compounds(group)
        i = 0
        while i < len(toks):
            b = _Builder()
            j = i
            while j < len(toks):
                t = toks[j]
                # The first token of a number starts it whatever joined it to the one before.
                feed_tok = t if j > i else t._replace(conj=False)
                nxt = toks[j + 1] if j + 1 < len(toks) else None
                # An accusative scale word before punctuation ("أنفقت مليارا.") is "one": only
                # before a noun or alone is bare مليارا the construct dual "two".
                has_tanween = t.kind == "scale_acc" and (
                    bool(tanween and tanween(t.start, t.end)) or bool(_PUNCT_AFTER.match(ntext, t.end))
                )
                if not b.feed(feed_tok, nxt, has_tanween):
                    break
                j += 1
            value = b.result() if j > i else None
            if value is None:
                i = max(j, i + 1) if j > i and b.count == 0 else i + 1
                continue
            end_tok = toks[i + b.count - 1]
            out.append(
                NumberMatch(
                    toks[i].start, end_tok.end, _as_number(value), b.has_words, b.has_scale, b.count,
                    all(t.kind == "digits" for t in toks[i : i + b.count]),
                    max((int(t.value) for t in toks[i : i + b.count] if t.kind.startswith("scale")), default=1),
                )
            )
            i += b.count
    return out


def parse_number(text: str) -> int | float | None:
    """The value of a text that is exactly one number ("ثلاثة آلاف", "1.4 مليار"), else None."""
    norm = normalize(text)
    stripped = norm.text.strip()
    offset = norm.text.find(stripped) if stripped else 0

    def has_tanween(s: int, e: int) -> bool:
        a, b = norm.source_span(s, e)
        return _TANWEEN_FATH in text[a : b + 1]

    found = find_numbers(norm.text, has_tanween)
    if len(found) == 1 and found[0].start == offset and found[0].end == offset + len(stripped):
        return found[0].value
    return None


def ordinal_value(form: str) -> int | None:
    """The value of a normalised ordinal ("السابع" -> 7, "الحادي والعشرين" -> 21)."""
    return lexicon().ordinals.get(form)


__all__ = ["NumberMatch", "find_numbers", "parse_number", "parse_digits", "ordinal_value", "tokenize_numbers"]
