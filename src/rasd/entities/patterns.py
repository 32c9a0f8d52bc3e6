"""Context patterns: organisation names announced by their head noun, and quoted names.

Arabic government bodies are construct phrases: a head noun followed by definite words and
adjectives (وزارة الطاقة "Ministry of Energy", الهيئة الملكية للجبيل وينبع, مجلس الأعمال السوري التركي).
The name runs from the head over words that carry the article ال (also fused as لل "for the", or
after و "and"), and ends at the first word without it, a punctuation mark, or a word that only
dates or qualifies the phrase (اليوم "today", الذي "which"). A definite head (الحكومة, الجيش) names
an organisation only with a nisba adjective (الحكومة الأردنية "the Jordanian government").
A head noun followed by a quoted name (مجموعة "علي بابا") yields the quoted name.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from rasd.document import Token
from rasd.normalize import normalize_form
from rasd.resources import load_toml
from rasd.segment import suffix_splits

from rasd.entities.kb import KnowledgeBase, nisba_forms
from rasd.entities.tagger import Triggers

# Definite words that end a name instead of continuing it: time words, relative pronouns,
# demonstratives and quantifiers.
_STOP_WORDS = (
    "الذي التي الذين اللذين اللتين اليوم امس الاسبوع الشهر العام السنه الماضي الماضيه المقبل "
    "المقبله الجاري الحالي الحاليه الاول الاولي الثاني الثانيه الاخير الاخيره الجديد الجديده "
    "الكبير الكبري كله كلها الان الاحد الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت الف "
    "المذكور المذكوره نفسه نفسها ذاته ذاتها المعنيه المعني المختلفه العديد الكثير البعض "
    "الثالث الثالثه الرابع الرابعه الخامس الخامسه السادس السابع الثامن التاسع العاشر "
    "بالفعل بالتالي بالضبط بالذات بالنسبه بالاضافه بالرغم بالقرب بالتحديد بالكامل بالتعاون بالاشتراك "
    "البالغ البالغه السابق السابقه الاسبق التالي التاليه التابع التابعه المعنيه الرسمي الرسميه المتحده"
).split()
STOP_WORDS = frozenset(_STOP_WORDS) - {"المتحده"}
QUANTIFIERS = frozenset({"كل", "جميع", "بعض", "كافه", "مختلف", "غير", "اخر", "اخري"})
# Definite words that refer back instead of naming: "وزارتي دفاع البلدين" "the two countries'
# defence ministries" describes, it does not name.
_GENERIC_COMPLEMENTS = frozenset(normalize_form(w) for w in "البلدين البلاد الدولتين الجانبين الطرفين الدول الدولة البلد".split())
QUOTES = set("\"'“”«»‘’")
# Heads whose bare form already names a body when followed by a definite word.
MAX_NAME_TOKENS = 7


@dataclass(frozen=True)
class NameEdges:
    """Word lists that decide where a name's span starts and stops (``kb/name_edges.toml``)."""

    detached_heads: frozenset[str]
    title_adjectives: frozenset[str]
    brand_words: frozenset[str]
    role_nouns: frozenset[str]
    speech_nouns: frozenset[str]
    zone_heads: frozenset[str]
    zone_adjectives: frozenset[str]
    ordinals: frozenset[str]
    disease_heads: frozenset[str] = frozenset()
    level_adjectives: frozenset[tuple[str, str]] = frozenset()
    region_adjectives: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def load_name_edges() -> NameEdges:
    """The shipped name-edge lists, normalised (role nouns also with the article)."""
    data = load_toml("kb/name_edges.toml")

    def forms(key: str, with_article: bool = False) -> frozenset[str]:
        out = {normalize_form(w) for w in data.get(key, [])}
        if with_article:
            out |= {"ال" + f for f in out if not f.startswith("ال")}
        return frozenset(out)

    return NameEdges(
        detached_heads=forms("detached_heads"),
        title_adjectives=forms("title_adjectives"),
        brand_words=forms("brand_words"),
        role_nouns=forms("role_nouns", with_article=True),
        speech_nouns=forms("speech_nouns"),
        zone_heads=forms("zone_heads"),
        zone_adjectives=forms("zone_adjectives"),
        ordinals=forms("ordinals"),
        disease_heads=forms("disease_heads"),
        region_adjectives=frozenset(f for w in data.get("region_adjectives", []) for f in nisba_forms(w)),
        level_adjectives=frozenset(
            tuple(normalize_form(w) for w in phrase.split()) for phrase in data.get("level_adjectives", [])
            if len(phrase.split()) == 2
        ),
    )


def brand_tail(tokens: Sequence[Token], last: int) -> int:
    """The last token of a name ending at ``last`` once transliterated brand words after it are
    taken in ("أكوا" + "باور", "نيويورك" + "تايمز"); ``last`` itself when none follows."""
    brands = load_name_edges().brand_words
    n = len(tokens)
    while last + 1 < n and tokens[last + 1].kind == "word" and tokens[last + 1].norm in brands:
        last += 1
    return last


