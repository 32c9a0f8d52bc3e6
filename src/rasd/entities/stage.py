"""The entities pipeline stage: knowledge base + context patterns + CRF, then resolution and linking.

Per sentence, four recognisers propose name spans: knowledge-base aliases (precise, linked),
head-noun patterns for bodies, facilities, regions and named things (وزارة الطاقة, مطار بغداد,
جنوب العراق, المنتدى السعودي السوري), a title rule for officials (وزير الاقتصاد السوري نضال الشعار)
and the CRF tagger for names never seen. Knowledge-base, pattern and rule spans are placed first
(longest first); CRF spans fill the gaps, except that a CRF span ending with a knowledge-base person
(رجب طيب أردوغان around أردوغان) keeps the longer text and the link. Then, over the whole article:
names found once are looked for everywhere (a surname after a full name), a Latin spelling in
brackets joins the mention before it, and a title with a nisba (الرئيس التركي) joins the person it
names. Mentions start after any proclitic (و ف ب ل ك) and keep the article ال, as gold aliases do.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Sequence

from rasd.document import Document, Entity, Token
from rasd.normalize import normalize, normalize_form

from rasd.entities.kb import KnowledgeBase, alias_key, load_kb
from rasd.entities.link import transliterate
from rasd.entities.patterns import (
    QUOTES, STOP_WORDS, FormIndex, brand_tail, head_union, is_nisba_like, load_name_edges, pattern_spans, unknown_after_head_spans, unknown_before_complement_spans, unknown_word,
)
from rasd.entities.resolve import Ambiguity, Cluster, Mention, _bare, load_ambiguity, resolve
from rasd.entities.tagger import TYPE_OF_LABEL, TaggedSpan, Triggers, load_given_names, load_triggers, tag_document

# CRF spans below this marginal probability are left out (precision over recall).
MIN_CRF_CONFIDENCE = 0.5
# ANERcorp's MISC class mixes currencies, nationalities and events: only confident ones are kept.
MIN_CRF_MISC_CONFIDENCE = 0.9
# A surname is looked for elsewhere only when the full name was found with this confidence.
MIN_PROPAGATED_CONFIDENCE = 0.85
MAX_MENTION_TOKENS = 8
# Gazetteer towns at least this large are taken on sight; smaller ones need confirming context.
WELL_KNOWN_POPULATION = 500_000
_ORIGIN_RANK = {"kb": 0, "pattern": 1, "rule": 2, "crf": 3, "nested": 4}


_LAM_ARTICLE = ("لل", "ولل", "فلل")


def proclitic_readings(tok: Token) -> tuple[tuple[int, str], ...]:
    """The token's readings with proclitics set aside (not the pronoun-suffix ones)."""
    norm = tok.norm
    variants = tok.variants
    if len(variants) == 1 and variants[0][1] == norm:
        return variants  # most words: the word itself is the only reading
    out = []
    for v in variants:
        form = v[1]
        if norm.endswith(form) or (form[:2] == "ال" and norm.endswith(form[2:]) and norm.startswith(_LAM_ARTICLE)):
            out.append(v)
    return tuple(out) or ((tok.start, norm),)


# One token as `KnowledgeBase.match` reads it: its norm, its proclitic readings, whether in capitals.
MatchRow = tuple[str, tuple[tuple[int, str], ...], bool]


@lru_cache(maxsize=1)
def _glued_directions() -> tuple[frozenset[str], tuple[str, ...]]:
    """The one-word directions (جنوب, شرق) and their first three letters, for `_match_rows`."""
    words = tuple(sorted((d for d in load_triggers().directions if " " not in d), key=len, reverse=True))
    return frozenset(d[:3] for d in words), words


def _glued_place_reading(tok: Token) -> tuple[int, str] | None:
    """The place in a direction written without its space: "جنوبالقاهرة" is "جنوب القاهرة", a
    slip of web copy; the place (القاهرة) is read from where the article starts."""
    norm = tok.norm
    for d in _glued_directions()[1]:
        if norm.startswith(d + "ال") and len(norm) > len(d) + 3 and tok.text.startswith(d):
            return (tok.start + len(d), norm[len(d):])
    return None


def _match_rows(toks: Sequence[Token]) -> list[MatchRow]:
    """The tokens as `KnowledgeBase.match` reads them (computed once per article by `_find`)."""
    rows = [(t.norm, proclitic_readings(t), t.text.isupper() and len(t.text) > 1) for t in toks]
    prefixes = _glued_directions()[0]
    for i, t in enumerate(toks):
        if t.norm[:3] in prefixes:
            glued = _glued_place_reading(t)
            if glued is not None:
                rows[i] = (rows[i][0], rows[i][1] + (glued,), rows[i][2])
    return rows


def _sentence_token_ranges(doc: Document) -> list[tuple[int, int]]:
    starts = [t.start for t in doc.tokens]
    ranges = []
    for s in doc.sentences or [doc.span(0, len(doc.text))]:
        a = bisect_left(starts, s.start)
        b = bisect_left(starts, s.end)
        if b > a:
            ranges.append((a, b))
    return ranges


def _mention_start(tok: Token, start: int) -> int:
    return max(tok.start, min(start, tok.end))


