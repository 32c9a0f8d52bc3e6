"""Parallel, resumable batches: same results as one process, nothing lost or duplicated."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import rasd
from rasd.batch import (
    BatchSummary,
    count_records,
    iter_extracted,
    process_chunk,
    published_since,
    run_ingest,
)
from rasd.document import Document
from rasd.ingest import RawRecord
from rasd.pipeline import STAGES, Pipeline, Stage
from rasd.resources import sample_paragraphs
from rasd.store import open_store

from pg import postgres_server, postgres_url  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parent.parent


def write_corpus(path: Path, n: int, *, dated: bool = True) -> list[str]:
    """A JSONL file of ``n`` distinct synthetic articles made of recombined sample sentences."""
    sentences = sample_paragraphs()
    ids = []
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            picked = [sentences[(i * 7 + k * 3) % len(sentences)] for k in range(4)]
            record = {"id": f"art-{i:05d}", "text": "\n".join(picked) + f" (الخبر رقم {i})"}
            if dated:
                record["published"] = f"2024-0{1 + i % 3}-1{i % 10}"
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            ids.append(record["id"])
    return ids


def stored_ids(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]


def test_two_workers_store_exactly_what_one_process_stores(tmp_path: Path) -> None:
    corpus = tmp_path / "in.jsonl"
    ids = write_corpus(corpus, 60)
    (tmp_path / "broken.jsonl").write_text('{"id": "x", "text": "   "}\n{not json\n', encoding="utf-8")
    results = {}
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        with open_store(str(db)) as store:
            summary = run_ingest([str(corpus), str(tmp_path / "broken.jsonl")], store, chunk_size=16, workers=workers)
            results[workers] = {d: store.get_data(d) for d in ids}
        assert summary.stored == 60 and summary.unchanged == 0 and len(summary.skipped) == 2
        assert summary.ids == ids  # input order, whatever order the workers finished in
        assert summary.workers == workers
    for doc_id in ids:
        one, two = results[1][doc_id], results[2][doc_id]
        assert one is not None and two is not None
        assert {k: v for k, v in one.items() if k != "source"} == {k: v for k, v in two.items() if k != "source"}


def test_a_rerun_skips_what_is_stored_and_extracts_only_changes(tmp_path: Path) -> None:
    corpus = tmp_path / "in.jsonl"
    write_corpus(corpus, 30)
    with open_store(str(tmp_path / "s.db")) as store:
        first = run_ingest([str(corpus)], store, workers=2, chunk_size=8)
        lines = corpus.read_text(encoding="utf-8").splitlines()
        changed = json.loads(lines[3])
        changed["text"] += " وأضاف البيان تفاصيل جديدة."
        lines[3] = json.dumps(changed, ensure_ascii=False)
        corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
        again = run_ingest([str(corpus)], store, workers=2, chunk_size=8)
        assert (first.stored, again.stored, again.unchanged, again.extracted) == (30, 1, 29, 1)
        assert "تفاصيل جديدة" in store.get(changed["id"]).text
        assert store.count() == 30


def test_the_same_article_twice_in_one_run_is_stored_once(tmp_path: Path) -> None:
    corpus = tmp_path / "in.jsonl"
    write_corpus(corpus, 10)
    with open_store(str(tmp_path / "s.db")) as store:
        summary = run_ingest([str(corpus), str(corpus)], store, workers=2, chunk_size=4)
        assert summary.stored == 10 and summary.unchanged == 10 and store.count() == 10


def test_since_leaves_out_older_and_undated_articles(tmp_path: Path) -> None:
    corpus = tmp_path / "in.jsonl"
    ids = write_corpus(corpus, 30)
    undated = tmp_path / "undated.txt"
    undated.write_text(sample_paragraphs()[0] * 2, encoding="utf-8")
    expected = [i for n, i in enumerate(ids) if f"2024-0{1 + n % 3}-1{n % 10}" >= "2024-02-15"]
    with open_store(str(tmp_path / "s.db")) as store:
        summary = run_ingest([str(corpus), str(undated)], store, since="2024-02-15", workers=1)
        assert summary.ids == expected and summary.filtered == 30 - len(expected) + 1
    docs = [d for d in iter_extracted([str(corpus)], since="2024-02-15") if isinstance(d, Document)]
    assert [d.id for d in docs] == expected
    assert published_since("2024-02-15", "2024-02-15") and not published_since(None, "2024-01-01")
    assert published_since(None, None)


def test_process_chunk_does_not_extract_what_is_stored(tmp_path: Path) -> None:
    records = [RawRecord(source=f"s{i}", kind="text", text=f"{sample_paragraphs()[i]}", id=f"r{i}") for i in range(3)]
    calls = []

    def counting(doc: Document) -> Document:
        calls.append(doc.id)
        return doc

    pipeline = Pipeline((*STAGES, Stage("count", counting, reads=("text",), adds=())))
    first = process_chunk(records, None, pipeline=pipeline)
    stored = {d.id: (d.content_hash, rasd.__version__) for kind, d in first if kind == "doc"}  # type: ignore[union-attr]
    calls.clear()
    second = process_chunk(records, lambda ids: {i: stored[i] for i in ids if i in stored}, pipeline=pipeline)
    assert calls == [] and [k for k, _ in second] == ["unchanged"] * 3
    # Workers send documents back without their working layers (tokens, normalised text).
    assert all(d.tokens == [] and d.norm is None and d.sentences for k, d in first if k == "doc")  # type: ignore[union-attr]


def _die_on_marker(doc: Document) -> Document:
    if "☠" in doc.text:
        os._exit(3)  # a worker killed mid-article (out of memory, a crash in a C extension)
    return doc


def test_a_worker_that_dies_is_replaced_and_its_article_reported(tmp_path: Path) -> None:
    corpus = tmp_path / "in.jsonl"
    ids = write_corpus(corpus, 40)
    with corpus.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"id": "killer", "text": "مقال يقتل العامل ☠ " + sample_paragraphs()[0]}, ensure_ascii=False) + "\n")
    pipeline = Pipeline((*STAGES, Stage("die", _die_on_marker, reads=("text",), adds=())))
    with open_store(str(tmp_path / "s.db")) as store:
        summary = run_ingest([str(corpus)], store, pipeline=pipeline, workers=2, chunk_size=8)
        assert summary.worker_restarts >= 1
        assert [s.source for s in summary.skipped] == [f"{corpus}:41"]
        assert "worker died" in summary.skipped[0].reason
        assert summary.stored == 40 and sorted(stored_ids(tmp_path / "s.db")) == sorted(ids)


KILL_SCRIPT = """
import sys, time
from rasd.batch import run_ingest
from rasd.pipeline import STAGES, Pipeline, Stage
from rasd.store import open_store

