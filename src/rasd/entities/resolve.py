"""Within-document resolution: mentions of one actor become one entity.

- Mentions linked to the same knowledge-base record are one entity (أردوغان, رجب طيب أردوغان,
  Erdogan); when an alias fits several records (عمان is Amman and Oman) the record whose country
  the article names elsewhere wins, then countries over cities.
- An unlinked person mentioned by surname alone after the full name ("إيلون ماسك" … "ماسك") joins
  the full name: Arabic news introduces a person in full once and uses the last name afterwards.
- A shorter organisation name that begins a longer one in the same article ("دائرة الاتصالات" and
  "دائرة الاتصالات بالرئاسة التركية") joins it.
- A Latin title that spells the end of an Arabic name in the same article ("The Journal" after
  "وول ستريت جورنال") is that name: news quotes a paper or a firm by its original short title.
- Otherwise mentions with the same normalised form (article and clitics aside) are one entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import product
from dataclasses import dataclass, field
from functools import lru_cache

from rasd.normalize import normalize_form
from rasd.resources import load_toml

from rasd.entities.kb import KBRecord, KnowledgeBase, alias_key
from rasd.entities.link import transliterate

_KIND_RANK = {"country": 0, "curated": 1, "region": 2, "city": 3, "place": 3}


@dataclass
class Mention:
    """A recognised name before resolution."""

    start: int
    end: int
    text: str
    type: str
    origin: str  # "kb" | "pattern" | "crf"
    records: tuple[int, ...] = ()
    country: str | None = None
    confidence: float = 1.0
    record: KBRecord | None = None
    key: str = ""
    sector: str | None = None
    same_as: "Mention | None" = None  # another mention of the same actor: "إيلون ماسك (Elon Musk)"
    after_place_preposition: bool = False  # في/إلى/ب… right before it: a venue reading is likely
    name: str = ""  # the name without a head the text holds with it ("بوينغ" of "شركة بوينغ")


@dataclass
class Cluster:
    mentions: list[Mention] = field(default_factory=list)
    record: KBRecord | None = None
    type: str = ""
    country: str | None = None
    sector: str | None = None


def _bare(key: str) -> str:
    """A comparison key: the article dropped from each word (الأمريكية ~ أمريكية)."""
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 3 else w for w in key.split())


@dataclass(frozen=True)
class AmbiguousAlias:
    """How to choose between the records of one ambiguous alias (see ``kb/ambiguous.toml``)."""

    key: str
    marks: dict[str, str]  # a vowel mark in the surface text -> country of the reading it spells
    after_place_preposition: str | None
    cues: dict[str, tuple[str, ...]]  # country -> normalised phrases that point to it
    default: str | None


@dataclass(frozen=True)
class Ambiguity:
    aliases: dict[str, AmbiguousAlias]
    place_prepositions: frozenset[str]
    media_aliases: frozenset[str]
    media_heads: frozenset[str]
    generic_bodies: frozenset[str]
    anaphoric_heads: frozenset[str] = frozenset()
    led_heads: frozenset[str] = frozenset()  # bodies also named after their leader (حكومة X)
    outlet_time_words: frozenset[str] = frozenset()  # "تركيا الآن": a place + a time word names an outlet
    outlet_cues: frozenset[str] = frozenset()  # …after these media and credit nouns


@lru_cache(maxsize=1)
def load_ambiguity() -> Ambiguity:
    data = load_toml("kb/ambiguous.toml")
    aliases = {}
    for item in data.get("alias", []):
        key = alias_key(item["alias"])
        aliases[key] = AmbiguousAlias(
            key=key,
            marks=dict(item.get("marks", {})),
            after_place_preposition=item.get("after_place_preposition"),
            cues={c: tuple(normalize_form(p) for p in ps) for c, ps in item.get("cues", {}).items()},
            default=item.get("default"),
        )
    return Ambiguity(
        aliases=aliases,
        place_prepositions=frozenset(normalize_form(w) for w in data["place_prepositions"]["words"]),
        media_aliases=frozenset(alias_key(a) for a in data["media_aliases"]["aliases"]),
        media_heads=frozenset(normalize_form(w) for w in data["media_aliases"]["heads"]),
        generic_bodies=frozenset(_bare(alias_key(p)) for p in data["generic_bodies"]["phrases"]),
        anaphoric_heads=frozenset(alias_key(h) for h in data["generic_bodies"].get("anaphoric_heads", [])),
        led_heads=frozenset(alias_key(h) for h in data.get("led_bodies", {}).get("heads", [])),
        outlet_time_words=frozenset(normalize_form(w) for w in data.get("dated_outlets", {}).get("time_words", [])),
        outlet_cues=frozenset(normalize_form(w) for w in data.get("dated_outlets", {}).get("cues", [])),
    )


def _ambiguous_country(m: Mention, rule: AmbiguousAlias, countries: set[str], article_countries: set[str], article_text: str) -> str | None:
    """The country whose reading of an ambiguous alias the context supports (see ``kb/ambiguous.toml``)."""
    for mark, country in rule.marks.items():
        if mark in m.text and country in countries:
            return country
    cued = [c for c, phrases in rule.cues.items() if c in countries and any(p in article_text for p in phrases)]
    if len(cued) == 1:
        return cued[0]
    named = countries & article_countries
    if len(named) == 1:
        return next(iter(named))
    if m.after_place_preposition and rule.after_place_preposition in countries:
        return rule.after_place_preposition
    return rule.default if rule.default in countries else None


def choose_records(mentions: list[Mention], kb: KnowledgeBase, article_countries: Iterable[str] = (), article_text: str = "") -> None:
    """Pick one record for each ambiguous linked mention, preferring countries the text names.

    ``article_countries`` adds countries named other than by a linked mention (nisba adjectives
    such as الأردنية); ``article_text`` is the normalised article, searched for the cue phrases of
    aliases listed in ``kb/ambiguous.toml`` (عمان: Amman or Oman)."""
    named_countries = {
        kb.records[m.records[0]].country for m in mentions if len(m.records) == 1 and kb.records[m.records[0]].country
    }
    named_countries.update(article_countries)
    rules = load_ambiguity().aliases
    for m in mentions:
        if not m.records:
            continue
        recs = [kb.records[i] for i in m.records]
        rule = rules.get(alias_key(m.text)) if len(recs) > 1 else None
        if rule is not None:
            countries = {r.country for r in recs if r.country}
            chosen = _ambiguous_country(m, rule, countries, named_countries, article_text)
            if chosen is not None:
                recs = [r for r in recs if r.country == chosen] or recs
        recs.sort(key=lambda r: (r.country not in named_countries if len(recs) > 1 else False, _KIND_RANK.get(r.kind, 4)))
        m.record = recs[0]
        m.type = m.record.type


def resolve(mentions: list[Mention], kb: KnowledgeBase, article_countries: Iterable[str] = (), article_text: str = "") -> list[Cluster]:
    """Group mentions (in text order) into clusters, one per actor."""
    choose_records(mentions, kb, article_countries, article_text)
    clusters: list[Cluster] = []
    by_record: dict[int, Cluster] = {}
    by_key: dict[tuple[str, str], Cluster] = {}
    for m in mentions:
        m.key = _bare(alias_key(m.text))
    # A name the article introduced with a company head ("شركة سبيس إكس") is that company when it
    # comes alone too, whatever the tagger took it for there.
    companies = {_bare(alias_key(m.name)) for m in mentions if m.name and m.type == "ORG"}
    for m in mentions:
        if m.type != "ORG" and m.record is None and m.key in companies:
            m.type = "ORG"
    # Full names first, so a surname met before its full name still finds it. Indexed by last
    # word (persons) and first word (organisations) so resolution stays linear.
    persons_by_surname: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.type == "PERSON" and len(m.key.split()) > 1:
            persons_by_surname.setdefault(m.key.split()[-1], []).append(m)
    orgs_by_first: dict[str, list[tuple[list[str], Cluster]]] = {}
    cluster_of: dict[int, Cluster] = {}
    for m in mentions:
        if m.same_as is not None and m.record is None and id(m.same_as) in cluster_of:
            c = cluster_of[id(m.same_as)]
            c.mentions.append(m)
            cluster_of[id(m)] = c
            continue
        if m.record is not None:
            c = by_record.get(m.record.index)
            if c is None:
                c = Cluster(record=m.record, type=m.record.type, country=m.record.country)
                by_record[m.record.index] = c
                clusters.append(c)
            c.mentions.append(m)
            cluster_of[id(m)] = c
            by_key.setdefault((_type_class(c.type), m.key), c)
            continue
        bare_name = _bare(alias_key(m.name)) if m.name else ""
        c = by_key.get((_type_class(m.type), m.key))
        if c is None and bare_name:
            # "شركة سبيس إكس" and a later "سبيس إكس" are one company.
            c = by_key.get((_type_class(m.type), bare_name))
        vowel_key = _long_vowel_key(m.key)
        if c is None and vowel_key:
            # "البنك الأوربي" and "البنك الأوروبي": one name spelt with and without a long vowel.
            c = by_key.get((_type_class(m.type), vowel_key))
        if c is None and m.type == "PERSON" and len(m.key.split()) == 1:
            c = _person_by_surname(m, persons_by_surname.get(m.key, []), by_key, by_record)
        if c is None and m.type == "ORG":
            c = _org_by_prefix(m, orgs_by_first)
        if c is None and m.text.isascii():
            c = _cluster_spelt_by(m.text, clusters)
        if c is None:
            c = Cluster(type=m.type, country=m.country)
            clusters.append(c)
        c.mentions.append(m)
        cluster_of[id(m)] = c
        if c.type == "ORG" and m.key and m.record is None:
            bucket = orgs_by_first.setdefault(m.key.split()[0], [])
            if len(bucket) < 50:
                bucket.append((m.key.split(), c))
        if c.country is None and m.country:
            c.country = m.country
        if c.sector is None and m.sector:
            c.sector = m.sector
        by_key.setdefault((_type_class(c.type), m.key), c)
        if vowel_key:
            by_key.setdefault((_type_class(c.type), vowel_key), c)
        if bare_name:
            by_key.setdefault((_type_class(c.type), bare_name), c)
    return _merge_led_bodies(_merge_spelling_variants(_merge_partial_persons(clusters)), kb)


def _merge_led_bodies(clusters: list[Cluster], kb: KnowledgeBase) -> list[Cluster]:
    """A body named by its head and a person of the article ("حكومة الدبيبة") joins the one body
    named by the same head and a country nisba ("الحكومة الليبية"): news names a government or
    an administration after its leader and after its country alike (see ``led_bodies`` in
    ``kb/ambiguous.toml``). Nothing joins when no such body, or more than one, is named."""
    heads = load_ambiguity().led_heads
    if not heads:
        return clusters
    led: list[tuple[Cluster, str]] = []
    by_country: dict[str, list[Cluster]] = {}
    for c in clusters:
        if c.type != "ORG":
            continue
        for m in c.mentions:
            words = m.key.split()
            if len(words) != 2 or words[0] not in heads:
                continue
            if words[1] in kb.nisba or "ال" + words[1] in kb.nisba:
                by_country.setdefault(words[0], []).append(c)
            elif c.record is None:
                led.append((c, words[0]))
    if not led or not by_country:
        return clusters
    person_words = {w for p in clusters if p.type == "PERSON" for m in p.mentions for w in m.key.split()[-1:]}
    merged: set[int] = set()
    for c, head in led:
        named = {id(b): b for b in by_country.get(head, []) if b is not c}
        word = next(m.key.split()[1] for m in c.mentions if len(m.key.split()) == 2 and m.key.split()[0] == head)
        if len(named) != 1 or word not in person_words or id(c) in merged:
            continue
        target = next(iter(named.values()))
        target.mentions.extend(c.mentions)
        target.mentions.sort(key=lambda m: m.start)
        merged.add(id(c))
    return [c for c in clusters if id(c) not in merged] if merged else clusters


_LONG_VOWELS = str.maketrans("", "", "اوي")


def _long_vowel_key(key: str) -> str:
    """A name of two or more words with the long vowels inside its words dropped (first and last
    letters kept): Arabic spells foreign words with or without them (أوروبي/أوربي, جينبينغ/جينبنغ).
    One-word names get no such key: a single skeleton is shared by unrelated words."""
    words = _bare(key).split()
    if len(words) < 2:
        return ""
    return "v:" + " ".join(w if len(w) <= 3 else w[0] + w[1:-1].translate(_LONG_VOWELS) + w[-1] for w in words)


def _person_words(c: Cluster) -> list[str]:
    """The words of a cluster's longest mention (its fullest form of the name)."""
    return max((m.key.split() for m in c.mentions if m.type == "PERSON"), key=len, default=[])