def _numbered_brand(tokens: Sequence[Token], j: int, triggers: Triggers | None = None) -> bool:
    """Whether token j is a short whole number (two or three digits) that closes the phrase, as
    outlets are named ("الخليج 365"). A count goes on to what it counts; a year has four digits.

    With ``triggers`` (the name follows a head noun: "قناة القاهرة 24 إن") the number may also be
    followed by a function word or a definite word: an Arabic count from 11 up is followed by the
    indefinite noun it counts (24 ساعة), never by أن/إن or a definite adjective (الإخبارية)."""
    if j >= len(tokens) or tokens[j].kind != "number":
        return False
    digits = tokens[j].norm
    if not (digits.isdigit() and 2 <= len(digits) <= 3):
        return False
    if j + 1 == len(tokens) or (tokens[j + 1].kind == "punct" and tokens[j + 1].text not in "%٪"):
        return True
    nxt = tokens[j + 1]
    return triggers is not None and nxt.kind == "word" and (
        nxt.norm.startswith("ال") or nxt.norm in triggers.function_words or nxt.norm in triggers.speech_cues
    )


def latin_title_end(tokens: Sequence[Token], j: int) -> int | None:
    """The last of the capitalised Latin words opening at ``j`` ("The Journal", "Business
    Insider"), or None when token ``j`` is not one."""
    n = len(tokens)
    k = j
    while k < n and k - j < MAX_NAME_TOKENS and tokens[k].kind == "word" and tokens[k].text.isascii() and tokens[k].text[:1].isupper():
        k += 1
    return k - 1 if k > j else None


def is_nisba_like(tok: Token, kb: KnowledgeBase) -> bool:
    """A definite adjective of relation (الدولية, الأوروبي): the nisba ending ي/ية."""
    stem = tok.stem
    if tok.text.endswith("ى"):
        return False  # الدعوى "the lawsuit": alif maqsura, which normalisation folds into ي
    return stem in kb.nisba or (stem.startswith("ال") and len(stem) >= 5 and stem.endswith(("ي", "يه")))


def _is_plural_nisba(tok: Token) -> bool:
    """A dual or plural nisba (الدوليين, الأوروبيتين): it agrees with several nouns
    ("البنك وصندوق النقد الدوليين"), so it qualifies a list and is no part of one body's name."""
    stem = tok.stem
    return stem.startswith("ال") and len(stem) >= 7 and stem.endswith(("يين", "يتين", "يان", "يتان"))


@dataclass(frozen=True)
class PatternSpan:
    first: int
    last: int
    start: int
    end: int
    type: str
    country: str | None
    rule: str
    sector: str | None = None


@lru_cache(maxsize=32)
def head_union(*sets: frozenset[str]) -> frozenset[str]:
    """The union of word lists, built once: recognisers that run on every sentence combine the
    same few head lists again and again (a frozenset caches its hash, so the look-up is cheap)."""
    return frozenset().union(*sets)


class FormIndex:
    """Where the word forms of a token sequence occur: each word token is indexed by its readings
    (``variants``: the word itself, its stem, its forms without proclitics or pronoun suffixes;
    a token without variants by its norm and stem).

    Most recognisers start at a head noun (وزارة, شركة, منطقة) and most tokens are none: with the
    index they visit the few tokens that carry a head's form instead of testing every token."""

    __slots__ = ("_pairs", "_vocab")

    def __init__(self, tokens: Sequence[Token]) -> None:
        self._pairs = [
            (form, i) for i, tok in enumerate(tokens) if tok.kind == "word"
            for _, form in (tok.variants or ((tok.start, tok.norm), (tok.stem_start, tok.stem)))
        ]
        self._vocab = {form for form, _ in self._pairs}

    def where(self, words: frozenset[str]) -> list[int]:
        """The indices, in order, of the word tokens with a form in ``words``."""
        hits = words.intersection(self._vocab)
        if not hits:
            return []
        return sorted({i for form, i in self._pairs if form in hits})


@lru_cache(maxsize=1)
def _definite_heads(org_heads: frozenset[str]) -> frozenset[str]:
    return frozenset(h for h in org_heads if h.startswith("ال"))


# Sectors of heads that every country has (its army, its police): with a region's adjective they
# are many bodies, not one.
_FORCE_SECTORS = frozenset({"military", "police"})


@lru_cache(maxsize=1)
def _anaphoric_heads() -> frozenset[str]:
    """Definite heads that point back to a body named before (see ``kb/ambiguous.toml``)."""
    from rasd.entities.resolve import load_ambiguity

    return load_ambiguity().anaphoric_heads


def _is_place(tok: Token, kb: KnowledgeBase) -> bool:
    """A one-word knowledge-base place, possibly after a proclitic (بأبوظبي, وينبع)."""
    for _, form in tok.variants:
        recs = kb.index.get(form)
        if recs and tok.norm.endswith(form[-3:]) and kb.records[recs[0]].type == "GPE":
            return True
    return False


def _continues(tok: Token, kb: KnowledgeBase, triggers: Triggers) -> bool:
    """Whether a word can continue a body's name: it carries the article, is a nisba or a place."""
    if tok.kind != "word":
        return False
    norm = tok.norm
    stem = tok.stem
    if stem in STOP_WORDS or norm in STOP_WORDS:
        return False
    bare = stem[2:] if stem.startswith("ال") else stem
    if stem in triggers.person_titles or bare in triggers.person_titles or stem in triggers.org_heads:
        return False
    if stem.startswith("ال") and len(stem) > 3:
        return True
    if norm.startswith("لل") and len(norm) > 4:
        return True
    if norm[:1] in ("ب", "ك") and norm not in kb.index and not stem.startswith("ال"):
        # بمراكش "in Marrakesh" says where the body met, it is not part of its name.
        return False
    return norm in kb.nisba or _is_place(tok, kb)


