"""The events stage: triggers -> PLOVER events with actors, place, date, amount and modality.

For each sentence, every word is looked up (with its clitic readings) in the trigger lexicon;
words inside an entity's name are skipped (قوات الدعم السريع is a name, not a "support" event).
Each trigger's arguments come from `rasd.events.arguments`, its modality from
`rasd.events.modality`. An event needs at least one actor: a trigger with nobody attached says
nothing a reader could use, and leaving it out is better than inventing one.

When the clause names no counterpart, the discourse may: an object pronoun on the verb
(أيدته, زودها) or after the type's preposition (معها) stands for an actor named before
(`ArgumentFinder.pronoun_antecedent`); a response to an event told before ("رحب بالدعوة",
"أشاد بحزمة العقوبات") answers whoever made it. A story tells its events more than once: a
headline restating what the body reports is one event, and so is a request told twice in
other words (`_requested`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from rasd.document import Document, Event, Token
from rasd.events.arguments import (
    CLAUSE_STOPS,
    ArgumentFinder,
    Mention,
    argument_words,
    build_mention_index,
    object_pronoun,
    on_proclitic,
    preposition_pronoun,
)
from rasd.events.lexicon import TriggerForm, blocked_words, trigger_lexicon
from rasd.events.modality import (
    ATTRIBUTION_WINDOW,
    denial_cues,
    is_negated,
    is_planned,
    reported_cue,
)
from rasd.events.ontology import ontology
from rasd.events.stance import stance_head, stance_words, statement_verb
from rasd.events.words import WordTable
from rasd.normalize import normalize_form

COMPLEMENT_WINDOW = 6  # words (names aside) between a request and the verbal noun that says what is requested
NEEDS_WINDOW = 8  # words after a trigger searched for a `needs` word
ANSWER_WINDOW = 14  # tokens after a response verb searched for what it answers (بالدعوة)
PRONOUN_TARGET_WINDOW = 4  # words after a trigger searched for "معها", "ضده" (its counterpart)
ANSWER_EVENTS = 40  # events searched back for the one a response answers
DEFER_WINDOW = 8  # tokens between an approval and its "على" complement ("وافق في ديسمبر 2022 على إقراض")
WRONGED_WINDOW = 8  # words of an apology's عن phrase searched for the party it wronged
MAX_PAIRS = 8  # at most this many events from one trigger (sources x targets)
MAX_SENTENCE_TOKENS = 400  # longer "sentences" (lists, tables) are read in chunks of this size


@dataclass
class Trigger:
    start_tok: int
    end_tok: int  # exclusive
    start: int  # character offsets
    end: int
    form: TriggerForm
    matched: str = ""  # the normalised reading that matched the lexicon


def _starts_with_any(forms: tuple[str, ...], stems: tuple[str, ...]) -> bool:
    """Whether a reading (or the reading without its article) begins with one of ``stems``."""
    for f in forms:
        if f.startswith(stems) or (f.startswith("ال") and len(f) > 3 and f[2:].startswith(stems)):
            return True
    return False


def _context_ok(words: WordTable, tf: TriggerForm, i: int, end: int, lo: int, hi: int, covered: dict[int, int]) -> bool:
    e = tf.entry
    tokens, forms = words.tokens, words.forms
    if e.needs:
        # Words of names do not count: "وقع العراق وشركة توتال إينرجي ... اتفاقا".
        window = [
            k for k in range(end, min(hi, end + 4 * NEEDS_WINDOW)) if tokens[k].kind == "word" and k not in covered
        ][:NEEDS_WINDOW]
        if not any(_starts_with_any(forms[k], e.needs) for k in window) and not (
                e.stance_free and tf.kind in ("masdar", "noun") and stance_head(words, i, lo, covered) is not None):
            return False
    if e.unless:
        window = [k for k in range(end, min(hi, end + 3)) if tokens[k].kind == "word"]
        if any(_starts_with_any(forms[k], e.unless) for k in window):
            return False
    if e.unless_before:
        window = [k for k in range(max(lo, i - 3), i) if tokens[k].kind == "word"]
        if any(_starts_with_any(forms[k], e.unless_before) for k in window):
            return False
    if e.needs_before:
        if not any(_starts_with_any(forms[k], e.needs_before) for k in range(max(lo, i - 4), i)):
            return False
    return True


def find_triggers(doc: Document, words: WordTable, lo: int, hi: int, covered: dict[int, int]) -> list[Trigger]:
    """Trigger words and phrases in tokens ``lo``..``hi``, outside entity names. Only the
    tokens with a reading in the lexicon (`WordTable.trigger_positions`) are looked at."""
    lex = trigger_lexicon()
    blockers = argument_words().noun_blockers
    blocked = blocked_words()
    demonstratives = argument_words().demonstratives
    tokens, forms = doc.tokens, words.forms
    candidates = words.trigger_positions
    out: list[Trigger] = []
    j = words.triggers_from(lo)
    while j < len(candidates) and candidates[j] < hi:
        t = candidates[j]
        tok = tokens[t]
        if tok.kind != "word" or t in covered:
            j += 1
            continue
        found: Trigger | None = None
        if any(f in blocked for f in forms[t][:3]):
            j += 1
            continue
        # A pronoun suffix ي on a trigger ("my ...", "me") is not news prose: وزارتي is not زارت.
        readings = [(tok.start, tok.norm)] + [
            v for v in tok.variants if v[1] != tok.norm and not (tok.norm.endswith("ي") and not tok.norm.endswith(v[1]))
        ]
        for vstart, form in readings:
            for parts, tf in lex.phrases.get(form, []):
                n = len(parts)
                if t + n <= hi and all(parts[k] in forms[t + k] for k in range(1, n)):
                    if _context_ok(words, tf, t, t + n, lo, hi, covered):
                        found = Trigger(t, t + n, vstart, tokens[t + n - 1].end, tf, form)
                        break
            if found:
                break
        if found is None:
            for vstart, form in readings:
                # A preposition (ب ل ك) never attaches to a past verb, and only ل (in order to)
                # to a present one: "بحثا" is ب + بحث "research", not ب + حثّا "they urged".
                proclitic = normalize_form(doc.text[tok.start : vstart]).lstrip("وف")
                for tf in lex.lookup(form):
                    if proclitic and (tf.kind == "past" or (tf.kind in ("present", "future") and proclitic != "ل")):
                        continue
                    if tf.kind in ("masdar", "noun", "verb_or_noun") and t > lo and tokens[t - 1].norm in blockers:
                        continue  # "مذكرة تعاون": a memorandum (of cooperation), not a verb after a noun
                    if (tf.kind in ("masdar", "noun", "verb_or_noun") and t - 1 > lo and doc.text[tok.start : vstart][:1] == "و"
                            and tokens[t - 1].norm.startswith("ال") and tokens[t - 2].norm in blockers):
                        continue  # "وزارات الطاقة والاستثمار": the second noun the blocker governs
                    if tf.kind in ("masdar", "noun", "verb_or_noun") and t > lo and tokens[t - 1].norm in demonstratives:
                        continue  # "مثل هذا العدوان": the event told before, not a new one
                    if _context_ok(words, tf, t, t + 1, lo, hi, covered):
                        found = Trigger(t, t + 1, vstart, tok.end, tf, form)
                        break
                if found:
                    break
        if found:
            out.append(found)
            j = words.triggers_from(found.end_tok)
        else:
            j += 1
    return out


def _shape(doc: Document, trig: Trigger, lo: int) -> str:
    """How the trigger is built (see `ArgumentFinder.find`): verb, noun, definite, complement
    or possessive verbal noun."""
    if trig.form.kind in ("past", "present", "future"):
        return "verb"
    if trig.form.kind == "phrase":
        return "noun"  # "تود العمل مع", "حق النقض": the article belongs to the phrase
    tok = doc.tokens[trig.start_tok]
    m = trig.matched
    if trig.end_tok - trig.start_tok == 1:
        bare = m[2:] if m.startswith("ال") else m
        if not tok.norm.endswith(m) and not tok.norm.endswith(bare):
            return "possessive"  # matched once an attached pronoun was set aside: زيارته, رفضهم
    if m.startswith("ال"):
        return "definite"
    prefix = tok.norm[: len(tok.norm) - len(m)] if tok.norm.endswith(m) else ""
    if "ب" in prefix or "ل" in prefix or (trig.start_tok > lo and doc.tokens[trig.start_tok - 1].norm in _COMPLEMENT_PREPS):
        return "complement"
    if trig.form.kind == "verb_or_noun":
        return "verb"  # طلب بوتين: read as the verb unless the article, a pronoun or a preposition says noun
    return "noun"


# Types whose sum tells two deals apart (two loans, two contracts); a visit or a call near a
# figure is still the one visit.
_PRICED_TYPES = frozenset({"AID", "AGREE", "COOPERATE", "SANCTION"})
_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان"})
_RESPONSE_TYPES = frozenset({"SUPPORT", "REJECT", "AGREE", "CONCEDE"})  # types that can answer an event
_CONTENT_TYPES = frozenset({"REQUEST", "THREATEN", "REJECT", "ACCUSE"})  # their complement is content
_COMPLEMENT_PREPS = frozenset({"علي", "الي"})  # عن, من (about, from) introduce topics


def _requested(tokens: list[Token], after: int, hi: int) -> frozenset[str]:
    """What a request asks for: the verbal noun after its addressee and its object ("دعا ماسك
    لفتح مصنع" -> فتح, مصنع; "يدعو ماسك لإنشاء المصنع" -> إنشاء, مصنع; "لحضور مهرجان" ->
    حضور, مهرجان). Two requests to the same party for different things are two events;
    the same request told twice, in other words, is one."""
    def bare(form: str) -> str:
        for prefix in ("لل", "بال", "ل", "ب"):
            if form.startswith(prefix) and len(form) - len(prefix) >= 3:
                form = form[len(prefix):]
                break
        return form[2:] if form.startswith("ال") and len(form) > 4 else form

    for t in range(after + 1, min(hi, after + 4)):
        tok = tokens[t]
        if tok.kind != "word" or tok.norm in ("الي", "ب", "ل"):
            continue
        nxt = tokens[t + 1] if t + 1 < hi else None
        if nxt is not None and nxt.kind == "word" and len(nxt.norm) >= 3 and nxt.norm not in argument_words().prepositions:
            return frozenset({bare(tok.norm), bare(nxt.norm)})
        return frozenset({bare(tok.norm)})
    return frozenset()


def _answered_type(words: WordTable, end: int, hi: int) -> str | None:
    """The event type of the definite verbal noun a response takes as object: "رحب بالدعوة"
    (welcomed the invitation: REQUEST), "قبل العرض", "رفض الاقتراح"."""
    lex = trigger_lexicon()
    tokens = words.tokens
    # The object follows the subject (VSO: "أشاد الرئيس X، الذي ...، بحزمة العقوبات"), bound
    # by بـ: the first word written with بـ is it.
    obj = None
    in_relative = False  # "الذي تتعرض بلاده ...،": a relative clause about the subject, skipped
    for t in range(end, min(hi, end + ANSWER_WINDOW)):
        tok = tokens[t]
        if tok.norm in _RELATIVES:
            in_relative = True
        elif tok.norm == ",":
            in_relative = False
        elif not in_relative and tok.kind == "word" and on_proclitic(tok, ("ب",)):
            obj = t
            break
    if obj is None:
        return None
    # the noun itself or, after a word of quantity ("بحزمة العقوبات"), its genitive
    for t in range(obj, min(hi, obj + 2)):
        tok = tokens[t]
        if tok.kind != "word":
            return None
        for f in words.forms[t]:
            if f.startswith("ال"):
                for tf in lex.lookup(f) + lex.lookup(f[2:]):
                    if tf.kind in ("masdar", "noun", "verb_or_noun"):
                        return tf.entry.type
    return None


def _asker(events: list[Event], etype: str, answering: set[str]) -> str | None:
    """The source of the latest ``etype`` event addressed to one of ``answering`` ("رحب
    بالدعوة": who invited him), else of the latest one by someone else ("أشاد بحزمة
    العقوبات": who imposed them)."""
    fallback = None
    for e in reversed(events[-ANSWER_EVENTS:]):  # the last few: an answer follows its question
        if e.type == etype and e.source and e.source not in answering:
            if e.target in answering:
                return e.source
            fallback = fallback or e.source
    return fallback


def _after_receive_verb(table: WordTable, i: int, lo: int, covered: dict[int, int]) -> bool:
    """Whether the noun at ``i`` is the object of a verb of receiving, before it or before its
    subject ("تلقى ماسك طلبه", "تسلمت مصر الدفعة")."""
    receive = argument_words().receive_verbs
    words = 0
    for k in range(i - 1, max(lo, i - 7) - 1, -1):
        if k in covered:
            continue
        if table.tokens[k].kind != "word":
            return False
        if not receive.isdisjoint(table.forms[k]):
            return True
        words += 1
        if words > 1:
            return False
    return False


def _unnamed_subject_follows(words: WordTable, end: int, hi: int, covered: dict[int, int]) -> bool:
    """Whether the verb ending at ``end`` has a subject of its own that is no name: a definite
    noun right after it ("ويطالب مشروع القرار", "وقع الوزيران") or a document noun."""
    for t in range(end, min(hi, end + 2)):
        if words.tokens[t].kind != "word" or t in covered:
            return False
        forms = words.forms[t]
        if any(f.startswith("ال") and len(f) > 3 for f in forms[:2]) or any(f in argument_words().document_heads for f in forms):
            return True
        return False
    return False


def _first_person(doc: Document, trig: Trigger, strict: bool = False) -> bool:
    """Whether the trigger verb reads as first person: the past ending تُ (تحدثتُ, written
    like the feminine تحدثت) or the present prefix نـ (ندعم, سنقاتل). ``strict`` asks for a
    reading no third person shares: the prefix نـ, or a pronoun "نحن" / "أنا" just before."""
    if trig.form.kind not in ("past", "present", "future", "phrase"):
        return False
    tokens = doc.tokens
    if any(tokens[k].norm in argument_words().first_person for k in range(max(0, trig.start_tok - 2), trig.start_tok)):
        return True
    word = tokens[trig.start_tok].norm
    word = word[1:] if word[:1] in ("و", "ف") and not trigger_lexicon().lookup(word) else word
    if trig.form.kind == "present" or trig.form.kind == "future":
        return word.lstrip("س")[:1] == "ن"
    return not strict and word.endswith("ت")


def _purpose(doc: Document, trig: Trigger) -> bool:
    """Whether the verbal noun carries لـ of purpose ("لدعم", "لتزويد", "للاستثمار")."""
    tok = doc.tokens[trig.start_tok]
    prefix = tok.norm[: len(tok.norm) - len(trig.matched)] if tok.norm.endswith(trig.matched) else ""
    return prefix.lstrip("وف") in ("ل", "لل")


def _after_purpose_marker(tokens: list[Token], trig: Trigger, lo: int) -> bool:
    """Whether the verbal noun opens a purpose clause ("من أجل بناء محطة", "بهدف نقل"): it says
    what the act told before it is for."""
    for marker in argument_words().purpose_markers:
        n = len(marker)
        k = trig.start_tok - n
        if k >= lo and all(tokens[k + j].norm == marker[j] for j in range(n)):
            return True
    return False


def _stance_speaker(finder: ArgumentFinder, verb: int, head: int, lo: int, hi: int, etype) -> Mention | None:  # type: ignore[no-untyped-def]
    """Who states a stance: the subject of its statement verb ("أكد خالد المرزوقي ... اهتمام"),
    a person or organisation before a place; after a long title ("أعلن الرئيس التنفيذي لجهاز
    ...، أحمد السيد، ... رغبة"), the first bare name between the verb and the stance word."""
    if finder.tokens[verb].norm in stance_words().quote_nouns:
        # "نقلت الدائرة عن أردوغان قوله": the one quoted, named right before "قوله"
        quoted = finder.idx.at(verb - 1) if verb > lo else None
        return quoted if quoted is not None and quoted.type in ("PERSON", "ORG") else None
    subjects = [m for m in finder.find(verb, verb + 1, lo, hi, etype, "verb").sources if m.type != "LOC"]
    subjects = [m for m in subjects if m.last < head]  # "تؤكد أهمية التعاون بين X وY": X is no speaker
    if not subjects:
        subjects = [m for m in finder._actors_between(verb + 1, head)
                    if m.prep == "" and not m.title_of_next and m.type in ("PERSON", "ORG")][:1]
    if not subjects:
        return None
    subject = subjects[0]
    # A subject named before the verb in its sentence stands in the verb's clause, not beyond
    # a complementiser ("أوضح البيان أن الاستثمارات الجديدة تؤكد أهمية ...": the investments
    # state it, and they are nobody).
    comps = argument_words().complementizers
    if lo <= subject.last < verb and any(finder.tokens[k].norm in comps for k in range(subject.last + 1, verb)):
        return None
    if subject.last < lo:
        # named in an earlier sentence: only when a role noun here takes it up ("عبرت الشركة")
        roles = argument_words().any_role
        if all(roles.isdisjoint(finder.forms[k]) for k in range(max(lo, verb - 2), min(hi, verb + 4))):
            return None
    return subject


def _named_after(finder: ArgumentFinder, end: int, hi: int) -> list[Mention]:
    """"منفتحة على التعاون في مجال ... التابع لشركة سبيس إكس": an openness to cooperating with
    no مع names its counterpart as the owner of what the cooperation is about, the first party
    named further on in the clause (not a place, nor a name after في)."""
    comps = argument_words().complementizers
    for t in range(end, hi):
        tok = finder.tokens[t]
        if tok.norm in CLAUSE_STOPS or tok.norm in comps:
            break
        m = finder.idx.at(t)
        if m is not None and m.first == t and not m.title_of_next and m.type in ("ORG", "GPE", "PERSON") \
                and m.prep != "في":
            return [m]
    return []


def _wronged(finder: ArgumentFinder, trig: Trigger, hi: int, source: Mention) -> list[Mention]:
    """The party wronged by what an apology is for: after the trigger's preposition (عن), the
    first actor or country adjective of the phrase, across its relative clause ("عن الهجوم
    الذي طال الأراضي القطرية": Qatar), not the apologiser nor his own country."""
    tokens, idx = finder.tokens, finder.idx
    preps = trig.form.entry.wronged_after
    start = next((t for t in range(trig.end_tok, min(hi, trig.end_tok + 2)) if tokens[t].norm in preps), None)
    if start is None:
        return []
    country = {e.id: e.country for e in finder.doc.entities}
    own = {source.entity_id, country.get(source.entity_id)}
    comps = argument_words().complementizers
    words = 0
    for t in range(start + 1, hi):
        tok = tokens[t]
        if tok.norm in CLAUSE_STOPS or tok.norm in comps or words > WRONGED_WINDOW:
            break
        words += tok.kind == "word"
        m = idx.at(t)
        if m is None:
            m = idx.nisba.get(t)
        if m is not None and not m.title_of_next and m.type in ("GPE", "ORG", "PERSON") \
                and m.entity_id not in own and country.get(m.entity_id) not in own - {None}:
            return [m]
    return []


def _stance_holder(finder: ArgumentFinder, speaker: Mention, head: int, trig_start: int) -> Mention | None:
    """The body a spokesman speaks for when the stance names it by a role noun: "أعلن الرئيس
    التنفيذي لجهاز قطر للاستثمار، أحمد السيد، رغبة الجهاز في الاستثمار": the wish is the
    authority's, the one named in the speaker's title, not the chief executive's own."""
    org_roles = argument_words().roles.get("ORG", frozenset())
    holder = next((k for k in range(head + 1, trig_start)
                   if k not in finder.idx.covered and finder.tokens[k].kind == "word"
                   and any(f in org_roles for f in finder.forms[k])), None)
    if holder is None:
        return None
    for k in range(speaker.first - 1, max(-1, speaker.first - 5), -1):  # past "»،"
        titled = finder.idx.at(k)
        if titled is not None and titled.title_of_next and titled.type == "ORG":
            return titled
    return None


def _stance_targets(doc: Document, finder: ArgumentFinder, speaker: Mention, args) -> list[Mention]:  # type: ignore[no-untyped-def]
    """The counterpart of a stated intention: the parties the verbal noun names, less the
    speaker and his own side ("ضرورة التعاون بين البلدين", said by an American official: Turkey)."""
    country = {e.id: e.country for e in doc.entities}
    own = {speaker.entity_id}
    side = country.get(speaker.entity_id)
    if not side:
        # "وكيلة البنتاغون، كوبر": the office named in the speaker's title gives the side
        titled = finder.idx.at(speaker.first - 1) or finder.idx.at(speaker.first - 2)
        if titled is not None and titled.title_of_next:
            own.add(titled.entity_id)
            side = country.get(titled.entity_id)
    parties = args.targets + (args.sources if args.pair else [])
    return [m for m in parties if m.entity_id not in own and not (side and country.get(m.entity_id) == side)][:1] or \
        [m for m in args.targets if m.entity_id not in own]


def _passive(doc: Document, trig: Trigger) -> bool:
    """A passive past verb, when the text marks it: a damma on the first letter (وُقّعت)."""
    return "\u064f" in doc.text[trig.start : trig.start + 2]


class _Layer:
    """A span layer (amounts, dates) indexed by start offset, keeping the layer's own indexes."""

    def __init__(self, items: list) -> None:
        self.items = items
        self.order = sorted(range(len(items)), key=lambda k: items[k].start)
        self.starts = [items[k].start for k in self.order]

    def within(self, start: int, end: int) -> list[tuple[int, object]]:
        """(layer index, item) of the items inside [start, end)."""
        a, b = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return [(k, self.items[k]) for k in self.order[a:b] if self.items[k].end <= end]


def _nearest(items: list[tuple[int, object]], start: int, end: int, keep) -> int | None:  # type: ignore[no-untyped-def]
    """Index of the item of the sentence nearest the trigger, preferring those after it
    (Arabic puts the sum and the date after the verb: وقع ... اتفاقا قيمته 27 مليار دولار)."""
    best, best_d = None, None
    for k, it in items:
        if not keep(it):
            continue
        d = it.start - end if it.start >= end else (start - it.end) * 2 + 1
        if best_d is None or d < best_d:
            best, best_d = k, d
    return best


_CUE_ENDINGS = ("ه", "ات", "ين", "ون", "يه", "ي", "يا", "ا", "يين", "يون", "يات")  # gender, number, relation


def _cue_regex(stems: list[str]) -> str:
    """Any of ``stems`` as a whole word, after an optional ال, with an ending of gender, number
    or relation (عسكري, عسكرية, الاستثمارات) but not a longer word that starts alike (صحي- is
    not صحيفة)."""
    alts = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    return r"(?:^| )(?:ال)?(?:" + alts + r")(?:" + "|".join(_CUE_ENDINGS) + r")?(?= |$)"


@lru_cache(maxsize=1)
def _context_patterns() -> dict[str, re.Pattern[str]]:
    """One regex per PLOVER context: any cue at the start of a word (after an optional ال)."""
    return {ctx: re.compile(_cue_regex(list(stems))) for ctx, stems in ontology().context_cues.items()}


@lru_cache(maxsize=1)
def _context_starts() -> re.Pattern[str]:
    """Where a cue of some context begins: the union of `_context_patterns` as a lookahead, so
    that one pass over a sentence finds every such position, overlapping cues included."""
    stems = sorted({s for stems in ontology().context_cues.values() for s in stems})
    return re.compile("(?=" + _cue_regex(stems) + ")")


@lru_cache(maxsize=1)
def _context_words() -> tuple[dict[str, int], frozenset[str], frozenset[str]]:
    """The words a one-word cue matches (a stem with or without ال and with or without an
    ending: a few thousand spellings), each with the bits of its contexts (in the order of
    `_context_patterns`), the same words as a set, and the words that may begin a cue of several
    words (ذكاء اصطناعي)."""
    words: dict[str, int] = {}
    openers: set[str] = set()
    for bit, stems in enumerate(ontology().context_cues.values()):
        for stem in stems:
            if " " in stem:
                openers.update((stem.split(" ")[0], "ال" + stem.split(" ")[0]))
                continue
            for art in ("", "ال"):
                for end in ("", *_CUE_ENDINGS):
                    words[art + stem + end] = words.get(art + stem + end, 0) | 1 << bit
    return words, frozenset(words), frozenset(openers)


def _contexts(words: WordTable, lo: int, hi: int) -> list[str]:
    """The PLOVER contexts whose cue words occur in the sentence (عسكري -> military ...). A
    one-word cue is one of a finite set of spellings (`_context_words`): one set intersection
    with the sentence's readings finds them. Only a sentence with the first word of a longer
    cue is searched with the regexes, whose cues may span readings."""
    cue_words, cue_set, openers = _context_words()
    text = " ".join(chain.from_iterable(words.forms[lo:hi]))
    readings = set(text.split(" "))
    if not openers.isdisjoint(readings):
        starts = [m.start() for m in _context_starts().finditer(text)]
        if not starts:
            return []
        return [ctx for ctx, pat in _context_patterns().items() if any(pat.match(text, p) for p in starts)]
    bits = 0
    for w in readings.intersection(cue_set):  # a set operation over the smaller of the two
        bits |= cue_words[w]
    return [ctx for k, ctx in enumerate(_context_patterns()) if bits >> k & 1] if bits else []


def _attribution(finder: ArgumentFinder, k: int, hi: int) -> str | None:
    """The named source after an attribution cue ("ذكرت صحيفة وول ستريت جورنال أن ...",
    "وفقا لوكالة رويترز"): an organisation or person before the reported clause begins."""
    comps = argument_words().complementizers
    end = min(hi, k + 1 + 2 * ATTRIBUTION_WINDOW)
    for t in range(k + 1, end):
        if finder.tokens[t].norm in comps:
            end = t
            break
    for m in finder._actors_between(k + 1, end):
        if m.type in ("ORG", "PERSON"):
            return m.entity_id
    return None


def events_stage(doc: Document) -> Document:
    """Pipeline stage: reads tokens, sentences, entities, amounts, dates; adds ``events``."""
    doc.events = []
    if not doc.tokens or not doc.sentences:
        return doc
    words = WordTable(doc.tokens)
    idx = build_mention_index(doc, words)
    finder = ArgumentFinder(doc, idx, words)
    onto = ontology()
    tokens = doc.tokens
    starts = [t.start for t in tokens]
    money, dates = _Layer(doc.amounts), _Layer(doc.dates)
    seen: dict[tuple, str] = {}
    requests_seen: dict[tuple, list[frozenset[str]]] = {}
    n = 0
    told_sources: list[Mention] = []  # the last subject told, for a sentence that drops its own
    for sent in doc.sentences:
        s_lo = bisect.bisect_left(starts, sent.start)
        s_hi = bisect.bisect_left(starts, sent.end)
        for lo in range(s_lo, s_hi, MAX_SENTENCE_TOKENS):
            hi = min(s_hi, lo + MAX_SENTENCE_TOKENS)
            triggers = find_triggers(doc, words, lo, hi, idx.covered)
            if not triggers:
                continue
            rep_k = reported_cue(words, lo, hi)
            denials = denial_cues(words, lo, hi)
            contexts: list[str] | None = None
            evidence = None
            prev: tuple[Trigger, list[Mention]] | None = None
            deferred: Trigger | None = None  # an approval yielding to the trigger after it
            last_sources = []
            s_money = money.within(sent.start, sent.end)
            s_dates = dates.within(sent.start, sent.end)
            for n_trig, trig in enumerate(triggers):
                etype = onto.types[trig.form.entry.type]
                nxt_trig = triggers[n_trig + 1] if n_trig + 1 < len(triggers) else None
                if trig.form.entry.defer and nxt_trig is not None and (
                        nxt_trig.start_tok - trig.end_tok <= 3
                        or nxt_trig.start_tok - trig.end_tok <= DEFER_WINDOW and tokens[nxt_trig.start_tok - 1].norm == "علي"):
                    # "وافق على إقراض مصر": the approval is the loan; one event, the loan's.
                    deferred = trig
                    continue
                if prev is not None and prev[0].form.entry.type == etype.name and trig.start_tok - prev[0].end_tok <= 4 \
                        and trig.form.kind in ("masdar", "noun", "phrase"):
                    # "فرض ... حزمة من العقوبات ضد موسكو": the noun is the verb's object, one event;
                    # its target completes the verb's event when that one had none.
                    continue
                if prev is not None and prev[0].form.entry.needs and prev[0].form.entry.type != etype.name \
                        and trig.form.kind in ("masdar", "noun", "verb_or_noun") \
                        and trig.start_tok - prev[0].end_tok <= NEEDS_WINDOW \
                        and _starts_with_any(words.forms[trig.start_tok], prev[0].form.entry.needs):
                    # "لا تقدم أي دعم", "تلقى دعما": the noun the verb needs is its object (what
                    # is given or received), the verb's event; PLOVER files material support as AID.
                    continue
                shape = _shape(doc, trig, lo)
                if shape == "complement" and prev is not None and prev[0].form.entry.type in _CONTENT_TYPES \
                        and sum(1 for k in range(prev[0].end_tok, trig.start_tok)
                                if k not in idx.covered and tokens[k].kind == "word") <= COMPLEMENT_WINDOW:
                    # "دعا أردوغان ماسك إلى بناء مصنع": the building is what is asked for, not done.
                    continue
                if trig.form.entry.speaker_source:
                    args = finder.speaker_arguments(trig.start_tok, lo, hi)
                else:
                    args = finder.find(trig.start_tok, trig.end_tok, lo, hi, etype, shape, last_sources,
                                       trig.form.entry.extra_preps)
                    if shape != "verb" and not trig.form.entry.reverse and _after_receive_verb(words, trig.start_tok, lo, idx.covered):
                        # "تلقى ماسك طلبه من الكرملين": the request goes from the Kremlin to Musk.
                        args.sources, args.targets = args.targets, args.sources
                    if trig.form.entry.reverse:
                        # "تسلمت مصر قرضا من الصندوق": the subject receives; the giver is the source.
                        args.sources, args.targets = args.targets, args.sources
                    if trig.form.entry.patient_genitive and shape == "noun" and args.sources \
                            and args.sources[0].first >= trig.end_tok and args.sources[0].prep == "":
                        # "في أعقاب اغتيال زعيم حماس في طهران": the name after the verbal noun of
                        # a verb with a direct object is who suffered it unless a victim follows it
                        # (after لـ or bare: "اغتيال إسرائيل لهنية", "غزو روسيا أوكرانيا"); with no
                        # agent named the sentence recalls a past event, it reports none.
                        if not any(m.prep in ("ل", "") for m in args.targets):
                            continue
                stance = None
                if trig.form.kind in ("masdar", "noun", "verb_or_noun", "phrase") and not trig.form.entry.speaker_source:
                    stance = stance_head(words, trig.start_tok, lo, idx.covered)
                if stance is not None:
                    # "أكدت كوبر ضرورة التعاون بين البلدين": the intention is the speaker's.
                    verb = statement_verb(words, stance, lo, idx.covered)
                    if verb is None:
                        stance = None
                    else:
                        speaker = _stance_speaker(finder, verb, stance, lo, hi, etype)
                        if speaker is None:
                            continue  # "تؤكد الاستثمارات أهمية التعاون": stated by nobody named
                        if not args.targets and not args.pair and trig.form.entry.stance_free:
                            args.targets = _named_after(finder, trig.end_tok, hi)
                        args.targets = _stance_targets(doc, finder, speaker, args)
                        holder = _stance_holder(finder, speaker, stance, trig.start_tok)
                        args.sources, args.pair = [holder or speaker], False
                if not args.targets and not args.pair and shape == "verb" and not trig.form.entry.speaker_source:
                    # "في حين أيدته فنزويلا", "يدعم كييف وزودها بمحطات": the object is a pronoun
                    # on the verb; it stands for an actor named before that is not the subject.
                    pron = object_pronoun(tokens[trig.start_tok].norm, trig.matched)
                    if pron is not None:
                        args.targets = finder.pronoun_antecedent(trig.start_tok, pron, {m.entity_id for m in args.sources})
                if not args.targets and not args.pair and args.sources and not trig.form.entry.speaker_source:
                    # "وقطع العلاقات الدبلوماسية معها": the counterpart is a pronoun after the
                    # type's preposition; it stands for an actor named before.
                    for k in range(trig.end_tok, min(hi, trig.end_tok + PRONOUN_TARGET_WINDOW)):
                        if tokens[k].kind != "word" or k in idx.covered:
                            break
                        pp = preposition_pronoun(tokens[k].norm)
                        if pp is not None and pp[0] in etype.target_preps:
                            args.targets = finder.pronoun_antecedent(trig.start_tok, pp[1], {m.entity_id for m in args.sources})
                            break
                if not args.targets and args.sources and trig.form.entry.wronged_after:
                    args.targets = _wronged(finder, trig, hi, args.sources[0])
                if not args.targets and args.sources and etype.name in _RESPONSE_TYPES:
                    # "رحب بالدعوة", "رفض العرض": an answer to an event told before; its
                    # counterpart is who made that invitation or offer to the one answering.
                    answered = _answered_type(words, trig.end_tok, hi)
                    asker = _asker(doc.events, answered, {m.entity_id for m in args.sources}) if answered else None
                    if asker is not None:
                        args.targets = [Mention(asker, "", trig.start_tok, trig.start_tok, "", False)]
                if etype.name == "REQUEST" and deferred is not None and trig.start_tok - deferred.end_tok <= 3 \
                        and shape != "verb":
                    # "قبل أن يوافق [الصندوق] على طلب مصر": the name after the request is who
                    # asked; the one approving it was asked.
                    asker = idx.at(trig.end_tok) if trig.end_tok < hi else None
                    if asker is not None and asker.first == trig.end_tok and asker.prep == "" and asker.type != "LOC":
                        approver = finder.find(deferred.start_tok, deferred.end_tok, lo, hi,
                                               onto.types[deferred.form.entry.type], "verb", last_sources).sources
                        if not approver and last_sources:
                            approver = last_sources
                        args.sources = [asker]
                        args.targets = [m for m in approver if m.entity_id != asker.entity_id][:1]
                if not args.sources and told_sources and trig.form.kind in ("past", "present", "future", "phrase") \
                        and shape in ("verb", "noun") and not _passive(doc, trig) \
                        and not finder._actors_between(lo, trig.start_tok) \
                        and not _unnamed_subject_follows(words, trig.end_tok, hi, idx.covered):
                    # "كان الملياردير يدعم كييف ... . وبحلول أكتوبر، بدأ يسعى للحصول على تمويل من
                    # البنتاغون": Arabic drops a subject that stays the same; with nobody named
                    # before the verb in its sentence, it is the one told last.
                    args.sources = told_sources[:1]
                if not trig.form.entry.speaker_source and not args.pair and (
                        not args.sources or _first_person(doc, trig, strict=True)):
                    # "وقال ماسك: “لقد تحدثت مع بوتين”": the quoted "I" is the speaker; after
                    # "نحن ندعم قطر" (we support Qatar) the name after the verb is its object.
                    speaker = finder.quote_speaker(trig.start_tok, lo, _first_person(doc, trig))
                    if speaker is not None and all(m.entity_id != speaker.entity_id for m in args.targets):
                        if args.sources and not args.targets:
                            args.targets = args.sources  # found after the verb: its object
                        args.sources = [speaker]
                if shape == "verb" and _passive(doc, trig) and not args.pair:
                    # "وُقّعت الاتفاقيات": a passive verb has no agent among its neighbours.
                    args.sources = []
                if not args.sources and prev is not None and prev[1] and prev[0].form.entry.type == etype.name:
                    args.sources = prev[1]  # "وإجراءات عقابية ضد مجموعة فاجنر": same imposer
                if etype.symmetric and args.sources and args.targets and stance is None:
                    finder.last_symmetric_pair = (args.sources[0], args.targets[0])
                prev = (trig, args.sources)
                if args.sources:
                    last_sources = args.sources
                    told_sources = args.sources
                if not args.sources and not args.targets:
                    continue
                pairs: list[tuple[Mention | None, Mention | None]]
                if args.pair and len(args.sources) > 1 and len(args.sources) == len(args.targets):
                    pairs = list(zip(args.sources, args.targets))  # two pairs of counterparts
                else:
                    pairs = [(s, t) for s in (args.sources or [None]) for t in (args.targets or [None])]
                pairs = pairs[:MAX_PAIRS]
                i = trig.start_tok
                modality = "asserted"
                if denials and denials[0] < i and trig.form.entry.type != "REJECT":
                    modality = "denied"
                elif rep_k is not None:
                    modality = "reported"
                elif stance is not None or is_planned(words, i, lo, trig.form.kind):
                    modality = "planned"
                attributed = _attribution(finder, rep_k, hi) if modality == "reported" and rep_k is not None else None
                out_type, out_mode = etype.name, trig.form.entry.mode
                if out_type == "ASSAULT" and (modality == "planned" or trig.form.kind == "future"):
                    # PLOVER: a future attack announced is a threat (ستقاتله, سنضرب).
                    out_type, out_mode = "THREATEN", "violence"
                    if modality == "planned":
                        modality = "asserted"  # the attack is to come; the threat is made now
                negated = is_negated(tokens, i, lo)
                if negated and (not args.sources or not args.targets):
                    continue  # "لم يغزو فيه دولة أخرى": what did not happen, to nobody named, is no record
                if contexts is None:
                    contexts = _contexts(words, lo, hi)
                amount = _nearest(s_money, trig.start, trig.end, lambda a: a.kind == "money")
                date = _nearest(s_dates, trig.start, trig.end, lambda d: bool(d.value))
                if evidence is None:
                    # The sentence; a very long "sentence" (a list, a table) gives its chunk.
                    e_start = sent.start if lo == s_lo else tokens[lo].start
                    e_end = sent.end if hi == s_hi else tokens[hi - 1].end
                    evidence = doc.span(e_start, e_end)
                for src, tgt in pairs:
                    sid = src.entity_id if src else None
                    tid = tgt.entity_id if tgt else None
                    if sid is not None and sid == tid:
                        continue
                    if tid is None and trig.form.entry.needs_target:
                        continue  # "جمعت الحكومة التبرعات": collecting, no meeting with anyone
                    if (sid is None or tid is None) and (
                            shape == "complement" and _purpose(doc, trig)
                            or trig.form.kind in ("masdar", "noun", "verb_or_noun") and _after_purpose_marker(tokens, trig, lo)):
                        # "أعلنت الإمارات تأسيس صندوق ... لدعم الاستثمارات": the purpose of an act
                        # told in the clause, with nobody on its other side, is no event of its own.
                        continue
                    if sid is None and shape == "definite":
                        # "الاجتماع", "الاستثمارات في تركيا": a definite noun without its agent
                        # recalls an event told elsewhere (or a topic); it is no record of its own.
                        continue
                    key = (out_type, *sorted((sid or "", tid or ""))) if etype.symmetric else (out_type, sid, tid)
                    # A story repeats its main event (headline, lead, quote): one record per
                    # actors and modality, unless the text tells it again with its own sum.
                    dkey = (key, modality, amount if sid and tid and out_type in _PRICED_TYPES else None)
                    if out_type == "REQUEST" and tgt is not None:
                        # one record per thing asked for: a request told again in other words
                        # shares its verbal noun or its object with the first telling
                        asked = _requested(tokens, tgt.last, hi)
                        told = requests_seen.setdefault(dkey, [])
                        if any(asked & t or not asked and not t for t in told):
                            continue
                        told.append(asked)
                    elif dkey in seen:
                        continue
                    seen[dkey] = modality
                    n += 1
                    doc.events.append(
                        Event(
                            id=f"ev{n}",
                            type=out_type,
                            trigger=doc.span(trig.start, trig.end),
                            evidence=evidence,
                            modality=modality,
                            mode=out_mode,
                            contexts=list(contexts),
                            source=sid,
                            target=tid,
                            location=args.location.entity_id if args.location is not None else None,
                            date=date,
                            amount=amount,
                            attributed_to=attributed,
                            negated=negated,
                        )
                    )
    doc.events = _drop_restated(_drop_partial_duplicates(doc.events, _state_keys(doc)))
    return doc


def _drop_restated(events: list[Event]) -> list[Event]:
    """A headline or lead often states as fact what the body attributes to a source ("بوتين
    طلب من ماسك ..." over "ذكرت الصحيفة أن بوتين طلب ..."): it is the same event, and the
    article's own account is the reported one. Drop an asserted event when the document
    reports an event of the same type between the same two actors further on; told after the
    report, it is a telling of its own (the actor confirming it: "لقد تحدثت مع بوتين")."""
    last_reported: dict[tuple, int] = {}
    for e in events:
        if e.modality == "reported" and e.source and e.target:
            last_reported[(e.type, e.source, e.target)] = e.trigger.start
    return [
        e for e in events
        if e.modality != "asserted" or e.trigger.start > last_reported.get((e.type, e.source, e.target), -1)
    ]


def _state_keys(doc: Document) -> dict[str, str]:
    """One key per state: a country and the places of it (Moscow, Russia) stand for one actor
    when a story tells an event again ("قدمت موسكو القرض" ... "ستقوم روسيا بتقديم القرض")."""
    return {e.id: "GPE:" + e.country for e in doc.entities if e.type == "GPE" and e.country}


def _drop_partial_duplicates(events: list[Event], state_keys: dict[str, str] | None = None) -> list[Event]:
    """Drop an event missing an actor when the document has the same event with that actor
    ("باستخدام الفيتو" after "أجهضته روسيا ...": REJECT(Russia -> ?) beside REJECT(Russia -> France)).
    ``state_keys`` makes a capital and its country one actor here."""
    keys = state_keys or {}
    k = lambda eid: keys.get(eid, eid) if eid else eid  # noqa: E731
    full = {(e.type, k(e.source)) for e in events if e.source and e.target}
    full_t = {(e.type, k(e.target)) for e in events if e.source and e.target}
    return [
        e for e in events
        if (e.source and e.target)
        or (e.source and (e.type, k(e.source)) not in full)
        or (e.target and not e.source and (e.type, k(e.target)) not in full_t)
    ]