def _merge_partial_persons(clusters: list[Cluster]) -> list[Cluster]:
    """Unlinked person clusters that name part of one longer name join it.

    The tagger may cut a foreign name short in one sentence and not in another ("جين بينغ" and
    "شي جين بينغ", "رجب طيب" and "رجب طيب أردوغان"), or take a stray word in before a surname
    ("بير بريمر" beside "إيان بريمر"). A name of two or more words that begins or ends the longer
    name of exactly one other person is that person; so is a two-word name whose first word is no
    known given name and whose surname ends exactly one other person's name. A bare surname left
    apart because two such clusters shared it then joins the merged one. Indexed by first and last
    word, so the pass stays linear."""
    from rasd.entities.tagger import load_given_names

    given, _ = load_given_names()
    persons = [c for c in clusters if c.type == "PERSON" and c.record is None]
    if len(persons) < 2:
        return clusters
    words = {id(c): _person_words(c) for c in persons}
    by_first: dict[str, list[Cluster]] = {}
    by_last: dict[str, list[Cluster]] = {}
    for c in persons:
        w = words[id(c)]
        if len(w) >= 2:
            by_first.setdefault(w[0], []).append(c)
            by_last.setdefault(w[-1], []).append(c)
    merged_into: dict[int, Cluster] = {}

    def target(c: Cluster) -> Cluster | None:
        w = words[id(c)]
        if not w:
            return None
        if len(w) >= 2:
            longer = {
                id(o): o for o in by_first.get(w[0], []) + by_last.get(w[-1], [])
                if o is not c and len(words[id(o)]) > len(w)
                and (words[id(o)][: len(w)] == w or words[id(o)][-len(w):] == w)
            }
            if len(longer) == 1:
                return next(iter(longer.values()))
            if len(w) == 2 and w[0] not in given and not longer:
                same = {id(o): o for o in by_last.get(w[-1], []) if o is not c and words[id(o)][0] in given}
                if len(same) == 1:
                    return next(iter(same.values()))
        return None

    for c in persons:
        t = target(c)
        while t is not None and id(t) in merged_into:
            t = merged_into[id(t)]
        if t is not None and t is not c:
            t.mentions.extend(c.mentions)
            t.country = t.country or c.country
            merged_into[id(c)] = t
    # A bare surname that two clusters shared (so joined neither) may now have one owner.
    by_surname: dict[str, dict[int, Cluster]] = {}
    for c in persons:
        if id(c) in merged_into:
            continue
        for m in c.mentions:
            k = m.key.split()
            if len(k) >= 2:
                by_surname.setdefault(k[-1], {})[id(c)] = c
    for c in persons:
        w = words[id(c)]
        if id(c) in merged_into or len(w) != 1:
            continue
        owners = [o for o in by_surname.get(w[0], {}).values() if o is not c]
        if len(owners) == 1:
            owners[0].mentions.extend(c.mentions)
            merged_into[id(c)] = owners[0]
    if not merged_into:
        return clusters
    for c in clusters:
        c.mentions.sort(key=lambda m: m.start)
    return [c for c in clusters if id(c) not in merged_into]