# How far a shared dual/plural adjective may come after the second of two coordinated bodies.
MAX_SHARED_ADJECTIVE_GAP = 3


def _body_in_construct(tokens: Sequence[Token], j: int, kb: KnowledgeBase, triggers: Triggers) -> bool:
    """Whether token ``j``, a definite body noun right after an indefinite head (مجموعة البنك
    "the Bank Group"), is the head's complement in a name rather than the start of another body.

    A bare "مجلس الشركة" "the company's board" describes. The pair names a body when an adjective
    of relation closes it (قوات التحالف الدولي, هيئة الإذاعة البريطانية), unless the head is one
    that speaks or acts for a body (فريق النادي المكناسي "the club's team", إدارة …: the
    ``speech_nouns`` of ``kb/name_edges.toml``), or when a second body follows with و and a dual or
    plural adjective that qualifies both ("مجموعة البنك وصندوق النقد الدوليين": the World Bank
    Group and the IMF): neither body is named without it."""
    n = len(tokens)
    tj = tokens[j]
    if tj.kind != "word" or not tj.stem.startswith("ال") or tj.stem not in triggers.org_heads or j + 1 >= n:
        return False
    nxt = tokens[j + 1]
    if nxt.kind != "word":
        return False
    if (
        nxt.norm.startswith("ال") and is_nisba_like(nxt, kb) and not _is_plural_nisba(nxt) and nxt.norm not in STOP_WORDS
        and tokens[j - 1].stem not in load_name_edges().speech_nouns
    ):
        return True
    if not (nxt.norm.startswith("و") and nxt.norm[1:] in triggers.org_heads):
        return False
    return any(_is_plural_nisba(tokens[k]) for k in range(j + 2, min(n, j + 2 + MAX_SHARED_ADJECTIVE_GAP)))


def _joined_place(tokens: Sequence[Token], j: int, kb: KnowledgeBase, triggers: Triggers) -> bool:
    """Whether token j is "و" + a bare word that closes a phrase right after a لل+place complement
    (للجبيل وينبع،). A verb after و goes on to its object, so the phrase must end after the word."""
    if j < 1 or j + 1 > len(tokens):
        return False
    prev, tj = tokens[j - 1], tokens[j]
    if not tj.norm.startswith("و"):
        return False
    if not (prev.kind == "word" and prev.norm.startswith("لل") and _is_place(prev, kb)):
        return False
    bare = tj.norm[1:]
    if tj.kind != "word" or len(bare) < 3 or bare.startswith("ال") or bare in STOP_WORDS:
        return False
    if bare in triggers.function_words or bare in triggers.org_heads or bare in triggers.person_titles:
        return False
    if len(bare) < 4 and not _is_place(tj, kb):
        return False  # وعاد "and returned": a short bare word is more often a verb than a place
    return j + 1 == len(tokens) or tokens[j + 1].kind == "punct"


def _head_reading(tok: Token, heads: frozenset[str]) -> tuple[int, str] | None:
    """Where a head noun starts inside the token (after a proclitic: لوزارة, وقيادة) and its form."""
    if tok.kind != "word":
        return None
    if tok.stem in heads:
        return tok.stem_start, tok.stem
    for start, form in tok.variants:
        if form in heads and tok.norm.endswith(form):
            return start, form
    return None


def _possessed_head(tok: Token, heads: frozenset[str]) -> bool:
    """Whether the token is a head noun with a possessive suffix (شركته "his company",
    لمجموعتها "for her group"), after any proclitic."""
    if tok.kind != "word":
        return False
    for _, form in _clitic_forms(tok):
        if any(stem in heads for stem in suffix_splits(form)):
            return True
    return False


def _clitic_forms(tok: Token) -> list[tuple[int, str]]:
    """The token's forms with and without a proclitic (its own norm first)."""
    return [(tok.start, tok.norm)] + [(at, f) for at, f in tok.variants if tok.norm.endswith(f)]


def _nisba_country(toks: Sequence[Token], kb: KnowledgeBase) -> str | None:
    country = None
    for i, t in enumerate(toks):
        two = t.stem + " " + toks[i + 1].stem if i + 1 < len(toks) else None
        code = kb.nisba.get(two) if two else None
        code = code or kb.nisba.get(t.stem) or kb.nisba.get(t.norm)
        if code:
            country = code
    return country


def _construct_noun(tokens: Sequence[Token], j: int, kb: KnowledgeBase, triggers: Triggers, min_len: int = 3) -> bool:
    """Whether token ``j`` is a bare noun in construct (إضافة) with the definite word after it.

    Arabic marks a construct chain only by the article on its last noun, so "تنظيم الاتصالات"
    (regulation of the telecommunications) has no article on its first word."""
    if j + 1 >= len(tokens):
        return False
    tj, nxt = tokens[j], tokens[j + 1]
    return (
        tj.kind == "word" and not tj.text.isascii() and tj.stem == tj.norm and len(tj.norm) >= min_len
        and tj.norm not in triggers.function_words and tj.norm not in QUANTIFIERS and tj.norm not in STOP_WORDS
        and tj.norm not in triggers.org_heads and tj.norm not in triggers.person_titles
        and tj.norm not in triggers.speech_cues and tj.norm not in triggers.not_names and tj.norm not in kb.nisba
        and nxt.norm.startswith("ال") and _continues(nxt, kb, triggers) and nxt.norm not in kb.nisba
        and nxt.norm not in _GENERIC_COMPLEMENTS
    )