def _candidates(
    doc: Document, toks: Sequence[Token], kb: KnowledgeBase, triggers: Triggers, media_named: frozenset[str] = frozenset(),
    crf_spans: Sequence[TaggedSpan] = (),
    doc_words: frozenset[str] = frozenset(), recurring: frozenset[str] = frozenset(),
    fused_names: frozenset[str] = frozenset(), rows: Sequence[MatchRow] | None = None,
    country_bodies: dict[str, tuple[int, ...]] | None = None,
) -> list[tuple[int, int, Mention]]:
    """All proposed spans of one sentence as ``(first, last, mention)`` (token indices local).

    ``media_named`` lists the media aliases (الجزيرة) whose outlet the article names in full
    elsewhere (قناة الجزيرة), so that the bare word is the outlet there too; ``crf_spans`` are the
    tagger's names in this sentence (`tag_document`, which reads the whole article); ``recurring``
    holds the bare words the article uses more than once (a surname the tagger left out);
    ``fused_names`` the words whose ف is part of a name, not "so" (`_fa_fused_name`); ``rows`` the
    sentence's slice of the article's `_match_rows` (computed here when not given);
    ``country_bodies`` the bare bodies of the countries the article names (`_named_country_bodies`)."""
    out: list[tuple[int, int, Mention]] = []
    ambiguity = load_ambiguity()
    given, _ = load_given_names()
    readings = _match_rows(toks) if rows is None else rows
    crf_tokens = {k for sp in crf_spans if sp.label == "LOC" for k in range(sp.first, sp.last + 1)}
    kb_firsts = set()
    adjectives: set[int] = set()  # country names read as adjectives: not names for the tagger either
    org_lasts = set()  # where a knowledge-base organisation ends: an adjective may follow
    directional: list[int] = []  # indices in `out` of direction + country regions (جنوب العراق)
    for m in kb.match(readings):
        start, end = _mention_start(toks[m.first], m.start), toks[m.last].end
        rec = kb.records[m.records[0]]
        if m.first == m.last and all(
            kb.records[r].kind in ("city", "region") and kb.records[r].population < WELL_KNOWN_POPULATION for r in m.records
        ):
            # One-word gazetteer towns (صالح, أرحب) are often also names or words: keep them only
            # when the tagger agrees or a place cue (في "in", مدينة "city of") precedes them.
            cue = m.first > 0 and (toks[m.first - 1].norm in triggers.place_cues or toks[m.first - 1].stem in triggers.place_cues)
            # بـ "in" before a town is a place cue; لـ is not (لصالح "in favour of").
            clitic = start > toks[m.first].start and toks[m.first].text[0] == "ب"
            if not (m.first in crf_tokens or cue or clitic) or _elative_after_noun(toks, m.first, kb, triggers):
                continue
        if m.first == m.last and m.key in kb.nisba and m.first > 0 and start == toks[m.first].start:
            p_i = m.first - 1
            if toks[p_i].text in QUOTES and p_i > 0:
                p_i -= 1  # شركة "أكوا باور" السعودية
            prev = toks[p_i]
            if prev.kind == "word" and (
                (prev.stem.startswith("ال") and prev.norm not in triggers.function_words)
                or not _may_start_clause(prev, triggers) or p_i in org_lasts
            ):
                # السعودية is "Saudi Arabia" and also the adjective "Saudi (fem.)": after a definite
                # noun or a name (الشركة السعودية, أكوا باور السعودية) it is the adjective.
                adjectives.add(m.first)
                continue
        if m.first == m.last and m.key in ambiguity.media_aliases and m.key not in media_named and not _media_cue(toks, m.first, start, ambiguity):
            continue  # الجزيرة "the island", not the channel
        brand_last = brand_tail(toks, m.last) if rec.type == "GPE" else m.last
        if brand_last > m.last:
            # "قطر إنرجي", "نيويورك تايمز": a place followed by a transliterated brand word names
            # a company or a paper, not the place.
            b_end = toks[brand_last].end
            out.append((m.first, brand_last, Mention(start, b_end, doc.text[start:b_end], "ORG", "pattern")))
            continue
        kb_firsts.add(m.first)
        if rec.type == "ORG":
            org_lasts.add(m.last)
        facility = _head_start(toks[m.first - 1], triggers.facility_heads) if m.first > 0 and rec.type == "GPE" else None
        if facility is not None:
            # مطار إسطنبول "Istanbul airport" is a place of its own, not the city; شركة ميناء
            # أبوظبي "Abu Dhabi Ports company" is a company.
            first = m.first - 1
            typ = "LOC"
            if first > 0 and toks[first - 1].norm in triggers.company_heads:
                first -= 1
                facility, typ = toks[first].start, "ORG"
            out.append((first, m.last, Mention(facility, end, doc.text[facility:end], typ, "pattern", country=rec.country)))
            continue
        d_start = _head_start(toks[m.first - 1], triggers.directions) if m.first > 0 and rec.kind == "country" else None
        if d_start is not None:
            # جنوب العراق "southern Iraq" is a region (LOC); the country inside it is still named.
            if d_start == toks[m.first - 1].start or toks[m.first - 1].text[0] == "ب":
                directional.append(len(out))  # no و before it: it may describe the place before
            out.append((m.first - 1, m.last, Mention(d_start, end, doc.text[d_start:end], "LOC", "pattern", country=rec.country)))
            out.append((m.first, m.last, Mention(start, end, doc.text[start:end], rec.type, "nested", m.records)))
            continue
        venue = (m.first > 0 and toks[m.first - 1].norm in ambiguity.place_prepositions) or (
            start > toks[m.first].start and toks[m.first].text[0] == "ب"
        )
        out.append((m.first, m.last, Mention(start, end, doc.text[start:end], rec.type, "kb", m.records, after_place_preposition=venue)))
    if country_bodies:
        kb_taken = {k for f, l, m in out for k in range(f, l + 1)}
        for f, l, start, recs in _country_body_matches(toks, readings, country_bodies, kb):
            if kb_taken.isdisjoint(range(f, l + 1)):
                end = toks[l].end
                out.append((f, l, Mention(start, end, doc.text[start:end], "ORG", "kb", recs)))
                kb_firsts.add(f)
                org_lasts.add(l)
    kb_orgs = {(f, l) for f, l, m in out if m.origin == "kb" and m.type == "ORG"}
    crf_names = {sp.first for sp in crf_spans if sp.first == sp.last and sp.label in ("ORG", "PERS", "LOC")}
    forms = FormIndex(toks)
    for p in pattern_spans(toks, kb, triggers, forms):
        if p.first in kb_firsts and p.rule not in ("title", "dated_outlet"):
            continue  # the knowledge base knows where this name ends (محكمة العدل الدولية)
        if (
            p.rule == "head" and p.last > p.first + 1 and (p.first + 1) in crf_names
            and not toks[p.first + 1].norm.startswith("ال") and toks[p.first + 2].norm.startswith("ال")
            and not is_nisba_like(toks[p.first + 2], kb) and toks[p.first + 2].norm not in triggers.company_suffixes
        ):
            # "حركة حماس المفاوض": the head's complement is a name of its own (the tagger's), so
            # it is not a noun in construct and the definite word after it is no part of the name.
            p = replace(p, last=p.first + 1, end=toks[p.first + 1].end)
        if (p.first + 1, p.last) in kb_orgs:
            continue  # مكتب الكرملين "the Kremlin's office" is the Kremlin speaking
        if p.rule in ("head", "unknown_after_head") and p.type == "ORG" and p.last > p.first and _is_company_name(toks, p.first, kb, triggers):
            bare = _bare_company_name(doc, toks, p.first + 1, p.last)
        elif p.rule == "facility" and p.last > p.first + 1 and not toks[p.first + 1].norm.startswith("ال"):
            # قاعدة عين الأسد "Ain al-Asad base": a proper name in construct after the facility
            # noun; the article may name the place by it alone ("من عين الأسد").
            bare = doc.text[toks[p.first + 1].start : p.end]
        elif p.rule == "outlet" and p.last > p.first + 1:
            bare = doc.text[toks[p.first + 1].start : p.end]  # "قناة القاهرة 24" is "القاهرة 24"
        elif p.rule == "zone_quoted":
            # منطقة "نوفا بارك" الحرة is named by its quoted name, which the article may use alone.
            q = [k for k in range(p.first, p.last + 1) if toks[k].text in QUOTES]
            bare = doc.text[toks[q[0] + 1].start : toks[q[1] - 1].end]
        elif p.rule in ("quoted", "listed") and p.type == "ORG":
            # شركة "سبيس إكس": the quoted name is the company's, wherever it comes alone.
            bare = doc.text[p.start : p.end]
        else:
            bare = ""
        out.append((p.first, p.last, Mention(p.start, p.end, doc.text[p.start : p.end], p.type, "pattern", country=p.country, sector=p.sector, name=bare)))
    out.extend(_titled_persons(doc, toks, kb, triggers, recurring, forms))
    for p in unknown_after_head_spans(toks, kb, triggers, forms):
        # Ranked with the tagger's spans (longest first): شركة سبيس إكس keeps its second word.
        bare = doc.text[toks[p.first + 1].start : p.end]
        out.append((p.first, p.last, Mention(p.start, p.end, doc.text[p.start : p.end], "ORG", "crf", sector=p.sector, name=bare)))
    for p in unknown_before_complement_spans(toks, kb, triggers):
        last = _extend_company(toks, p.last, kb, triggers)
        out.append((p.first, last, Mention(p.start, toks[last].end, doc.text[p.start : toks[last].end], "ORG", "pattern",
                                           name=doc.text[p.start : p.end])))
    edges = load_name_edges()
    company_or_detached = head_union(triggers.company_heads, edges.detached_heads)
    crf_org_firsts = {sp.first: sp.last for sp in crf_spans if sp.label == "ORG" and sp.confidence >= MIN_CRF_CONFIDENCE}
    for span in crf_spans:
        if span.confidence < MIN_CRF_CONFIDENCE or span.last - span.first >= MAX_MENTION_TOKENS:
            continue
        first, last = span.first, span.last
        # Trim punctuation and stop words at the edges of a CRF span.
        while first <= last and (toks[first].kind != "word" or toks[first].stem in triggers.person_titles):
            first += 1
        while last >= first and (toks[last].kind == "punct" or toks[last].stem in STOP_WORDS):
            last -= 1
        if TYPE_OF_LABEL.get(span.label) == "PERSON":
            # "الرئيس الغاني كوامي …": a definite adjective of nationality (الغاني "the Ghanaian",
            # ending in the nisba suffix ي) after a title qualifies the title, it is not a name.
            while first < last and _is_title_adjective(toks, first, kb, triggers):
                first += 1
        if TYPE_OF_LABEL.get(span.label) == "PERSON" and (
            toks[first].stem in edges.disease_heads or (first > 0 and toks[first - 1].stem in edges.disease_heads)
        ):
            continue  # "فيروس كورونا": an illness, not a person
        if TYPE_OF_LABEL.get(span.label) == "PERSON":
            first, last = _trim_person_edges(toks, first, last, triggers, given)
            first, last, qualified = _trim_common_adjectives(toks, first, last, triggers)
            if qualified and first == last and toks[first].stem not in given:
                continue  # "بأثر فوري" "with immediate effect": a noun and its adjective
        if first > last or (first == last and (first in adjectives or _is_common_adjective(toks[first], triggers))):
            continue
        if first == last and (toks[first].stem in triggers.not_names or toks[first].norm in triggers.not_names):
            continue
        if first == last and span.label == "LOC" and (
            _conjoined_construct_noun(toks, first, kb, triggers) or _elative_after_noun(toks, first, kb, triggers)
        ):
            continue
        if all(t.text.isascii() for t in toks[first : last + 1]) and sum(len(t.text) for t in toks[first : last + 1]) <= 3:
            continue
        first, last = _latin_name_edges(toks, first, last)
        if _transliterated_after_head(toks, first, kb, triggers, edges.detached_heads):
            # "لصحيفة وول" + "ستريت جورنال": the tagger may leave out the first transliterated
            # word of a title, which then stands alone between the head and the name.
            first -= 1
        start, end = toks[first].stem_start, toks[last].end
        if toks[first].norm in fused_names:
            start = toks[first].start  # "المدرب فالكورا": the name is Falcora, not "so al-Kora"
        typ = TYPE_OF_LABEL.get(span.label, "MISC")
        # A name right after a company head is an organisation (شركة ديجيتال دايغنوستيكس), and the
        # head is part of what the article calls it (مجموعة أوراسيا).
        company = _head_start(toks[first - 1], company_or_detached) if first > 0 else None
        detached = company is not None and (toks[first - 1].stem in edges.detached_heads or toks[first - 1].norm in edges.detached_heads)
        if company is not None and detached and typ != "ORG" and toks[first - 1].stem not in triggers.company_heads:
            company = None  # موقع "site" before a place or person is "the site of", not a title
        bare = ""
        if company is not None and typ in ("PERSON", "GPE", "MISC", "ORG"):
            typ = "ORG"
            # "صحيفة وول" + "ستريت جورنال": the tagger may split a title after its head in two.
            while last + 1 in crf_org_firsts and crf_org_firsts[last + 1] - first < MAX_MENTION_TOKENS:
                last = crf_org_firsts[last + 1]
            last = brand_tail(toks, _extend_company(toks, last, kb, triggers))
            person = given_after_brand(toks, first, last, given)
            if person is not None:
                last = person - 1  # "شركة توتال إنرجي باتريك بويان": the person is not the company's
            end = toks[last].end
            bare = _bare_company_name(doc, toks, first, last)
            if detached:
                bare = ""  # the paper's title alone: "صحيفة وول ستريت جورنال" is "وول ستريت جورنال"
            else:
                first -= 1
                start = company
        elif first > 0 and _head_start(toks[first - 1], triggers.facility_heads) is not None and typ in ("GPE", "ORG"):
            typ = "LOC"
            first -= 1
            start = _head_start(toks[first], triggers.facility_heads)
        if typ == "PERSON":
            for k in range(first + 1, last + 1):
                if toks[k].norm[:1] in ("ل", "ب") and toks[k].norm[1:] in doc_words:
                    # "بوتين لماسك" "Putin to Musk": a preposition does not sit inside a name.
                    last = k - 1
                    end = toks[last].end
                    break
            last = _extend_person(toks, last, triggers)
            last = _extend_over_surname(toks, first, last, kb, triggers, given, recurring)
            end = toks[last].end
            lead = toks[first].norm
            if lead[:1] in ("و", "ف") and lead not in given and lead[1:] in given and start == toks[first].start:
                # ومحمد "and Muhammad": the conjunction is not part of the name (but وليد is a name).
                start += 1
        if start == toks[first].start and toks[first].norm[:1] in _ONE_LETTER_CLITICS and toks[first].norm[1:] in doc_words:
            # وماسك, لماسك: an unknown name with a one-letter proclitic (و "and", ل "to", ب "by",
            # ف "so") is told apart from a name that starts with that letter (وليد, باسم) by the
            # article itself: the bare form ماسك occurs elsewhere in it as a word of its own.
            start += 1
            if toks[first].norm in triggers.name_particles and first > 0 and _may_precede_particle(toks[first - 1], kb, triggers):
                # "حيان عبد الغني": a name does not start on عبد/أبو when a plain word precedes it.
                first -= 1
                start = toks[first].stem_start
        if typ == "MISC" and span.confidence < MIN_CRF_MISC_CONFIDENCE:
            continue
        if company is None and brand_tail(toks, last) > last:
            # "قطر" + "إنرجي", "أكوا" + "باور": a transliterated brand word makes a company's name.
            last, typ = brand_tail(toks, last), "ORG"
            end = toks[last].end
        out.append((first, last, Mention(start, end, doc.text[start:end], typ, "crf", confidence=span.confidence, name=bare)))
    if directional:
        out = _drop_locating_directions(out, directional, toks, triggers)
    kept = []
    for f, l, m in out:
        if m.origin != "kb":
            key = alias_key(m.text)
            if _is_generic_key(key, ambiguity, kb) or (
                f == l and key in ambiguity.media_aliases and key not in media_named and not _media_cue(toks, f, m.start, ambiguity)
            ):
                continue
        kept.append((f, l, m))
    return kept


