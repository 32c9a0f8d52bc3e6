"""The amounts layer: sums of money, percentages and counts, with their values and units.

Every number of the text is read by `rasd.numbers` (words, digits or both); this module decides
what it measures from the words around it, on the normalised text:

* money: a currency after the figure ("ملياري دولار", "120 مليار درهم", "7,5 مليار دولار أمريكي")
  or a symbol before or after it ("$5", "5 €"). Names are CLDR's Arabic currency names (Babel)
  plus the news forms of ``data/currencies.toml``. A bare ريال, دينار, درهم, ليرة or جنيه takes
  the country of its family that the article names most (ريال in an article about Saudi Arabia is
  SAR), else the family's default.
* percent: "%", "٪", "في المائة", "بالمئة" and their spellings.
* count: a figure followed by a counted noun ("6 مصانع", "ثماني مبادرات", "15 ألف محطة"),
  a definite numeral after a definite noun ("الدول الخمس"), the total in "X من أصل N", a
  partitive "350 من أعضاء", and the parts listed after a count ("8 شركات، بينها 4 في إيران، و3
  في الإمارات، وواحدة في ألمانيا" gives 8, 4, 3 and 1, all counting شركات). ``noun`` is the
  counted noun as written. Durations and measures ("22 عاما", "130 كيلومترا") are not counts,
  nor are identifiers and ordinals ("الدورة رقم 78", "المصنع السابع"), years, dates (the dates
  layer runs first and its spans are skipped), phone numbers or product names ("توركسات 5A").

Ranges: "ما بين 15 بليون دولار و20 بليونا" and "بين 15 و20 مليار دولار" give one amount per bound,
both with qualifier ``"between"``; "من 10 إلى 20 مليون دولار" gives two with ``"from-to"``. A bound
written without its unit or scale takes them from the other bound. Approximations and bounds
(نحو, حوالي, أكثر من, ما يزيد على ...) are kept in ``qualifier`` as written; bounds are inside the
span, approximations outside it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import get_currency_name, list_currencies

from rasd.document import Amount, Document
from rasd.normalize import NormalizedText, normalize, normalize_form
from rasd.numbers import NumberMatch, find_numbers, lexicon
from rasd.resources import load_toml

_TANWEEN_FATH = "\u064b"
# Nouns that begin with ي like an imperfect verb: يمنيين (Yemenis), يهود, يابانيين, يخوت.
_Y_NOUNS = ("يمن", "يهود", "ياب", "يخت", "يخوت", "يونان", "يورو")
# "بينها" / "منهم" after a count opens a list of its parts; the sentence end closes it.
_BREAKDOWN = re.compile(r"\s*,?\s*(?:من\s+)?(?:بينها|بينهم|بينهن|منها|منهم|منهن)\s")
_SENTENCE_END = re.compile(r"[.!?\n;]")
_SCORE_AFTER = re.compile(r"\s*[-–:]\s*\d")
_SCORE_BEFORE = re.compile(r"\d\s*[-–:]\s*$")
_ARABIC_WORD = re.compile(r"\s+(?P<w>[\u0621-\u064a]+)(?![\w])")


def _alt(words) -> str:  # type: ignore[no-untyped-def]
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class _Family:
    name: str
    default: str
    use_context: bool
    countries: dict[str, re.Pattern[str]]


@dataclass(frozen=True)
class _Rules:
    currency: re.Pattern[str]
    phrase_code: dict[str, str]  # normalised phrase -> ISO code, or "family:<name>"
    families: dict[str, _Family]
    symbol_after: re.Pattern[str]
    symbol_before: re.Pattern[str]
    symbols: dict[str, str]
    percent: re.Pattern[str]
    qualifier_before: re.Pattern[str]
    bound_qualifiers: frozenset[str]
    range_between: re.Pattern[str]
    range_from: re.Pattern[str]
    range_joiner: re.Pattern[str]
    not_amount_before: frozenset[str]
    not_counted: frozenset[str]
    non_nouns: frozenset[str]
    out_of: re.Pattern[str]
    definite_numeral: re.Pattern[str]
    definite_gate: re.Pattern[str]  # found in every text where `definite_numeral` matches
    definite_values: dict[str, int]
    year_words: frozenset[str]
    ordinal_words: frozenset[str]


def _cldr_phrases() -> dict[str, str]:
    """CLDR's Arabic names of the current ISO 4217 currencies, in every plural form, normalised."""
    phrases: dict[str, str] = {}
    locale = Locale("ar")
    for code in sorted(list_currencies()):
        names = {locale.currencies.get(code) or ""}
        for count in (1, 2, 3, 11, 100):
            try:
                names.add(get_currency_name(code, count=count, locale=locale))
            except Exception:  # pragma: no cover - Babel data gaps
                continue
        for name in names:
            form = " ".join(normalize_form(name).split())
            # Keep Arabic names only (CLDR falls back to the ISO code when it has no name).
            if form and re.fullmatch(r"[\u0621-\u064a ]+", form):
                phrases.setdefault(form, code)
    return phrases


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """The compiled rules of ``currencies.toml`` and ``amounts.toml`` (built once)."""
    cur = load_toml("currencies.toml")
    data = load_toml("amounts.toml")
    phrase_code = _cldr_phrases()
    families: dict[str, _Family] = {}
    for name, fam in cur["family"].items():
        adjectives = fam.get("adjectives", {})
        for noun in fam["nouns"]:
            phrase_code[noun] = f"family:{name}"
            for adj, code in adjectives.items():
                phrase_code[f"{noun} {adj}"] = code
                if noun.startswith("ال") and not adj.startswith("ال"):
                    phrase_code[f"{noun} ال{adj}"] = code
        countries = {
            code: re.compile(rf"(?<!\w)[وبلفك]?(?:{_alt(cues)})(?!\w)") for code, cues in fam.get("countries", {}).items()
        }
        families[name] = _Family(name, fam["default"], bool(fam.get("use_context")), countries)
    symbols = dict(cur["symbols"])
    sym_alt = _alt(symbols)
    q = data["qualifiers"]
    quals = list(q["bound"]) + list(q["approximate"])
    counts = data["counts"]
    dates = load_toml("dates.toml")
    months = list(dates["months"]) + list(dates["weekdays"])
    non_nouns = frozenset(
        set(lexicon().words) | {m.split()[0] for m in months} | {"الف", "مليون", "مليار"}
    )
    return _Rules(
        currency=re.compile(rf"\s*(?:من\s+)?(?P<cur>{_alt(phrase_code)})(?!\w)"),
        phrase_code=phrase_code,
        families=families,
        symbol_after=re.compile(rf"\s?(?P<sym>{sym_alt})(?![\w])"),
        symbol_before=re.compile(rf"(?:(?<![\w$€£])|(?<=(?<!\w)و))(?P<sym>{sym_alt})\s?$"),
        symbols=symbols,
        percent=re.compile(rf"\s*(?P<pct>%|{_alt(data['percent_words'])})(?!\w)"),
        qualifier_before=re.compile(rf"(?<!\w)[وبل]?(?P<q>{_alt(quals)})\s+$"),
        bound_qualifiers=frozenset(q["bound"]),
        range_between=re.compile(rf"(?<!\w)(?:{_alt(q['between'])})\s+$"),
        range_from=re.compile(rf"(?<!\w)[و]?(?:{_alt(q['from_to'])})\s+$"),
        range_joiner=re.compile(rf"\s*(?:{_alt(q['range_joiners'])})\s*"),
        not_amount_before=frozenset(data["not_amount"]["before"]),
        not_counted=frozenset(counts["not_counted"]),
        non_nouns=non_nouns,
        out_of=re.compile(rf"(?<!\w)(?:{_alt(counts['out_of'])})\s+$"),
        definite_numeral=re.compile(
            rf"(?<!\w)[وفبل]?(?P<noun>ال[\u0621-\u064a]{{2,}})\s+(?P<num>{_alt(counts['definite_numerals'])})(?!\w)"
        ),
        # The numerals themselves all open with ال: a search for them jumps from ال to ال, where
        # `definite_numeral` (which opens with a look-behind) is tried at every character.
        definite_gate=re.compile(rf"(?:{_alt(counts['definite_numerals'])})(?!\w)"),
        definite_values=dict(counts["definite_numerals"]),
        year_words=frozenset(dates["year_words"]),
        ordinal_words=frozenset(w for w in lexicon().ordinals if " " not in w),
    )