def pattern_spans(
    tokens: Sequence[Token], kb: KnowledgeBase, triggers: Triggers, forms: FormIndex | None = None,
) -> list[PatternSpan]:
    """Organisation names found by head noun + definite words, and quoted names after a head.

    ``forms`` is the tokens' `FormIndex` when the caller has built it."""
    out: list[PatternSpan] = []
    n = len(tokens)
    i = 0
    edges = load_name_edges()
    all_heads = head_union(triggers.org_heads, triggers.misc_heads)
    any_heads = head_union(all_heads, edges.detached_heads)
    definite_heads = _definite_heads(all_heads)
    if forms is None:
        forms = FormIndex(tokens)
    # Where a name may open: a head noun, or any word before quotation marks (a possessed head).
    openers = sorted(set(forms.where(any_heads)).union([k - 1 for k in range(1, n) if tokens[k].text in QUOTES]))
    while i < n:
        k = bisect_left(openers, i)
        if k == len(openers):
            break
        i = openers[k]  # the tokens before it open nothing
        tok = tokens[i]
        reading = _head_reading(tok, any_heads)
        if reading is None and i + 1 < n and tokens[i + 1].text in QUOTES and _possessed_head(tok, triggers.company_heads):
            # لشركته "تسلا" "for his company 'Tesla'": a possessed head still announces a quoted name.
            reading = (tok.stem_start, "")
        if reading is None:
            i += 1
            continue
        head_start, head = reading
        # Quoted name after the head: مجموعة "علي بابا".
        if i + 1 < n and tokens[i + 1].text in QUOTES:
            j = i + 2
            while j < n and tokens[j].text not in QUOTES and j - i <= MAX_NAME_TOKENS and tokens[j].kind != "punct":
                j += 1
            if j < n and tokens[j].text in QUOTES and j > i + 2:
                inner = tokens[i + 2 : j]
                # مهرجان "تكنوفست": a festival, plan or accord in quotes is a named thing.
                typ = "MISC" if head in triggers.misc_heads else "ORG"
                out.append(PatternSpan(i + 2, j - 1, inner[0].start, inner[-1].end, typ, None, "quoted"))
                i = j + 1
                continue
        detached = head in edges.detached_heads
        if detached and i + 1 < n:
            latin = latin_title_end(tokens, i + 1)
            if latin is not None:
                # "صحيفة The Journal": a Latin title after a newspaper's head.
                out.append(PatternSpan(i + 1, latin, tokens[i + 1].start, tokens[latin].end, "ORG", None, "title",
                                       triggers.head_sectors.get(head)))
                i = latin + 1
                continue
        if head not in all_heads:
            i += 1  # موقع "site" heads a title only when a Latin one follows; else "the site of"
            continue
        j = i + 1
        # The first word after the head carries the article or is a nisba (وزارة الطاقة,
        # الحكومة الأردنية); "مركز للبيانات" "a centre for data" is a description, not a name.
        # "مركز للبيانات" (لل "for the") is "a centre for data"; a name's genitive follows directly.
        first_ok = j < n and tokens[j].kind == "word" and (
            tokens[j].norm.startswith("ال") or tokens[j].norm in kb.nisba or _is_place(tokens[j], kb)
        )
        if not first_ok and not head.startswith("ال") and head not in triggers.misc_heads and _construct_noun(tokens, j, kb, triggers):
            # An indefinite head may govern an indefinite noun that governs a definite one:
            # هيئة تنظيم الاتصالات "Telecommunications Regulatory Authority", شركة تطوير الموانئ.
            first_ok = True
            j += 1
        seen_nisba = False
        after_adjective = False  # the word before was a definite nisba adjective
        while first_ok and j < n and j - i <= MAX_NAME_TOKENS:
            tj = tokens[j]
            coordinated = tj.norm.startswith("و") and tj.stem != tj.norm
            if coordinated and seen_nisba:
                break  # "الحكومة الأردنية والصندوق …": a nisba closes the name
            if _is_plural_nisba(tj) and j > i + 1:
                break  # "صندوق النقد الدوليين": the dual adjective qualifies two bodies
            if detached and tj.stem in edges.title_adjectives:
                j += 1  # "صحيفة العربي الجديد": a title's own adjective
                continue
            if (
                after_adjective and not coordinated and tj.norm.startswith("ال") and not is_nisba_like(tj, kb)
                and not _is_place(tj, kb)
            ):
                # "محكمة العدل الدولية الدعوى": after the name's adjective, a definite noun starts
                # the next phrase (the object of the verb); names continue with adjectives or لل.
                break
            prep_article = tj.norm[:1] in ("ب", "ك") and tj.stem != tj.norm and tj.stem.startswith("ال")
            if prep_article and not (j + 1 < n and (tokens[j + 1].norm in kb.nisba or _is_place(tokens[j + 1], kb))):
                # "بالرئاسة التركية" (at the Turkish presidency) continues a name; "بالدرجة الممتازة"
                # (in the premier division) is a phrase about it.
                break
            if _joined_place(tokens, j, kb, triggers):
                # "الهيئة الملكية للجبيل وينبع": a second place joined to a لل+place complement,
                # closing the phrase, belongs to the name (the body serves both places).
                j += 1
                break
            if _continues(tj, kb, triggers):
                seen_nisba = seen_nisba or tj.stem in kb.nisba
                after_adjective = tj.norm.startswith("ال") and is_nisba_like(tj, kb)
                j += 1
            elif j == i + 1 and head in triggers.org_heads and not head.startswith("ال") and _body_in_construct(tokens, j, kb, triggers):
                j += 1  # "مجموعة البنك وصندوق النقد الدوليين": a body noun as the head's complement
            elif (
                # "و" + a noun in construct with a definite word: وزارة الاتصالات وتقنية المعلومات.
                tj.norm.startswith("و") and tj.kind == "word" and j + 1 < n and not tj.stem.startswith("ال")
                and tj.norm[1:] not in QUANTIFIERS and tj.norm[1:] not in triggers.org_heads
                and tokens[j + 1].stem.startswith("ال") and _continues(tokens[j + 1], kb, triggers)
                and tokens[j + 1].norm not in kb.nisba
            ):
                after_adjective = False
                j += 2
            else:
                break
        last = j - 1
        if last > i:
            last = brand_tail(tokens, last)  # "صحيفة نيويورك تايمز"
        if last > i and last + 2 < n and (tokens[last + 1].norm, tokens[last + 2].norm) in edges.level_adjectives:
            last += 2  # "مجموعة الدفاع رفيعة المستوى": the level adjective is part of the title
        if last == i:
            i += 1
            continue
        name = tokens[i : last + 1]
        country = _nisba_country(name[1:], kb)
        is_misc = head in triggers.misc_heads
        named_thing = False
        if is_misc and country is None and head in triggers.naming_misc_heads:
            # عيد العرش (المجيد): the holiday is named by its one definite word; more is praise.
            named_thing, last = True, i + 1
        elif is_misc and country is None and not head.startswith("ال") and len(name) >= 3 and name[2].norm.startswith("وال"):
            # Two coordinated words are a title, not a description: مبادرة الحزام والطريق.
            named_thing, last = True, i + 2
        elif is_misc and head in triggers.gathering_heads and head.startswith("ال") and len(name) >= 3:
            named_thing = True
        name = tokens[i : last + 1]
        if is_misc and not named_thing and country is None and not any(_is_place(t, kb) for t in name[1:]):
            # خطة السلام "the peace plan" is a description; المنتدى السعودي السوري is a name.
            i += 1
            continue
        if head in definite_heads and country is None and not any(_is_place(t, kb) or t.norm.startswith("لل") for t in name[1:]) and not (
            # "الاتحاد الأفريقي" names a body; "القوات الأوروبية" are several countries' forces.
            name[1].stem in edges.region_adjectives and head not in _anaphoric_heads()
            and triggers.head_sectors.get(head) not in _FORCE_SECTORS
        ):
            # الحكومة الجديدة "the new government" is not a name; الحكومة الأردنية is.
            i += 1
            continue
        start, first = head_start, i
        if detached:
            # The paper is called by its title: "صحيفة الشرق الأوسط" names "الشرق الأوسط".
            start, first = tokens[i + 1].start, i + 1
            country = None
        # Forums, plans, programmes and loans are named things (MISC), not organisations.
        kind = "MISC" if is_misc else "ORG"
        out.append(PatternSpan(first, last, start, name[-1].end, kind, country, "title" if detached else "head",
                               triggers.head_sectors.get(head)))
        i = last + 1
    out.extend(_numbered_outlet_spans(tokens, triggers))
    out.extend(_dated_outlet_spans(tokens, triggers, forms))
    out.extend(_spelled_acronym_spans(tokens))
    out.extend(_zone_spans(tokens, kb, triggers, forms))
    out.extend(_facility_spans(tokens, kb, triggers, forms))
    out.extend(_settlement_spans(tokens, kb, triggers, forms))
    out.extend(_listed_quoted_spans(tokens, kb, triggers, forms))
    return out


