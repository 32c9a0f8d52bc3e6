"""Arabic-aware full-text search and filters, on SQLite FTS5 and PostgreSQL."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pg import postgres_server, postgres_url  # noqa: F401  (fixtures)
from store_samples import sample_documents

from rasd.store import Filters, QueryError, open_store
from rasd.store.searchtext import find_hits, index_text, query_terms, skeleton, snippet, word_forms


# -- the normalised index copy ---------------------------------------------------------------


def test_word_forms_set_clitics_aside():
    assert "تسلا" in word_forms("وتسلا")
    assert "شركه" in word_forms("لشركته")
    assert "الامم" in word_forms("للامم")
    assert word_forms("tesla") == ["tesla"]
    assert word_forms("2024") == ["2024"]


def test_skeleton_drops_a_ya_between_consonants_only():
    assert skeleton("تيسلا") == skeleton("تسلا") == "تسلا"
    assert skeleton("بيت") == "بيت"  # too short to fold
    assert skeleton("بايدن") == "بايدن"  # after a long vowel the ya is a consonant
    assert skeleton("يوسف") == "يوسف"  # first letter kept
    assert skeleton("تعاون") == "تعاون"  # no ya


def test_index_text_is_normalised_and_split():
    body = index_text("عنوان", "وَقَّعَت «تسلا» اتفاقًا بـ٣٫٥ مليار")
    terms = body.split()
    assert "وقعت" in terms and "تسلا" in terms and "اتفاقا" in terms
    assert "3" in terms and "5" in terms and "عنوان" in terms


def test_query_terms_strip_operators_and_quotes():
    groups = query_terms('"تسلا" OR NEAR(x) ; DROP TABLE documents; --')
    flat = [t for g in groups for t in g]
    assert all(t.replace("ى", "").isalnum() for t in flat)
    assert query_terms("") == [] and query_terms("!!! ;; ''") == []


def test_snippet_highlights_in_the_original_text():
    text = "قالت مصادر إن وتيسلا، الشركة الأمريكية، وقّعت اتفاقًا جديدًا."
    snip = snippet(text, query_terms("تسلا"))
    assert [text[s:e] for s, e in snip["highlights"]] == ["وتيسلا"]
    assert snip["text"] == text[snip["start"] : snip["end"]]


def test_hits_survive_diacritics_and_marks():
    text = "أعلنت تَسْلا\u200f عن خطة"
    hits = find_hits(text, query_terms("تسلا"))
    assert len(hits) == 1 and text[hits[0][0] : hits[0][1]].startswith("تَسْلا")


@given(st.text(max_size=200))
@settings(max_examples=150, deadline=None)
def test_query_and_index_never_crash(s):
    for group in query_terms(s):
        assert group and all(t and len(t) <= 61 for t in group)
    index_text(s, s)
    snippet(s, query_terms(s))


# -- search on both databases ----------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def store(request, tmp_path_factory):
    """One store per database for the whole module: these tests only read."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("search") / "search.db")
    else:
        url = request.getfixturevalue("postgres_server").new_database()
    s = open_store(url)
    s.save(sample_documents())
    yield s
    s.close()
    if request.param == "postgresql":
        request.getfixturevalue("postgres_server").drop_database(url)


def ids(result) -> set[str]:
    return {h.id for h in result.hits}


@pytest.mark.parametrize("query", ["تسلا", "وتسلا", "تيسلا", "وتيسلا", "تَسْلا", "لتسلا"])
def test_spellings_and_clitics_find_the_same_articles(store, query):
    result = store.search(query)
    assert ids(result) == {"tesla-saudi", "tesla-china", "hostile"}
    assert result.total == 3
    for hit in result.hits:
        assert hit.snippet["highlights"], hit


def test_all_words_must_match(store):
    assert ids(store.search("تسلا الصين")) == {"tesla-china"}
    assert ids(store.search("أرامكو")) == {"aramco-denial"}
    assert store.search("كلمةغيرموجودة").total == 0


def test_ranking_prefers_the_headline_and_more_occurrences(store):
    hits = store.search("السعودية").hits
    assert [h.id for h in hits] == ["tesla-saudi", "aramco-denial"]  # in the headline and the text
    assert hits[0].score > hits[1].score
    assert all(h.score is not None for h in store.search("تسلا").hits)


def test_filters(store):
    assert ids(store.search("تسلا", type="AGREE")) == {"tesla-saudi"}
    assert ids(store.search("", type="agree")) == {"tesla-saudi", "aramco-denial"}
    assert ids(store.search("", modality="denied")) == {"aramco-denial"}
    assert ids(store.search("", country="CN")) == {"tesla-china", "aramco-denial"}
    assert ids(store.search("", since="2024-05", until="2024-05")) == {"tesla-saudi"}
    assert ids(store.search("", since="2024")) == {"tesla-saudi", "tesla-china", "hostile"}
    assert ids(store.search("", until="2023")) == {"aramco-denial"}
    assert ids(store.search("", min_amount=1e9, max_amount=1e10)) == {"tesla-saudi"}
    assert ids(store.search("", max_amount=50)) == {"tesla-china"}


def test_actor_filter_by_id_key_name_and_alias(store):
    tesla = store.actors("tesla")["items"][0]
    for value in (tesla["id"], str(tesla["id"]), tesla["key"], "Tesla", "تسلا", "تيسلا"):
        assert ids(store.search("", actor=value)) == {"tesla-saudi", "tesla-china", "hostile"}, value
    assert store.search("", actor="لا أحد").total == 0
    assert store.search("", actor="99999999999999999999999").total == 0