def _named_country_bodies(doc: Document, kb: KnowledgeBase, triggers: Triggers, rows: Sequence[MatchRow]) -> dict[str, tuple[int, ...]]:
    """The knowledge base's "body + nisba" organisations (المجلس الرئاسي الليبي) that this article
    may call by the body alone (المجلس الرئاسى), keyed by that bare alias: the article names their
    country (ليبيا, الليبي) and no other country's body shares the bare words. The bare words must
    open with a body head (المجلس, البنك): "البنك المركزي" in an article about Egypt alone is
    Egypt's central bank, in one about Egypt and Turkey it is not said whose."""
    norm = doc.norm.text if doc.norm is not None else normalize(doc.text).text
    present = [k for k in kb.country_bodies if k in norm]  # most articles hold none: no token pass
    if not present:
        return {}
    named = {kb.nisba[t.stem] for t in doc.tokens if t.kind == "word" and t.stem in kb.nisba}
    for _, readings, _ in rows:
        for _, form in readings:
            recs = kb.index.get(form)
            if recs and kb.records[recs[0]].kind == "country" and kb.records[recs[0]].country:
                named.add(kb.records[recs[0]].country)
    ambiguity = load_ambiguity()
    out = {}
    for key in present:
        recs = kb.country_bodies[key]
        if key.split(" ", 1)[0] not in triggers.org_heads or _is_generic_key(key, ambiguity):
            continue
        hits = tuple(r for r in recs if kb.records[r].country in named)
        if hits and len({kb.records[r].country for r in hits}) == 1:
            out[key] = hits
    return out


def _country_body_matches(
    toks: Sequence[Token], rows: Sequence[MatchRow], bodies: dict[str, tuple[int, ...]], kb: KnowledgeBase,
) -> list[tuple[int, int, int, tuple[int, ...]]]:
    """Where the bare aliases of ``bodies`` occur as ``(first, last, start, records)``: not followed
    by a nisba (المجلس الرئاسي العراقي is another country's body)."""
    keys = [(k.split(" "), recs) for k, recs in bodies.items()]
    firsts = {words[0] for words, _ in keys}
    n = len(toks)
    out = []
    for i, (_, readings, _) in enumerate(rows):
        for start, form in readings:
            if form not in firsts:
                continue
            for words, recs in keys:
                last = i + len(words) - 1
                if (
                    words[0] == form and last < n and all(toks[i + k].norm == w for k, w in enumerate(words[1:], 1))
                    and not (last + 1 < n and (toks[last + 1].stem in kb.nisba or toks[last + 1].norm in kb.nisba))
                ):
                    out.append((i, last, _mention_start(toks[i], start), recs))
    return out