@dataclass
class _Draft:
    n: NumberMatch
    start: int  # normalised span of the whole amount
    end: int
    value: int | float
    unit: str | None = None
    kind: str | None = None
    qualifier: str | None = None
    noun: str | None = None  # normalised form
    noun_span: tuple[int, int] | None = None  # normalised offsets of the noun in the text
    qualifier_span: tuple[int, int] | None = None  # normalised offsets of the qualifier


def _scaled(value: int | float, scale: int) -> int | float:
    """``value * scale`` computed exactly (1.1 x 10^9 is 1100000000, not 1100000000.0000002)."""
    product = Decimal(str(value)) * scale
    return int(product) if product == product.to_integral_value() else float(product)


class _Context:
    """Per-document lookups: the normalised text and the country cues of currency families."""

    def __init__(self, ntext: str) -> None:
        self.ntext = ntext
        self._family_code: dict[str, str] = {}

    def family_code(self, family: _Family) -> str:
        if family.name in self._family_code:
            return self._family_code[family.name]
        code = family.default
        if family.use_context and family.countries:
            best = (0, 0)
            for c, pattern in family.countries.items():
                hits = [m.start() for m in pattern.finditer(self.ntext)]
                if hits and (len(hits), -hits[0]) > best:
                    best, code = (len(hits), -hits[0]), c
        self._family_code[family.name] = code
        return code