# Marks that set off an agency's credit line: "بيروت - (د ب أ)", "القاهرة - أ ف ب -".
_CREDIT_OPEN = frozenset("(-–")
_CREDIT_CLOSE = frozenset(")-–")
MIN_SPELLED_LETTERS, MAX_SPELLED_LETTERS = 3, 4  # "(أ) و(ب ج)" label items, not a source


def _spelled_acronym_spans(tokens: Sequence[Token]) -> list[PatternSpan]:
    """Acronyms spelt letter by letter in a credit line: "(د ب أ)" (dpa), "- أ ف ب -" (AFP).

    Arabic writes a foreign acronym as its letters apart; three or four one-letter Arabic words set
    off by brackets or dashes are no words of a sentence, and news puts only a source there
    (two letters there are more often list labels: "(ب ج)")."""
    n = len(tokens)
    out: list[PatternSpan] = []
    for i in range(n - 2):
        if tokens[i].text not in _CREDIT_OPEN:
            continue
        k = i + 1
        while k < n and k - i <= MAX_SPELLED_LETTERS and len(tokens[k].text) == 1 and tokens[k].kind == "word" and not tokens[k].text.isascii():
            k += 1
        if k - i - 1 >= MIN_SPELLED_LETTERS and (k == n or tokens[k].text in _CREDIT_CLOSE or tokens[k].text == "\n"):
            out.append(PatternSpan(i + 1, k - 1, tokens[i + 1].start, tokens[k - 1].end, "ORG", None, "acronym", "media"))
    return out