_NOT_ELATIVE_ENDINGS = frozenset("اةهو")


def _elative_after_noun(toks: Sequence[Token], i: int, kb: KnowledgeBase, triggers: Triggers) -> bool:
    """Whether token ``i`` is an elative adjective أفعل ("آفاق أرحب" "wider horizons", "نتائج أفضل")
    right after the indefinite noun it qualifies, rather than a town of the same spelling (أرحب).

    The elative is four letters opening with hamza-alif and follows its noun directly; a place
    after a bare word follows a preposition, a place noun (محافظة أبين) or a verb instead."""
    tok = toks[i]
    if i == 0 or tok.kind != "word" or len(tok.text) != 4 or tok.text[0] != "أ" or tok.stem != tok.norm:
        return False
    if tok.text[-1] in _NOT_ELATIVE_ENDINGS:
        return False  # أيوا "Iowa": أفعل ends on its last root letter (or ى: أعلى)
    prev = toks[i - 1]
    norm = prev.norm
    places = head_union(triggers.place_cues, triggers.place_heads, triggers.settlement_heads)
    return (
        prev.kind == "word" and not prev.text.isascii() and prev.stem == norm and len(norm) >= 3 and not norm.startswith("ال")
        and norm not in triggers.function_words and not any(f in places for _, f in proclitic_readings(prev))
        and norm not in triggers.person_titles and norm not in kb.index
        and norm not in triggers.speech_cues and norm not in _verb_forms()
    )


def _conjoined_construct_noun(toks: Sequence[Token], i: int, kb: KnowledgeBase, triggers: Triggers) -> bool:
    """Whether token ``i`` is و "and" + an everyday noun that governs the words after it
    ("وضمان حياد أوكرانيا" "and guaranteeing Ukraine's neutrality"), not a place after و.

    A place name is definite by itself and does not head a construct chain, so a bare noun right
    after it that goes on to a definite word or a name is its complement: the word is a verbal
    noun coordinated with the one before. The bare word must be known to the word clusters (an
    everyday word) and unknown to the knowledge base (no gazetteer place)."""
    from rasd.entities.tagger import load_word_clusters

    tok = toks[i]
    norm = tok.norm
    if tok.kind != "word" or not norm.startswith("و") or len(norm) < 4 or i + 2 >= len(toks):
        return False
    bare = norm[1:]
    if bare.startswith("ال") or norm in kb.index or bare in kb.index or bare not in load_word_clusters():
        return False
    nxt, after = toks[i + 1], toks[i + 2]
    return (
        nxt.kind == "word" and not nxt.text.isascii() and nxt.stem == nxt.norm and len(nxt.norm) >= 3
        and not nxt.norm.startswith("ال") and nxt.norm not in triggers.function_words and nxt.norm not in STOP_WORDS
        and nxt.norm not in kb.index and nxt.norm not in kb.nisba
        and after.kind == "word" and after.norm not in triggers.function_words and (after.stem.startswith("ال") or after.norm in kb.index or any(f in kb.index for _, f in after.variants))
    )


def _drop_locating_directions(
    out: list[tuple[int, int, Mention]], directional: Sequence[int], toks: Sequence[Token], triggers: Triggers,
) -> list[tuple[int, int, Mention]]:
    """Direction + country right after a place ("قاعدة عين الأسد غربي العراق", "المدينة بشمال
    سوريا") says where that place lies: it is a description, not a region of its own, and only the
    country inside it is a name. After a preposition or و (في جنوب العراق, أربيل وشمال العراق) the
    region is what the sentence is about and stays."""
    place_lasts = {l for f, l, m in out if m.type in ("GPE", "LOC") and m.origin != "nested"}
    drop = set()
    for k in directional:
        p = out[k][0] - 1
        if p < 0 or toks[p].kind != "word":
            continue
        if p in place_lasts or toks[p].norm in triggers.place_heads or toks[p].stem in triggers.place_heads:
            drop.add(k)
    return [c for k, c in enumerate(out) if k not in drop] if drop else out


def _extend_over_surname(
    toks: Sequence[Token], first: int, last: int, kb: KnowledgeBase, triggers: Triggers, given: frozenset[str],
    recurring: frozenset[str],
) -> int:
    """Carry a person's name that opens on a known given name over the bare word after it when
    the article uses that word again ("رجب طيب" + "أردوغان", later "أردوغان" alone): the tagger
    cuts foreign names short, and a surname is the word an article repeats. A two-word name also
    takes a third bare word used once when the phrase closes right after it (a mark, the end, or
    و "and" on the next word: "رجب طيب أردوغان وولي عهد …"): officials are introduced by three names.
    The word must be able to be a name: no article, clitic, function word, title, verb, adjective
    or place."""
    j = last + 1
    if last == first or j >= len(toks) or toks[first].stem not in given:
        return last
    t = toks[j]
    norm = t.norm
    if norm not in recurring and not (last == first + 1 and norm[-1:] not in _NOUN_ENDINGS and _closes_phrase(toks, j + 1)):
        return last  # "قرارا", "رسالة" after a name: the verb's object (accusative ا, feminine ة)
    if (
        t.kind != "word" or t.text.isascii() or t.stem != norm or len(norm) < 3 or norm.startswith("ال")
        or norm in given or norm.endswith(("يه", "ات"))
        or (norm[:-1] in triggers.function_words or norm[:-2] in triggers.function_words)  # أنه, أنها
    ):
        return last
    edges = load_name_edges()
    verbs = _verb_forms()
    if (
        norm in triggers.function_words or norm in STOP_WORDS or norm in triggers.person_titles or norm in triggers.org_heads
        or norm in kb.nisba or norm in kb.index or norm in triggers.speech_cues or norm in triggers.not_names
        or norm in verbs or norm in edges.role_nouns or norm in edges.speech_nouns or _is_common_adjective(t, triggers)
        or norm in triggers.name_particles or norm in ("بن", "بنت")
    ):
        return last
    return j


# Endings of an indefinite object (قرارا) or a feminine noun (رسالة, normalised ه) after a name.
_NOUN_ENDINGS = frozenset("اه")


def _closes_phrase(toks: Sequence[Token], j: int) -> bool:
    """Whether a phrase ends before token ``j``: the end, a punctuation mark, or و "and" on a word
    the word clusters know without it (وولي "and the crown [prince]")."""
    from rasd.entities.tagger import load_word_clusters

    if j >= len(toks) or toks[j].kind == "punct":
        return True
    norm = toks[j].norm
    return toks[j].kind == "word" and norm[:1] == "و" and len(norm) > 3 and norm[1:] in load_word_clusters()


def _is_latin_capital(tok: Token) -> bool:
    return tok.kind == "word" and tok.text.isascii() and tok.text[:1].isupper()


def _latin_name_edges(toks: Sequence[Token], first: int, last: int) -> tuple[int, int]:
    """Widen a span over the capitalised Latin words it touches: the tagger, trained on Arabic
    text, may tag one word of "Total Energies" or "Goldman Sachs"; a Latin name in an Arabic
    sentence runs over every capitalised word next to it."""
    if _is_latin_capital(toks[first]):
        while first > 0 and last - first < MAX_MENTION_TOKENS - 1 and _is_latin_capital(toks[first - 1]):
            first -= 1
    if _is_latin_capital(toks[last]):
        while last + 1 < len(toks) and last - first < MAX_MENTION_TOKENS - 1 and _is_latin_capital(toks[last + 1]):
            last += 1
    return first, last