def _word_before(ntext: str, pos: int) -> str:
    m = re.search(r"([\u0621-\u064a]+)\s*$", ntext[max(0, pos - 30) : pos])
    return m.group(1) if m else ""


def _unit_after(d: _Draft, ctx: _Context, r: _Rules) -> None:
    """Money or percent from what follows (or precedes, for symbols) the figure."""
    ntext = ctx.ntext
    m = r.percent.match(ntext, d.n.end)
    if m:
        d.unit, d.kind, d.end = "percent", "percent", m.end()
        return
    m = r.currency.match(ntext, d.n.end)
    if m:
        phrase = " ".join(m.group("cur").split())
        code = r.phrase_code.get(phrase)
        if code and code.startswith("family:"):
            code = ctx.family_code(r.families[code[7:]])
        if code:
            d.unit, d.kind, d.end = code, "money", m.end()
            return
    m = r.symbol_after.match(ntext, d.n.end)
    if m:
        d.unit, d.kind, d.end = r.symbols[m.group("sym")], "money", m.end()
        return
    head = ntext[max(0, d.n.start - 6) : d.n.start]
    m = r.symbol_before.search(head)
    if m:
        d.unit, d.kind = r.symbols[m.group("sym")], "money"
        d.start = d.n.start - (len(head) - m.start())
        return
    if head.endswith("%") and not re.search(r"\d\s*%$", head):
        d.unit, d.kind, d.start = "percent", "percent", d.n.start - 1


def _qualify(d: _Draft, ntext: str, r: _Rules) -> None:
    head = ntext[max(0, d.start - 30) : d.start]
    m = r.qualifier_before.search(head)
    if m:
        q = " ".join(m.group("q").split())
        offset = d.start - len(head)
        d.qualifier, d.qualifier_span = q, (offset + m.start("q"), offset + m.end("q"))
        if q in r.bound_qualifiers:
            d.start = offset + m.start("q")


def _is_noun(w: str, r: _Rules) -> bool:
    """Whether a normalised word can be the counted noun right after a number."""
    if len(w) < 2 or w in r.not_counted or w in r.non_nouns:
        return False
    if w.startswith("ال") or w.startswith("لل"):
        return False
    # An imperfect verb (يبدو, يعمل) or a plural past verb (قتلوا, أصيبوا) after a figure is the
    # predicate of the sentence, not the counted noun.
    if (w[0] == "ي" and len(w) >= 4 and not w.startswith(_Y_NOUNS)) or (w.endswith("وا") and len(w) >= 5):
        return False
    if w[0] in "وفبلك" and len(w) > 2:
        rest = w[1:]
        if rest.startswith("ال") or rest in r.not_counted or rest in r.non_nouns:
            return False
        # و + an imperfect verb prefix (وأصيب, ويعمل, وتضم) is "and ..." after the figure.
        if w[0] in "وف" and rest[0] in "ايتن" and len(rest) >= 3:
            return False
    return True


