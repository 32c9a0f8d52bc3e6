"""Events export: flat rows with PLOVER and CAMEO codes, as JSON Lines, CSV and Parquet."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from events_harness import gold_entity_document
from rasd.document import Document
from rasd.events import events_stage
from rasd.export import COLUMNS, event_rows, events_csv, export_events

TEXT = "دعا أردوغان ماسك إلى فتح مصنع في تركيا. والتقى أردوغان مع ماسك في نيويورك."
ENTS = [
    {"type": "PERSON", "name_en": "Recep Tayyip Erdogan", "aliases": ["أردوغان"]},
    {"type": "PERSON", "name_en": "Elon Musk", "aliases": ["ماسك"]},
    {"type": "GPE", "name_en": "Turkey", "aliases": ["تركيا"]},
    {"type": "GPE", "name_en": "New York City", "aliases": ["نيويورك"]},
]


@pytest.fixture
def docs() -> list[Document]:
    doc = events_stage(gold_entity_document({"id": "d1", "text": TEXT, "entities": ENTS}))
    doc.url = "https://example.org/a"
    return [doc]


def test_rows_carry_codes_actors_and_offsets(docs: list[Document]) -> None:
    rows = list(event_rows(docs))
    assert [r["type"] for r in rows] == ["REQUEST", "CONSULT"]
    req, meet = rows
    assert req["cameo_root"] == "10" and meet["cameo_root"] == "04"
    assert req["cameo_code"] == "100"
    assert req["source_en"] == "Recep Tayyip Erdogan" and req["target_en"] == "Elon Musk"
    assert req["source_type"] == "PERSON" and req["doc_id"] == "d1" and req["url"] == "https://example.org/a"
    assert TEXT[req["trigger_start"] : req["trigger_end"]] == req["trigger_text"] == "دعا"
    assert TEXT[meet["evidence_start"] : meet["evidence_end"]] == meet["evidence_text"]
    assert meet["location_en"] == "New York City"
    assert set(req) == set(COLUMNS)


def test_jsonl_and_csv_files(tmp_path: Path, docs: list[Document]) -> None:
    n = export_events(docs, "jsonl", tmp_path / "e.jsonl")
    lines = (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()
    assert n == len(lines) == 2 and json.loads(lines[0])["trigger_text"] == "دعا"
    assert export_events(docs, "csv", tmp_path / "e.csv") == 2
    with (tmp_path / "e.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[1]["type"] == "CONSULT" and rows[1]["target_en"] in ("Elon Musk", "Recep Tayyip Erdogan")
    assert events_csv(docs).splitlines()[0].split(",")[0] == "doc_id"


def test_parquet_file(tmp_path: Path, docs: list[Document]) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    assert export_events(docs, "parquet", tmp_path / "e.parquet") == 2
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 2 and table.column("type").to_pylist() == ["REQUEST", "CONSULT"]
    assert table.column("trigger_start").type.bit_width == 64


def test_unknown_format_and_empty_input(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        export_events([], "xlsx", tmp_path / "x")
    assert export_events([], "jsonl", tmp_path / "empty.jsonl") == 0
    assert export_events([Document(text="لا شيء")], "csv", tmp_path / "none.csv") == 0