def _transliterated_after_head(
    toks: Sequence[Token], first: int, kb: KnowledgeBase, triggers: Triggers, detached: frozenset[str]
) -> bool:
    """Whether the word before a name at ``first`` is a bare word right after a company or media
    head (صحيفة وول | ستريت جورنال): not definite, not an adjective (indefinite nisbas end in ي/ية:
    صحيفة أمريكية), no function word or known name. Between a head and a name such a word is the
    name's first word, since a head's description would come after the name."""
    if first < 2 or _head_start(toks[first - 2], triggers.company_heads | detached) is None:
        return False
    tok = toks[first - 1]
    norm = tok.norm
    return not (
        tok.kind != "word" or tok.text.isascii() or tok.stem != norm or len(norm) < 3 or norm.startswith("ال")
        or norm.endswith(("ي", "يه")) or norm in triggers.function_words or norm in STOP_WORDS or norm in kb.index
        or norm in kb.nisba or _is_common_adjective(tok, triggers) or norm in triggers.org_heads
        or norm in triggers.person_titles or norm in triggers.not_names or norm in triggers.speech_cues
    )


def _is_company_name(toks: Sequence[Token], head: int, kb: KnowledgeBase, triggers: Triggers) -> bool:
    """Whether a company head is followed by a proper name (شركة بوينغ, حركة حماس) rather than a
    description (شركة الاتصالات) or a place (بنك قطر الوطني): the actor is then known by the name
    alone, and the head is how the article introduces it."""
    if _head_start(toks[head], triggers.company_heads) is None or head + 1 >= len(toks):
        return False
    nxt = toks[head + 1]
    return nxt.kind == "word" and not nxt.stem.startswith("ال") and not nxt.norm.startswith("لل") and nxt.norm not in kb.index


def _bare_company_name(doc: Document, toks: Sequence[Token], first: int, last: int) -> str:
    """A company's name without the complement that says what it does: "بوينغ لصناعة الطيران"
    (Boeing for aircraft manufacturing) is called "بوينغ". The complement opens with ل "for" on
    a noun after the name's first word; the name alone is what the article repeats."""
    for k in range(first + 1, last + 1):
        norm = toks[k].norm
        # لصناعة الطيران "for aircraft manufacturing", للخدمات "for the services".
        construct = k + 1 < len(toks) and toks[k + 1].norm.startswith("ال")
        if toks[k].kind == "word" and norm[:1] == "ل" and len(norm) > 4 and (norm.startswith("لل") or construct):
            return doc.text[toks[first].stem_start : toks[k - 1].end]
    return doc.text[toks[first].stem_start : toks[last].end]


def _is_generic_key(key: str, ambiguity: Ambiguity, kb: KnowledgeBase | None = None) -> bool:
    """Whether a text, given by its `alias_key`, describes a body without naming it: وكالة الأنباء
    "the news agency" alone, or an anaphoric head with only a country nisba (الحركة الفلسطينية
    "the Palestinian movement")."""
    if _bare(key) in ambiguity.generic_bodies:  # as ``generic_bodies`` is keyed
        return True
    words = key.split()
    return kb is not None and len(words) == 2 and words[0] in ambiguity.anaphoric_heads and words[1] in kb.nisba


def _media_cue(toks: Sequence[Token], i: int, start: int, ambiguity: Ambiguity) -> bool:
    """Whether the one-word outlet name at token ``i`` reads as the outlet: a media word before
    it (قناة, مراسل), quotation marks around it, or a proclitic ل "to" (قال للجزيرة "told Al Jazeera")."""
    if i > 0 and (toks[i - 1].norm in ambiguity.media_heads or toks[i - 1].stem in ambiguity.media_heads):
        return True
    if 0 < i < len(toks) - 1 and toks[i - 1].text in QUOTES and toks[i + 1].text in QUOTES:
        return True
    return start > toks[i].start and toks[i].text[0] == "ل"


def _extend_company(toks: Sequence[Token], last: int, kb: KnowledgeBase, triggers: Triggers) -> int:
    """Carry a company's name over its legal suffix (القابضة "Holding") and over a complement
    with لل "for the" and its definite adjectives (للحلول الرقمية "for Digital Solutions")."""
    n = len(toks)
    if last + 1 < n and toks[last + 1].norm.startswith("لل") and len(toks[last + 1].norm) > 4 and toks[last + 1].norm not in STOP_WORDS:
        last += 1
        complement = last
        while last - complement < 3 and (
            last + 1 < n and toks[last + 1].kind == "word" and toks[last + 1].norm.startswith("ال")
            and toks[last + 1].norm not in STOP_WORDS and toks[last + 1].norm not in kb.nisba
            and toks[last + 1].norm not in triggers.org_heads
        ):
            last += 1
    if last + 1 < n and toks[last + 1].norm in triggers.company_suffixes:
        last += 1
    return last


_ONE_LETTER_CLITICS = frozenset("وفلب")


def _is_common_adjective(tok: Token, triggers: Triggers) -> bool:
    """An everyday adjective or adverb (فوري "immediate", الرسمي "official"): its nisba ending
    looks like a foreign name's to the tagger, but it is never a name on its own."""
    return tok.stem in triggers.common_adjectives or tok.norm in triggers.common_adjectives


def _trim_common_adjectives(toks: Sequence[Token], first: int, last: int, triggers: Triggers) -> tuple[int, int, bool]:
    """A person span without common adjectives at its edges, and whether any was removed (then
    what is left is a noun that the adjective qualified, unless it is a name of more words)."""
    trimmed = False
    while first < last and _is_common_adjective(toks[last], triggers):
        last -= 1
        trimmed = True
    while first < last and _is_common_adjective(toks[first], triggers):
        first += 1
        trimmed = True
    return first, last, trimmed


@lru_cache(maxsize=1)
def _verb_forms() -> frozenset[str]:
    """Inflected verb forms of the event trigger lexicon and the speech verbs: words that read as
    a verb ("ناقشا" "the two discussed") end a clause's subject, never a name."""
    from rasd.events.lexicon import trigger_lexicon

    verbs = {w for w, forms in trigger_lexicon().words.items() if any(f.kind in ("past", "present", "future") for f in forms)}
    return frozenset(verbs | load_triggers().speech_cues)


def _trim_person_edges(toks: Sequence[Token], first: int, last: int, triggers: Triggers, given: frozenset[str]) -> tuple[int, int]:
    """A person span without the words around a name that the tagger takes in: a role noun or a
    verb after it ("أردوغان الملياردير", "ماسك ناقشا") and a speech or role noun before it
    ("رواية ماسك" "Musk's account"). A known given name is never trimmed."""
    edges = load_name_edges()
    verbs = _verb_forms()

    def role(t: Token) -> bool:
        return t.stem in edges.role_nouns or t.norm in edges.role_nouns

    # After a name a title is as often a family name (أحمد السيد), so only role nouns are trimmed.
    while last > first and toks[last].stem not in given and (role(toks[last]) or toks[last].norm in verbs or toks[last].stem in verbs):
        last -= 1
    while first < last and toks[first].stem not in given and (
        role(toks[first]) or toks[first].stem in triggers.person_titles or toks[first].norm in edges.speech_nouns or toks[first].stem in edges.speech_nouns
    ):
        first += 1
    # "توتال إنرجي باتريك بويان": a brand word ends the company before it, so a given name
    # after it opens a new name; the tagger may take the brand word in as the person's first.
    k = given_after_brand(toks, first, last, given)
    if k is not None and k == first + 1:
        first = k
    return first, last


def given_after_brand(toks: Sequence[Token], first: int, last: int, given: frozenset[str]) -> int | None:
    """The index of the first known given name in ``first..last`` that follows a transliterated
    brand word ("إنرجي باتريك"): the brand word closes a company's name and the given name starts
    a person's, so one span must not hold both. None when there is no such pair."""
    brands = load_name_edges().brand_words
    for k in range(first + 1, last + 1):
        if toks[k - 1].norm in brands and (toks[k].stem in given or toks[k].norm in given):
            return k
    return None


def _is_title_adjective(toks: Sequence[Token], i: int, kb: KnowledgeBase, triggers: Triggers) -> bool:
    tok = toks[i]
    if tok.norm in kb.nisba or tok.stem in kb.nisba:
        return True
    prev = toks[i - 1] if i > 0 else None
    return (
        prev is not None and (prev.stem in triggers.person_titles or prev.norm in triggers.person_titles)
        and tok.stem.startswith("ال") and tok.stem.endswith("ي") and len(tok.stem) >= 5
    )