# Latin letters that Arabic writes with one letter each (p as ب, v as ف, c/q as ك), and the
# vowels and glides that Arabic often leaves unwritten: a consonant skeleton compares a Latin
# spelling with the transliteration of its Arabic one (Journal ~ جورنال "Jornal").
_SKELETON_FOLD = str.maketrans({"p": "b", "v": "f", "c": "k", "q": "k", "x": "k", "g": "j"})
_SKELETON_DROP = re.compile(r"[^a-z]|[aeiouwyh]")
_LATIN_ARTICLES = frozenset({"the", "al", "el"})
_MIN_SKELETON = 3


_SOFT_C = re.compile(r"c(?=[eiy])")


def consonant_skeleton(word: str) -> str:
    """A word's consonants in a Latin spelling common to both scripts (see ``_SKELETON_FOLD``).

    A soft c (Space) is the س Arabic writes for it, and x the two letters كس (SpaceX ~ سبيس إكس)."""
    latin = word.lower() if word.isascii() else transliterate(word).lower()
    latin = _SOFT_C.sub("s", latin).replace("x", "ks")
    return _SKELETON_DROP.sub("", latin.translate(_SKELETON_FOLD).replace("al-", ""))


# A spelling-variant key needs this many consonants: shorter skeletons (two or three letters)
# are shared by unrelated names.
_MIN_VARIANT_SKELETON = 5
# Brand names are short; a longer span is a description, and its keys would multiply.
_MAX_VARIANT_WORDS = 4