def test_empty_query_lists_newest_first_with_paging(store):
    page1 = store.search("", limit=2)
    page2 = store.search("", limit=2, offset=2)
    assert page1.total == page2.total == 4
    assert [h.id for h in page1.hits] == ["tesla-china", "tesla-saudi"]
    assert [h.id for h in page2.hits] == ["hostile", "aramco-denial"]


@pytest.mark.parametrize(
    "query",
    ["' OR 1=1 --", '"', "تسلا\"", "NEAR(تسلا الصين)", "تسلا*", "col:تسلا", "a & b | !c", "'); DROP TABLE documents; --",
     "\x00", "\ud800", "٣" * 500, "^تسلا", "(((", "AND", "OR"],
)
def test_injection_strings_are_just_words(store, query):
    result = store.search(query)
    assert result.total >= 0
    assert store.count() == 4  # nothing was dropped


def test_unstorable_and_hostile_filter_values(store):
    for value in ["\x00", "a\x00b", "\ud800", "'; DROP TABLE actors; --", "%", "_", "\\"]:
        for field in ["actor", "type", "modality", "country"]:
            assert store.search("", **{field: value}).total == 0, (field, value)
            assert store.events(**{field: value})["total"] == 0, (field, value)
        store.actors(value, type=value, country=value)
        assert store.get(value) is None and store.document_view(value) is None and store.known([value]) == {}
    assert store.count() == 4


def test_bad_filter_values_are_query_errors():
    for bad in ({"since": "yesterday"}, {"until": "2024-13-45x"}, {"min_amount": "lots"}):
        with pytest.raises(QueryError):
            Filters(**bad)
    with pytest.raises(QueryError):
        from rasd.store.query import check_page

        check_page(0, 0)


def test_events_listing(store):
    events = store.events(actor="Tesla")
    assert {e["type"] for e in events["items"]} == {"AGREE", "COOPERATE", "COERCE"}
    assert store.events(type="AGREE", modality="denied")["items"][0]["doc_id"] == "aramco-denial"
    assert store.events(min_amount=1e9)["total"] == 2
    assert store.events(q="الصين")["total"] == 1
    timeline = store.events(actor="تسلا", newest_first=False)["items"]
    assert [e["when"] for e in timeline] == sorted(e["when"] for e in timeline)


def test_actor_page_has_timeline_and_network(store):
    tesla = store.actors("تسلا")["items"][0]
    detail = store.actor(tesla["id"])
    assert {n["name"] for n in detail["names"]} == {"تسلا", "تيسلا"}
    assert len(detail["documents"]) == 3
    node_names = {n["name"] for n in detail["network"]["nodes"]}
    assert {"وزارة الاستثمار السعودية", "بي واي دي", "إيلون ماسك"} <= node_names
    byd = next(n for n in detail["network"]["nodes"] if n["name"] == "بي واي دي")
    assert any(e["source"] == byd["id"] and e["target"] == tesla["id"] for e in detail["network"]["edges"])
    assert store.actor(10**6) is None


def test_events_over_time(store):
    months = store.events_over_time()
    assert {"month": "2024-05", "type": "AGREE", "count": 1} in months
    assert sum(m["count"] for m in months) == 4


def test_entity_names_are_searchable_across_scripts(store):
    # The English name of a linked entity finds the Arabic articles, highlighting its mentions.
    result = store.search("Tesla")
    assert ids(result) == {"tesla-saudi"}  # the only article whose entity carries name_en
    hit = result.hits[0]
    text = store.get(hit.id).text
    assert [text[s:e] for s, e in hit.snippet["highlights"]] == ["تسلا"]
    assert ids(store.search("Elon Musk")) == {"tesla-saudi"}


ARABIC_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهي"


@given(st.text(alphabet=ARABIC_LETTERS, min_size=3, max_size=8), st.sampled_from(["و", "ف", "ب", "ل", "وب", "ول"]))
@settings(max_examples=200, deadline=None)
def test_a_word_and_its_proclitic_form_find_each_other(word, clitic):
    def meets(text: str, query: str) -> bool:
        indexed = set(index_text(text).split())
        return all(indexed & set(group) for group in query_terms(query))

    assert meets(clitic + word, word)  # "تسلا" finds "وتسلا"
    assert meets(word, clitic + word)  # "وتسلا" finds "تسلا"


@given(st.text(alphabet="بتثجحخدذرزسشصضطظعغفقكلمن", min_size=4, max_size=8), st.data())
@settings(max_examples=200, deadline=None)
def test_an_optional_ya_between_consonants_is_folded(word, data):
    i = data.draw(st.integers(min_value=1, max_value=len(word) - 1))
    with_ya = word[:i] + "ي" + word[i:]
    for text, query in ((word, with_ya), (with_ya, word)):
        indexed = set(index_text(text).split())
        assert all(indexed & set(group) for group in query_terms(query)), (text, query)


@given(q=st.text(max_size=40), actor=st.text(max_size=20))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_query_runs_on_both_engines(store, q, actor):
    result = store.search(q, actor=actor or None)
    assert 0 <= result.total <= 4
    store.events(q, actor=actor or None)
