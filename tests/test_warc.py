"""WARC/ARC crawls: HTML responses read in stream; corrupt records reported, the rest kept."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rasd.batch import iter_extracted
from rasd.document import Document
from rasd.ingest import RawRecord, Skipped, read_inputs

ARTICLE = "وقعت مصر والأردن اتفاقية للتعاون في مجال الطاقة بقيمة مليار دولار خلال زيارة رسمية إلى عمان."


def _fixed_headers(i: int) -> dict[str, str]:
    """Record id and date fixed, so that the same call writes the same bytes (reproducible failures)."""
    return {"WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{i:012d}>", "WARC-Date": "2026-01-01T00:00:00Z"}


def write_warc(path: Path, n: int, *, gzip: bool = True, extras: bool = True) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for i in range(n):
            body = f"<html><body><article><p>{ARTICLE} رقم {i}</p><p>{ARTICLE}</p></article></body></html>"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    f"https://news.example/{i}", "response", payload=io.BytesIO(body.encode()), http_headers=headers, warc_headers_dict=_fixed_headers(i)
                )
            )
            if extras and i == 0:
                img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record("https://news.example/a.png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=img))
                moved = StatusAndHeaders("301 Moved", [("Location", "/0"), ("Content-Type", "text/html")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record("https://news.example/old", "response", payload=io.BytesIO(b"<html></html>"), http_headers=moved))
                writer.write_record(writer.create_warc_record("https://news.example/0", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))


@pytest.mark.parametrize("gzip", [True, False])
def test_html_responses_become_articles_and_the_rest_is_passed_over(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    write_warc(path, 4, gzip=gzip)
    records = list(read_inputs([str(path)]))
    assert all(isinstance(r, RawRecord) and r.kind == "warc" for r in records)
    assert [r.url for r in records] == [f"https://news.example/{i}" for i in range(4)]
    assert records[0].source == f"{path}@0" and records[1].source.startswith(f"{path}@")
    docs = [d for d in iter_extracted([str(path)]) if isinstance(d, Document)]
    assert len(docs) == 4 and docs[2].input_kind == "warc" and "رقم 2" in docs[2].text
    assert docs[0].published is None  # the crawl date is not a publication date


@pytest.mark.parametrize("gzip", [True, False])
def test_a_corrupt_record_is_reported_and_the_following_records_are_read(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    write_warc(path, 6, gzip=gzip, extras=False)
    good = [r.source for r in read_inputs([str(path)])]
    data = bytearray(path.read_bytes())
    third = int(good[2].rsplit("@", 1)[1])
    data[third : third + 30] = b"\x00" * 30  # wreck the third record's header
    path.write_bytes(bytes(data))
    records = list(read_inputs([str(path)]))
    kinds = [type(r).__name__ for r in records]
    assert kinds.count("Skipped") == 1 and kinds.count("RawRecord") == 5
    bad = next(r for r in records if isinstance(r, Skipped))
    assert "corrupt WARC record" in bad.reason
    # The offset of the broken record (in a plain WARC, possibly of the blank lines before it).
    assert 0 <= third - int(bad.source.rsplit("@", 1)[1]) <= 4
    assert [r.url for r in records if isinstance(r, RawRecord)] == [f"https://news.example/{i}" for i in (0, 1, 3, 4, 5)]


def test_garbage_and_truncated_crawls_do_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "a.warc.gz").write_bytes(b"\x1f\x8b\x08 this is no crawl" * 10)
    write_warc(tmp_path / "b.warc.gz", 3, extras=False)
    data = (tmp_path / "b.warc.gz").read_bytes()
    (tmp_path / "b.warc.gz").write_bytes(data[: len(data) - 40])
    (tmp_path / "c.txt").write_text(ARTICLE, encoding="utf-8")
    records = list(read_inputs([str(tmp_path)]))
    assert isinstance(records[0], Skipped)
    assert isinstance(records[-1], RawRecord) and records[-1].source.endswith("c.txt")
    assert sum(1 for r in records if isinstance(r, RawRecord) and r.kind == "warc") >= 2


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=3000), st.binary(min_size=1, max_size=40))
def test_any_damage_to_a_crawl_gives_records_or_reasons(tmp_path_factory, at: int, junk: bytes) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("warc")
    path = folder / "c.warc.gz"
    write_warc(path, 4, extras=False)
    data = bytearray(path.read_bytes())
    at = min(at, len(data) - 1)
    data[at : at + len(junk)] = junk
    path.write_bytes(bytes(data))
    records = list(read_inputs([str(path)]))
    assert records and all(isinstance(r, (RawRecord, Skipped)) for r in records)
    urls = [r.url for r in records if isinstance(r, RawRecord)]
    assert len(urls) <= 4 and len(set(urls)) == len(urls)  # no record twice, whatever the damage