def _titled_persons(
    doc: Document, toks: Sequence[Token], kb: KnowledgeBase, triggers: Triggers, recurring: frozenset[str], forms: FormIndex,
) -> list[tuple[int, int, Mention]]:
    """A known given name followed by a family name, in a title's phrase: "وزير الاقتصاد السوري
    نضال الشعار", "الوزير المنتدب …، فوزي لقجع". Arabic news names an official right after the
    title and its complement (definite words, nisbas, a comma), so a given name there starts a
    person's name even when it is also a common word (نضال "struggle")."""
    given, ordinary = load_given_names()
    out: list[tuple[int, int, Mention]] = []
    n = len(toks)
    # Outside a title's phrase nothing happens until the next title: go straight to it.
    titles = forms.where(triggers.person_titles)
    since_title = None  # tokens since the last title, while its phrase lasts
    i = -1
    while i + 1 < n:
        i += 1
        if since_title is None:
            k = bisect_left(titles, i)
            if k == len(titles):
                break
            i = titles[k]
        tok = toks[i]
        stem = tok.stem
        # Outside a title's phrase the tagger decides: a rule there costs more precision than it
        # gains recall (measured on the ANERcorp test text).
        titled = since_title is not None
        readings = []
        # على "on" and علي "Ali" differ only in the final letter, which normalisation folds.
        if titled and i + 1 < n and not tok.text.endswith("ى"):
            readings = [(s, f) for s, f in proclitic_readings(tok) if f in given]
        if readings:
            nxt = toks[i + 1]
            if (
                nxt.kind == "word" and nxt.stem not in triggers.function_words and nxt.stem not in STOP_WORDS
                and nxt.stem not in triggers.person_titles and nxt.stem not in kb.nisba
                and nxt.stem not in triggers.org_heads and nxt.norm not in triggers.speech_cues
                and nxt.norm not in triggers.not_names
            ):
                start = _mention_start(tok, readings[-1][0] if tok.norm not in given else tok.start)
                last = _extend_person(toks, i + 1, triggers)
                last = _extend_over_surname(toks, i, last, kb, triggers, given, recurring)
                end = toks[last].end
                out.append((i, last, Mention(start, end, doc.text[start:end], "PERSON", "rule")))
                since_title = None
                continue
        if stem in triggers.person_titles or tok.norm in triggers.person_titles:
            since_title = 0
        elif since_title is not None and (
            stem.startswith("ال") or tok.norm.startswith("لل") or tok.norm in kb.nisba or tok.text in ",،"
            or tok.norm in ("في", "فى") or tok.norm in kb.index
        ) and since_title < 8:
            since_title += 1
        else:
            since_title = None
    return out


def _head_start(tok: Token, heads: frozenset[str]) -> int | None:
    """Where a head noun starts in a token (after a proclitic), or None when it is not one."""
    if tok.kind != "word":
        return None
    if tok.norm in heads:
        return tok.start
    for start, form in proclitic_readings(tok):
        if form in heads:
            return start
    return None


def _fa_fused_name(toks: Sequence[Token], i: int, kb: KnowledgeBase, triggers: Triggers, doc_words: frozenset[str]) -> bool:
    """Whether a word read as ف "so" + a definite noun (فالكورا → ف + الكورا) is a name of its own.

    Right after a person's title (المدرب, الرئيس) a name is due and the conjunction ف cannot
    stand there, so the split is not taken when the definite form is unknown: not in the
    knowledge base, and neither it nor its bare form occurs elsewhere in the article."""
    tok = toks[i]
    if i == 0 or tok.stem_start <= tok.start or not tok.norm.startswith("فال") or len(tok.norm) < 6:
        return False
    prev = toks[i - 1]
    if prev.kind != "word" or not (prev.stem in triggers.person_titles or prev.norm in triggers.person_titles):
        return False
    definite = tok.norm[1:]
    return definite not in kb.index and definite not in doc_words and definite[2:] not in doc_words


def _may_start_clause(tok: Token, triggers: Triggers) -> bool:
    """Whether a country name may follow this word as a noun: after a preposition, a verb (most
    Arabic verbs are not definite and are not names) or punctuation. Definite nouns and Latin
    names are followed by adjectives instead."""
    return not tok.text.isascii() or tok.kind != "word"


def _may_precede_particle(tok: Token, kb: KnowledgeBase, triggers: Triggers) -> bool:
    """Whether a word can be the given name before عبد/أبو: a plain word, not a title, function
    word, nisba or definite noun."""
    return (
        tok.kind == "word" and not tok.norm.startswith("ال") and tok.norm not in triggers.function_words
        and tok.stem not in triggers.person_titles and tok.norm not in kb.nisba and tok.norm not in triggers.speech_cues
        and tok.norm not in triggers.org_heads and not tok.text.isascii()
    )


def _extend_person(toks: Sequence[Token], last: int, triggers: Triggers) -> int:
    """Carry a person's name over "بن X" (son of X) and a family name with the article after it
    (يوسف بن إبراهيم البسام): Arabic genealogical names are longer than the tagger's guess."""
    n = len(toks)
    # A name cannot end on a particle: عبد "servant (of)", أبو "father (of)" need their noun.
    while last + 1 < n and toks[last].norm in triggers.name_particles and toks[last + 1].kind == "word":
        last += 1
    while last + 2 < n and toks[last + 1].norm in ("بن", "بنت") and toks[last + 2].kind == "word":
        last += 2
    if (
        last > 0 and toks[last - 1].norm in ("بن", "بنت") and last + 1 < n and toks[last + 1].kind == "word"
        and toks[last + 1].norm.startswith(("ال", "آل")) and toks[last + 1].norm not in STOP_WORDS
        and toks[last + 1].norm not in triggers.person_titles
    ):
        last += 1
    while last + 1 < n and toks[last].norm in triggers.name_particles and toks[last + 1].kind == "word":
        last += 1  # آل ثاني, أبو مازن
    return last


def _select(cands: list[tuple[int, int, Mention]]) -> list[tuple[int, int, Mention]]:
    """Non-overlapping mentions. Knowledge-base, pattern and rule spans are placed first (longest
    first, then in that order), and CRF spans fill the gaps; a CRF span around a knowledge-base
    person that ends with it (رجب طيب أردوغان around أردوغان) keeps the longer text and the link."""
    kb_spans = sorted((f, l, m) for f, l, m in cands if m.origin == "kb")
    kb_starts = [k[0] for k in kb_spans]
    ranked: list[tuple[int, int, Mention]] = []
    crf_person_end = {f: (l, m) for f, l, m in cands if m.origin == "crf" and m.type == "PERSON"}
    for f, l, m in cands:
        if m.origin == "rule" and f in crf_person_end and crf_person_end[f][0] > l:
            # The tagger saw a longer name from the same first word (جان كريستوف كاريه).
            l, longer = crf_person_end[f]
            m = Mention(m.start, longer.end, longer.text if longer.start == m.start else m.text, "PERSON", "rule")
            if longer.start != m.start:
                continue
        if m.origin == "crf":
            # KB spans inside this CRF span (found by bisection: a sentence may be huge).
            inner = []
            for k in kb_spans[bisect_left(kb_starts, f) : bisect_left(kb_starts, l + 1)]:
                if k[1] <= l:
                    inner.append(k)
            if inner:
                kf, kl, km = inner[0]
                if len(inner) == 1 and km.type == "PERSON" and m.type == "PERSON" and kl == l and (kf, kl) != (f, l):
                    m = Mention(m.start, m.end, m.text, "PERSON", "kb", km.records)
                else:
                    continue
        ranked.append((f, l, m))
    chosen: list[tuple[int, int, Mention]] = [c for c in ranked if c[2].origin == "nested"]
    ranked = [c for c in ranked if c[2].origin != "nested"]
    taken: set[int] = set()
    for f, l, m in sorted(ranked, key=lambda c: (c[2].origin == "crf", -(c[1] - c[0]), _ORIGIN_RANK[c[2].origin], c[0])):
        if any(i in taken for i in range(f, l + 1)):
            continue
        chosen.append((f, l, m))
        taken.update(range(f, l + 1))
    chosen.sort(key=lambda c: c[0])
    return chosen


