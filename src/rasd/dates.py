"""The dates layer: every date an article states, with its value, and the dateline publication date.

Arabic news names the months of one calendar in three ways (يناير / كانون الثاني / جانفي), often
two at once ("أغسطس/آب", "أيلول (سبتمبر)"), writes Hijri dates (15 رمضان 1445 هـ), and mostly
dates events relative to the day of publication ("اليوم الاثنين", "أمس", "الشهر الماضي",
"أغسطس الماضي"). The vocabulary is data (``data/dates.toml``; ordinal days come from
``data/numbers.toml``); the patterns are compiled once and run over the normalised text
(`rasd.normalize`), so the layer is linear in the text length.

Values are ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` with the matching ``granularity``
("day", "month", "year"; a decade such as "التسعينيات" is ``"1990"`` with granularity "decade").
A date that needs the publication date (a weekday, "أمس", "قبل يومين", "10 من الشهر الجاري",
a month without a year) is resolved against `Document.published` and marked ``relative``;
without a publication date it is left out, since guessing its year would invent a fact. A bare
weekday is the last one on or before publication; a bare month (or day and month) the last
occurrence, unless it falls in the next weeks (news announces as well as reports). A four-digit
number from 1900 to 2099 is a year unless the words around it make it an id ("القرار 2254",
"رؤية 2030") or a figure ("2000 شخص", "أكثر من 2000"). A month without a year followed by "من ذلك العام"
("of that year") takes the last year written before it. A range ("يومي 13 و14 نيسان", "من عام
2016 وحتى 2018") gives one date per bound. Hijri dates are converted with hijridate (Umm al-Qura) and
keep ``calendar="hijri"``.

When the document has no publication date yet, the stage takes it from a dateline: a short line
that states a full date (first or last lines, "نشر في ...", "آخر تحديث ..."), or an embedded
tweet's date line when it is the only full date in the text; ``published_source`` is then
``"dateline"``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Iterator

from rasd.document import DateExpr, Document
from rasd.normalize import NormalizedText, folding_keeps_lines, normalize, normalize_form
from rasd.numbers import by_first_letter, lexicon
from rasd.resources import load_toml

from hijridate import Gregorian, Hijri

MIN_YEAR, MAX_YEAR = 1000, 2200
MIN_NUMERIC_YEAR = 1800  # an all-digit date before this is a Hijri date or not a date
MIN_HIJRI_YEAR, MAX_HIJRI_YEAR = 1343, 1500  # the range hijridate supports (1924-2077)
# "موسم حج عام 1445" in a 2024 article: a year this close to the publication's Hijri year, and
# not marked Gregorian (م, ميلادي), is Hijri even without هـ; Gregorian years such as 1453 are not.
HIJRI_YEAR_WINDOW = 3


# The start of a word, or of a word behind one proclitic (والعام, وأمس, فالشهر): not after a
# letter other than a proclitic, nor after a proclitic that follows a letter. (The same as
# "(?:(?<!\w)|(?<=(?<!\w)[وفبل]))", written as two plain checks: the patterns that open with it
# test it at every character of the text, and this form is cheaper.)
_WORD_START = r"(?<![^\Wوفبل])(?<!\w[وفبل])"


def _alt(words: Any) -> str:
    """A regex alternation of normalised words, longest first, inner spaces flexible.

    The words are grouped by their first letter ("ا(?:بريل|غسطس)|..."): the regex engine then
    tests one letter per group instead of one per word at every word start, which is what these
    patterns spend their time on. Only words with the same first letter can match at the same
    place, and they keep their longest-first order, so the matches are those of the flat list."""

    def escape(w: str) -> str:
        return re.escape(w).replace(r"\ ", r"\s+")

    ordered = sorted(words, key=len, reverse=True)
    if any(not w or w[0].isspace() for w in ordered):
        return "|".join(escape(w) for w in ordered)
    return by_first_letter(ordered, escape)


def _first_words(alternation: str) -> str:
    """The words an alternation of phrases opens with (``"امس\\s+الاول|غدا"`` -> ``"امس|غدا"``)."""
    return "|".join(dict.fromkeys(phrase.split(r"\s+")[0] for phrase in alternation.split("|")))


@dataclass(frozen=True)
class _Scan:
    """One date pattern of `_collect`, and what lets it skip most of a text.

    A pattern that opens with a look-behind is tried by the regex engine at every character;
    one that opens with literal letters is not (the engine jumps to those letters). So each
    pattern may have ``starts``, a literal-led regex that matches wherever the pattern can start
    (the words a match opens with): the pattern is tried only there. ``needs`` lists regexes one
    of which every match contains: a text with none of them is skipped. Either way the matches
    are exactly those of ``pattern.finditer`` (no pattern matches the empty string)."""

    pattern: re.Pattern[str]
    priority: int  # higher wins an overlap of equal length
    kind: str
    starts: re.Pattern[str] | None = None
    needs: tuple[re.Pattern[str], ...] = ()

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.needs and not any(r.search(text) for r in self.needs):
            return
        if self.starts is None:
            yield from self.pattern.finditer(text)
            return
        search, match = self.starts.search, self.pattern.match
        pos = 0
        while (hit := search(text, pos)) is not None:
            m = match(text, hit.start())
            if m is None:
                pos = hit.start() + 1
            else:
                yield m
                pos = max(m.end(), hit.start() + 1)


@dataclass(frozen=True)
class _Vocab:
    months: dict[str, int]
    english_months: dict[str, int]
    hijri_months: dict[str, int]
    weekdays: dict[str, int]
    modifiers: dict[str, str]
    ordinals: dict[str, int]
    ambiguous_months: frozenset[str]
    not_today_before: frozenset[str]
    not_today_after: frozenset[str]
    absolute: re.Pattern[str]
    english: re.Pattern[str]
    numeric: re.Pattern[str]
    hijri: re.Pattern[str]
    year: re.Pattern[str]
    bare_year: re.Pattern[str]
    relative_day: re.Pattern[str]
    weekday: re.Pattern[str]
    period: re.Pattern[str]
    decade: re.Pattern[str]
    ago: re.Pattern[str]
    lone_year: re.Pattern[str]
    not_year_before: frozenset[str]
    not_year_after: frozenset[str]
    not_weekday_before: frozenset[str]
    not_date_before: frozenset[str]
    not_weekday_after: frozenset[str]
    decades: dict[str, int]
    ago_units: dict[str, str]
    ago_duals: dict[str, str]
    ago_numbers: dict[str, int]
    scans: tuple[_Scan, ...]  # the patterns in the order `_collect` runs them


@lru_cache(maxsize=1)
def vocabulary() -> _Vocab:
    """Date words of ``dates.toml`` and the compiled patterns (built once)."""
    data = load_toml("dates.toml")
    ordinals = dict(load_toml("numbers.toml")["ordinals"])
    months, weekdays, modifiers = data["months"], data["weekdays"], data["modifiers"]
    month = _alt(months)
    pair = rf"(?P<m1>{month})(?:\s*[/(\\-]\s*(?P<m2>{month})(?:\s*\))?)?"
    part = _alt(data["part_of_period"])
    weekday = _alt(weekdays)
    modifier = _alt(modifiers)
    day = rf"(?:(?:ال)?(?P<d1>\d{{1,2}})|(?P<o1>{_alt(ordinals)}))"
    year_words = _alt(data["year_words"])
    anaphora = r"(?P<ana>(?:من|في)\s+(?:ذلك\s+العام|العام\s+(?:نفسه|ذاته)|نفس\s+العام|تلك\s+السنه|السنه\s+(?:نفسها|ذاتها)))"
    rel_year = rf"(?:من|في)\s+(?:العام|السنه)\s+(?P<ymod>{modifier})"
    absolute = re.compile(
        rf"{_WORD_START}(?:(?P<pre>{part})\s+)?"
        rf"(?:(?P<wdpre>(?:(?:اليوم|يوم|يومه|مساء|صباح)\s+)?(?:{weekday}))\s*,?\s*)?"
        rf"(?:{day}(?:\s*(?:و|-|الي|حتي)\s*(?P<d2>\d{{1,2}}))?\s*(?:من\s+)?)?"
        rf"(?P<shahr>شهر\s+)?{pair}"
        rf"(?:(?:\s*,\s*|\s+)(?:من\s+)?(?:(?:{year_words})\s+)?(?P<y>\d{{4}})(?:\s*م(?!\w)|\s*ميلادي)?(?!\w)"
        rf"|\s+(?P<mod>{modifier})(?!\w)|\s+{anaphora}|\s+{rel_year})?"
    )
    en_month = _alt(data["english_months"])
    english = re.compile(
        rf"(?<![\w])(?:(?P<em>{en_month})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})"
        rf"|(?P<d_>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<em_>{en_month})\.?,?\s+(?P<y_>\d{{4}})"
        rf"|(?P<em2>{en_month})\.?,?\s+(?P<y2>\d{{4}}))(?!\w)"
    )
    numeric = re.compile(
        r"(?<![\w/.\-:])(?:(?P<d>\d{1,2})\s?(?P<sep>[/.\-])\s?(?P<m>\d{1,2})\s?(?P=sep)\s?(?P<y>\d{4})"
        r"|(?P<y_>\d{4})(?P<sep_>[/.\-])(?P<m_>\d{1,2})(?P=sep_)(?P<d_>\d{1,2}))(?:(?P<hs>\s*(?:ه|هجري|هجريه)(?!\w))|(?=t\d)|(?![\w/]|[.\-:]\d))"
    )
    hijri_month = _alt(data["hijri_months"])
    hijri_year_word = r"عام|سنه|لعام"
    hijri = re.compile(
        rf"(?<!\w)(?:(?:(?P<d>\d{{1,2}})\s+(?:من\s+)?)?(?P<hm>{hijri_month})\s+(?:(?:{hijri_year_word})\s+)?(?P<y>\d{{4}})"
        rf"(?:\s*(?:ه|هجري|هجريه)(?!\w))?"
        rf"|(?:(?:عام|العام|سنه)\s+)?(?P<y_>\d{{4}})\s*(?P<h>ه|هجري|هجريه)(?!\w))"
    )
    glued_year_words = r"لعام|بعام|وعام|والعام|للعام|خلال\s+العام"
    year = re.compile(
        rf"(?<!\w)(?:(?P<pre>{part})\s+)?(?:(?P<yw>{year_words})|(?P<yw2>{glued_year_words}))\s+"
        rf"(?P<lp>\(\s*)?(?P<y>\d{{4}})(?(lp)\s*\))(?:\s*م(?!\w)|\s*ميلادي)?"
        rf"(?:\s*(?:-|/|و|الي|حتي|وحتي|والي)\s*(?P<y2>\d{{4}})(?:\s*م(?!\w))?)?(?!\w)"
    )
    year_prepositions = _alt(data["year_prepositions"])
    bare_year = re.compile(rf"(?<!\w)(?P<prep>{year_prepositions})\s+(?P<y>\d{{4}})(?:\s*م(?!\w))?(?![\w%]|[.,]\d)")
    times_of_day = r"مساء|صباح|ظهر|ليله|فجر"
    relative_words = r"اليوم|امس\s+الاول|اول\s+امس|اول\s+من\s+امس|امس|غدا|يوم\s+غد|بعد\s+غد|يومه"
    relative_day = re.compile(
        rf"{_WORD_START}(?:(?:{times_of_day})\s+)?(?:(?:يوم\s+)?(?P<w>{relative_words})"
        rf"(?:\s*,?\s*(?P<wd>{weekday}))?)(?!\w)"
    )
    weekday_lead = r"يوم|مساء|صباح|ليله"
    weekday_re = re.compile(rf"{_WORD_START}(?:(?:{weekday_lead})\s+)?(?P<wd>{weekday})(?:\s+(?P<mod>{modifier}))?(?!\w)")
    units = r"الشهر|العام|السنه|الاسبوع"
    this = r"هذا|هذه"
    period = re.compile(
        rf"{_WORD_START}(?:(?P<pre>{part})\s+)?(?:(?:يوم\s+)?(?:ال)?(?P<pd>\d{{1,2}})\s+(?:من\s+)?|(?P<po>{_alt(ordinals)})\s+من\s+)?"
        rf"(?:(?:{this})\s+(?P<u1>{units})"
        rf"|(?P<u2>{units})\s+(?P<mod>{modifier}))(?!\w)"
    )
    # A four-digit number from 1900 to 2099 standing alone (not a figure with a unit after it).
    lone_year = re.compile(
        # Not after a letter (but for a conjunction و of its own) nor after . , / - : $ € £ %: the
        # same as "(?:(?<![\w.,/\-:$€£%])|(?<=(?<!\w)و))", in the cheaper form of `_WORD_START`.
        r"(?<![^\Wو])(?<![.,/\-:$€£%])(?<!\wو)\(?(?P<y>(?:19|20)\d\d)\)?(?!\w|\s*(?:%|[.,/\-:]\d))"
    )
    # Number words for "قبل ثلاثة أيام": units and tens of numbers.toml (3 to 99 is enough).
    ago_numbers = {w: int(v) for w, (kind, v) in lexicon().words.items() if kind in ("unit", "ten") and v >= 3}
    ago_words = r"قبل|منذ"
    ago = re.compile(
        rf"{_WORD_START}(?P<w>{ago_words})\s+(?:(?:نحو|حوالي|قرابه|اكثر\s+من)\s+)?"
        rf"(?:(?P<n>\d{{1,3}}|{_alt(ago_numbers)})\s+(?P<u>{_alt(data['ago_units'])})|(?P<dual>{_alt(data['ago_duals'])}))(?!\w)"
    )
    decades = _alt(data["decades"])
    decade = re.compile(rf"(?<!\w)(?P<dec>{decades})(?:\s+من\s+القرن\s+(?P<c>الماضي|العشرين|الحالي|الحادي\s+والعشرين|الجاري))?(?!\w)")
    # Where each pattern can start, or what it needs: the words it opens with, read off the
    # pieces it is built from (see `_Scan`).
    scans = (
        _Scan(numeric, 9, "numeric", starts=re.compile(r"\d(?:\d?\s?[/.\-]\s?\d|\d{3}[/.\-]\d)")),
        _Scan(english, 8, "english", needs=(re.compile(en_month),)),
        _Scan(hijri, 7, "hijri", needs=(
            re.compile(rf"(?:{hijri_month})\s+(?:(?:{hijri_year_word})\s+)?\d"), re.compile(r"\d\d{3}\s*ه"),
        )),
        _Scan(absolute, 6, "absolute"),
        _Scan(year, 5, "year", starts=re.compile(f"{part}|{year_words}|{_first_words(glued_year_words)}"),
              needs=(re.compile(rf"(?:{year_words}|{glued_year_words})\s+\(?\s*\d"),)),
        _Scan(decade, 4, "decade", starts=re.compile(decades)),
        _Scan(relative_day, 3, "relative_day", starts=re.compile(f"{times_of_day}|يوم|{_first_words(relative_words)}")),
        _Scan(period, 2, "period", needs=(re.compile(rf"(?:{this})\s+(?:{units})"), re.compile(rf"(?:{units})\s+(?:{modifier})"))),
        _Scan(ago, 2, "ago", starts=re.compile(ago_words)),
        _Scan(weekday_re, 1, "weekday", starts=re.compile(f"{weekday_lead}|{weekday}")),
        _Scan(bare_year, 0, "bare_year", starts=re.compile(rf"(?:{year_prepositions})\s+\d")),
        _Scan(lone_year, -1, "lone_year", starts=re.compile(r"\((?:19|20)|19|20")),
    )
    return _Vocab(
        months=dict(months), english_months=dict(data["english_months"]), hijri_months=dict(data["hijri_months"]),
        weekdays=dict(weekdays), modifiers=dict(modifiers), ordinals=ordinals,
        ambiguous_months=frozenset(data["ambiguous_months"]),
        not_today_before=frozenset(data["not_today_before"]), not_today_after=frozenset(data["not_today_after"]),
        absolute=absolute, english=english, numeric=numeric, hijri=hijri, year=year, bare_year=bare_year,
        relative_day=relative_day, weekday=weekday_re, period=period, decade=decade, ago=ago,
        lone_year=lone_year, not_year_before=frozenset(data["not_year_before"]),
        not_year_after=frozenset(data["not_year_after"]),
        not_weekday_before=frozenset(data["not_weekday_before"]),
        not_date_before=frozenset(data["not_date_before"]),
        not_weekday_after=frozenset(data["not_weekday_after"]),
        decades=dict(data["decades"]), ago_units=dict(data["ago_units"]), ago_duals=dict(data["ago_duals"]),
        ago_numbers=ago_numbers, scans=scans,
    )


@dataclass
class _Candidate:
    start: int  # normalised offsets
    end: int
    priority: int  # higher wins an overlap of equal length
    kind: str
    match: re.Match[str]


def _space(s: str) -> str:
    return " ".join(s.split())


def _valid_day(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
        return True
    except ValueError:
        return False


def _fmt(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _parse_published(published: str | None) -> date | None:
    if not published:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", published)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _year_for_month(month: int, mod: str | None, pub: date, day: int | None = None) -> int:
    """The year of a month (or day and month) written without one, placed against publication.

    "الماضي" is the last such month before the publication month, "المقبل" the next one after it,
    "الجاري" the publication year. A bare date is read as news reads it: mostly what happened
    (up to ten months back), else what is announced for the coming weeks (45 days for a day,
    the next month for a month).
    """
    if mod == "past":
        return pub.year if month < pub.month else pub.year - 1
    if mod == "next":
        return pub.year if month > pub.month else pub.year + 1
    if mod == "current":
        return pub.year
    if day is not None and _valid_day(pub.year, month, day):
        ahead = (date(pub.year, month, day) - pub).days
        if ahead > 45:
            return pub.year - 1
        if ahead < -320:
            return pub.year + 1
        return pub.year
    diff = month - pub.month
    if diff > 1:
        return pub.year - 1
    if diff < -10:
        return pub.year + 1
    return pub.year


def _collect(ntext: str) -> list[_Candidate]:
    cands: list[_Candidate] = []
    for scan in vocabulary().scans:
        for m in scan.finditer(ntext):
            if m.end() > m.start():
                cands.append(_Candidate(m.start(), m.end(), scan.priority, scan.kind, m))
    # Longest first, then the most specific pattern; keep the ones that do not overlap a kept one.
    cands.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    kept: list[_Candidate] = []
    taken: list[tuple[int, int]] = []

    for c in cands:
        i = bisect.bisect_left(taken, (c.start, -1))
        if i > 0 and taken[i - 1][1] > c.start:
            continue
        if i < len(taken) and taken[i][0] < c.end:
            continue
        taken.insert(i, (c.start, c.end))
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


@dataclass
class _Found:
    nstart: int
    nend: int
    value: str | None
    granularity: str | None
    relative: bool = False
    calendar: str = "gregorian"
    explicit_year: int | None = None


class _Resolver:
    """Turns matched patterns into values, in text order (so "من ذلك العام" sees earlier years)."""

    def __init__(self, ntext: str, pub: date | None) -> None:
        self.ntext = ntext
        self.pub = pub
        self.last_year: int | None = None
        self.v = vocabulary()

    def _word_before(self, pos: int) -> str:
        m = re.search(r"(\w+)\s*$", self.ntext[max(0, pos - 40) : pos])
        return m.group(1) if m else ""

    def _word_after(self, pos: int) -> str:
        m = re.match(r"\s*(\w+)", self.ntext[pos : pos + 40])
        return m.group(1) if m else ""

    def resolve(self, c: _Candidate) -> list[_Found]:
        handler = getattr(self, "_" + c.kind)
        found: list[_Found] = handler(c) or []
        for f in found:
            if f.explicit_year is not None:
                self.last_year = f.explicit_year
        return found

    # -- absolute dates ------------------------------------------------------------------------
    def _numeric(self, c: _Candidate) -> list[_Found]:
        m = c.match
        if m.group("y") is not None:
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        else:
            y, mo, d = int(m.group("y_")), int(m.group("m_")), int(m.group("d_"))
        if m.group("hs") or MIN_HIJRI_YEAR <= y <= MAX_HIJRI_YEAR:
            # 15/9/1445 هـ: a Hijri date (no Gregorian date of the 15th century is news).
            try:
                g = Hijri(y, mo, d).to_gregorian()
            except (ValueError, OverflowError):
                return []
            return [_Found(c.start, c.end, _fmt(g.year, g.month, g.day), "day", calendar="hijri", explicit_year=g.year)]
        if not (MIN_NUMERIC_YEAR <= y <= MAX_YEAR and _valid_day(y, mo, d)):
            return []
        return [_Found(c.start, c.end, _fmt(y, mo, d), "day", explicit_year=y)]

    def _english(self, c: _Candidate) -> list[_Found]:
        m, months = c.match, self.v.english_months
        if m.group("em") is not None:
            mo, d, y = months[m.group("em")], int(m.group("d")), int(m.group("y"))
        elif m.group("em_") is not None:
            mo, d, y = months[m.group("em_")], int(m.group("d_")), int(m.group("y_"))
        else:
            mo, y = months[m.group("em2")], int(m.group("y2"))
            if not MIN_YEAR <= y <= MAX_YEAR:
                return []
            return [_Found(c.start, c.end, _fmt(y, mo), "month", explicit_year=y)]
        if not (MIN_YEAR <= y <= MAX_YEAR and _valid_day(y, mo, d)):
            return []
        return [_Found(c.start, c.end, _fmt(y, mo, d), "day", explicit_year=y)]

    def _hijri(self, c: _Candidate) -> list[_Found]:
        m = c.match
        if m.group("hm") is not None:
            y = int(m.group("y"))
            month = self.v.hijri_months[_space(m.group("hm"))]
            day = int(m.group("d")) if m.group("d") else None
        else:
            if m.group("h") is None:
                return []
            y, month, day = int(m.group("y_")), None, None
        if not MIN_HIJRI_YEAR <= y <= MAX_HIJRI_YEAR:
            return []
        try:
            g = Hijri(y, month or 1, day or 1).to_gregorian()
        except (ValueError, OverflowError):
            return []
        if day is not None:
            return [_Found(c.start, c.end, _fmt(g.year, g.month, g.day), "day", calendar="hijri", explicit_year=g.year)]
        if month is not None:
            return [_Found(c.start, c.end, _fmt(g.year, g.month), "month", calendar="hijri", explicit_year=g.year)]
        return [_Found(c.start, c.end, _fmt(g.year), "year", calendar="hijri", explicit_year=g.year)]

    def _absolute(self, c: _Candidate) -> list[_Found]:
        m, v = c.match, self.v
        m1 = _space(m.group("m1"))
        month = v.months[m1]
        has_day = m.group("d1") is not None or m.group("o1") is not None
        has_context = bool(
            has_day or m.group("m2") or m.group("y") or m.group("mod") or m.group("ana") or m.group("ymod") or m.group("shahr")
        )
        if m1 in v.ambiguous_months and not has_context:
            return []
        if not m.group("y"):
            before = self._word_before(c.start)
            if before in v.not_date_before or before[1:] in v.not_date_before:
                return []
        day = None
        if m.group("d1") is not None:
            day = int(m.group("d1"))
        elif m.group("o1") is not None:
            day = v.ordinals.get(_space(m.group("o1")))
        day2 = int(m.group("d2")) if m.group("d2") else None
        relative = False
        year: int | None = None
        explicit = None
        if m.group("y"):
            year = int(m.group("y"))
            explicit = year
            if not MIN_YEAR <= year <= MAX_YEAR:
                return []
        elif m.group("ana"):
            year = self.last_year
        elif m.group("ymod"):
            if self.pub is None:
                return []
            year = self.pub.year + {"past": -1, "next": 1, "current": 0}[v.modifiers[m.group("ymod")]]
            relative = True
        elif self.pub is not None:
            year = _year_for_month(month, v.modifiers.get(m.group("mod") or ""), self.pub, day)
            relative = True
        if year is None:
            return []
        start = c.start
        if m.group("wdpre") and not (day or m.group("pre")):
            # A weekday before a bare month ("الاثنين مارس") is not one date: start at the month.
            start = m.start("shahr") if m.group("shahr") else m.start("m1")
        if day is None:
            return [_Found(start, c.end, _fmt(year, month), "month", relative, explicit_year=explicit)]
        if not _valid_day(year, month, day):
            return []
        out = [_Found(start, c.end, _fmt(year, month, day), "day", relative, explicit_year=explicit)]
        if day2 is not None and _valid_day(year, month, day2) and day2 > day:
            out.append(_Found(m.start("d2"), c.end, _fmt(year, month, day2), "day", relative, explicit_year=explicit))
        return out

    def _year(self, c: _Candidate) -> list[_Found]:
        m = c.match
        y = int(m.group("y"))
        if not MIN_YEAR <= y <= MAX_YEAR:
            return []
        if not m.group("y2") and self._near_publication_hijri_year(y) and not re.search(r"م$|ميلادي$", m.group(0)):
            g = Hijri(y, 1, 1).to_gregorian()
            return [_Found(c.start, c.end, _fmt(g.year), "year", calendar="hijri", explicit_year=g.year)]
        out = [_Found(c.start, m.end("y") if m.group("y2") else c.end, _fmt(y), "year", explicit_year=y)]
        if m.group("y2"):
            y2 = int(m.group("y2"))
            if y < y2 <= MAX_YEAR:
                out.append(_Found(m.start("y2"), c.end, _fmt(y2), "year", explicit_year=y2))
        return out

    def _near_publication_hijri_year(self, y: int) -> bool:
        if self.pub is None or not MIN_HIJRI_YEAR <= y <= MAX_HIJRI_YEAR:
            return False
        try:
            pub_hijri = Gregorian(self.pub.year, self.pub.month, self.pub.day).to_hijri().year
        except (OverflowError, ValueError):
            return False  # a publication date outside the Umm al-Qura tables
        return abs(y - pub_hijri) <= HIJRI_YEAR_WINDOW

    def _bare_year(self, c: _Candidate) -> list[_Found]:
        m = c.match
        y = int(m.group("y"))
        # A bare number is a year only in the range news writes about, and never before a unit.
        if not 1900 <= y <= 2100:
            return []
        return [_Found(m.start("y"), c.end, _fmt(y), "year", explicit_year=y)]

    def _lone_year(self, c: _Candidate) -> list[_Found]:
        m = c.match
        before = self._word_before(c.start)
        if before == "من":
            # "الربع الأول من 2024" is a year; "أكثر من 2000" and "من أصل 2000" are not.
            before = self._word_before(c.start - 3) if self.ntext[max(0, c.start - 3) : c.start].strip() == "من" else ""
            if before in self.v.not_year_before or before in ("اصل", "بين", "مجموع", "اجمالي"):
                return []
        elif before in self.v.not_year_before or before[1:] in self.v.not_year_before:
            return []
        after = self._word_after(c.end)
        if after in self.v.not_year_after:
            return []
        y = int(m.group("y"))
        return [_Found(m.start("y"), m.end("y"), _fmt(y), "year", explicit_year=y)]

    def _decade(self, c: _Candidate) -> list[_Found]:
        m = c.match
        tens = self.v.decades[m.group("dec")]
        century = 2000 if (m.group("c") or "").startswith(("الحالي", "الحادي", "الجاري")) else 1900
        return [_Found(c.start, c.end, _fmt(century + tens), "decade")]

    # -- relative dates ------------------------------------------------------------------------
    def _relative_day(self, c: _Candidate) -> list[_Found]:
        m = c.match
        word = _space(m.group("w"))
        if word == "اليوم":
            before = self._word_before(m.start("w"))
            if before in self.v.not_today_before or before[1:] in self.v.not_today_before:
                return []
            if not m.group("wd") and self._word_after(m.end("w")) in self.v.not_today_after:
                return []
        if word == "يومه" and not m.group("wd"):
            return []
        if self.pub is None:
            return []
        offset = {"اليوم": 0, "يومه": 0, "امس": -1, "امس الاول": -2, "اول امس": -2, "اول من امس": -2,
                  "غدا": 1, "يوم غد": 1, "بعد غد": 2}[word]
        d = self.pub + timedelta(days=offset)
        return [_Found(c.start, c.end, d.isoformat(), "day", True)]

    def _weekday(self, c: _Candidate) -> list[_Found]:
        if self.pub is None:
            return []
        m = c.match
        before = self._word_before(c.start)
        if before in self.v.not_weekday_before or before[1:] in self.v.not_weekday_before:
            return []
        if self._word_after(c.end) in self.v.not_weekday_after:
            return []
        wd = self.v.weekdays[m.group("wd")]
        mod = self.v.modifiers.get(m.group("mod") or "")
        if mod == "next":
            delta = (wd - self.pub.weekday()) % 7 or 7
            d = self.pub + timedelta(days=delta)
        else:
            # News reports what happened: a bare weekday is the last one on or before publication.
            delta = (self.pub.weekday() - wd) % 7
            if mod == "past" and delta == 0:
                delta = 7
            d = self.pub - timedelta(days=delta)
        return [_Found(c.start, c.end, d.isoformat(), "day", True)]

    def _ago(self, c: _Candidate) -> list[_Found]:
        if self.pub is None:
            return []
        m = c.match
        if m.group("dual"):
            unit, n = self.v.ago_duals[m.group("dual")], 2
        else:
            unit = self.v.ago_units[m.group("u")]
            raw = m.group("n")
            n = int(raw) if raw.isdigit() else self.v.ago_numbers[raw]
        if unit in ("day", "week"):
            d = self.pub - timedelta(days=n * (7 if unit == "week" else 1))
            return [_Found(c.start, c.end, d.isoformat(), "day", True)]
        if unit == "month":
            y, mo = divmod(self.pub.year * 12 + self.pub.month - 1 - n, 12)
            return [_Found(c.start, c.end, _fmt(y, mo + 1), "month", True)]
        return [_Found(c.start, c.end, _fmt(self.pub.year - n), "year", True)]

    def _period(self, c: _Candidate) -> list[_Found]:
        if self.pub is None:
            return []
        m = c.match
        unit = m.group("u1") or m.group("u2")
        mod = self.v.modifiers.get(m.group("mod") or "", "current")
        step = {"past": -1, "next": 1, "current": 0}[mod]
        if unit in ("العام", "السنه"):
            return [_Found(c.start, c.end, _fmt(self.pub.year + step), "year", True)]
        day = int(m.group("pd")) if m.group("pd") else self.v.ordinals.get(_space(m.group("po") or ""))
        if unit == "الشهر":
            y, mo = divmod(self.pub.year * 12 + self.pub.month - 1 + step, 12)
            if day is not None:
                # "في 10 من الشهر الجاري": a day of the month placed by the modifier.
                if not _valid_day(y, mo + 1, day):
                    return []
                return [_Found(c.start, c.end, _fmt(y, mo + 1, day), "day", True)]
            return [_Found(c.start, c.end, _fmt(y, mo + 1), "month", True)]
        if day is not None:
            return []
        # A week has no YYYY-MM-DD / YYYY-MM / YYYY value: kept out.
        return []


def find_dates(
    norm: NormalizedText | str, published: str | None = None, candidates: list[_Candidate] | None = None
) -> list[_Found]:
    """Dates in a normalised text (offsets in the normalised text), resolved against ``published``.
    ``candidates`` may pass the pattern matches of an earlier call on the same text: they do not
    depend on the publication date, only their resolution does."""
    ntext = norm.text if isinstance(norm, NormalizedText) else norm
    resolver = _Resolver(ntext, _parse_published(published))
    out: list[_Found] = []
    for c in _collect(ntext) if candidates is None else candidates:
        out.extend(resolver.resolve(c))
    return out


# A line that opens with a publication label ("نشر في", "تاريخ النشر", "آخر تحديث", "Published").
_DATELINE_LABEL = re.compile(
    r"^\W*(?:تاريخ\s+النشر|نشر\s+في|نشر\s+بتاريخ|نشر\s*:|تم\s+النشر|اخر\s+تحديث|تم\s+التحديث|تحديث\s*:|محدث|published|updated|posted)"
)
_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
_DIGIT = re.compile(r"\d")
# The attribution line of an embedded tweet: "— Name (@handle) September 18, 2023".
_TWEET_LINE = re.compile(r"^\s*[-—–]\s*.*\(@\w+\)")


def dateline_date(text: str, found: list[_Found] | None = None, ntext: str | None = None) -> str | None:
    """The publication date stated by a dateline or timestamp line of an article, if any.

    A line counts when it states a full date and either opens with a publication label
    ("نشر في", "آخر تحديث", "Published") or is a short line (a dateline or timestamp) among the
    first or last three; an embedded tweet's date line counts only when it is the only full date
    in the text. ``found`` may pass the dates already found in the whole text, and ``ntext`` the
    normalised text (`normalize`): its lines are then read off it instead of folded one by one.
    """
    folded_lines = ntext.split("\n") if ntext is not None and folding_keeps_lines() else None
    # The folded form of the first 300 characters (what is matched) of each non-empty line.
    lines: list[str] = [
        folded_lines[i] if folded_lines is not None and len(line) <= 300 else normalize_form(line[:300])
        for i, line in enumerate(text.split("\n"))
        if line.strip()
    ]
    if not lines:
        return None
    edge = {0, 1, 2, len(lines) - 1, len(lines) - 2, len(lines) - 3}

    def full_date(norm_line: str, mostly: bool = False) -> str | None:
        # With no publication date, only a date written with digits can be a day (_Resolver).
        if not _DIGIT.search(norm_line):
            return None
        days = [f for f in find_dates(norm_line) if f.granularity == "day" and f.value]
        if not days:
            return None
        if mostly:
            # A short edge line is a dateline when the date is most of it ("القاهرة - 12 مارس
            # 2024", "الثلاثاء 12/3/2024 10:30"), not a headline that mentions a date.
            rest = len(norm_line.replace(" ", "")) - (days[0].nend - days[0].nstart)
            if rest > len(norm_line.replace(" ", "")) * 0.6 and not _TIME.search(norm_line):
                return None
        return days[0].value

    labelled, short_edge, tweets = [], [], []
    for i, folded in enumerate(lines):
        norm_line = folded.strip()
        if _TWEET_LINE.match(norm_line):
            tweets.append(folded)
        elif _DATELINE_LABEL.match(norm_line):
            labelled.append(folded)
        elif i in edge and len(norm_line) <= 60:
            short_edge.append(folded)
    for folded in labelled:
        value = full_date(folded)
        if value:
            return value
    for folded in short_edge:
        value = full_date(folded, mostly=True)
        if value:
            return value
    tweet_dates = [v for v in (full_date(folded) for folded in tweets) if v]
    if len(tweet_dates) == 1:
        if found is None:
            found = find_dates(ntext if ntext is not None else normalize(text))
        if sum(1 for f in found if f.granularity == "day" and f.value and not f.relative) == 1:
            return tweet_dates[0]
    return None


def dates_stage(doc: Document) -> Document:
    """Pipeline stage: reads ``text``, ``norm`` and ``published``; adds ``dates`` and fills
    ``published`` from a dateline when it is still unknown."""
    norm = doc.norm if doc.norm is not None else normalize(doc.text)
    doc.norm = norm
    candidates = _collect(norm.text)
    found = find_dates(norm, doc.published, candidates)
    if doc.published is None:
        stated = dateline_date(doc.text, found, norm.text)
        if stated:
            doc.published, doc.published_source = stated, "dateline"
            found = find_dates(norm, doc.published, candidates)
    dates: list[DateExpr] = []
    for f in found:
        if not f.value:
            continue
        s, e = norm.source_span(f.nstart, f.nend)
        span = doc.span(s, e)
        dates.append(DateExpr(span.start, span.end, span.text, f.value, f.granularity, f.relative, f.calendar))
    doc.dates = dates
    return doc


__all__ = ["dates_stage", "find_dates", "dateline_date", "vocabulary"]
