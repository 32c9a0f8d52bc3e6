from __future__ import annotations

import pytest

import rasd
from rasd.batch import iter_extracted
from rasd.document import Document
from rasd.pipeline import STAGES, EmptyDocument, Pipeline, PipelineOrderError, Stage
from rasd.resources import data_path
from rasd.schema import validate_document


def test_stages_are_in_an_order_where_every_read_is_available() -> None:
    Pipeline(STAGES)
    with pytest.raises(PipelineOrderError):
        Pipeline(tuple(reversed(STAGES)))
    with pytest.raises(PipelineOrderError):
        Pipeline((Stage("needs-entities", lambda d: d, reads=("entities",), adds=("events",)),))


def test_extract_api_on_plain_text_and_html() -> None:
    doc = rasd.extract("وقعت مصر والأردن اتفاقية للتعاون في مجال الطاقة.\nزر الذهاب إلى الأعلى", published="2024-01-02")
    assert isinstance(doc, Document) and doc.published == "2024-01-02" and doc.published_source == "option"
    assert "زر الذهاب" not in doc.text and doc.removed[0].rule == "back_to_top"
    html = "<html><head><title>عنوان</title></head><body><article><p>وقعت مصر والأردن اتفاقية للتعاون في مجال الطاقة.</p></article></body></html>"
    doc = rasd.extract(html, id="x1")
    assert doc.id == "x1" and doc.input_kind == "html" and doc.text.startswith("وقعت مصر")


def test_empty_article_is_an_error() -> None:
    with pytest.raises(EmptyDocument):
        rasd.extract("زر الذهاب إلى الأعلى")


def test_layers_are_lists_and_text_is_the_coordinate_system() -> None:
    doc = rasd.extract("قال الوزير إن الاتفاق مهم.")
    d = doc.to_dict()
    for layer in ("entities", "amounts", "dates", "events"):
        assert isinstance(d[layer], list)
    validate_document(d)


def _check(doc: Document) -> None:
    doc.validate()
    data = doc.to_dict(include_layers=True)
    validate_document(data)
    again = Document.from_dict(data)
    again.validate()
    for layer in ("entities", "amounts", "dates", "events"):
        for item in data[layer]:
            spans = item.get("mentions") or ([item] if "start" in item else [item["trigger"], item["evidence"]])
            for s in spans:
                assert doc.text[s["start"] : s["end"]] == s["text"]


def test_gold_json_files_are_read_as_records(seed_gold) -> None:  # type: ignore[no-untyped-def]
    from conftest import shared_path

    docs = list(iter_extracted([str(shared_path("seeds", "gold"))]))
    assert [d.id for d in docs] == [g["id"] for g in seed_gold]
    assert docs[0].published == "2023-09-18" and docs[0].input_kind == "json"


def test_bundled_samples_validate() -> None:
    docs = [d for d in iter_extracted([str(data_path("samples"))]) if isinstance(d, Document)]
    assert len(docs) == 5
    for doc in docs:
        _check(doc)


def test_seeds_validate_against_the_schema_with_exact_offsets(seeds_dir) -> None:  # type: ignore[no-untyped-def]
    docs = list(iter_extracted([str(p) for p in sorted(seeds_dir.glob("*.txt"))]))
    assert len(docs) == 5 and all(isinstance(d, Document) for d in docs)
    for doc in docs:
        _check(doc)


def test_lone_surrogates_and_nuls_do_not_break_a_document() -> None:
    doc = rasd.extract("وقعت مصر \ud800 اتفاقية\x00 للتعاون.")
    assert "\x00" not in doc.text and "\ud800" not in doc.text
    doc.validate()
    doc.text.encode("utf-8")
