"""Who did it, to whom, where: the arguments of a trigger, from the sentence's structure.

Arabic news sentences come in two orders. Verb-first (VSO): "دعا أردوغان ماسك" — the first
bare name after the verb is the subject, the next bare name or the name after the verb's
preposition (مع, إلى, لـ, من, على) is the target. Subject-first (SVO), usual after أن/إن and in
headlines: "موسكو وأبو ظبي توقعان" — the nearest bare name before the verb is the subject. A
verbal noun (زيارة, اجتماع, اتهامات) takes its subject as the following genitive ("زيارة بايدن")
or from the clause around it. Names after في are places, not targets, except where the type
makes the place the counterpart (a visit to a country, an investment in it). "بين X و Y"
names both parties. A name joined to the previous one by و is coordinated with it (several
sources or targets). A country or organisation name right before a person's name is part of
the person's title ("ولي عهد أبو ظبي الشيخ محمد"), so the person is the actor.
"""

from __future__ import annotations

import bisect
from collections.abc import Container
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain

from rasd.document import Document, Token
from rasd.events.lexicon import trigger_lexicon, verb_cue_forms
from rasd.events.words import WordTable
from rasd.normalize import normalize_form
from rasd.resources import load_toml

ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC"})
PLACE_TYPES = frozenset({"GPE", "LOC"})
SOURCE_AFTER_WINDOW = 5  # words allowed between a verb and its post-verbal subject (titles)
SOURCE_BEFORE_WINDOW = 10
TARGET_WINDOW = 14
BARE_TARGET_WINDOW = 6  # a direct object stands close to its verb
COORDINATION_GAP = 4
LIST_GAP = 12  # words between two names of a list with its markers ("، فضلا عن جمعيات رجال الأعمال مثل")
NISBA_ADJECTIVES = 2  # other adjectives allowed between a collective head and its country's adjective
SALIENCE_WINDOW = 8  # mentions searched back past a prepositional one for a bare one
PRONOUN_WINDOW = 40
DOCUMENT_AUTHOR_GAP = 5  # tokens between a document noun and its authors ("قرار آخر أعدته فرنسا")  # tokens searched back for the antecedent of an attached object pronoun
CLAUSE_STOPS = frozenset({".", "!", "?", ":", ";", "؛"})  # punctuation that ends a clause
OBJECT_PRONOUNS = ("هما", "هم", "ها", "ه")  # attached object pronouns, longest first (normalised)
QUOTE_WINDOW = 12  # words between a speech verb and the quotation it opens ("وقال ماسك في تغريدة على تويتر:")
SIDES_WINDOW = 8  # words after a two-party trigger searched for "من الجانبين" / "بين الطرفين"
RELATIVE_OBJECT_WORDS = 2  # words of the object between a trigger and "التي تقدم بها ..."
ANNOUNCE_GAP = 8  # tokens of a time phrase between an announcing verb and what it announces
TITLE_WORDS = 6  # words of a title between a preposition and a name (مع رئيس الوزراء القطري ...)  # words allowed between coordinated names (titles: "ونظيره التركي")


@dataclass(frozen=True)
class ArgumentWords:
    prepositions: frozenset[str]
    attached: frozenset[str]
    both_sides: frozenset[str]
    both_countries: frozenset[str]
    nisba_heads: frozenset[str]
    roles: dict[str, frozenset[str]]
    any_role: frozenset[str]  # the role nouns of every type
    role_like: frozenset[str]  # any_role, members and head_of: the words `_role_at` resolves
    clause_breaks: frozenset[str]
    noun_blockers: frozenset[str]
    pronoun_subjects: frozenset[str]
    head_of: frozenset[str]
    plural_titles: frozenset[str]
    envoy_stems: tuple[str, ...]
    members: frozenset[str]
    member_stems: tuple[str, ...]
    title_words: frozenset[str]
    owner_words: frozenset[str]
    complementizers: frozenset[str]
    clause_openers: frozenset[str]
    list_markers: tuple[tuple[str, ...], ...]
    list_markers_by_first: dict[str, tuple[tuple[str, ...], ...]]  # the markers by their first word, in order
    co_party_markers: frozenset[str]
    document_heads: frozenset[str]
    receive_verbs: frozenset[str]
    demonstratives: frozenset[str]
    clause_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    first_person: frozenset[str]
    purpose_markers: tuple[tuple[str, ...], ...]
    light_verbs: frozenset[str]
    announce_verbs: frozenset[str]
    relatives: frozenset[str]
    addressee_types: frozenset[str]  # event types whose verb takes the one called on as object
    event_adverbs: frozenset[str]  # "خلالها": during the event told before (see `ArgumentFinder.find`)
    partitives: frozenset[str]  # "بينهم", "منهم": among them (see `ArgumentFinder._partitive_subjects`)
    quantities: frozenset[str]  # number words and quantity nouns that open an unnamed group


@lru_cache(maxsize=1)
def argument_words() -> ArgumentWords:
    a = load_toml("events/modality.toml")["arguments"]
    numbers = load_toml("numbers.toml")
    f = lambda ws: frozenset(normalize_form(w) for w in ws)  # noqa: E731
    list_markers = tuple(tuple(normalize_form(w).split()) for w in a.get("list_markers", []))
    return ArgumentWords(
        prepositions=f(a["prepositions"]),
        attached=f(a["attached"]),
        both_sides=f(a["both_sides"]),
        both_countries=f(a["both_countries"]),
        nisba_heads=f(a["nisba_heads"]),
        roles={t: f(ws) for t, ws in a["roles"].items()},
        any_role=f(w for ws in a["roles"].values() for w in ws),
        role_like=f([w for ws in a["roles"].values() for w in ws] + a["head_of"] + a.get("members", [])),
        clause_breaks=f(a["clause_breaks"]),
        noun_blockers=f(a["noun_blockers"]),
        pronoun_subjects=f(a["pronoun_subjects"]),
        head_of=f(a["head_of"]),
        plural_titles=f(a.get("plural_titles", [])),
        members=f(a.get("members", [])),
        member_stems=tuple(normalize_form(w) for w in a.get("member_stems", [])),
        envoy_stems=tuple(normalize_form(w).split()[0] for w in a.get("envoy_stems", [])),
        title_words=f(a["title_words"]),
        owner_words=f(a["owner_words"]),
        complementizers=f(a["complementizers"]),
        clause_openers=f(a.get("clause_openers", [])),
        document_heads=f(a.get("document_heads", [])),
        receive_verbs=f(a.get("receive_verbs", [])),
        demonstratives=f(a.get("demonstratives", [])),
        clause_verbs=f(a.get("clause_verbs", [])),
        speech_verbs=verb_cue_forms(a.get("speech_verbs", [])) | f(a.get("speech_participles", [])),
        first_person=f(a.get("first_person", [])),
        light_verbs=f(a.get("light_verbs", [])),
        announce_verbs=verb_cue_forms(a.get("announce_verbs", [])),
        relatives=f(a.get("relatives", [])),
        partitives=f(a.get("partitives", [])),
        event_adverbs=f(a.get("event_adverbs", [])),
        addressee_types=frozenset(a.get("addressee_types", [])),
        quantities=f(list(a.get("quantity_words", [])) + [w for sec in ("units", "teen_units", "tens") for w in numbers.get(sec, {})]),
        purpose_markers=tuple(tuple(normalize_form(w).split()) for w in a.get("purpose_markers", [])),
        list_markers=list_markers,
        list_markers_by_first={p[0]: tuple(q for q in list_markers if q[0] == p[0]) for p in list_markers},
        co_party_markers=f(w.split()[0] for w in a.get("co_party_markers", [])),
    )


@dataclass
class Mention:
    """An entity mention placed on the token sequence."""

    entity_id: str
    type: str
    first: int  # token index
    last: int
    prep: str | None  # the preposition governing it ("" none), normalised
    conj: bool  # preceded by و: coordinated with what comes before
    title_of_next: bool = False  # a GPE/ORG that is part of the following person's title


@dataclass
class MentionIndex:
    """Mentions of a document by token, built once per document (linear)."""

    mentions: list[Mention] = field(default_factory=list)
    by_first: dict[int, int] = field(default_factory=dict)  # token index -> mention index
    covered: dict[int, int] = field(default_factory=dict)  # token index -> mention index
    actors: list[Mention] = field(default_factory=list)  # mentions that can be event actors
    actor_firsts: list[int] = field(default_factory=list)
    nisba: dict[int, Mention] = field(default_factory=dict)  # token -> country of its adjective
    role_map: dict[str, list[tuple[int, Mention]]] = field(default_factory=dict)

    def at(self, t: int) -> Mention | None:
        j = self.covered.get(t)
        return self.mentions[j] if j is not None else None


def _token_index(starts: list[int], tokens: list[Token], offset: int) -> int | None:
    k = bisect.bisect_right(starts, offset) - 1
    if k < 0 or k >= len(tokens) or tokens[k].end <= offset:
        return None
    return k


def on_proclitic(tok: Token, letters: tuple[str, ...]) -> bool:
    """Whether the word carries one of the one-letter proclitics ``letters`` (بـ, لـ) before a
    reading of its own ("بالمخطط", "لفتح", "بتقديم")."""
    return tok.norm[:1] in letters and any(vs == tok.start + 1 for vs, _ in tok.variants)