def _numbered_outlet_spans(tokens: Sequence[Token], triggers: Triggers) -> list[PatternSpan]:
    """News outlets named by a word and a short number ("تابعتها الخليج 365", "قناة فرانس 24"):
    after a media word (see ``media_aliases.heads`` in ``kb/ambiguous.toml``) the pair is the
    outlet, not the place its first word may name."""
    numbers = [j for j in range(2, len(tokens)) if tokens[j].kind == "number"]
    if not numbers:
        return []
    from rasd.entities.resolve import load_ambiguity

    heads = load_ambiguity().media_heads
    out: list[PatternSpan] = []
    for j in numbers:
        name, cue = tokens[j - 1], tokens[j - 2]
        if name.kind != "word" or name.norm in triggers.function_words or name.norm in STOP_WORDS:
            continue
        cue_forms = {cue.norm, cue.stem} | ({cue.norm[1:]} if cue.norm[:1] in ("و", "ف") else set())
        if not cue_forms & heads:  # "وتابعتها": a conjunction on the media word
            continue
        if cue.stem in triggers.company_heads and _numbered_brand(tokens, j, triggers):
            # "قناة القاهرة 24": the head is how the article introduces the outlet, and the span
            # with it outranks the head + place reading ("قناة القاهرة") of the same words.
            out.append(PatternSpan(j - 2, j, cue.stem_start, tokens[j].end, "ORG", None, "outlet", "media"))
        elif _numbered_brand(tokens, j):
            out.append(PatternSpan(j - 1, j, name.start, tokens[j].end, "ORG", None, "outlet", "media"))
    return out


def _dated_outlet_spans(tokens: Sequence[Token], triggers: Triggers, forms: FormIndex) -> list[PatternSpan]:
    """Outlets named by a word and a time word ("وفق متابعة تركيا الآن", "المصدر: مصر اليوم"):
    after a media or credit noun (``dated_outlets`` in ``kb/ambiguous.toml``) the pair is the
    outlet, not the place its first word names."""
    from rasd.entities.resolve import load_ambiguity

    amb = load_ambiguity()
    out: list[PatternSpan] = []
    for j in forms.where(amb.outlet_time_words):
        if j < 2 or tokens[j].norm not in amb.outlet_time_words:
            continue
        name, c = tokens[j - 1], j - 2
        if c > 0 and tokens[c].text == ":":
            c -= 1  # "المصدر: تركيا الآن"
        cue = tokens[c]
        if name.kind != "word" or name.norm in triggers.function_words or name.norm in STOP_WORDS or name.norm in amb.outlet_time_words:
            continue
        cue_forms = {cue.norm, cue.stem} | ({cue.norm[1:]} if cue.norm[:1] in ("و", "ف", "ل", "ب") else set())
        if cue.kind == "word" and cue_forms & amb.outlet_cues:
            out.append(PatternSpan(j - 1, j, name.start, tokens[j].end, "ORG", None, "dated_outlet", "media"))
    return out


# How far after an organisation head a quoted member may come (جمعيات رجال الأعمال مثل "…").
MAX_LIST_GAP = 6
MAX_QUOTED_WORDS = 3


def _quoted_at(tokens: Sequence[Token], j: int) -> int | None:
    """The last token of a short quoted name opening at token ``j``, or None."""
    n = len(tokens)
    if j >= n or tokens[j].text not in QUOTES:
        return None
    k = j + 1
    while k < n and k - j <= MAX_QUOTED_WORDS and tokens[k].kind == "word" and not tokens[k].text.isascii():
        k += 1
    if k == j + 1 or k >= n or tokens[k].text not in QUOTES:
        return None
    return k


def _listed_quoted_spans(
    tokens: Sequence[Token], kb: KnowledgeBase, triggers: Triggers, forms: FormIndex,
) -> list[PatternSpan]:
    """Quoted names announced by an organisation head a few words before them: "وكالة الأنباء
    الرسمية "سونا"", and the members of a list after a plural head: "جمعيات رجال الأعمال مثل
    "موسياد" و"آسكون"" (business associations such as …). Transliterated acronyms are words no
    lexicon holds; the head and the quotation marks are what say they are names."""
    out: list[PatternSpan] = []
    n = len(tokens)
    heads = head_union(triggers.plural_org_heads, triggers.org_heads)
    for i in forms.where(heads):
        tok = tokens[i]
        if tok.norm not in heads and _head_reading(tok, heads) is None:
            continue  # the head may carry a proclitic: وبنوك مثل "…" "and banks such as …"
        j = i + 1
        # The head's complement: definite words, nisbas, bare nouns in construct, a list cue.
        while j < n and j - i <= MAX_LIST_GAP and tokens[j].kind == "word" and (
            tokens[j].stem.startswith("ال") or tokens[j].norm in kb.nisba or tokens[j].norm in triggers.list_cues
            or _construct_noun(tokens, j, kb, triggers)
        ):
            j += 1
        if j == i + 1 and tokens[i].norm in triggers.org_heads:
            continue  # a head right before the quotes: pattern_spans' own quoted rule
        close = _quoted_at(tokens, j)
        while close is not None:
            out.append(PatternSpan(j + 1, close - 1, tokens[j + 1].start, tokens[close - 1].end, "ORG", None, "listed"))
            # The list goes on after و "and" or a comma: و"آسكون".
            j = close + 1
            if j < n and (tokens[j].norm in ("و", "او") or tokens[j].text in ",،"):
                j += 1
            else:
                break
            close = _quoted_at(tokens, j)
    return out