def _entity_name(c: Cluster) -> str:
    if c.record is not None:
        return c.record.name_ar
    # An actor introduced with a head (شركة بوينغ) is named by its name alone (بوينغ).
    names = {m.text: m.name for m in c.mentions if m.name}
    texts = [m.name or names.get(m.text, m.text) for m in c.mentions]
    # An Arabic article's entity is named in Arabic when it has an Arabic mention ("توتال إنرجي",
    # not "Total Energies"); the Latin spelling goes to name_en.
    arabic = [t for t in texts if not t.isascii()]
    return max(arabic or texts, key=lambda t: (len(t.split()), len(t)))


def _find(doc: Document) -> list[tuple[int, int, Mention]]:
    kb = load_kb()
    triggers = load_triggers()
    found: list[tuple[int, int, Mention]] = []
    media_named = _media_named_in_full(doc, kb)
    ranges = _sentence_token_ranges(doc)
    tagged = tag_document([[t.text for t in doc.tokens[a:b]] for a, b in ranges])
    doc_words = frozenset(t.norm for t in doc.tokens if t.kind == "word" and len(t.norm) >= 3)
    seen: set[str] = set()
    again: set[str] = set()
    for t in doc.tokens:
        if t.kind == "word" and t.stem == t.norm:
            (again if t.norm in seen else seen).add(t.norm)
    recurring = frozenset(again)
    fused = frozenset(
        t.norm for i, t in enumerate(doc.tokens) if t.norm.startswith("فال") and _fa_fused_name(doc.tokens, i, kb, triggers, doc_words)
    )
    # Every token's readings once per article: the recognisers of each sentence share them.
    rows = _match_rows(doc.tokens)
    bodies = _named_country_bodies(doc, kb, triggers, rows)
    for (a, b), crf_spans in zip(ranges, tagged):
        toks = doc.tokens[a:b]
        cands = _candidates(doc, toks, kb, triggers, media_named, crf_spans, doc_words, recurring, fused, rows[a:b], bodies)
        found.extend((a + f, a + l, m) for f, l, m in _select(cands))
    found += _propagate(doc, found, kb, triggers, [r[1] for r in rows])
    found.sort(key=lambda c: c[0])
    return _link_parenthesised_latin(doc, found)


def _media_named_in_full(doc: Document, kb: KnowledgeBase) -> frozenset[str]:
    """Media aliases whose outlet the article also names with a longer alias (قناة الجزيرة)."""
    ambiguity = load_ambiguity()
    norm = doc.norm.text if doc.norm is not None else normalize(doc.text).text
    out = set()
    for key in ambiguity.media_aliases:
        for r in kb.index.get(key, ()):
            if any(" " in alias_key(a) and alias_key(a) in norm for a in kb.records[r].aliases):
                out.add(key)
    return frozenset(out)


_OPEN, _CLOSE = "((", "))"


def _link_parenthesised_latin(doc: Document, found: list[tuple[int, int, Mention]]) -> list[tuple[int, int, Mention]]:
    """"إيلون ماسك (Elon Musk)": a Latin name in brackets right after a mention is the same actor.

    News gives the original spelling of a foreign name in brackets, and the short name or acronym
    of a body in brackets or quotes ("وزارة الدفاع الأمريكية (البنتاغون)", "وكالة الأنباء القطرية
    "قنا""). The bracketed text becomes a mention of the same entity (replacing whatever the tagger
    made of it). A Latin acronym in brackets after an unrecognised word ("موسياد (MÜSİAD)") makes
    that word an organisation's name."""
    toks = doc.tokens
    n = len(toks)
    drop: set[int] = set()
    added: list[tuple[int, int, Mention]] = []
    ends = {l: m for f, l, m in found}
    for f, l, m in found:
        j = l + 1
        if f > 0 and toks[f - 1].text in QUOTES and toks[j].text in QUOTES if j < n else False:
            continue  # a quoted mention: its closing quote opens no gloss ("ناسا" اتفاقية "أرتميس")
        k = _gloss_end(toks, j, m)
        if k is None:
            continue
        start, end = toks[j + 1].start, toks[k - 1].end
        drop.update(id(x[2]) for x in found if j < x[0] and x[1] < k)
        origin = "pattern" if m.origin == "kb" else m.origin
        added.append((j + 1, k - 1, Mention(start, end, doc.text[start:end], m.type, origin, same_as=m)))
    covered = bytearray(n)
    for f, l, _ in found:
        covered[f : l + 1] = b"\x01" * (l - f + 1)
    triggers = load_triggers()
    kb = load_kb()
    for j in range(1, n - 2):
        if toks[j].text != "(" or (j - 1) in ends or covered[j - 1] or toks[j + 2].text != ")":
            continue
        acronym, word = toks[j + 1].text, toks[j - 1]
        if not (acronym.isupper() and acronym.isalpha() and len(acronym) >= 2 and unknown_word(word, kb, triggers)):
            continue
        named = Mention(word.stem_start, word.end, doc.text[word.stem_start : word.end], "ORG", "pattern")
        drop.update(id(x[2]) for x in found if x[0] == j + 1)
        added.append((j - 1, j - 1, named))
        added.append((j + 1, j + 1, Mention(toks[j + 1].start, toks[j + 1].end, acronym, "ORG", "pattern", same_as=named)))
    if not added:
        return found
    out = [x for x in found if id(x[2]) not in drop] + added
    out.sort(key=lambda c: c[0])
    return out


def _gloss_end(toks: Sequence[Token], j: int, m: Mention) -> int | None:
    """Where a gloss of mention ``m`` opening at token ``j`` closes: Latin words in brackets, or
    for a body or named thing one Arabic word in brackets or quotes (its short name)."""
    n = len(toks)
    if j + 2 >= n:
        return None
    if toks[j].text in _OPEN and toks[j + 1].text[:1].isupper() and toks[j + 1].text.isascii():
        k = j + 1
        while k < n and k - j <= 6 and toks[k].text not in _CLOSE and toks[k].text.isascii() and toks[k].text != "\n":
            k += 1
        return k if k < n and toks[k].text in _CLOSE else None
    if m.type not in ("ORG", "MISC") or toks[j].text not in _OPEN and toks[j].text not in QUOTES:
        return None
    inner = toks[j + 1]
    closing = toks[j + 2].text in _CLOSE if toks[j].text in _OPEN else toks[j + 2].text in QUOTES
    if inner.kind == "word" and not inner.text.isascii() and len(inner.norm) >= 3 and closing:
        return j + 2
    return None


def find_mentions(doc: Document) -> list[Mention]:
    """Every recognised name mention of the document, in text order (before resolution)."""
    return [m for _, _, m in _find(doc)]


@dataclass
class TitleReference:
    """A title with a nisba ("الرئيس التركي" "the Turkish president") and the person named right
    after it, if any."""

    mention: Mention
    key: str
    country: str
    follower: Mention | None


def title_references(doc: Document, found: list[tuple[int, int, Mention]]) -> list[TitleReference]:
    """Title phrases that point to a person through a country adjective."""
    kb = load_kb()
    triggers = load_triggers()
    starts = {f: m for f, _, m in found}
    covered = bytearray(len(doc.tokens))
    for f, l, _ in found:
        covered[f : l + 1] = b"\x01" * (l - f + 1)
    toks = doc.tokens
    n = len(toks)
    out: list[TitleReference] = []
    i = 0
    while i < n:
        tok = toks[i]
        if covered[i] or tok.kind != "word" or not (tok.stem in triggers.person_titles or tok.norm in triggers.person_titles):
            i += 1
            continue
        j, nisba_at, country = i + 1, None, None
        while j < n and j - i <= 5 and not covered[j] and toks[j].kind == "word" and (
            toks[j].stem.startswith("ال") or toks[j].norm in kb.nisba
        ):
            code = kb.nisba.get(toks[j].stem) or kb.nisba.get(toks[j].norm)
            if code:
                nisba_at, country = j, code
            j += 1
        if nisba_at is None or country is None:
            i += 1
            continue
        nxt = nisba_at + 1
        if nxt < n and toks[nxt].text in ",،":
            nxt += 1
        follower = starts.get(nxt)
        if follower is not None and follower.type != "PERSON":
            follower = None
        start, end = tok.stem_start, toks[nisba_at].end
        key = " ".join(t.stem for t in toks[i : nisba_at + 1])
        mention = Mention(start, end, doc.text[start:end], "PERSON", "title", country=country)
        out.append(TitleReference(mention, key, country, follower))
        i = nisba_at + 1
    return out