def _count(d: _Draft, ctx: _Context, r: _Rules) -> None:
    n, ntext = d.n, ctx.ntext
    value = n.value
    if isinstance(value, float) or value <= 0:
        return
    if not n.has_words and not n.has_scale:
        digits = ntext[n.start : n.end]
        if (digits.startswith("0") and len(digits) > 1) or len(digits.replace(",", "")) > 9:
            return
    if n.has_words and not n.has_scale and value <= 2 and n.tokens == 1:
        return  # واحد/اثنان alone follow their noun as adjectives ("مرة واحدة"): not a count
    before = _word_before(ntext, n.start)
    if before.startswith("لل"):
        before = "ال" + before[2:]  # ل + ال is written لل: للذكرى = ل + الذكرى
    if before in r.not_amount_before or (before[:1] in "وبلف" and before[1:] in r.not_amount_before):
        return
    if n.tokens == 1 and n.has_scale and ntext[n.end - 1 : n.end] == "ا":
        return  # a lone ألفا/مليونا before a word is a name as often as "two thousand" (ألفا بنك)
    if n.digits_only and 1900 <= value <= 2100:
        return  # a bare number in the years' range is a year more often than a count
    if before in r.year_words or before in r.ordinal_words:
        return  # "سنة 3500", "الثالث عشر": a year or the second word of an ordinal
    if n.digits_only and (_SCORE_AFTER.match(ntext, n.end) or _SCORE_BEFORE.search(ntext, max(0, n.start - 8), n.start)):
        return  # a score or a span of numbers ("1 - 1", "3-1")
    m = _ARABIC_WORD.match(ntext, n.end)
    if m and m.group("w") == "من":
        m2 = _ARABIC_WORD.match(ntext, m.end())
        if m2 and _is_noun(m2.group("w"), r) and m2.group("w") not in ("اصل", "بين", "مجموع", "اجمالي"):
            d.unit, d.kind, d.noun, d.end = "count", "count", m2.group("w"), n.end
            d.noun_span = m2.span("w")
        return
    if m and _is_noun(m.group("w"), r):
        d.unit, d.kind, d.noun, d.end = "count", "count", m.group("w"), m.end()
        d.noun_span = m.span("w")
        return
    if r.out_of.search(ntext[max(0, n.start - 20) : n.start]):
        d.unit, d.kind, d.end = "count", "count", n.end


