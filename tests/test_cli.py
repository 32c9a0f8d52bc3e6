from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rasd.cli import app
from rasd.resources import data_path
from rasd.schema import validate_document

runner = CliRunner()
SAMPLES = str(data_path("samples"))


def run(*args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result


def test_extract_jsonl_keeps_record_ids_and_dates() -> None:
    result = run("extract", str(data_path("samples", "articles.jsonl")))
    assert result.exit_code == 0
    docs = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [d["id"] for d in docs] == ["sample-investment", "sample-mou", "sample-call", "sample-denial"]
    assert docs[0]["published"] == "2024-03-12"
    for d in docs:
        validate_document(d)


def test_extract_json_table_and_out_file(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    assert run("extract", SAMPLES, "--format", "json", "--out", str(out)).exit_code == 0
    docs = json.loads(out.read_text(encoding="utf-8"))
    assert len(docs) == 5
    table = run("extract", str(data_path("samples", "trade.html")), "--format", "table")
    assert table.exit_code == 0 and "4ad891" in table.stdout or table.stdout


def test_extract_published_option_applies_to_records_without_a_date(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("وقعت مصر والأردن اتفاقية للتعاون في مجال الطاقة.", encoding="utf-8")
    doc = json.loads(run("extract", str(article), "--published", "2024-02-03").stdout)
    assert doc["published"] == "2024-02-03" and doc["published_source"] == "option"
    bad = runner.invoke(app, ["extract", str(article), "--published", "03/02/24x"])
    assert bad.exit_code != 0


def test_extract_reports_skipped_inputs_and_fails_when_nothing_is_left(tmp_path: Path) -> None:
    (tmp_path / "bin.dat").write_bytes(b"\x00\x01\x02" * 100)
    result = runner.invoke(app, ["extract", str(tmp_path / "bin.dat"), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert "binary" in result.stderr and "no such file" in result.stderr


def test_ingest_twice_stores_one_copy_and_reports(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    first = run("ingest", SAMPLES, str(tmp_path / "empty.txt"), "--db", db, "--quiet")
    assert first.exit_code == 0 and "stored" in first.stderr and "empty" in first.stderr
    second = run("ingest", SAMPLES, "--db", db, "--quiet")
    assert second.exit_code == 0
    stats = json.loads(run("stats", "--db", db, "--json").stdout)
    assert stats["documents"] == 5
    assert "unchanged" in second.stderr


def test_show_stats_and_demo(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    demo = run("demo", "--db", db)
    assert demo.exit_code == 0 and "sample-investment" in demo.stdout + demo.stderr or "صندوق" in demo.stdout
    shown = json.loads(run("show", "sample-call", "--db", db, "--format", "json").stdout)
    assert shown["id"] == "sample-call"
    validate_document(shown)
    assert run("show", "sample-call", "--db", db).exit_code == 0
    assert runner.invoke(app, ["show", "nope", "--db", db]).exit_code == 1
    assert run("stats", "--db", db).exit_code == 0


def test_eval_prints_the_full_table(tmp_path: Path) -> None:
    from conftest import shared_path

    result = run("eval", str(shared_path("seeds", "gold")))
    assert result.exit_code == 0
    for row in ("entities", "entities_typed", "entities_MISC", "amounts", "dates", "events_strict", "events_lenient", "events_typed_only"):
        assert row in result.stdout
    as_json = json.loads(run("eval", str(shared_path("dev", "gold")), "--json").stdout)
    assert as_json["documents"] == 20 and "events_lenient" in as_json["scores"]


def test_export_events_from_the_store(tmp_path: Path) -> None:
    import csv

    db = str(tmp_path / "x.db")
    run("ingest", SAMPLES, "--db", db, "--quiet")
    out = tmp_path / "events.jsonl"
    assert run("export", str(out), "--db", db).exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all(r["type"] for r in rows)
    csv_out = tmp_path / "events.csv"
    assert run("export", str(csv_out), "--format", "csv", "--db", db, "--since", "2024-03-01").exit_code == 0
    with csv_out.open(encoding="utf-8-sig") as f:
        dated = list(csv.DictReader(f))
    assert len(dated) < len(rows) and all(r["published"] >= "2024-03-01" for r in dated)
    assert run("export", str(tmp_path / "lake"), "--partitioned", "--db", db).exit_code == 0
    assert any((tmp_path / "lake").rglob("*.parquet"))
    assert runner.invoke(app, ["export", str(out), "--format", "xml", "--db", db]).exit_code != 0