def _owned_by(tokens: list[Token], forms: list[tuple[str, ...]], a: int, prep: str, words: ArgumentWords) -> bool:
    """The name follows "التابعة لـ" / "المملوكة لـ" (belonging to)."""
    k = a - 1
    if prep in words.attached and tokens[k].norm in words.attached:
        k -= 1  # "لـ" written apart
    if prep == "" or k < 0:
        return False
    return tokens[k].norm in words.owner_words or not words.owner_words.isdisjoint(forms[k])


def _distant_preposition(tokens: list[Token], a: int, words: ArgumentWords, covered: dict[int, int]) -> str:
    """A preposition separated from its name by a title: "مع رئيس الوزراء القطري الشيخ محمد",
    "بين الرئيس الأمريكي بايدن". Looks back over at most ``TITLE_WORDS`` plain words."""
    seen = 0
    for t in range(a - 1, max(-1, a - 1 - 2 * TITLE_WORDS), -1):
        tok = tokens[t]
        if t in covered or tok.kind == "number":
            return ""
        if tok.kind == "punct":
            if tok.norm in ("(", ")", '"', "«", "»", "“", "”"):
                continue
            return ""
        if t < a - 1 and (tok.norm in words.prepositions or tok.norm in words.attached):
            return tok.norm
        if tok.norm in words.complementizers or tok.norm in words.clause_breaks:
            return ""
        form = tok.norm[1:] if tok.norm[:1] == "و" and len(tok.norm) > 3 else tok.norm
        if not (form.startswith("ال") or form in words.title_words):
            return ""  # only titles stand between: definite adjectives, رئيس, وزير, ووزير ...
        seen += 1
        if seen > TITLE_WORDS:
            return ""
    return ""


def build_mention_index(doc: Document, table: WordTable | None = None) -> MentionIndex:
    """Mentions by token, with the nisba actors ("الرئيس الإماراتي" = the UAE) and the roles
    seen in apposition ("الملياردير إيلون ماسك": later "الملياردير" is Musk). ``table`` is the
    document's `WordTable` when the caller has it already."""
    tokens = doc.tokens
    forms = (table or WordTable(tokens)).forms
    starts = [t.start for t in tokens]
    raw: list[tuple[int, int, str, str, int]] = []  # first, last, id, type, mention start
    for e in doc.entities:
        if e.type not in ACTOR_TYPES:
            continue
        for m in e.mentions:
            if m.end <= m.start:
                continue
            a = _token_index(starts, tokens, m.start)
            b = _token_index(starts, tokens, m.end - 1)
            if a is None or b is None or b < a:
                continue
            raw.append((a, b, e.id, e.type, m.start))
    # Where the mentions lie does not depend on how they are read (prepositions, titles): the
    # country adjectives and the heads they name are found from it first, so that the mentions
    # are placed once, with the heads' mentions among them.
    covered = {t for a, b, *_ in _without_overlaps(raw) for t in range(a, b + 1)}
    nisba = _nisba_index(doc, forms, covered)
    # "الرئيس الإماراتي", "الوفد السوري", "نظيره التركي": a head noun with a country's
    # adjective names that country as an actor.
    heads = argument_words().nisba_heads
    extra = []
    head_forms: dict[int, str] = {}
    for t, m in nisba.items():
        # The head may stand before other adjectives: "الوفد الحكومي السوري" (the Syrian
        # government delegation) is the delegation of Syria as much as "الوفد السوري".
        for h in range(t - 1, max(-1, t - 1 - 1 - NISBA_ADJECTIVES), -1):
            if h in covered or tokens[h].kind != "word":
                break
            head = tokens[h]
            # start the mention after the head's proclitics, so "للشعب اليمني" keeps its لـ
            hit = next(((vs, f) for vs, f in head.variants if f in heads), None)
            if head.norm in heads:
                hit = (head.start, head.norm)
            if hit is not None:
                extra.append((h, t, m.entity_id, "GPE", hit[0]))
                head_forms[h] = hit[1]
                break
            if not head.norm.startswith("ال") or h in nisba:
                break  # only definite adjectives stand between a head and its nisba
    # The country adjectives do not change; those now inside a head's mention drop out.
    idx = _place_mentions(doc, forms, raw + extra, nisba)
    idx.role_map = _role_map(doc, forms, idx)
    for h, form in head_forms.items():
        m = idx.at(h)
        if m is not None and m.first == h:
            # a later bare "الوفد" refers to this delegation (see `ArgumentFinder._role_at`)
            definite = form if form.startswith("ال") else "ال" + form
            idx.role_map.setdefault(definite, []).append((h, m))
    return idx


def _without_overlaps(raw: list[tuple[int, int, str, str, int]]) -> list[tuple[int, int, str, str, int]]:
    """The mentions ``raw`` (first, last, ...) in text order, without those overlapping one
    before them: of two overlapping mentions, the earlier one, or the longer at the same start."""
    out = []
    last_end = -1
    for r in sorted(raw, key=lambda r: (r[0], -(r[1] - r[0]))):
        if r[0] > last_end:
            out.append(r)
            last_end = r[1]
    return out


def _role_map(doc: Document, forms: list[tuple[str, ...]], idx: MentionIndex) -> dict[str, list[tuple[int, Mention]]]:
    """Role nouns written just before a name ("الملياردير إيلون ماسك", "الرئيس التركي رجب
    طيب أردوغان"), keyed by the role (and the role with its adjective), in text order."""
    words = argument_words()
    tokens = doc.tokens
    out: dict[str, list[tuple[int, Mention]]] = {}
    for m in idx.actors:
        if m.type not in ("PERSON", "ORG"):
            continue
        roles = words.roles.get(m.type, frozenset())
        for k in range(m.first - 1, max(-1, m.first - 4), -1):
            if k in idx.covered and not idx.mentions[idx.covered[k]].title_of_next:
                break
            hit = next((f for f in forms[k] if f in roles), None)
            if hit is not None:
                out.setdefault(hit, []).append((m.first, m))
                if k + 1 < m.first:
                    adj = tokens[k + 1].norm
                    out.setdefault(hit + " " + adj, []).append((m.first, m))
                break
    return out


def _place_mentions(doc: Document, forms: list[tuple[str, ...]], raw: list[tuple[int, int, str, str, int]],
                    nisba: dict[int, Mention] | None = None) -> MentionIndex:
    """Place the mentions ``raw`` on the tokens (prepositions, coordination, titles). ``nisba``
    is the document's country adjectives when they were found already (`_nisba_index`)."""
    words = argument_words()
    tokens = doc.tokens
    idx = MentionIndex()
    for a, b, eid, etype, mstart in _without_overlaps(raw):  # the longer, earlier one wins
        tok = tokens[a]
        prefix = normalize_form(doc.text[tok.start : mstart]) if mstart > tok.start else ""
        conj = False
        if prefix[:1] in ("و", "ف"):
            conj = prefix[:1] == "و"
            prefix = prefix[1:]
        if prefix == "لل":
            prefix = "ل"  # "للرئيس", "للأشقاء": لـ before the article, whose alif is not written
        prep: str | None = prefix if prefix in words.attached else ("" if not prefix else None)
        if prep == "" and a > 0:
            prev = tokens[a - 1]
            pforms = forms[a - 1]
            if prev.norm == "و":
                conj = True
            elif prev.norm == "من" and a > 1 and tokens[a - 2].norm in ("كل", "كلا"):
                prep = ""  # "كل من روسيا والإمارات": "both Russia and the UAE"
            elif prev.norm in words.prepositions or prev.norm in words.attached:
                prep = prev.norm
            elif prev.norm[:1] in "وف" and not words.prepositions.isdisjoint(pforms[1:]):
                # "ومع روسيا", "وفي أنقرة": a conjunction written onto a preposition
                prep = next(f for f in pforms[1:] if f in words.prepositions)
                conj = prev.norm[:1] == "و"
        if prep == "" and not conj and a > 0:
            prev = tokens[a - 1]
            if prev.kind == "word" and len(prev.norm) > 4 and prev.norm[:1] in ("ل", "ب") and (a - 1) not in idx.covered \
                    and prev.norm not in words.partitives and any(
                f == prev.norm[1:] for _, f in prev.variants
            ) and (prev.norm[1:].endswith(("ه", "ها", "هم")) or prev.norm[1:] in words.title_words):
                prep = prev.norm[:1]  # "لحليفته حماس", "لرئيس الوزراء": the preposition is on the title
        if prep == "" and not conj:
            prep = _distant_preposition(tokens, a, words, idx.covered)
        if prep is None:
            prep = prefix
        if a > 0 and _owned_by(tokens, forms, a, prep, words):
            prep = "of"  # "SpaceX التابعة لـ Musk": the owner, not a party to the event
        mi = len(idx.mentions)
        idx.mentions.append(Mention(eid, etype, a, b, prep, conj))
        idx.by_first[a] = mi
        for t in range(a, b + 1):
            idx.covered[t] = mi
    # A place or organisation directly before a person's name is part of the person's title.
    ms = idx.mentions
    for j in range(len(ms) - 1):
        cur, nxt = ms[j], ms[j + 1]
        if cur.type in ("GPE", "ORG", "LOC") and nxt.type == "PERSON" and not nxt.conj and nxt.prep == "":
            gap = [tokens[t] for t in range(cur.last + 1, nxt.first)]
            gap_words = [g for g in gap if g.kind == "word"]
            stop = words.complementizers | words.prepositions | words.clause_breaks
            if len(gap) <= 2 and len(gap_words) <= 1 and all(g.norm[:1] != "و" and g.norm not in stop for g in gap_words):
                cur.title_of_next = True
    # Coordinated names share their preposition: "في أفغانستان وإفريقيا", "مع قطر ومصر".
    for j in range(1, len(ms)):
        cur, prev = ms[j], ms[j - 1]
        if cur.conj and cur.prep == "" and prev.prep and cur.first - prev.last <= 3:
            cur.prep = prev.prep
    idx.actors = [m for m in ms if not m.title_of_next]
    idx.actor_firsts = [m.first for m in idx.actors]
    if nisba is None:
        idx.nisba = _nisba_index(doc, forms, idx.covered)
    else:
        idx.nisba = {t: m for t, m in nisba.items() if t not in idx.covered}
    return idx


