"""The knowledge base: who and what Rasd knows by name, and the matcher that finds them.

Records come from versioned data files under ``rasd/data/kb`` (see ``kb/MANIFEST.toml``):
``places.json`` (countries, Arab governorates and MENA cities, built by ``scripts/build_kb.py``),
``countries.toml`` (news spellings and nisba adjectives) and ``curated.toml`` (organisations,
companies, media, people, products and other places). Everything is loaded once.

Aliases are indexed by their normalised token sequence, so matching is a dictionary lookup per
token position and alias length: linear in the text. The first word of a match may carry a
proclitic (وتركيا "and Turkey", بالرياض "in Riyadh"); the token's clitic readings are tried and
the mention starts after the clitic, as the gold aliases do.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from rasd.normalize import normalize_form
from rasd.resources import load_json, load_toml

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|\S")
_LATIN = re.compile(r"^[a-z0-9]+$")


@dataclass(frozen=True, slots=True)
class KBRecord:
    """One real-world actor or place. ``qid`` is a Wikidata id or "" when not verified."""

    index: int
    qid: str
    type: str
    name_en: str
    name_ar: str
    aliases: tuple[str, ...]
    country: str | None
    sector: str | None
    kind: str
    population: int = 0

    @property
    def kb_id(self) -> str | None:
        return self.qid or None


@dataclass(frozen=True, slots=True)
class KBMatch:
    """A run of tokens ``[first, last]`` whose reading ``form_start`` onwards is a KB alias."""

    first: int
    last: int
    start: int  # where the name starts (after a proclitic), in the caller's coordinates
    records: tuple[int, ...]
    key: str


def alias_key(text: str) -> str:
    """The lookup key of an alias: its normalised tokens joined by single spaces."""
    return " ".join(_TOKEN.findall(normalize_form(text)))


def nisba_forms(nisba: str) -> set[str]:
    """Every inflection of a (possibly two-word) nisba adjective, normalised.

    Arabic adjectives agree with their noun: تركي (masc.), تركية (fem.), with the article التركي,
    and plural/dual أمريكيون/أمريكيين/أمريكيان. A two-word nisba (كوري جنوبي) inflects each word.
    """
    words = normalize_form(nisba).split()
    if not words:
        return set()
    # masc., fem. (ة, folded to ه), masc. plural, masc. dual, fem. dual
    endings = ["", "ه", "ون", "ين", "ان", "تان", "تين"]
    return {
        " ".join(article + w + ending for w in words)
        for ending in endings
        for article in ("", "ال")
    }


class KnowledgeBase:
    """Records, an alias index and the nisba table, built once from the data files."""

    def __init__(self, records: list[KBRecord], nisba: dict[str, str]) -> None:
        self.records = records
        self.nisba = nisba  # normalised adjective (one or two words) -> ISO alpha-3
        self.index: dict[str, tuple[int, ...]] = {}
        grouped: dict[str, list[int]] = {}
        for r in records:
            for alias in r.aliases:
                key = alias_key(alias)
                if key and r.index not in grouped.setdefault(key, []):
                    grouped[key].append(r.index)
        self.index = {k: tuple(v) for k, v in grouped.items()}
        self.max_tokens = max((k.count(" ") + 1 for k in self.index), default=1)
        self.first_words = frozenset(k.split(" ", 1)[0] for k in self.index)
        # Every alias's leading words ("محكمة", "محكمة العدل"): a match stops growing off them.
        self.prefixes = frozenset(" ".join(words[:m]) for words in (k.split(" ") for k in self.index) for m in range(1, len(words) + 1))
        self.by_qid = {r.qid: r for r in records if r.qid}
        self.by_name_en = {r.name_en.casefold(): r for r in records}
        self.country_record = {r.country: r for r in records if r.kind == "country"}
        self.country_bodies = self._country_bodies()

    def _country_bodies(self) -> dict[str, tuple[int, ...]]:
        """Bodies known as "definite body + their country's nisba" (المجلس الرئاسي الليبي), by the
        alias without the nisba (المجلس الرئاسي): an article about that country calls them so.

        Only the caller knows whether the article names the country, so these keys are kept apart
        from ``index``; a key that is an alias of its own is left to ``index``."""
        out: dict[str, list[int]] = {}
        for r in self.records:
            if r.type != "ORG" or not r.country:
                continue
            for alias in r.aliases:
                words = alias_key(alias).split(" ")
                if len(words) < 3 or not words[0].startswith("ال") or self.nisba.get(words[-1]) != r.country:
                    continue
                bare = " ".join(words[:-1])
                if bare not in self.index and r.index not in out.setdefault(bare, []):
                    out[bare].append(r.index)
        return {k: tuple(v) for k, v in out.items()}

    def lookup(self, text: str) -> list[KBRecord]:
        return [self.records[i] for i in self.index.get(alias_key(text), ())]

    def get(self, qid: str) -> KBRecord | None:
        return self.by_qid.get(qid)

    def match(self, tokens: Sequence[tuple[str, Sequence[tuple[int, str]], bool]]) -> list[KBMatch]:
        """Longest-first, left-to-right alias matches over a token sequence.

        Each token is ``(norm, readings, is_upper)``: its normalised form, its proclitic readings
        ``(start, form)`` (the first being the whole word) and whether it was written in capitals.
        """
        out: list[KBMatch] = []
        n = len(tokens)
        last_end = 0  # the first token not yet visited
        index, max_tokens, first_words, prefixes = self.index, self.max_tokens, self.first_words, self.prefixes
        # Only a token with a reading that begins some alias can start a match: visit those alone
        # (in order; a position inside an earlier match, or seen twice, is passed over).
        starts = [k for k, token in enumerate(tokens) for _, form in token[1] if form in first_words]
        for i in starts:
            if i < last_end:
                continue
            best: KBMatch | None = None
            for start, form in tokens[i][1]:
                if form not in first_words:
                    continue
                key = form
                candidates: list[tuple[int, str]] = [(i, key)]
                for j in range(i + 1, min(n, i + max_tokens)):
                    key = key + " " + tokens[j][0]
                    if key not in prefixes:
                        break  # no alias goes on this way: longer keys cannot match either
                    candidates.append((j, key))
                for j, k in reversed(candidates):
                    recs = index.get(k)
                    if recs is None:
                        continue
                    if j == i and not self._single_ok(k, tokens[i]):
                        continue
                    if best is None or j > best.last:
                        best = KBMatch(i, j, start, recs, k)
                    break
            if best is not None:
                out.append(best)
                last_end = best.last + 1
            else:
                last_end = i + 1
        return out

    @staticmethod
    def _single_ok(key: str, token: tuple[str, Sequence[tuple[int, str]], bool]) -> bool:
        """One-word aliases must be long enough; short Latin ones (UN, BP) must be in capitals."""
        if _LATIN.match(key):
            return len(key) > 3 or token[2]
        return len(key) >= 3


def _records_from(items: Iterable[dict], start: int, kind: str, drop: set[str]) -> list[KBRecord]:
    out = []
    for item in items:
        aliases = tuple(a for a in item["ar"] if alias_key(a) not in drop)
        if not aliases:
            continue
        out.append(
            KBRecord(
                index=start + len(out),
                qid=item.get("qid") or "",
                type=item["type"],
                name_en=item["en"],
                name_ar=aliases[0],
                aliases=aliases,
                country=item.get("country") or None,
                sector=item.get("sector") or None,
                kind=item.get("kind", kind),
                population=int(item.get("population") or 0),
            )
        )
    return out


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """The knowledge base shipped with the package (built once per process)."""
    places = load_json("kb/places.json")
    countries = load_toml("kb/countries.toml")
    curated = load_toml("kb/curated.toml")
    drop = {alias_key(a) for a in countries["drop"]["aliases"]}

    extra = countries["country"]
    place_items = []
    for item in places["records"]:
        if item.get("kind") == "country" and item["country"] in extra:
            item = dict(item, ar=list(dict.fromkeys(extra[item["country"]]["aliases"] + item["ar"])))
        place_items.append(item)
    # For measurement only: RASD_KB_WITHOUT_CURATED=PERSON,ORG leaves those curated types out, to
    # see how the layer does on names it has never been told about (the honest held-out figure).
    without = {t.strip() for t in os.environ.get("RASD_KB_WITHOUT_CURATED", "").split(",") if t.strip()}
    records = _records_from([e for e in curated["entities"] if e["type"] not in without], 0, "curated", drop)
    curated_keys = {alias_key(a) for r in records for a in r.aliases}
    # A curated record wins over a gazetteer record with the same alias (the curated one is checked).
    gazetteer = []
    for item in place_items:
        kept = [a for a in item["ar"] if alias_key(a) not in curated_keys or item.get("kind") == "country"]
        if kept:
            gazetteer.append(dict(item, ar=kept))
    records += _records_from(gazetteer, len(records), "place", drop)

    nisba: dict[str, str] = {}
    for code, entry in extra.items():
        for adjective in entry.get("nisba", []):
            for form in nisba_forms(adjective):
                nisba.setdefault(form, code)
        for plural in entry.get("plural", []):
            nisba.setdefault(normalize_form(plural), code)
    return KnowledgeBase(records, nisba)


__all__ = ["KBRecord", "KBMatch", "KnowledgeBase", "alias_key", "load_kb", "nisba_forms"]
