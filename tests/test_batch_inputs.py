"""Compressed inputs: gzip, bz2 and zstd JSONL dumps and articles, read in stream."""

from __future__ import annotations

import bz2
import gzip
import json
from pathlib import Path

import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.ingest import RawRecord, Skipped, read_inputs

ARTICLE = "أعلنت الحكومة المصرية اليوم توقيع اتفاقية مع شركة سيمنس الألمانية لإنشاء محطة كهرباء بقيمة مليار دولار."
COMPRESS = {
    ".gz": gzip.compress,
    ".bz2": bz2.compress,
    ".zst": lambda data: zstandard.ZstdCompressor().compress(data),
}


def dump(n: int) -> bytes:
    return "".join(
        json.dumps({"id": f"a{i}", "text": f"{ARTICLE} {i}", "published": "2024-05-0" + str(1 + i % 9)}, ensure_ascii=False) + "\n"
        for i in range(n)
    ).encode("utf-8")


@pytest.mark.parametrize("suffix", sorted(COMPRESS))
def test_compressed_jsonl_gives_every_record(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"dump.jsonl{suffix}"
    path.write_bytes(COMPRESS[suffix](dump(200)))
    records = list(read_inputs([str(path)]))
    assert [r.id for r in records] == [f"a{i}" for i in range(200)]
    assert all(isinstance(r, RawRecord) and r.kind == "jsonl" and r.published for r in records)
    assert records[5].source == f"{path}:6"


@pytest.mark.parametrize("suffix", sorted(COMPRESS))
def test_compressed_file_cut_short_keeps_what_was_read_and_reports_the_break(tmp_path: Path, suffix: str) -> None:
    data = COMPRESS[suffix](dump(3000))
    path = tmp_path / f"dump.jsonl{suffix}"
    path.write_bytes(data[: len(data) * 2 // 3])
    records = list(read_inputs([str(path)]))
    good = [r for r in records if isinstance(r, RawRecord)]
    bad = [r for r in records if isinstance(r, Skipped)]
    assert len(bad) == 1 and ("cut short" in bad[0].reason or "damaged" in bad[0].reason)
    assert records[-1] is bad[0]
    assert [r.id for r in good] == [f"a{i}" for i in range(len(good))]  # a clean prefix, nothing invented


def test_concatenated_zstd_frames_are_read_across(tmp_path: Path) -> None:
    c = zstandard.ZstdCompressor()
    path = tmp_path / "dump.jsonl.zst"
    path.write_bytes(c.compress(dump(3)) + c.compress(dump(2)))
    assert len(list(read_inputs([str(path)]))) == 5


@pytest.mark.parametrize("suffix", sorted(COMPRESS))
def test_compressed_text_and_html_articles(tmp_path: Path, suffix: str) -> None:
    (tmp_path / f"a.txt{suffix}").write_bytes(COMPRESS[suffix](ARTICLE.encode("cp1256")))
    html = f"<html><body><article><p>{ARTICLE}</p></article></body></html>"
    (tmp_path / f"b.html{suffix}").write_bytes(COMPRESS[suffix](html.encode("utf-8")))
    a, b = list(read_inputs([str(tmp_path)]))
    assert a.text == ARTICLE and b.html == html


def test_decompression_bombs_stop_at_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * (20 * 1024 * 1024)))
    [rec] = list(read_inputs([str(path)], max_bytes=1024 * 1024))
    assert isinstance(rec, Skipped) and "limit" in rec.reason


def test_garbage_with_a_compressed_suffix_is_reported(tmp_path: Path) -> None:
    for suffix in COMPRESS:
        (tmp_path / f"x.jsonl{suffix}").write_bytes(b"this is not compressed at all")
    records = list(read_inputs([str(tmp_path)]))
    assert len(records) == 3 and all(isinstance(r, Skipped) for r in records)


@settings(max_examples=40, deadline=None)
@given(cut=st.integers(min_value=0, max_value=4000), suffix=st.sampled_from(sorted(COMPRESS)))
def test_any_truncation_parses_or_is_reported(tmp_path_factory, cut: int, suffix: str) -> None:  # type: ignore[no-untyped-def]
    data = COMPRESS[suffix](dump(60))
    path = tmp_path_factory.mktemp("cut") / f"d.jsonl{suffix}"
    path.write_bytes(data[: min(cut, len(data))])
    records = list(read_inputs([str(path)]))
    ids = [r.id for r in records if isinstance(r, RawRecord)]
    assert ids == [f"a{i}" for i in range(len(ids))]
    if cut < len(data):
        assert records and isinstance(records[-1], Skipped)