_STEM_ENDINGS = ("يين", "يون", "يتين", "يتان", "يه", "يا", "ين", "ون", "ي", "ه", "ا")  # longest first, by `nisba_stem`
_NISBA_ENDINGS = ("ي", "يه", "يين", "يون", "يتين", "يتان")  # a nisba ends in ي / ية / يين


def nisba_stem(form: str) -> str:
    """The stem shared by a country name and its adjective of relation (nisba):
    روسيا / الروسي / الروسية -> روس; قطر / قطرية -> قطر; السعودية / السعوديين -> سعود."""
    f = form[2:] if form.startswith("ال") and len(form) > 4 else form
    for end in _STEM_ENDINGS:
        if f.endswith(end) and len(f) - len(end) >= 3:
            return f[: -len(end)]
    return f


@lru_cache(maxsize=4096)
def nisba_forms(stem: str) -> frozenset[str]:
    """Every word shaped like a nisba (ending in ي / ية / يين ...) whose `nisba_stem` is
    ``stem``: the stem, with or without the article, with or without one of the endings
    `nisba_stem` sets aside (a stem's few spellings, so a document is searched with one set)."""
    return frozenset(
        f for art in ("", "ال") for end in ("", *_STEM_ENDINGS)
        if (f := art + stem + end).endswith(_NISBA_ENDINGS) and nisba_stem(f) == stem
    )


def _nisba_index(doc: Document, forms: list[tuple[str, ...]], covered: Container[int]) -> dict[int, Mention]:
    """Adjectives of relation to a country named in the document (الغزو الروسي -> Russia),
    outside the tokens ``covered`` by names: Arabic often names a state's action by its
    adjective rather than its name."""
    by_stem: dict[str, str] = {}
    for e in doc.entities:
        if e.type != "GPE":
            continue
        for name in [e.name] + [m.text for m in e.mentions]:
            key = nisba_stem(normalize_form(name))
            if len(key) >= 3 and " " not in key:
                by_stem.setdefault(key, e.id)
    out: dict[int, Mention] = {}
    if not by_stem:
        return out
    # The spellings of the document's adjectives that occur in it, found in one set operation;
    # only the tokens with one of them are read.
    present = frozenset().union(*map(nisba_forms, by_stem)).intersection(chain.from_iterable(forms))
    if not present:
        return out
    tokens = doc.tokens
    for t in [t for t, fs in enumerate(forms) if not present.isdisjoint(fs)]:
        tok = tokens[t]
        if tok.kind != "word" or t in covered:
            continue
        for f in forms[t][:3]:
            if not f.endswith(_NISBA_ENDINGS):
                continue
            eid = by_stem.get(nisba_stem(f))
            if eid is not None:
                prep = tok.norm[: len(tok.norm) - len(f)].lstrip("وف") if tok.norm.endswith(f) else ""
                out[t] = Mention(eid, "GPE", t, t, prep if prep in ("ب", "ل") else "", False)
                break
    return out


# ----------------------------------------------------------------------------- argument search


def trigger_lookup_whole(form: str) -> bool:
    """Whether the whole word (with its first letter) is itself a trigger form: وقّع starts
    with و but has no conjunction."""
    return bool(trigger_lexicon().lookup(form))


def object_pronoun(word: str, stem: str) -> str | None:
    """The object pronoun attached to a verb ("ايدته" with stem "ايدت" -> "ه"; "زودها" -> "ها"),
    or None when the word ends with the stem (no pronoun)."""
    k = word.rfind(stem)
    if k < 0 or not stem:
        return None
    rest = word[k + len(stem) :]
    return rest if rest in OBJECT_PRONOUNS else None


_PRONOUN_PREPS = {"مع": "مع", "ضد": "ضد", "علي": "علي", "الي": "الي", "ل": "ل", "من": "من", "عن": "عن", "ب": "ب", "لدي": "لدي"}


def preposition_pronoun(word: str) -> tuple[str, str] | None:
    """A preposition carrying a pronoun ("معها" -> (مع, ها), "ضده" -> (ضد, ه), "عليهم" ->
    (علي, هم), "لها" -> (ل, ها)), or None."""
    for pron in OBJECT_PRONOUNS:
        if word.endswith(pron) and len(word) > len(pron):
            prep = _PRONOUN_PREPS.get(word[: -len(pron)])
            if prep is not None:
                return prep, pron
    return None


def pair_up(group: list[Mention]) -> tuple[list[Mention], list[Mention], bool]:
    """Parties of "بين X و Y": X and Y; of "بين A و B و C و D" (two delegations of two),
    the consecutive pairs A-B and C-D, returned as sources and targets zipped by position."""
    if len(group) >= 4 and len(group) % 2 == 0:
        return group[0::2], group[1::2], True  # zipped: see `Arguments.zipped`
    return group[:1], group[1:], True


@dataclass
class Arguments:
    sources: list[Mention] = field(default_factory=list)
    targets: list[Mention] = field(default_factory=list)
    location: Mention | None = None
    pair: bool = False  # sources hold both parties of "بين X و Y" / "X و Y"