def _propagate(
    doc: Document, found: list[tuple[int, int, Mention]], kb: KnowledgeBase, triggers: Triggers,
    token_readings: Sequence[tuple[tuple[int, str], ...]],
) -> list[tuple[int, int, Mention]]:
    """Other occurrences of names recognised once in the article.

    The tagger decides sentence by sentence, so a name it found in one sentence ("دونالد رامسفيلد")
    can be missed in another ("رامسفيلد وفريقه"). Every later or earlier occurrence of a recognised
    unlinked name, and of a recognised person's surname, is a mention too (one dictionary lookup per
    token position: linear). ``token_readings`` are the tokens' `proclitic_readings`.
    """
    given, ordinary = load_given_names()
    targets: dict[str, str] = {}
    lengths: set[int] = set()
    for f, l, m in found:
        if m.origin in ("kb", "nested") or m.type == "MISC":
            continue
        words = [doc.tokens[k].stem for k in range(f, l + 1)]
        targets.setdefault(" ".join(words), m.type)
        lengths.add(len(words))
        if m.type == "LOC" and m.name and len(words) > 2:
            # A facility's proper name without its noun ("عين الأسد" of "قاعدة عين الأسد").
            targets.setdefault(" ".join(words[1:]), m.type)
            lengths.add(len(words) - 1)
        last = words[-1]
        if (
            m.type == "PERSON" and len(words) > 1 and len(last) >= 4 and last not in given
            and (m.origin != "crf" or m.confidence >= MIN_PROPAGATED_CONFIDENCE)
            and last not in kb.nisba and last not in STOP_WORDS and last not in triggers.person_titles
            and last not in kb.index
        ):
            targets.setdefault(last, "PERSON")
            lengths.add(1)
    if not targets:
        return []
    covered = bytearray(len(doc.tokens))
    for f, l, _ in found:
        covered[f : l + 1] = b"\x01" * (l - f + 1)
    out: list[tuple[int, int, Mention]] = []
    toks = doc.tokens
    n = len(toks)
    i = 0
    order = sorted(lengths, reverse=True)
    # A target starts with one of these words: other positions need no look-up at all.
    first_words = {key.split(" ", 1)[0] for key in targets}
    while i < n:
        hit = None
        if not covered[i] and toks[i].kind == "word":
            readings = [r for r in token_readings[i] if r[1] in first_words]
        else:
            readings = []
        if readings:
            for length in order:
                j = i + length - 1
                if j >= n or any(covered[i : j + 1]):
                    continue
                tail = " ".join(t.stem for t in toks[i + 1 : j + 1])
                for start, form in readings:
                    key = form + (" " + tail if tail else "")
                    typ = targets.get(key)
                    if typ is not None:
                        hit = (i, j, start, typ)
                        break
                if hit:
                    break
        if hit:
            f, l, start, typ = hit
            start = _mention_start(toks[f], start)
            end = toks[l].end
            out.append((f, l, Mention(start, end, doc.text[start:end], typ, "crf")))
            i = l + 1
        else:
            i += 1
    return out


def _attach_titles(clusters: list[Cluster], refs: Sequence[TitleReference]) -> None:
    """Give title phrases to the person they name: the one named right after the same phrase
    elsewhere in the article, else the only person of that country. A person named right after
    a phrase also takes its country when the knowledge base has none."""
    cluster_of = {id(m): c for c in clusters for m in c.mentions}
    by_key: dict[str, Cluster] = {}
    for ref in refs:
        if ref.follower is not None and id(ref.follower) in cluster_of:
            c = cluster_of[id(ref.follower)]
            by_key.setdefault(ref.key, c)
            if c.country is None:
                c.country = ref.country
    for ref in refs:
        if ref.follower is not None:
            continue
        target = by_key.get(ref.key)
        if target is None:
            same_country = [c for c in clusters if c.type == "PERSON" and c.country == ref.country]
            target = same_country[0] if len(same_country) == 1 else None
        if target is not None:
            target.mentions.append(ref.mention)


def _english_name(c: Cluster, name: str) -> str | None:
    """The article's own Latin spelling when it gives one (بريمر … Bremmer), else a transliteration."""
    # A mention's bare name counts: "شركة Total Energies" is named "Total Energies".
    spelled = [t for m in c.mentions for t in (m.text, m.name) if t]
    latin = [t for t in spelled if t.isascii() and any(ch.isalpha() for ch in t)]
    if latin:
        return max(latin, key=len)
    return transliterate(name) or None


_DUAL_ENDINGS = (("تي", "ة"), ("تا", "ة"), ("ي", ""), ("ا", ""))  # وزارتي → وزارة, مجلسي → مجلس


def _dual_body_names(text: str, triggers: Triggers) -> tuple[str, str] | None:
    """The two bodies a dual head names over two coordinated complements: "وزارتي الصناعة
    والتجارة التركية" is وزارة الصناعة التركية and وزارة التجارة التركية, two ministries (their
    adjectives after the second complement qualify both); None for any other text."""
    words = text.split()
    if len(words) < 3 or words[0].startswith("ال") or not words[1].startswith("ال") or not words[2].startswith("وال"):
        return None
    for ending, singular in _DUAL_ENDINGS:
        if words[0].endswith(ending) and len(words[0]) > len(ending) + 2:
            head = words[0][: -len(ending)] + singular
            if normalize_form(head) in triggers.org_heads:
                rest = "".join(" " + w for w in words[3:])
                return f"{head} {words[1]}{rest}", f"{head} {words[2][1:]}{rest}"
    return None


def build_entities(doc: Document, mentions: list[Mention], refs: Sequence[TitleReference] = ()) -> list[Entity]:
    kb = load_kb()
    entities: list[Entity] = []
    norm = doc.norm.text if doc.norm is not None else normalize(doc.text).text
    # Countries named by an adjective (الحكومة الأردنية) help choose between readings of عمان.
    article_countries = {kb.nisba[t.stem] for t in doc.tokens if t.kind == "word" and t.stem in kb.nisba}
    clusters = resolve(mentions, kb, article_countries, norm)
    _attach_titles(clusters, refs)
    triggers = load_triggers()
    for c in clusters:
        spans = sorted({(m.start, m.end) for m in c.mentions})
        name = _entity_name(c)
        rec = c.record
        pair = _dual_body_names(name, triggers) if rec is None and c.type == "ORG" else None
        for one in pair or (name,):
            entities.append(
                Entity(
                    id=f"e{len(entities) + 1}",
                    type=c.type,
                    name=one,
                    mentions=[doc.span(s, e) for s, e in spans],
                    name_en=rec.name_en if rec is not None else _english_name(c, one),
                    kb_id=rec.kb_id if rec is not None else None,
                    country=c.country,
                    sector=rec.sector if rec is not None else c.sector,
                )
            )
    return entities


def entities_stage(doc: Document) -> Document:
    """Pipeline stage: reads text/norm/tokens/sentences, adds ``entities``."""
    if doc.norm is None:
        doc.norm = normalize(doc.text)
    if not doc.tokens:
        from rasd.segment import segment_stage

        doc = segment_stage(doc)
    found = _find(doc)
    doc.entities = build_entities(doc, [m for _, _, m in found], title_references(doc, found))
    return doc


__all__ = ["entities_stage", "find_mentions", "build_entities", "proclitic_readings", "title_references", "TitleReference"]
