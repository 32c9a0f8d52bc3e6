"""Extraction on a Dask cluster: a LocalCluster of 2 worker processes on loopback."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Iterator

import pytest

from rasd.distributed import Shard, make_shards, read_shard, run_dask
from rasd.ingest import RawRecord, Skipped

from test_batch import write_corpus


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def test_jsonl_shards_cover_every_line_exactly_once(tmp_path: Path) -> None:
    corpus = tmp_path / "in.jsonl"
    ids = write_corpus(corpus, 57)
    (tmp_path / "b.txt").write_text("نص", encoding="utf-8")
    for shard_bytes in (1, 333, 1000, 10**9):
        shards = make_shards([str(corpus), str(tmp_path / "b.txt")], shard_bytes=shard_bytes)
        got = [r.id for s in shards for r in read_shard(s) if isinstance(r, RawRecord) and r.id]
        assert got == ids, shard_bytes
    assert make_shards([str(tmp_path)], 10**9) == [Shard(str(tmp_path / "b.txt")), Shard(str(corpus))]
    (tmp_path / "bad.jsonl").write_bytes(b'{"text": "\xff"}\n')
    [bad] = list(read_shard(Shard(str(tmp_path / "bad.jsonl"), 0, 10)))
    assert isinstance(bad, Skipped)


def test_ingest_on_a_local_cluster_into_sqlite_resumes(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "in.jsonl"
    ids = write_corpus(corpus, 80)
    db = tmp_path / "lake.db"
    summary = run_dask([str(corpus)], str(db), client, shard_bytes=4000, chunk_size=10)
    assert summary.stored == 80 and not summary.skipped and summary.workers == 2
    with sqlite3.connect(db) as conn:
        assert sorted(r[0] for r in conn.execute("SELECT id FROM documents")) == ids
    again = run_dask([str(corpus)], str(db), client, shard_bytes=4000, chunk_size=10, since="2024-02-01")
    assert again.stored == 0 and again.unchanged + again.filtered == 80 and again.filtered > 0


def test_parquet_lake_partitioned_by_day(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pyarrow.dataset as ds

    corpus = tmp_path / "in.jsonl"
    write_corpus(corpus, 30)
    lake = tmp_path / "lake"
    summary = run_dask([str(corpus)], f"parquet:{lake}", client, shard_bytes=3000)
    assert summary.stored == 30
    days = sorted(p.name for p in (lake / "documents").iterdir())
    assert days and all(d.startswith("published=2024-") for d in days)
    docs = ds.dataset(lake / "documents", partitioning="hive").to_table()
    assert docs.num_rows == 30 and len(set(docs.column("id").to_pylist())) == 30
    assert sorted(set(docs.column("published").to_pylist())) == [d.split("=")[1] for d in days]
    first = json.loads(docs.column("data")[0].as_py())
    assert first["text"] == docs.column("text")[0].as_py()
    # A re-run finds every shard done and writes nothing.
    again = run_dask([str(corpus)], f"parquet:{lake}", client, shard_bytes=3000)
    assert again.stored == 0 and ds.dataset(lake / "documents", partitioning="hive").count_rows() == 30


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(
    lines=st.lists(st.text(alphabet="اب ج\u200f{}\"x1", max_size=40), min_size=1, max_size=30),
    shard_bytes=st.integers(min_value=1, max_value=400),
    final_newline=st.booleans(),
)
def test_byte_range_shards_read_every_line_once(tmp_path_factory, lines: list[str], shard_bytes: int, final_newline: bool) -> None:  # type: ignore[no-untyped-def]
    import json as _json

    path = tmp_path_factory.mktemp("shard") / "d.jsonl"
    body = "\n".join(_json.dumps({"id": str(i), "text": t + "x"}, ensure_ascii=False) for i, t in enumerate(lines))
    path.write_text(body + ("\n" if final_newline else ""), encoding="utf-8")
    shards = make_shards([str(path)], shard_bytes=shard_bytes)
    records = [r for s in shards for r in read_shard(s)]
    assert [r.id for r in records if isinstance(r, RawRecord)] == [str(i) for i in range(len(lines))]
    assert not any(isinstance(r, Skipped) for r in records)


def test_copies_written_by_dask_workers_are_linked_after_the_run(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from rasd.dedup import link_stored
    from rasd.store import open_store
    from test_dedup import SAMPLES, rewrite_as_another_site

    corpus = tmp_path / "in.jsonl"
    copies = [{"id": f"copy-{i}", "text": rewrite_as_another_site(SAMPLES[1]["text"], f"موقع {i}")} for i in range(3)]
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [*SAMPLES, *copies]) + "\n", encoding="utf-8")
    db = tmp_path / "d.db"
    run_dask([str(corpus)], str(db), client, shard_bytes=2000, chunk_size=2)
    with open_store(str(db)) as store:
        assert link_stored(store) == len(SAMPLES) + 3
        cluster_of = {doc_id: cluster for doc_id, cluster, _sig in store.cluster_signatures()}
        assert len({cluster_of[d] for d in [SAMPLES[1]["id"], *(c["id"] for c in copies)]}) == 1
        assert len(set(cluster_of.values())) == len(SAMPLES)