def _variant_keys(m: Mention) -> set[str]:
    """Consonant skeletons of an unlinked organisation's own name (without its head) that its
    spelling variants share: "توتال إينرجي", "توتال إنرجي" and "Total Energies" all read ttlnrj.

    Arabic writes an English plural without its s (إنرجي for Energies), so a Latin word's final
    s is also tried without it. Names with the article ال are descriptions (مجلس الأمن), whose
    skeletons collide with other words (الأمناء); only bare proper names get a key."""
    words = (m.name or m.text).split()
    if not words or any(w.startswith("ال") for w in words):
        return set()
    options = []
    for w in words:
        s = consonant_skeleton(w)
        options.append((s, s[:-1]) if w.isascii() and len(s) > 2 and s.endswith("s") else (s,))
    if len(options) > _MAX_VARIANT_WORDS:
        return set()
    return {k for k in map("".join, product(*options)) if len(k) >= _MIN_VARIANT_SKELETON}


def _merge_spelling_variants(clusters: list[Cluster]) -> list[Cluster]:
    """Organisation clusters whose names are spellings of one name join: Arabic transliterates a
    foreign brand in several ways (إينرجي, إنرجي) and quotes its Latin form too. A cluster joins
    only when exactly one earlier cluster shares a key, and two linked clusters never join (the
    knowledge base has told them apart)."""
    owner: dict[str, Cluster] = {}
    merged: set[int] = set()
    for c in clusters:
        if c.type != "ORG":
            continue
        keys = set().union(*(_variant_keys(m) for m in c.mentions))
        hits = {id(owner[k]): owner[k] for k in keys if k in owner}
        if len(hits) == 1:
            t = next(iter(hits.values()))
            if t.record is None or c.record is None:
                t.mentions.extend(c.mentions)
                t.mentions.sort(key=lambda m: m.start)
                t.record = t.record or c.record
                t.country = t.country or c.country
                t.sector = t.sector or c.sector
                merged.add(id(c))
                for k in keys:
                    owner.setdefault(k, t)
                continue
        for k in keys:
            owner.setdefault(k, c)
    return [c for c in clusters if id(c) not in merged] if merged else clusters