def _settlement_spans(
    tokens: Sequence[Token], kb: KnowledgeBase, triggers: Triggers, forms: FormIndex,
) -> list[PatternSpan]:
    """Towns named in construct after a settlement noun: "بلدة تل الزعتر" (the town of Tell
    al-Zaatar), "قرية أم الخير". Only the two-word construct form (a bare noun, then a definite
    one) is taken: a bare word alone after the noun is as often an adjective (قرية نائية "a remote
    village"), and the tagger judges those."""
    out: list[PatternSpan] = []
    for i in forms.where(triggers.settlement_heads):
        tok = tokens[i]
        if i >= len(tokens) - 2:
            break
        if tok.kind != "word" or tok.stem not in triggers.settlement_heads:
            continue
        j = i + 1
        # Place names may start with a two-letter noun: تل "hill", أم "mother (of)".
        if not _construct_noun(tokens, j, kb, triggers, min_len=2) or _is_place(tokens[j], kb) or tokens[j].stem in triggers.place_heads:
            continue
        out.append(PatternSpan(j, j + 1, tokens[j].start, tokens[j + 1].end, "GPE", None, "settlement"))
    return out


def _function_word_in_name(tokens: Sequence[Token], j: int, name_start: int, triggers: Triggers) -> bool:
    """Whether token ``j`` is a function word inside a name that opens at ``name_start``.
    Normalisation folds ى into ي, so the preposition على "on" and the given name علي "Ali" share
    a form; after the name's first word (جبل علي, منطقة جبل علي الحرة) a given name written
    with ي is the name, since a preposition does not sit inside a name's construct."""
    from rasd.entities.tagger import load_given_names

    tok = tokens[j]
    if tok.norm not in triggers.function_words:
        return False
    return not (j > name_start and tok.text.endswith("ي") and tok.norm in load_given_names()[0])


def _zone_spans(tokens: Sequence[Token], kb: KnowledgeBase, triggers: Triggers, forms: FormIndex) -> list[PatternSpan]:
    """Named zones: "منطقة خليفة الحرة" (a zone head, a bare name, the zone's adjectives) and
    "المنطقة الصناعية الأولى" (a definite head, its adjectives, an ordinal). Without a name or an
    ordinal "المنطقة الحرة" is a kind of place, not one place."""
    edges = load_name_edges()
    out: list[PatternSpan] = []
    n = len(tokens)
    for i in forms.where(edges.zone_heads):
        tok = tokens[i]
        if tok.kind != "word" or tok.stem not in edges.zone_heads:
            continue
        j = i + 1
        close = _quoted_at(tokens, j) if not tok.stem.startswith("ال") else None
        if close is not None:
            # منطقة "نوفا بارك" الحرة: a quoted name in construct after the bare head.
            k = close + 1
            while k < n and tokens[k].stem in edges.zone_adjectives:
                k += 1
            if k > close + 1:
                out.append(PatternSpan(i, k - 1, tok.stem_start, tokens[k - 1].end, "LOC", None, "zone_quoted"))
            continue
        # The zone's own name: up to two bare words (منطقة جبل علي الحرة).
        while not tok.stem.startswith("ال") and j < n and j - i <= 2 and tokens[j].kind == "word" and (
            not tokens[j].norm.startswith("ال") and not _function_word_in_name(tokens, j, i + 1, triggers)
            and tokens[j].norm not in STOP_WORDS and not tokens[j].text.isascii()
        ):
            j += 1
        named = j > i + 1
        k = j
        while k < n and tokens[k].stem in edges.zone_adjectives:
            k += 1
        if k == j:
            continue
        close = _quoted_at(tokens, k) if not named else None
        if close is not None:
            # المنطقة الحرة "نوفا بارك": the definite zone and its adjectives, then its quoted name.
            out.append(PatternSpan(i, close, tok.stem_start, tokens[close].end, "LOC", None, "zone_quoted"))
            continue
        if named:
            last = k - 1
        elif k < n and tokens[k].stem in edges.ordinals:
            last = k
        else:
            continue
        out.append(PatternSpan(i, last, tok.stem_start, tokens[last].end, "LOC", None, "zone"))
    return out


def _facility_spans(
    tokens: Sequence[Token], kb: KnowledgeBase, triggers: Triggers, forms: FormIndex,
) -> list[PatternSpan]:
    """Named facilities: an indefinite facility noun in construct with definite words ("قصر الشعب"
    the People's Palace, "ساحة التحرير" Tahrir Square). A definite facility noun ("القاعدة
    العسكرية" "the military base") is a description, and so is one followed by an organisation
    noun ("مبنى الوزارة" "the ministry building")."""
    out: list[PatternSpan] = []
    n = len(tokens)
    for i in forms.where(triggers.facility_heads):
        tok = tokens[i]
        if tok.kind != "word" or tok.stem not in triggers.facility_heads or i + 1 >= n:
            continue
        j = i + 1
        if _construct_noun(tokens, j, kb, triggers) and not tokens[j].text[:1].isdigit():
            j += 1  # قاعدة عين الأسد "Ain al-Asad base": a bare noun in construct with a definite one
        while j < n and j - i <= 3 and tokens[j].norm.startswith("ال") and _continues(tokens[j], kb, triggers):
            j += 1
        if j == i + 1 or tokens[i + 1].stem in triggers.org_heads or tokens[i + 1].norm in kb.nisba:
            continue
        out.append(PatternSpan(i, j - 1, tok.stem_start, tokens[j - 1].end, "LOC", _nisba_country(tokens[i + 1 : j], kb), "facility"))
    return out


