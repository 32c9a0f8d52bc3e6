"""The per-sentence indexes and shortcuts the entities stage uses to avoid per-token work give the
same answers as the plain per-token tests they replace."""

from __future__ import annotations

from rasd.document import Document, Token
from rasd.entities.kb import load_kb
from rasd.entities.patterns import FormIndex, _head_reading, head_union
from rasd.entities.stage import _match_rows, proclitic_readings
from rasd.entities.tagger import load_triggers
from rasd.normalize import normalize_stage
from rasd.segment import segment_stage

TEXT = (
    "وقال وزير الاقتصاد السوري نضال الشعار إن شركة \"أكوا باور\" السعودية ووزارة الطاقة وقعتا "
    "اتفاقا في منطقة جبل علي الحرة، بحضور ممثلين عن للأمم المتحدة وبالرياض والقاهرة. "
    "وأضاف أن لشركته \"زورفاتك\" مصنعا في بلدة تل الزعتر قرب قاعدة عين الأسد."
)


def _tokens(text: str = TEXT) -> list[Token]:
    return segment_stage(normalize_stage(Document(text=text))).tokens


def _old_proclitic_readings(tok: Token) -> tuple[tuple[int, str], ...]:
    out = []
    for at, form in tok.variants:
        if tok.norm.endswith(form) or (
            form.startswith("ال") and tok.norm.endswith(form[2:]) and tok.norm.startswith(("لل", "ولل", "فلل"))
        ):
            out.append((at, form))
    return tuple(out) or ((tok.start, tok.norm),)


def test_proclitic_readings_match_the_plain_definition() -> None:
    toks = _tokens()
    assert any(len(t.variants) > 1 for t in toks)
    for tok in toks:
        assert proclitic_readings(tok) == _old_proclitic_readings(tok)
    bare = Token(0, 3, "abc", "abc", 0, "abc")  # no variants at all
    assert proclitic_readings(bare) == ((0, "abc"),)


def test_form_index_finds_every_token_with_a_form_in_a_word_list() -> None:
    toks = _tokens()
    index = FormIndex(toks)
    triggers = load_triggers()
    for heads in (triggers.org_heads, triggers.company_heads, triggers.person_titles, triggers.facility_heads, frozenset({"الرياض"})):
        expected = [
            i for i, t in enumerate(toks)
            if t.kind == "word" and (t.stem in heads or t.norm in heads or any(f in heads for _, f in t.variants))
        ]
        assert index.where(heads) == expected
    assert index.where(frozenset({"لا-يوجد"})) == []
    assert FormIndex([]).where(triggers.org_heads) == []


def test_form_index_covers_what_head_reading_accepts() -> None:
    toks = _tokens()
    heads = head_union(load_triggers().org_heads, load_triggers().company_heads)
    at = set(FormIndex(toks).where(heads))
    for i, tok in enumerate(toks):
        if _head_reading(tok, heads) is not None:
            assert i in at


def test_form_index_reads_a_token_without_variants_by_its_norm_and_stem() -> None:
    tok = Token(0, 7, "والوزارة", "والوزاره", 1, "الوزاره")
    assert FormIndex([tok]).where(frozenset({"الوزاره"})) == [0]
    assert FormIndex([tok]).where(frozenset({"والوزاره"})) == [0]


def test_head_union_is_the_union_and_is_shared() -> None:
    a, b = frozenset({"x", "y"}), frozenset({"y", "z"})
    assert head_union(a, b) == {"x", "y", "z"}
    assert head_union(a, b) is head_union(a, b)


def test_kb_match_visits_only_possible_starts_with_the_same_result() -> None:
    kb = load_kb()
    toks = _tokens()
    rows = _match_rows(toks)
    # The plain left-to-right scan: every position is tried.
    expected = []
    i = 0
    while i < len(rows):
        found = kb.match(rows[i:])
        if found and found[0].first == 0:
            m = found[0]
            expected.append((i + m.first, i + m.last, m.records))
            i += m.last + 1
        else:
            i += 1
    assert [(m.first, m.last, m.records) for m in kb.match(rows)] == expected
    assert expected  # the text names places the knowledge base knows