def _cluster_spelt_by(latin: str, clusters: list[Cluster]) -> Cluster | None:
    """The one earlier cluster with an Arabic mention whose last words the Latin title spells
    ("The Journal" -> "وول ستريت جورنال"); None when none or several do."""
    words = [w for w in latin.split() if w.lower() not in _LATIN_ARTICLES]
    skel = [consonant_skeleton(w) for w in words]
    if not skel or sum(len(s) for s in skel) < _MIN_SKELETON or any(not s for s in skel):
        return None
    hits: dict[int, Cluster] = {}
    for c in clusters:
        for other in c.mentions:
            ws = other.text.split()
            if other.text.isascii() or len(ws) < len(skel):
                continue
            if [consonant_skeleton(w) for w in ws[-len(skel):]] == skel:
                hits[id(c)] = c
                break
    return next(iter(hits.values())) if len(hits) == 1 else None


def _type_class(t: str) -> str:
    return "GPE" if t in ("GPE", "LOC") else t


def _person_by_surname(m: Mention, full: list[Mention], by_key: dict, by_record: dict) -> Cluster | None:
    """The one person cluster whose full name ends with this surname (none when ambiguous)."""
    hits = {}
    for f in full[:50]:
        c = by_record.get(f.record.index) if f.record is not None else by_key.get(("PERSON", f.key))
        if c is not None:
            hits[id(c)] = c
    return next(iter(hits.values())) if len(hits) == 1 else None


def _org_by_prefix(m: Mention, orgs_by_first: dict[str, list[tuple[list[str], Cluster]]]) -> Cluster | None:
    """An organisation cluster whose name begins with this one, or that this one begins with."""
    words = m.key.split()
    if len(words) < 2:
        return None
    for ow, c in orgs_by_first.get(words[0], []):
        if len(ow) > len(words) and ow[: len(words)] == words:
            return c
        if 2 <= len(ow) < len(words) and words[: len(ow)] == ow:
            return c
    return None


__all__ = ["Mention", "Cluster", "resolve", "choose_records", "load_ambiguity", "Ambiguity", "AmbiguousAlias"]