def unknown_word(t: Token, kb: KnowledgeBase, triggers: Triggers) -> bool:
    """Whether a bare Arabic word is one no lexicon or corpus list holds: not in the word clusters
    (built from news and Wikipedia text, so everyday words are there), the knowledge base, the
    given names or the trigger lists. Transliterated names and acronyms are such words."""
    if t.kind != "word" or t.text.isascii() or t.stem != t.norm:
        return False
    return _unknown_form(t.norm, kb, triggers)


def _unknown_form(norm: str, kb: KnowledgeBase, triggers: Triggers) -> bool:
    """Whether a normalised bare word is in no lexicon or corpus list (see ``unknown_word``)."""
    from rasd.entities.tagger import load_given_names, load_word_clusters

    known = load_word_clusters()
    if not known or len(norm) < 4 or norm.startswith("ال"):
        return False  # a definite word is a common noun or a described name, not a bare acronym
    if norm[0] in "وفبلك" and (norm[1:] in known or norm[1:] in kb.index):
        return False  # وبنوك "and banks": a proclitic on a known word
    return not (
        norm in known or norm in kb.index or norm in kb.nisba or norm in load_given_names()[0]
        or norm in triggers.function_words or norm in triggers.common_adjectives or norm in triggers.not_names
        or norm in STOP_WORDS or norm in triggers.org_heads or norm in triggers.person_titles
        or norm.endswith(("يه", "ات"))  # adjectives (feminine nisba) and plurals
    )


def unknown_after_head_spans(
    tokens: Sequence[Token], kb: KnowledgeBase, triggers: Triggers, forms: FormIndex | None = None,
) -> list[PatternSpan]:
    """A company head before a word no lexicon holds: "جمعية توسياد", "شركة زيكسترا". An everyday
    word after the head (شركة كبرى "a large company") is in the word clusters; a transliterated
    name or acronym is not. The caller ranks these below the tagger's longer names."""
    out: list[PatternSpan] = []
    for i in (forms or FormIndex(tokens)).where(triggers.company_heads):
        if i >= len(tokens) - 1:
            break
        tok = tokens[i]
        reading = _head_reading(tok, triggers.company_heads)
        if reading is None or not unknown_word(tokens[i + 1], kb, triggers):
            continue
        # "شركة أكوا باور": the name goes on over transliterated words (a brand word or another
        # word no lexicon holds).
        last = i + 1
        while last + 1 < len(tokens) and last - i < 3 and unknown_word(tokens[last + 1], kb, triggers):
            last += 1
        last = brand_tail(tokens, last)
        out.append(PatternSpan(i, last, reading[0], tokens[last].end, "ORG", None, "unknown_after_head",
                               triggers.head_sectors.get(reading[1])))
    return out


def unknown_before_complement_spans(tokens: Sequence[Token], kb: KnowledgeBase, triggers: Triggers) -> list[PatternSpan]:
    """A word no lexicon holds followed by a complement with لل "for the": "وريثيون للصناعات
    الدفاعية" (and Raytheon for Defence Industries). Companies describe their trade so; an
    everyday noun before لل is in the word clusters, and a verbal noun's complement (سعيا للحصول
    على "seeking to obtain") has no definite adjective after it. The span is the bare word
    (after a و "and" proclitic); the caller carries it over the complement."""
    out: list[PatternSpan] = []
    for i in [k - 1 for k in range(1, len(tokens)) if tokens[k].norm.startswith("لل")]:
        tok, nxt = tokens[i], tokens[i + 1]
        if not (nxt.kind == "word" and nxt.norm.startswith("لل") and len(nxt.norm) > 4 and nxt.norm not in STOP_WORDS):
            continue
        adjective = tokens[i + 2] if i + 2 < len(tokens) else None
        if adjective is None or adjective.kind != "word" or not adjective.norm.startswith("ال"):
            continue  # the trade is named with its adjective: للصناعات الدفاعية, not سعيا للحصول على
        if adjective.norm in kb.nisba or _is_plural_nisba(adjective) or tok.text.endswith("ه"):
            # "شكره للرئيس الأمريكي" "his thanks to the American president": a noun with a
            # possessive suffix (ه, not the ة of a feminine noun), addressed to people of a nation.
            continue
        if i > 0 and _head_reading(tokens[i - 1], head_union(triggers.company_heads, triggers.org_heads)) is not None:
            continue  # "شركة نوراتك للحلول …": the head's own name (unknown_after_head_spans)
        listed = i > 0 and tokens[i - 1].text in ",،"
        if (
            listed and tok.kind == "word" and not tok.text.isascii() and tok.stem == tok.norm and tok.norm.startswith("و")
            and _unknown_form(tok.norm[1:], kb, triggers)
        ):
            start = tok.start + 1  # "…، وريثيون": a list's last member takes "and"
        elif unknown_word(tok, kb, triggers):
            start = tok.start
        else:
            continue
        out.append(PatternSpan(i, i, start, tok.end, "ORG", None, "unknown_before_complement"))
    return out


__all__ = [
    "PatternSpan", "pattern_spans", "unknown_after_head_spans", "unknown_before_complement_spans", "unknown_word", "STOP_WORDS", "NameEdges",
    "load_name_edges", "brand_tail", "latin_title_end", "is_nisba_like", "head_union",
    "FormIndex",
]