def slow(doc):
    time.sleep(0.004)  # keep the run long enough to be killed in the middle
    return doc

store = open_store(sys.argv[1])
run_ingest([sys.argv[2]], store, pipeline=Pipeline((*STAGES, Stage("slow", slow, reads=("text",), adds=()))),
           chunk_size=20, workers=int(sys.argv[3]))
"""


@pytest.mark.parametrize("workers", [1, 2])
def test_a_run_killed_with_sigkill_resumes_with_nothing_lost_or_duplicated(tmp_path: Path, workers: int) -> None:
    corpus = tmp_path / "in.jsonl"
    ids = write_corpus(corpus, 300)
    db = tmp_path / "s.db"
    open_store(str(db)).close()  # the schema exists before the child starts, so it can be polled
    child = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(db), str(corpus), str(workers)],
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and child.poll() is None:
            if len(stored_ids(db)) >= 20:  # the first chunk is committed
                break
            time.sleep(0.02)
        assert child.poll() is None, f"the run ended before it could be killed: {child.stderr.read()!r}"
        os.killpg(child.pid, signal.SIGKILL)  # the writer and its workers, as a crash would
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait(timeout=30)
    before = stored_ids(db)
    assert 20 <= len(before) < 300 and len(before) % 20 == 0  # whole chunks only
    with open_store(str(db)) as store:
        summary = run_ingest([str(corpus)], store, chunk_size=20, workers=workers)
    after = stored_ids(db)
    assert after == sorted(ids)  # every article exactly once (ids are unique rows)
    assert summary.unchanged == len(before) and summary.stored == 300 - len(before)


def test_count_records_for_the_eta(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a.jsonl", 25)
    (tmp_path / "b.txt").write_text("نص", encoding="utf-8")
    (tmp_path / "c.jsonl").write_bytes(b'{"text": "x"}\n{"text": "y"}')  # no final line break
    assert count_records([str(tmp_path)]) == 28
    assert count_records(["-"]) is None
    (tmp_path / "d.jsonl.gz").write_bytes(b"")
    assert count_records([str(tmp_path)]) is None


def test_summary_counts_and_dict() -> None:
    s = BatchSummary(stored=2, unchanged=1, filtered=3)
    assert s.done == 6 and s.to_dict()["filtered"] == 3 and s.to_dict()["workers"] == 1


def test_hostile_articles_never_stop_a_parallel_batch(tmp_path: Path) -> None:
    lines = [
        {"id": "surrogate", "text": "وقعت مصر \ud800 والأردن اتفاقية \u0000 للتعاون في مجال الطاقة."},
        {"id": "digits", "text": "بلغت القيمة " + "9" * 500 + " دولار في العام الماضي."},
        {"id": "rtl", "text": "دفعت الشركة 3\u200f,\u200e5 مليار دولار لشركة \u061cسيمنس\u200f الألمانية."},
        {"id": "latin", "text": "No Arabic at all here, just English text about a deal."},
        {"id": "empty", "text": "\u200f\u200e  "},
    ]
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    with open_store(str(tmp_path / "s.db")) as store:
        summary = run_ingest([str(corpus)], store, workers=2, chunk_size=2)
        assert summary.stored + len(summary.skipped) == 5 and summary.stored >= 4
        again = run_ingest([str(corpus)], store, workers=2, chunk_size=2)
        assert again.stored == 0 and again.unchanged == summary.stored


def test_cli_ingest_with_workers_and_since(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from rasd.cli import app

    corpus = tmp_path / "in.jsonl"
    write_corpus(corpus, 24)
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(db), "--workers", "2", "--since", "2024-02-01", "-q"])
    assert result.exit_code == 0, result.output
    assert len(stored_ids(db)) == 16
    bad = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(db), "--since", "yesterday"])
    assert bad.exit_code != 0


@pytest.mark.slow
def test_parallel_ingest_into_postgresql_resumes(postgres_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "in.jsonl"
    ids = write_corpus(corpus, 60)
    with open_store(postgres_url) as store:
        first = run_ingest([str(corpus)], store, workers=2, chunk_size=8)
        again = run_ingest([str(corpus)], store, workers=2, chunk_size=8)
        assert first.stored == 60 and again.unchanged == 60 and again.extracted == 0
        assert store.count() == 60 and store.get(ids[-1]) is not None


def test_pack_and_unpack_keep_every_stored_layer() -> None:
    from rasd.batch import pack, unpack, slim

    text = "\n".join(sample_paragraphs()[:3])
    doc = slim(rasd.extract(text, id="p1", url="https://x.example/1", published="2024-03-01"))
    back = unpack(pack(doc))
    assert back.to_dict(include_layers=True) == doc.to_dict(include_layers=True)
    assert back.sentences == doc.sentences
    back.validate()


_TEST_PID = os.getpid()


def _die_in_any_worker(doc: Document) -> Document:
    if os.getpid() != _TEST_PID:
        os._exit(5)  # workers that cannot run at all (a broken install, no memory)
    return doc


def test_a_pool_whose_workers_always_die_stops_the_batch_instead_of_skipping_everything(tmp_path: Path) -> None:
    from rasd.batch import MAX_BREAKS_IN_A_ROW

    corpus = tmp_path / "in.jsonl"
    write_corpus(corpus, 12)
    pipeline = Pipeline((*STAGES, Stage("die", _die_in_any_worker, reads=("text",), adds=())))
    with open_store(str(tmp_path / "s.db")) as store:
        with pytest.raises(RuntimeError, match="keep dying"):
            run_ingest([str(corpus)], store, pipeline=pipeline, workers=2, chunk_size=4)
        assert store.count() == 0
    assert MAX_BREAKS_IN_A_ROW >= 5