class ArgumentFinder:
    """Finds the arguments of triggers in one document (token windows: linear overall)."""

    def __init__(self, doc: Document, idx: MentionIndex, table: WordTable | None = None) -> None:
        self.doc = doc
        self.tokens = doc.tokens
        self.forms = (table or WordTable(doc.tokens)).forms  # each token's readings
        self.idx = idx
        self.words = argument_words()
        self.last_symmetric_pair: tuple[Mention, ...] = ()  # set by the stage as events are found

    # -- helpers
    def _is_break(self, t: int) -> bool:
        tok = self.tokens[t]
        return tok.norm in self.words.clause_breaks or tok.norm in CLAUSE_STOPS

    def _is_prep_word(self, t: int) -> bool:
        tok = self.tokens[t]
        return tok.norm in self.words.prepositions or tok.norm in self.words.attached

    def _actors_between(self, a: int, b: int) -> list[Mention]:
        """Actor mentions whose first token lies in [a, b)."""
        lo = bisect.bisect_left(self.idx.actor_firsts, a)
        hi = bisect.bisect_left(self.idx.actor_firsts, b)
        return self.idx.actors[lo:hi]

    def _words_between(self, a: int, b: int) -> list[Token]:
        """The tokens in [a, b) outside names (a name in a title counts as words)."""
        covered, mentions, tokens = self.idx.covered, self.idx.mentions, self.tokens
        return [tokens[t] for t in range(a, b) if (j := covered.get(t)) is None or mentions[j].title_of_next]

    def group_forward(self, first: Mention, hi: int) -> list[Mention]:
        """``first`` and the names coordinated after it with و ("قطر ومصر", "إيران وحزب الله وحماس")."""
        group = [first]
        cur = first
        for nxt in self._actors_between(first.last + 1, hi):
            gap = self._words_between(cur.last + 1, nxt.first)
            words_in_gap = [g for g in gap if g.kind == "word"]
            if len(words_in_gap) > LIST_GAP:
                break
            words_in_gap, listed = self._drop_list_markers(words_in_gap)
            if len(words_in_gap) > COORDINATION_GAP:
                break
            joined = listed or nxt.conj or any(g.norm[:1] == "و" for g in words_in_gap) or any(g.norm in (",", "،") for g in gap)
            if not joined or any(g.norm in self.words.prepositions and g.norm != "بين" for g in words_in_gap):
                break
            if any(g.norm in self.words.complementizers or g.norm in self.words.co_party_markers for g in gap):
                break  # "مع Y، بمشاركة Z": Z is a further party, not another counterpart
            if any(self._opens_verb_clause(t) for t in range(cur.last + 1, nxt.first)):
                break  # "لشبكة البصرة، ودعت شركة أكوا": the name after the new verb is its own
            # "كـمجلس ...": كـ (such as) introduces an example of the list's kind, a member too
            preps = ("", first.prep, "ك") if listed else ("", first.prep, cur.prep)
            if nxt.prep not in preps or any(t for t in range(cur.last + 1, nxt.first) if self._is_break(t)):
                break
            group.append(nxt)
            cur = nxt
        return group

    def _drop_list_markers(self, gap: list[Token]) -> tuple[list[Token], bool]:
        """The gap's words without list markers ("وعدد من", "مثل", "فضلا عن") and the nouns
        they introduce ("جمعيات رجال الأعمال مثل"), and whether there was one. Only the words
        before the first marker count; after it, a lone conjunction و at most."""
        norms = [g.norm for g in gap]
        kept: list[Token] = []
        listed = False
        k = 0
        while k < len(gap):
            markers = self.words.list_markers_by_first.get(norms[k], ())
            phrase = next((p for p in markers if tuple(norms[k : k + len(p)]) == p), None)
            if phrase is not None:
                listed = True
                k += len(phrase)
                continue
            if not listed or (norms[k][:1] == "و" and len(norms[k]) <= 2):
                kept.append(gap[k])
            k += 1
        return kept, listed

    def group_backward(self, last: Mention, lo: int) -> list[Mention]:
        """``last`` and the bare names coordinated before it ("موسكو وأبو ظبي توقعان")."""
        group = [last]
        cur = last
        before = self._actors_between(lo, last.first)
        for prev in reversed(before):
            gap = self._words_between(prev.last + 1, cur.first)
            words_in_gap = [g for g in gap if g.kind == "word"]
            if len(words_in_gap) > COORDINATION_GAP or prev.prep != "":
                break
            joined = cur.conj or any(g.norm[:1] == "و" for g in words_in_gap) or any(g.norm in (",", "،") for g in gap)
            if not joined or any(g.norm in self.words.complementizers or g.norm in self.words.clause_breaks for g in words_in_gap):
                break
            if any(g.norm in self.words.prepositions for g in words_in_gap):
                break  # "استمر حزب الله في عدوانه، فإسرائيل ...": a phrase, not a list, between
            if any(self._opens_verb_clause(t) for t in range(prev.last + 1, cur.first)):
                break  # "اتهمت مصر قطر ...، وأعلنت مصر": Qatar ends the last clause
            if any(self._is_break(t) for t in range(prev.last + 1, cur.first)):
                break  # "عمان: وقعت الحكومة ...": a dateline is not a party
            group.insert(0, prev)
            cur = prev
        return group

    def last_actor(self, before: int, types: frozenset[str], limit: int = 60, bare_first: bool = False) -> Mention | None:
        """The latest actor mention of one of ``types`` before token ``before`` (role coreference);
        with ``bare_first``, the latest without a preposition if one is among the last few."""
        k = bisect.bisect_left(self.idx.actor_firsts, before) - 1
        n = 0
        first_any: Mention | None = None
        while k >= 0 and n < limit:
            m = self.idx.actors[k]
            if m.type in types and m.last < before:
                if not bare_first or m.prep == "":
                    return m
                if first_any is None:
                    first_any = m
                elif n > SALIENCE_WINDOW:
                    break
            k -= 1
            n += 1
        return first_any

    def last_pair(self, before: int, types: frozenset[str] | None = None, limit: int = 60) -> list[Mention]:
        """The two distinct actors named last before ``before`` ("الجانبان" = both sides)."""
        out: list[Mention] = []
        k = bisect.bisect_left(self.idx.actor_firsts, before) - 1
        n = 0
        while k >= 0 and n < limit and len(out) < 2:
            m = self.idx.actors[k]
            # a country after في is a place or a topic ("قضايا الأمن في أفغانستان"), not a party
            if m.type != "LOC" and m.prep not in ("في", "of") and (types is None or m.type in types) \
                    and all(o.entity_id != m.entity_id for o in out):
                out.insert(0, m)
            k -= 1
            n += 1
        return out if len(out) == 2 else []

    def pronoun_antecedent(self, i: int, pronoun: str, exclude: set[str], limit: int = PRONOUN_WINDOW) -> list[Mention]:
        """The actor an object pronoun attached to the verb at token ``i`` refers back to: the
        nearest actor named before it that is not the verb's subject ("أيدته فنزويلا": it = the
        draft named before; "يدعم كييف وزودها": it = Kyiv). Arabic pronouns carry gender and
        number: ها (she/it, also any non-human plural) fits a country, city or organisation
        but rarely a person in this prose; ه (he/it) a person, an organisation or a thing named
        by its country's adjective ("مشروع القرار الروسي"), not a bare country name, which is
        feminine; هم/هما (they) anyone. When "it" is a document ("مشروع قرار أعدته فرنسا
        وإسبانيا وأجهضته روسيا"), its authors named after it are the counterpart."""
        authors: list[Mention] = []  # country names skipped for gender, in text order
        for t in range(i - 1, max(-1, i - 1 - limit), -1):
            m = self.idx.at(t)
            by_adjective = m is None
            if m is None:
                m = self.idx.nisba.get(t)
            if m is None:
                tok = self.tokens[t]
                if authors and pronoun == "ه" and tok.kind == "word" and authors[0].first - t <= DOCUMENT_AUTHOR_GAP \
                        and not self.words.document_heads.isdisjoint(self.forms[t][:2]):
                    return authors
                continue
            if m.title_of_next or m.type == "LOC" or m.entity_id in exclude or m.prep == "of":
                continue
            if pronoun == "ها" and (m.type == "PERSON" or by_adjective):
                continue  # an adjective agrees with its noun; "ها" then means the noun, not the state
            if pronoun == "ه" and m.type == "GPE" and not by_adjective:
                if not authors or authors[0].first - m.last <= 2:
                    if all(a.entity_id != m.entity_id for a in authors):
                        authors.insert(0, m)
                continue
            return [m]
        return []

    def speaker_arguments(self, i: int, lo: int, hi: int) -> Arguments:
        """"وقال ماسك والكرملين إن تقرير بريمر غير صحيح": the speakers (bare names before the
        complementiser) reject; the target is the name between the complementiser and the cue."""
        args = Arguments()
        comp = next((t for t in range(i - 1, lo - 1, -1) if self.tokens[t].norm in self.words.complementizers), None)
        if comp is None:
            return args
        for m in self._actors_between(lo, comp):
            if m.prep == "" and m.type != "LOC":
                args.sources = self.group_forward(m, comp)
                break
        for m in self._actors_between(comp + 1, i):
            if m.type != "LOC" and m.entity_id not in {s.entity_id for s in args.sources}:
                args.targets = [m]
                break
        return args

    def _both_sides(self, i: int, end: int, lo: int, hi: int) -> list[Mention]:
        """"اتفق الطرفان", "الجانبان ... توقعان", "بين الجانبين": the parties of the last
        two-party event told, else the two actors named last; "البلدان" (the two countries):
        the two countries named last."""
        for t in list(range(end, min(hi, end + 3))) + list(range(max(lo, i - 2), i)):
            forms = self.forms[t]
            if not self.words.both_countries.isdisjoint(forms):
                return self.last_pair(min(i, t), frozenset({"GPE"}))
            if not self.words.both_sides.isdisjoint(forms):
                return list(self.last_symmetric_pair) or self.last_pair(min(i, t))
        return []

    def quote_speaker(self, i: int, lo: int, first_person_form: bool) -> Mention | None:
        """The speaker of a quotation holding the trigger at ``i`` when the trigger is in the
        first person ("وقال ماسك: “لقد تحدثت مع بوتين”", "وقال على تويتر: “أننا مؤيدون
        لأوكرانيا”"): Arabic drops the pronoun "I", so a quoted verb with no subject of its own
        is the speaker's. The speaker is the bare name after (or right before) the speech verb;
        a speech verb with no name continues the person last named."""
        opener = None
        first_person = first_person_form
        for t in range(i - 1, lo - 1, -1):
            tok = self.tokens[t]
            m = self.idx.at(t)
            if m is not None and not m.title_of_next and m.prep == "" and opener is None:
                return None  # a name inside the quotation before the trigger: its own subject
            if opener is None and tok.norm in self.words.first_person and i - t <= 3:
                first_person = True
            if tok.norm in (":", "“", "«", '"') and opener is None:
                opener = t
                continue
            if opener is not None and not self.words.speech_verbs.isdisjoint(self.forms[t][:2]):
                if not first_person:
                    return None
                for m in self._actors_between(t + 1, opener):
                    if m.prep == "" and m.type in ("PERSON", "ORG") and not m.title_of_next:
                        return m
                m = self.idx.at(t - 1) if t > lo else None
                if m is not None and m.prep == "" and m.type in ("PERSON", "ORG"):
                    return m
                return self.last_actor(t, frozenset({"PERSON"}), bare_first=True)
            if opener is not None and opener - t > 2 * QUOTE_WINDOW:
                return None
        return None

    def _sides_in_clause(self, end: int, hi: int) -> list[Mention]:
        """"اللقاءات التي جمعت وفودا من الجانبين", "محادثات موسعة بين الطرفين": a two-party
        event whose parties are named only as "both sides" a few words on, after من or بين
        (across a relative clause, which describes the same meeting)."""
        words = 0
        for t in range(end, min(hi, end + 3 * SIDES_WINDOW)):
            tok = self.tokens[t]
            if tok.norm in CLAUSE_STOPS or tok.norm in self.words.complementizers:
                return []
            if tok.kind != "word":
                continue
            words += 1
            if words > SIDES_WINDOW:
                return []
            forms = self.forms[t]
            prev = self.tokens[t - 1].norm if t > end else ""
            on_prep = prev in ("من", "بين") or (tok.norm[:1] == "ب" and len(forms) > 1)  # after من / بين, or with بـ written on
            if on_prep and not self.words.both_sides.isdisjoint(forms):
                return list(self.last_symmetric_pair) or self.last_pair(t)
        return []

    def sentence_topic(self, lo: int, before: int) -> Mention | None:
        """The first bare actor of the sentence: the subject its first verb is about."""
        for m in self._actors_between(lo, before):
            if m.prep == "" and m.type != "LOC":
                return m
        return None

    # -- sources
    def _role_at(self, t: int, hi: int) -> Mention | None | bool:
        """A role noun at token ``t`` resolved to the actor it refers back to; ``False`` when the
        token is no role or is the title of a name that follows ("الرئيس التركي أردوغان")."""
        forms = self.forms[t]
        if self.words.role_like.isdisjoint(forms):
            return False  # most words: no member, head or role noun among the readings
        if not self.words.members.isdisjoint(forms):
            return self._membership(t) or False
        if not self.words.head_of.isdisjoint(forms):
            # "رئيسها" (its head) names a person by the organisation named before; "ممثلو"
            # (representatives of) takes the names that follow ("ممثلو كل من روسيا والإمارات").
            if not self.tokens[t].norm.endswith(("ها", "ه", "هم")):
                for u in range(t + 1, min(hi, t + 4)):
                    if self.idx.at(u) is not None:
                        return False
            # "الوفد" after "الوفد السوري": the delegation named by its country before.
            seen = [m for f in forms for first, m in self.idx.role_map.get(f, []) if first < t]
            if seen:
                return max(seen, key=lambda m: m.first)
            return self.last_actor(t, frozenset({"ORG", "GPE"})) or False
        for etype, roles in self.words.roles.items():
            hit = next((f for f in forms if f in roles), None)
            if hit is not None:
                for u in range(t + 1, min(hi, t + 4)):
                    m = self.idx.at(u)
                    if m is not None and not m.title_of_next:
                        if m.prep == "" and (m.type == etype or (etype == "GPE" and m.type == "LOC")):
                            return False
                        break
                # The name this role was given in apposition before ("الملياردير إيلون ماسك").
                nxt = self.tokens[t + 1].norm if t + 1 < len(self.tokens) else ""
                # "الرئيس التنفيذي" (the chief executive) is not "الرئيس السابق" (the former
                # president): a role with its own adjective looks up only that pair.
                qualified = nxt.startswith("ال") and self.idx.at(t + 1) is None and (t + 1) not in self.idx.nisba
                for key in ((hit + " " + nxt,) if qualified else (hit + " " + nxt, hit)):
                    seen = [m for first, m in self.idx.role_map.get(key, []) if first < t]
                    if seen:
                        return seen[-1]
                types = frozenset({etype}) | ({"LOC"} if etype == "GPE" else set())
                # A role noun ("الملياردير") takes up the one the story is about: a person named
                # as a subject or a genitive ("محادثات ماسك مع بوتين": Musk), before one named
                # after a preposition (Putin).
                found = self.last_actor(t, types, bare_first=True)
                if etype == "GPE":
                    # "البلاد" (the country) after "الرئيس التركي": a country named by its
                    # adjective counts, the latest of the two.
                    adj = next((self.idx.nisba[u] for u in range(t - 1, max(-1, t - 1 - PRONOUN_WINDOW), -1)
                                if u in self.idx.nisba), None)
                    if adj is not None and (found is None or adj.first > found.last):
                        found = adj
                return found or False
        return False

    def _membership(self, t: int) -> Mention | None:
        """The body whose members were named before token ``t`` ("أعلن 73 عضوا بمجلس الدولة ...
        وقال الأعضاء"): the latest organisation written right after a word for member(s)."""
        for m in reversed(self._actors_between(0, t)):
            if m.type == "ORG" and m.first > 0 and any(
                    f.startswith(self.words.member_stems) for f in self.forms[m.first - 1]):
                return m
        return None

    def _apposition_head(self, group: list[Mention], lo: int) -> list[Mention]:
        """"ماسك مؤسس شركتي تسلا وسبيس إكس ... أجرى": names after a person's title describe
        the person, who is the subject."""
        before = self._actors_between(lo, group[0].first)
        if not before:
            return group
        head = before[-1]
        if head.type != "PERSON" or head.prep != "":
            return group
        gap = [g for g in self._words_between(head.last + 1, group[0].first) if g.kind == "word"]
        if 1 <= len(gap) <= 3 and all(g.norm in self.words.title_words or g.norm.startswith("ال") for g in gap):
            return [head]
        return group

    def _light_verb_agent(self, i: int, lo: int) -> Mention | None:
        """The agent named between a light verb and the verbal noun it governs ("إقدام
        الحكومة الفرنسية على الاعتراف", "قيام روسيا بتقديم القرض"): the noun has no subject of
        its own, the light verb's subject is it."""
        tok = self.tokens[i]
        k = i - 1
        if k > lo and self.tokens[k].norm == "علي":
            k -= 1  # "على الاعتراف"; "بتقديم" carries its بـ on the word
        elif not on_proclitic(tok, ("ب",)):
            return None
        m = self.idx.at(k)
        if m is None or m.last != k or m.prep or m.type not in ("GPE", "ORG", "PERSON"):
            return None
        j = m.first - 1
        if j < lo or self.words.light_verbs.isdisjoint(self.forms[j]):
            return None
        return m

    def _announcer_agent(self, i: int, lo: int) -> Mention | None:
        """The subject of an announcing verb whose object is the definite verbal noun at ``i``
        ("أعلنت تشيلي [عن] الاعتراف بالمخطط"): a state announcing a recognition recognises."""
        k = i - 1
        if k > lo and self.tokens[k].norm == "عن":
            k -= 1
        m = self.idx.at(k)
        if m is None:
            return self._announcer_across_adverbial(k, lo)
        if m.last != k or m.prep or m.title_of_next or m.type not in ("GPE", "ORG", "PERSON"):
            return None
        j = m.first - 1
        if j < lo or self.words.announce_verbs.isdisjoint(self.forms[j][:2]):
            return None
        return m

    def _announcer_across_adverbial(self, k: int, lo: int) -> Mention | None:
        """The announcer when a time phrase (no names, no new clause) stands between the verb
        and what it announces, the subject before the verb or right after it: "وكان الرئيس X،
        أعلن يوم الثلاثاء 30 يوليو، عن الاعتراف ..." ("أعلنت الحكومة أمس الاعتراف")."""
        stops = self.words.complementizers | self.words.clause_breaks
        for j in range(k, max(lo, k - ANNOUNCE_GAP) - 1, -1):
            tok = self.tokens[j]
            if j in self.idx.covered or tok.norm in stops or self._is_break(j):
                return None
            if tok.kind != "word" or self.words.announce_verbs.isdisjoint(self.forms[j][:2]):
                continue
            if j == k:
                return None  # the verb right before the noun: its subject is named elsewhere
            for t in (j + 1, j - 1, j - 2):
                m = self.idx.at(t) if lo <= t < k else None
                if t == j - 2 and self.tokens[j - 1].norm not in (",", "،"):
                    break
                if m is not None and not m.prep and not m.title_of_next and m.type in ("GPE", "ORG", "PERSON") \
                        and (m.first == t if t > j else m.last == t):
                    return m
            return None
        return None

    def _backward_role(self, i: int, lo: int) -> Mention | None:
        """The nearest role noun before the trigger in its clause, resolved ("الشركة" -> the company)."""
        for t in range(i - 1, max(lo, i - 2 * SOURCE_BEFORE_WINDOW) - 1, -1):
            if self._is_break(t) or self.tokens[t].norm in self.words.complementizers:
                return None
            if self.idx.at(t) is None and self.tokens[t].kind == "word":
                role = self._role_at(t, i)
                if role:
                    return role  # type: ignore[return-value]
        return None

    def _role_prefix(self, t: int) -> str:
        """The proclitic preposition written on a role noun ("للرئيس" -> ل, "بالحكومة" -> ب),
        without the conjunction; "" when the role stands bare (or the word is no role noun)."""
        if self.words.any_role.isdisjoint(self.forms[t]):
            return ""  # most words: no role noun among the readings
        tok = self.tokens[t]
        prefix = next((normalize_form(self.doc.text[tok.start : vs]) for vs, f in tok.variants
                       if vs > tok.start and f in self.words.any_role), "")
        prefix = prefix.lstrip("وف")
        return "ل" if prefix == "لل" else prefix  # "للرئيس": لـ + الرئيس

    def _role_target(self, t: int, hi: int, etype, source_ids: set[str]) -> Mention | None:  # type: ignore[no-untyped-def]
        """A role noun as the target ("شكره للرئيس الأمريكي"), resolved like a subject role,
        when the type's prepositions allow what is written on or before it."""
        forms = self.forms[t]
        if self.words.any_role.isdisjoint(forms):
            return None
        prefix = self._role_prefix(t)
        prep = prefix if prefix in self.words.attached else (
            self.tokens[t - 1].norm if t > 0 and self.tokens[t - 1].norm in self.words.prepositions else "")
        if prep == "":
            return None
        if prep not in etype.target_preps:
            # "تخطط لاستثمار ملياري دولار في البلاد": a place role where the type makes the
            # place its counterpart (an investment in the country).
            if prep not in etype.place_target or self.words.roles.get("GPE", frozenset()).isdisjoint(forms):
                return None
        role = self._role_at(t, hi)
        if role and role.entity_id not in source_ids:
            return role  # type: ignore[return-value]
        return None

    def _forward_subject(self, i: int, hi: int) -> tuple[Mention | None, int]:
        """The post-verbal subject (a bare name, or a role noun resolved) and its last token."""
        words_seen = 0
        for t in range(i + 1, min(hi, i + 1 + 2 * SOURCE_AFTER_WINDOW)):
            m = self.idx.at(t)
            if m is not None and not m.title_of_next:
                return (m, m.last) if m.prep == "" and m.type != "LOC" else (None, i)
            tok = self.tokens[t]
            if tok.norm == "من" and t > 0 and self.tokens[t - 1].norm == "كلا":
                # "دعا الأعضاء كلاً من X وY": كلاً is accusative, the names after it are the
                # verb's objects; the nominative "كلُّ من X وY" (written كل) is a subject.
                return None, i
            if tok.norm == "من" and t > 0 and self.tokens[t - 1].norm == "كل":
                continue
            if self._is_break(t) or self._is_prep_word(t) or tok.norm in self.words.complementizers:
                return None, i
            if tok.kind == "word":
                # "وزيرا الخارجية بالحكومة": a role after a preposition is a genitive or an
                # object, never the subject.
                role = self._role_at(t, hi) if self._role_prefix(t) not in self.words.attached else False
                if role:
                    return role, self._title_end(t, hi)  # type: ignore[return-value]
                words_seen += 1
                if words_seen > SOURCE_AFTER_WINDOW:
                    return None, i
        return None, i

    def _explicit_parties(self, end: int, hi: int) -> tuple[list[Mention], list[Mention]] | None:
        """The parties named after a "both sides" subject: the first actor after بين, and the
        actors after a later مع (a list: "مع عدد من الشركات مثل X، وY")."""
        limit = min(hi, end + 3 * TARGET_WINDOW)
        first: Mention | None = None
        t = end
        while t < limit:
            tok = self.tokens[t]
            if self._is_break(t) or tok.norm in self.words.complementizers:
                return None
            if first is None and tok.norm == "بين":
                for u in range(t + 1, min(limit, t + 1 + TITLE_WORDS)):
                    m = self.idx.at(u) or self.idx.nisba.get(u)
                    if m is not None and not m.title_of_next and m.type != "LOC":
                        first, t = m, m.last
                        break
            elif first is not None and tok.norm == "مع":
                for u in range(t + 1, min(limit, t + 1 + 2 * TITLE_WORDS)):
                    m = self.idx.at(u)
                    if m is not None and not m.title_of_next and m.type != "LOC" and m.first == u:
                        group = [g for g in self.group_forward(m, hi) if g.entity_id != first.entity_id]
                        return ([first], group) if group else None
                    if self._is_break(u):
                        return None
                return None
            t += 1
        return None

    def _with_after(self, last: int, hi: int, taken: set[str]) -> list[Mention]:
        """The counterparts named by مع right after a "بين A وB" list ("مذكرتا تفاهم بين A وB
        مع C"): the list is one side, the names after مع the other."""
        t = last + 1
        while t < hi and self.tokens[t].norm in (",", "،"):
            t += 1
        if t >= hi or self.tokens[t].norm != "مع":
            return []
        for u in range(t + 1, min(hi, t + 1 + TITLE_WORDS)):
            if self._is_break(u):
                return []
            m = self.idx.at(u)
            if m is not None and not m.title_of_next and m.first == u and m.type != "LOC":
                return [g for g in self.group_forward(m, hi) if g.entity_id not in taken]
        return []

    def _paired_lists(self, end: int, hi: int) -> tuple[list[Mention], list[Mention]] | None:
        """"توقيع وزيري الخارجية والاقتصاد، A وB، مذكرتي تفاهم مع نظيريهما C وD": a dual or
        plural title right after the trigger, its holders named in apposition, and as many
        counterparts after مع: A's counterpart is C and B's is D (returned zipped)."""
        if end >= hi or self.words.plural_titles.isdisjoint(self.forms[end][:2]):
            return None
        holders: list[Mention] = []
        t = end + 1
        while t < hi:
            if self._is_break(t) or self.tokens[t].norm in self.words.complementizers:
                return None
            m = self.idx.at(t)
            if m is not None and not m.title_of_next and m.first == t:
                if not holders:
                    if m.prep == "" and m.type in ("PERSON", "ORG") and self.tokens[t - 1].norm in (",", "،"):
                        holders = self.group_forward(m, hi)
                        if len(holders) < 2:
                            return None
                        t = holders[-1].last
                else:
                    return None  # another name before مع: not the counterpart list
            elif holders and self.tokens[t].norm == "مع":
                for u in range(t + 1, min(hi, t + 1 + TITLE_WORDS)):
                    m = self.idx.at(u)
                    if m is not None and not m.title_of_next and m.first == u:
                        others = self.group_forward(m, hi)
                        return (holders, others) if len(others) == len(holders) else None
                    if self._is_break(u):
                        return None
                return None
            t += 1
        return None

    def _verb_with_own_subject(self, t: int, before: int) -> bool:
        """A present-tense verb (يـ / تـ) at ``t`` followed by a definite noun that is no name:
        a verb-first clause with its own subject ("تعمل المدينة")."""
        if t + 1 >= before:
            return False
        verb, subj = self.tokens[t], self.tokens[t + 1]
        return (verb.kind == "word" and len(verb.norm) >= 4 and verb.norm[:1] in ("ي", "ت") and self.idx.at(t) is None
                and subj.kind == "word" and subj.norm.startswith("ال") and len(subj.norm) > 4 and self.idx.at(t + 1) is None
                and (t + 1) not in self.idx.nisba)

    def _opens_verb_clause(self, t: int) -> bool:
        """Whether token ``t`` is a verb joined by و/ف that begins a new clause ("ودعت")."""
        tok = self.tokens[t]
        if tok.norm[:1] not in ("و", "ف") or tok.kind != "word":
            return False
        lex = trigger_lexicon()
        forms = self.forms[t][1:]
        return not self.words.clause_verbs.isdisjoint(forms) or any(
            tf.kind in ("past", "present", "future") for f in forms for tf in lex.lookup(f))

    def _in_document_phrase(self, m: Mention, lo: int) -> bool:
        """Whether ``m`` is the author inside a phrase headed by a document noun: "مشروع قرار
        روسيا" (genitive), "نص قدمته فرنسا" (a relative clause without its pronoun)."""
        seen = 0
        for t in range(m.first - 1, max(lo - 1, m.first - 4), -1):
            tok = self.tokens[t]
            if tok.kind != "word" or self.idx.at(t) is not None:
                return False
            if not self.words.document_heads.isdisjoint(self.forms[t][:2]):
                return True
            seen += 1
            if seen > 2:
                return False
        return False

    def _title_end(self, t: int, hi: int) -> int:
        """The last token of the title begun by the role noun at ``t``: its definite adjectives
        and an organisation after لـ ("الرئيس التنفيذي لشركة سبيس إكس": SpaceX belongs to the
        title, it is no counterpart)."""
        k = t + 1
        while k < hi and k - t <= 3 and self.idx.at(k) is None and self.tokens[k].norm.startswith("ال"):
            k += 1
        m = self.idx.at(k) if k < hi else None
        if m is None and k + 1 < hi and self.tokens[k].norm[:1] == "ل" and self.idx.at(k) is None:
            m = self.idx.at(k + 1)  # "لشركة SpaceX": the name after a titled لـ
            if m is not None and m.first != k + 1:
                m = None
        elif m is not None and m.first != k:
            m = None
        if m is not None and m.prep == "ل" and m.type == "ORG":
            return m.last
        return k - 1

    def _backward_subject(self, i: int, lo: int, any_prep: bool = False) -> tuple[Mention | None, int, bool]:
        """The nearest bare actor before the trigger, the words between, and whether a subject
        pronoun (أنها ...) stands between them."""
        words_seen = 0
        pronoun = False
        for t in range(i - 1, max(lo, i - 2 * SOURCE_BEFORE_WINDOW) - 1, -1):
            m = self.idx.at(t)
            if m is not None and not m.title_of_next:
                if m.type != "LOC" and (m.prep == "" or (any_prep and m.prep not in ("في", "الي", "مع"))):
                    return m, words_seen, pronoun
                continue
            tok = self.tokens[t]
            if self._is_break(t) or tok.norm in self.words.complementizers:
                return None, words_seen, pronoun
            if tok.norm in (",", "،") and self._verb_with_own_subject(t + 1, i):
                # "بناء على توجيهات سوبيانين، تعمل المدينة على بناء التعاون": the clause after
                # the comma has its own subject; the name before the comma is not it.
                return None, words_seen, pronoun
            if tok.norm in self.words.pronoun_subjects:
                quoted = self.idx.at(t - 1) if t - 1 >= lo else None
                if quoted is not None and quoted.prep == "عن" and quoted.type != "LOC":
                    return quoted, words_seen, False  # "نقلت عن ماسك أنه رحب": he = the one quoted
                if t - 1 >= lo and self.tokens[t - 1].kind == "word":
                    role = self._role_at(t - 1, t)
                    if role:
                        return role, words_seen, False  # type: ignore[return-value]
                pronoun = True
            if tok.kind == "word":
                if words_seen <= 1 and not pronoun and self._role_prefix(t) not in self.words.attached:
                    role = self._role_at(t, i)
                    if role:
                        return role, words_seen, False  # type: ignore[return-value]
                words_seen += 1
                if words_seen > SOURCE_BEFORE_WINDOW:
                    break
        return None, words_seen, pronoun

    def _role_reference(self, i: int, hi: int, lo: int) -> list[Mention]:
        """"الجانبان" / "الرئيس" / "الشركة" right after (or before) the trigger, resolved to the
        actors named before: the last two for both sides, the last of the type for a role."""
        for t in list(range(i + 1, min(hi, i + 3))) + list(range(max(lo, i - 2), i)):
            forms = self.forms[t]
            if not self.words.both_sides.isdisjoint(forms):
                return self.last_pair(i)
            for etype, roles in self.words.roles.items():
                if not roles.isdisjoint(forms):
                    nxt = self.idx.at(t + 1) or (self.idx.at(t + 2) if t + 2 < hi else None)
                    if nxt is not None:
                        return []  # the role is a title of a name that follows
                    m = self.last_actor(i, frozenset({etype}))
                    return [m] if m is not None else []
        return []

    def find(self, i: int, end: int, lo: int, hi: int, etype, shape: str = "verb",  # type: ignore[no-untyped-def]
             inherit: list[Mention] | None = None, extra_preps: frozenset[str] = frozenset()) -> Arguments:
        """Arguments of the trigger spanning tokens ``i``..``end``-1 in the sentence ``lo``..``hi``.

        ``shape`` says how the trigger is built, which decides where its subject stands:
        - "verb": after it (VSO) or right before it (SVO);
        - "noun": a verbal noun whose following bare name is its subject (زيارة بايدن);
        - "definite": a verbal noun with the article (الاجتماع, بالدعوة) usually points back to
          an event told before; it takes actors only from what follows (الهجوم على إسرائيل);
        - "complement": a verbal noun after a preposition, completing a verb (وافق على إقراض
          مصر, تعهد بمنح المغرب): the verb's subject is its subject, the bare name its object;
        - "possessive": a verbal noun with an attached pronoun (رفضهم توقيع الحكومة, زيارته
          لمصر): the pronoun is the subject, named before; the bare name after is the object.
        """
        args = Arguments()
        tok = self.tokens[i]
        if etype.symmetric and shape != "definite":
            paired = self._paired_lists(end, hi)
            if paired:
                args.sources, args.targets = paired
                args.pair = True
                args.location = self._location(lo, hi, args.targets)
                return args
        # "..., ودعت شركة ...": a verb with the conjunction و/ف opens a new clause; a name before
        # the و cannot be its subject. Its subject follows it, or is the previous clause's.
        conj_verb = shape == "verb" and tok.norm[:1] in ("و", "ف") and tok.stem_start > tok.start or (
            shape == "verb" and tok.norm[:1] in ("و", "ف") and not trigger_lookup_whole(tok.norm)
        )
        if shape == "verb" and i > lo and self.tokens[i - 1].norm in self.words.clause_openers:
            conj_verb = True  # "وقد زودها": a new clause; its subject follows or is the last one
        if shape == "definite" or conj_verb:
            back, back_dist, pronoun = None, 0, False
        else:
            back, back_dist, pronoun = self._backward_subject(i, lo, any_prep=shape == "possessive")
            if back is None and shape == "complement":
                # "عبرت الشركة ... عن اهتمامها ببناء مصنع": the verb's subject may be a role noun
                back = self._backward_role(i, lo)
        fwd, fwd_last = self._forward_subject(end - 1, hi) if shape not in ("complement", "possessive") else (None, i)
        # "زيارة الرئيس للدوحة، إذ التقى خلالها الأمير": a verb followed by "during it" goes on
        # telling the event named before; its subject is that event's agent, dropped, and the
        # bare name after the adverb is its object.
        # With no name after it ("اتفقا خلاله على ..."), the verb keeps its usual reading.
        resumed = shape == "verb" and bool(inherit) and fwd is not None and fwd.first > end \
            and end < hi and self.tokens[end].norm in self.words.event_adverbs \
            and not any(self.tokens[k].norm in self.words.relatives for k in range(max(lo, i - 2), i))
        if resumed:
            back, fwd, pronoun = None, None, False
        if pronoun and shape == "verb" and i > lo and self.tokens[i - 1].norm in self.words.pronoun_subjects:
            # "فإنه سيدفع أوكرانيا": the pronoun right before the verb is its subject; the
            # bare name after the verb is its object.
            fwd, fwd_last = None, i
        after = end - 1
        if back is not None and back.last < i and shape == "verb" and self._in_document_phrase(back, lo):
            back, pronoun = None, False  # "مشروع قرار روسيا يدعو": the draft calls, not Russia
        agent = self._light_verb_agent(i, lo) if shape in ("definite", "complement") else None
        if agent is not None:
            args.sources = [agent]  # "إقدام الحكومة على الاعتراف": named before the noun
        elif back is not None and (back_dist <= 2 or shape in ("complement", "possessive")) and not pronoun:
            args.sources = self.group_backward(back, lo) if back.last < i else [back]
            args.sources = self._apposition_head(args.sources, lo)
        elif fwd is not None:
            args.sources = self.group_forward(fwd, hi) if fwd.first > i else [fwd]
            after = args.sources[-1].last if fwd.first > i else fwd_last
        elif pronoun:
            topic = self.sentence_topic(lo, i)
            if topic is not None:
                args.sources = [topic]
        elif back is not None:
            args.sources = self.group_backward(back, lo) if back.last < i else [back]
            args.sources = self._apposition_head(args.sources, lo)
        if resumed:
            args.sources, after = list(inherit or []), end
        elif conj_verb and inherit and fwd is not None and args.sources and args.sources[0] is fwd \
                and etype.name in self.words.addressee_types and self._asks_after(args.sources[-1].last, hi) \
                and self._verb_agrees(tok, inherit[0]):
            # "وقالت شركة X إنها ستطور محطة، ودعت شركة Y للانضمام إلى المشروع": a call joined to
            # the clause before, its only name followed by what is asked (لـ / إلى + a verbal
            # noun), keeps that clause's subject; the name is the one called on.
            args.sources, after = list(inherit), end - 1
        if not args.sources and shape == "verb":
            args.sources = self._partitive_subjects(end, hi)
        if not args.sources and conj_verb and inherit:
            args.sources = list(inherit)

        if not args.sources and shape == "definite":
            # "الاعتراف الرسمي لفرنسا": after a definite verbal noun, لـ + name is its agent.
            for m in self._actors_between(end, min(hi, end + 3)):
                if m.prep == "ل" and len([w for w in self._words_between(end, m.first) if w.kind == "word"]) <= 1:
                    args.sources = [m]
                    after = m.last
                break
        if not args.sources and shape == "definite":
            announcer = self._announcer_agent(i, lo)
            if announcer is not None:
                args.sources = [announcer]
        if not args.sources and shape != "verb" and not (end < hi and on_proclitic(self.tokens[end], ("ب", "ل"))):
            # "الغزو الروسي", "حزمة استثمارات قطرية": the adjective names the agent state.
            # After "الاعتراف بالمخطط المغربي" the adjective is the bound noun's, the counterpart.
            for t in range(end, min(hi, end + 2)):
                if t in self.idx.nisba:
                    args.sources = [self.idx.nisba[t]]
                    after = max(after, t)
                    break
        both = self._both_sides(i, end, lo, hi)
        if not both and etype.symmetric and not args.sources:
            both = self._sides_in_clause(end, hi)
        if both:
            explicit = self._explicit_parties(end, hi)
            if explicit:
                # "ووقع الجانبان 13 اتفاقية بين وزارات ... السعودية ... مع عدد من الشركات مثل
                # بوينغ وريثيون": the clause names the sides itself; "الجانبان" only sums them up.
                args.sources, args.targets = explicit
                args.location = self._location(lo, hi, args.targets)
                return args

            args.sources, args.targets, args.pair = both[:1], both[1:], True
            args.location = self._location(lo, hi, args.targets)
            return args
        if not args.sources and shape != "definite":
            args.sources = self._role_reference(end - 1, hi, lo)
            if len(args.sources) == 2:
                args.pair = True
        source_ids = {m.entity_id for m in args.sources}
        if etype.symmetric and len(args.sources) >= 2:
            # "اجتمع أردوغان وماسك في ...": both parties are the coordinated subject.
            args.sources, args.targets, args.pair = args.sources[:1], args.sources[1:], True
            args.location = self._location(lo, hi, args.targets)
            return args
        # Targets: the first actor after the trigger (and its subject) that the type's
        # prepositions allow; "بين X و Y" gives both parties of a symmetric event.
        limit = min(hi, end + TARGET_WINDOW)
        for t in range(after + 1, limit):
            if (self._is_break(t) or self.tokens[t].norm in self.words.complementizers) and t > end:
                brought = self._bringer(t, after, hi)
                if brought is not None and brought.entity_id not in source_ids:
                    args.targets = [brought]
                break
            if t > end and self.tokens[t].norm in (",", "،") and t + 1 < hi and self._opens_verb_clause(t + 1):
                break  # "ستطور محطة لشبكة البصرة، ودعت شركة أكوا ...": a new clause, its own names
            if t > after and self.idx.at(t) is None and self._opens_verb_clause(t):
                break  # "أيدته فنزويلا ومصر وامتنعت انغولا": the names after the new verb are its own
            if self.tokens[t].norm == "بين" and etype.symmetric and not args.sources and t + 1 < hi and shape != "definite":
                # "بعد لقاء ثنائي وآخر على مستوى الوفود بين الجانبين": the sides named before
                sides = self._both_sides(t + 1, t + 1, t + 1, min(hi, t + 2))
                if len(sides) >= 2:
                    args.sources, args.targets, args.pair = sides[:1], sides[1:2], True
                    break
            if self.tokens[t].norm == "بين" and etype.symmetric:
                nxt = self._actors_between(t + 1, min(hi, t + 5))
                group = self.group_forward(nxt[0], hi) if nxt else []
                if len(group) >= 2:
                    counterparts = self._with_after(group[-1].last, hi, {g.entity_id for g in group})
                    if counterparts:
                        # "بين A وB مع C": A and B are one side, each a party with C.
                        args.sources, args.targets = group, counterparts
                    else:
                        args.sources, args.targets, args.pair = pair_up(group)
                    break
            m = self.idx.at(t)
            if m is None and self.tokens[t].kind == "word" and shape == "definite" and t <= end + 1 \
                    and self._role_prefix(t) == "ل":
                continue  # "الاعتراف الرسمي لبلاده": لـ right after a definite verbal noun marks its agent
            if m is None and self.tokens[t].kind == "word":
                role = self._role_target(t, hi, etype, source_ids)
                if role is not None:
                    args.targets = [role]
                    break
            if m is None and t in self.idx.nisba and self.idx.nisba[t].prep in ("ب", "ل"):
                m = self.idx.nisba[t]  # "الاعتراف ... بمغربية الصحراء": by its adjective
            elif m is None and t == end + 1 and t in self.idx.nisba and self.idx.nisba[t].prep == "" \
                    and on_proclitic(self.tokens[end], ("ب", "ل")):
                # "الاعتراف بالمخطط المغربي": the adjective of the noun bound by بـ/لـ right
                # after the trigger names the state that noun belongs to, the counterpart.
                m = replace(self.idx.nisba[t], prep=self.tokens[end].norm[:1], first=t, last=t)
            elif m is None and t == end + 2 and t in self.idx.nisba and self.idx.nisba[t].prep == "" \
                    and self.tokens[end].norm in extra_preps and self.tokens[end + 1].norm.startswith("ال") \
                    and end + 1 not in self.idx.covered:
                # "الاستفادة من التجربة التركية": likewise for the noun after the trigger's own
                # preposition; the experience drawn on is Turkey's.
                m = replace(self.idx.nisba[t], prep=self.tokens[end].norm, first=t, last=t)
            if (m is None and t in self.idx.nisba and self.idx.nisba[t].prep == "" or m is not None and m.prep == "" and m.first == t) \
                    and t > end + 1:
                # "صوت ... ضد مشروع القرار الروسي": the author of a document after the type's
                # preposition, by its adjective or its name, is the counterpart.
                held = self._document_author(t, (etype.target_preps | extra_preps) - {""})
                if held is not None:
                    m = replace(m or self.idx.nisba[t], prep=held)
            if m is None or m.title_of_next or m.first != t or m.entity_id in source_ids:
                continue
            if m.prep == "بين":
                group = self.group_forward(m, hi)
                if len(group) >= 2 and etype.symmetric:
                    counterparts = self._with_after(group[-1].last, hi, {g.entity_id for g in group})
                    if counterparts:
                        # "بين A وB مع C": A and B are one side, each a party with C.
                        args.sources, args.targets = group, counterparts
                    else:
                        args.sources, args.targets, args.pair = pair_up(group)
                    break
                continue
            if m.type in PLACE_TYPES and m.prep in etype.place_target:
                args.targets = self.group_forward(m, hi)
                break
            if m.type in PLACE_TYPES and (m.prep == "في" or (m.prep == "ب" and "ب" not in etype.target_preps)):
                if args.location is None:
                    args.location = m
                continue
            if (m.prep in etype.target_preps or m.prep in extra_preps) and m.type != "LOC":
                if m.prep == "" and len(self._words_between(after + 1, m.first)) > BARE_TARGET_WINDOW:
                    continue
                args.targets = self.group_forward(m, hi)
                break
        if args.location is None:
            args.location = self._location(lo, hi, args.targets)
        args.targets = [self.envoy_post_country(m) for m in args.targets]
        args.targets = [m for m in args.targets if m.entity_id not in source_ids]
        if etype.symmetric and args.sources and args.targets and not args.pair:
            args.sources = args.sources + self._co_parties(args.targets[-1].last, hi, source_ids | {m.entity_id for m in args.targets})
        if not args.targets and etype.symmetric and len(args.sources) >= 2:
            args.sources, args.targets, args.pair = args.sources[:1], args.sources[1:2], True
        return args

    def _asks_after(self, last: int, hi: int) -> bool:
        """Whether what is asked follows the name ending at ``last``, past its adjectives:
        "إلى" or a verbal noun with لـ ("للانضمام", "لفتح")."""
        for t in range(last + 1, min(hi, last + 3)):
            tok = self.tokens[t]
            if tok.kind != "word" or self.idx.at(t) is not None:
                return False
            if tok.norm == "الي" or tok.norm.startswith("لل") or on_proclitic(tok, ("ل",)):
                return True
            if not tok.norm.startswith("ال") and t not in self.idx.nisba:
                return False
        return False

    @staticmethod
    def _verb_agrees(verb: Token, subject: Mention) -> bool:
        """Whether a past verb's gender fits a subject carried over: a feminine verb (دعت) a
        state or a body, not a man; a masculine one (دعا) a person or a body, not a state."""
        feminine = verb.norm.endswith("ت")
        return subject.type != "PERSON" if feminine else subject.type != "GPE"

    def _partitive_subjects(self, end: int, hi: int) -> list[Mention]:
        """"وصوت تسعة أعضاء ... ضد المشروع، بينهم بريطانيا وفرنسا": a verb whose subject is an
        unnamed group (a count or a quantity noun right after it) takes as subjects the names
        the clause picks out of that group after a partitive ("بينهم", "منهم"). A group first
        written in the accusative ("عددا من") is the object, and a name before the partitive
        would be what it picks from: neither counts."""
        first = next((t for t in range(end, min(hi, end + 2)) if self.tokens[t].kind != "punct"), None)
        if first is None or self.idx.at(first) is not None:
            return []
        tok = self.tokens[first]
        if tok.kind == "word" and (tok.norm not in self.words.quantities or tok.norm.endswith("ا")):
            return []
        for t in range(first + 1, min(hi, end + 3 * TARGET_WINDOW)):
            tok = self.tokens[t]
            named = self.idx.at(t)
            if named is not None and (named.prep != "" or self._in_document_phrase(named, first)):
                continue  # "ضد مشروع قرار كندا", "ضد خطة لكندا": the object's author or party
            if named is not None or self._is_break(t) or tok.norm in self.words.complementizers:
                return []
            if tok.kind == "word" and t > first + 1 and self._opens_verb_clause(t):
                return []
            if tok.norm in self.words.partitives:
                m = self.idx.at(t + 1) if t + 1 < hi else None
                if m is None or m.first != t + 1 or m.prep != "" or m.title_of_next or m.type == "LOC":
                    return []
                return self.group_forward(m, hi)
        return []

    def _document_author(self, t: int, preps: frozenset[str]) -> str | None:
        """The preposition before a document phrase whose author is named at ``t``: "ضد مشروع
        القرار الروسي", "ضد مشروع قرار روسيا" (against Russia's draft): voting against or
        rejecting a text is rejecting its author. None when no such phrase ends at ``t``."""
        for h in range(t - 1, max(-1, t - 1 - DOCUMENT_AUTHOR_GAP), -1):
            tok = self.tokens[h]
            if tok.kind != "word" or self.idx.at(h) is not None:
                return None
            if not self.words.document_heads.isdisjoint(self.forms[h][:2]):
                # the phrase's first word, its head, right after the preposition
                if h > 0 and self.tokens[h - 1].norm in preps and self.words.document_heads.isdisjoint(self.forms[h - 1][:2]):
                    return self.tokens[h - 1].norm
                continue
            if t - h > 1 and not tok.norm.startswith("ال"):
                return None  # only the head's definite adjectives or a second head between
        return None

    def _co_parties(self, after: int, hi: int, taken: set[str]) -> list[Mention]:
        """Names brought in by "بمشاركة" right after a meeting's counterpart ("اتصالا مع Y،
        بمشاركة Z"): Z takes part on the caller's side, so it meets Y as well."""
        for t in range(after + 1, min(hi, after + 3)):
            if self._is_break(t):
                return []
            if self.tokens[t].norm not in self.words.co_party_markers:
                continue
            for m in self._actors_between(t + 1, min(hi, t + 1 + TITLE_WORDS)):
                if m.title_of_next:
                    continue
                if m.prep != "" or m.entity_id in taken:
                    return []
                return [g for g in self.group_forward(m, hi) if g.entity_id not in taken]
            return []
        return []

    def _bringer(self, t: int, after: int, hi: int) -> Mention | None:
        """"رفض المحكمة الدعوى التي تقدم بها الجيش": the object right after the trigger is
        described by "التي <verb> بها <name>"; the one who brought it is the counterpart."""
        if self.tokens[t].norm not in self.words.relatives or t - after > RELATIVE_OBJECT_WORDS + 1 or t + 3 > hi:
            return None
        carried = preposition_pronoun(self.tokens[t + 2].norm)
        if self.idx.at(t + 1) is not None or carried is None or carried[0] != "ب":
            return None
        m = self.idx.at(t + 3)
        if m is None or m.first != t + 3 or m.prep != "" or m.type in PLACE_TYPES:
            return None
        return m

    def envoy_post_country(self, m: Mention) -> Mention:
        """"سحب سفيرها من باريس": a city after an envoy noun is where the envoy is posted; the
        counterpart is its country, when the document names that country (same country code)."""
        if m.type != "GPE" or m.prep == "":
            return m
        words = [t for t in range(max(0, m.first - 3), m.first) if self.idx.at(t) is None and self.tokens[t].kind == "word"]
        if not any(f.startswith(self.words.envoy_stems) for t in words for f in self.forms[t]):
            return m
        city = self.doc.entity(m.entity_id)  # a scan of the entities: only after an envoy noun
        if city is None or not city.country:
            return m
        country = next((e for e in self.doc.entities if e.type == "GPE" and e.id != city.id
                        and e.country == city.country and e.kb_id != city.kb_id), None)
        return m if country is None else replace(m, entity_id=country.id)

    def _location(self, lo: int, hi: int, exclude: list[Mention]) -> Mention | None:
        """The place of the event: a GPE/LOC after في or بـ in the sentence."""
        for m in self._actors_between(lo, hi):
            if m.type in PLACE_TYPES and m.prep in ("في", "ب") and m not in exclude:
                return m
        return None