def _link_ranges(drafts: list[_Draft], ntext: str, r: _Rules) -> None:
    """Give a range bound written without a unit (or scale) those of its partner bound.

    "بين 15 و20 مليار دولار": 15 takes مليار and دولار; "ما بين 15 بليون دولار و20 بليونا": 20
    بليونا takes دولار. A bound after a money amount joined by a bare و links only when it has
    its own scale word (the second figure of "X دولار و20 بليونا").
    """
    for a, b in zip(drafts, drafts[1:]):
        gap = ntext[a.end if a.unit is not None else a.n.end : b.n.start]
        if not r.range_joiner.fullmatch(gap):
            continue
        joiner = " ".join(gap.split())
        head = ntext[max(0, a.start - 20) : a.start]
        between = bool(r.range_between.search(head))
        from_to = bool(r.range_from.search(head)) and joiner != "و"
        qualifier = "between" if between else ("from-to" if from_to else None)
        if a.unit is None and b.kind in ("money", "percent"):
            if not (qualifier or joiner in ("الي", "-", "حتي")) or a.n.has_scale:
                continue
            a.value, a.unit, a.kind = _scaled(a.n.value, b.n.scale), b.unit, b.kind
        elif b.unit is None and a.kind in ("money", "percent"):
            if not (qualifier or b.n.has_scale):
                continue
            scale = a.n.scale if a.n.scale > 1 and not b.n.has_scale else 1
            b.value, b.unit, b.kind = _scaled(b.n.value, scale), a.unit, a.kind
        elif not (a.unit and b.unit and a.unit == b.unit):
            continue
        if qualifier:
            a.qualifier = a.qualifier or qualifier
            b.qualifier = b.qualifier or qualifier


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a sorted list of disjoint spans has one overlapping ``start:end``."""
    i = bisect.bisect_right(spans, (start, float("inf")))
    return (i > 0 and spans[i - 1][1] > start) or (i < len(spans) and spans[i][0] < end)


def find_amounts(
    norm: NormalizedText,
    source: str,
    skip: list[tuple[int, int]] | None = None,
    date_spans: list[tuple[int, int]] | None = None,
) -> list[_Draft]:
    """Amounts of a normalised text (offsets in the normalised text).

    Numbers inside ``skip`` (normalised spans) or ``date_spans`` (source spans, e.g. the dates
    layer) are dates, not amounts.
    """
    r = rules()
    ntext = norm.text

    def tanween(s: int, e: int) -> bool:
        a, b = norm.source_span(s, e)
        return _TANWEEN_FATH in source[a : b + 1]

    skip = sorted(skip or [])
    dates = date_spans or []
    ctx = _Context(ntext)
    drafts: list[_Draft] = []
    k = kd = 0
    for n in find_numbers(ntext, tanween):
        while k < len(skip) and skip[k][1] <= n.start:
            k += 1
        if k < len(skip) and skip[k][0] < n.end:
            continue
        if dates:
            src_start, src_end = norm.source_span(n.start, n.end)
            while kd < len(dates) and dates[kd][1] <= src_start:
                kd += 1
            if kd < len(dates) and dates[kd][0] < src_end:
                continue
        d = _Draft(n, n.start, n.end, n.value)
        _unit_after(d, ctx, r)
        drafts.append(d)
    _link_ranges(drafts, ntext, r)
    breakdown: tuple[_Draft, int] | None = None  # (the whole count, end of its sentence)
    for d in drafts:
        if d.unit is None and breakdown is not None and d.n.start < breakdown[1]:
            # "8 شركات، بينها 4 في إيران، و3 في الإمارات، وواحدة في ألمانيا": the parts of a
            # count that are listed after بينها/منها count the same noun.
            d.unit, d.kind, d.noun, d.noun_span = "count", "count", breakdown[0].noun, breakdown[0].noun_span
        if d.unit is None:
            _count(d, ctx, r)
        if d.unit is not None:
            _qualify(d, ntext, r)
        if d.kind == "count" and _BREAKDOWN.match(ntext, d.end):
            stop = _SENTENCE_END.search(ntext, d.end)
            breakdown = (d, stop.start() if stop else len(ntext))
    out = [d for d in drafts if d.unit is not None]
    # Definite numerals after a definite noun: "الدول الخمس" counts the states.
    for m in r.definite_numeral.finditer(ntext) if r.definite_gate.search(ntext) else ():
        noun = m.group("noun")
        if noun[2:] in r.not_counted or noun in r.not_counted or noun[2:] in r.non_nouns:
            continue
        src_start, src_end = norm.source_span(m.start("noun"), m.end())
        if _overlaps(skip, m.start("noun"), m.end()) or _overlaps(dates, src_start, src_end):
            continue
        value = r.definite_values[m.group("num")]
        fake = NumberMatch(m.start("num"), m.end("num"), value, True, False, 1, False)
        out.append(_Draft(fake, m.start("noun"), m.end(), value, "count", "count", None, noun, m.span("noun")))
    out.sort(key=lambda d: d.start)
    return out


def _written(text: str, norm: NormalizedText, span: tuple[int, int]) -> str:
    """The source text of a normalised span."""
    start, end = norm.source_span(*span)
    return text[start:end]


def amounts_stage(doc: Document) -> Document:
    """Pipeline stage: reads ``text``, ``norm`` and ``dates``; adds ``amounts``."""
    norm = doc.norm if doc.norm is not None else normalize(doc.text)
    doc.norm = norm
    date_spans = sorted((d.start, d.end) for d in doc.dates)
    amounts: list[Amount] = []
    for d in find_amounts(norm, doc.text, date_spans=date_spans):
        s, e = norm.source_span(d.start, d.end)
        span = doc.span(s, e)
        # The noun and qualifier as written ("محطة", "أكثر من"), not their folded forms.
        noun, qualifier = d.noun, d.qualifier
        if d.noun_span is not None:
            noun = _written(doc.text, norm, d.noun_span)
        if d.qualifier_span is not None:
            qualifier = _written(doc.text, norm, d.qualifier_span)
        amounts.append(Amount(span.start, span.end, span.text, d.value, d.unit, d.kind or "number", qualifier, noun))
    doc.amounts = amounts
    return doc


__all__ = ["amounts_stage", "find_amounts", "rules"]
