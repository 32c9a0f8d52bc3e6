from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd.batch import iter_extracted
from rasd.ingest import RawRecord, Skipped, read_inputs
from rasd.ingest.decode import DecodeError, decode_bytes
from rasd.ingest.readers import parse_jsonl_line, read_stream
from rasd.ingest.records import normalize_published

ARTICLE = "أعلنت الحكومة المصرية اليوم توقيع اتفاقية مع شركة سيمنس الألمانية لإنشاء محطة كهرباء بقيمة مليار دولار."


def records(paths: list[Path | str], **kw) -> list[RawRecord | Skipped]:  # type: ignore[no-untyped-def]
    return list(read_inputs([str(p) for p in paths], **kw))


@pytest.mark.parametrize(
    "encoding, prefix",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1256", b""), ("iso8859_6", b""), ("utf-16", b"")],
)
def test_arabic_encodings_are_detected(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = ARTICLE if encoding != "iso8859_6" else ARTICLE.replace("ـ", "")
    path = tmp_path / "a.txt"
    path.write_bytes(prefix + text.encode(encoding))
    [rec] = records([path])
    assert isinstance(rec, RawRecord) and rec.text == text


def test_mixed_utf8_and_cp1256_is_read_without_loss(tmp_path: Path) -> None:
    data = (ARTICLE * 3).encode("utf-8") + " ".encode() + "الكويت".encode("cp1256")
    text, enc = decode_bytes(data)
    assert enc == "utf-8+cp1256" and text.endswith("الكويت") and ARTICLE in text


def test_binary_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    [rec] = records([path])
    assert isinstance(rec, Skipped) and "binary" in rec.reason
    with pytest.raises(DecodeError):
        decode_bytes(bytes(range(256)))


def test_empty_and_missing_inputs_are_reported(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    result = records([tmp_path / "empty.txt", tmp_path / "blank.txt", tmp_path / "missing.txt"])
    assert [type(r) for r in result] == [Skipped, Skipped, Skipped]
    assert "empty" in result[0].reason and "empty" in result[1].reason and "no such" in result[2].reason


def test_folders_are_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "1.txt").write_text(ARTICLE + " أ", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    result = records([tmp_path])
    assert [Path(r.source).name for r in result] == ["1.txt", "2.txt"]


def test_jsonl_keeps_ids_and_dates_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"id": 7, "text": ARTICLE, "published": "2023-09-18T10:00:00Z", "url": "https://x.test/a"}),
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"id": "no-text"}),
        "",
        json.dumps({"id": "h", "html": f"<html><body><article><p>{ARTICLE}</p></article></body></html>", "title": "عنوان"}),
        json.dumps({"id": "blank", "text": "   "}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = records([path])
    assert isinstance(result[0], RawRecord) and result[0].id == "7" and result[0].published == "2023-09-18"
    assert [type(r).__name__ for r in result] == ["RawRecord", "Skipped", "Skipped", "Skipped", "RawRecord", "Skipped"]
    assert result[1].source.endswith(":2") and "invalid JSON" in result[1].reason
    assert result[4].html is not None and result[4].title == "عنوان"


def test_jsonl_line_with_invalid_utf8_is_skipped_alone(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b'{"text": "\xff\xfe bad"}\n' + json.dumps({"text": ARTICLE}).encode() + b"\n")
    result = records([path])
    assert isinstance(result[0], Skipped) and isinstance(result[1], RawRecord)


def test_stdin_text_and_jsonl() -> None:
    [rec] = list(read_stream(io.BytesIO(ARTICLE.encode()), "-"))
    assert isinstance(rec, RawRecord) and rec.kind == "stdin" and rec.text == ARTICLE
    data = (json.dumps({"id": "a", "text": ARTICLE}) + "\n" + json.dumps({"id": "b", "text": ARTICLE}) + "\n").encode()
    assert [r.id for r in read_stream(io.BytesIO(data), "-")] == ["a", "b"]


def test_oversized_files_are_skipped_with_their_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as f:
        chunk = ("<div><p>" + ARTICLE + "</p></div>\n").encode()
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            f.write(chunk)
    [rec] = records([path])
    assert isinstance(rec, Skipped) and "MB" in rec.reason and "limit" in rec.reason


def test_broken_html_is_extracted_or_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "1-broken.html").write_text("<html><body><div><p>" + ARTICLE + "<p><b>غير مغلق <table><tr><td>", encoding="utf-8")
    (tmp_path / "2-nothing.html").write_text("<html><head><title>t</title></head><body><script>x()</script></body></html>", encoding="utf-8")
    (tmp_path / "3-good.txt").write_text(ARTICLE, encoding="utf-8")
    results = list(iter_extracted([str(tmp_path)]))
    kinds = [type(r).__name__ for r in results]
    assert kinds[1] == "Skipped" and "no article text" in results[1].reason
    assert kinds[2] == "Document"
    assert kinds[0] in ("Document", "Skipped")


def test_html_page_gives_text_title_date_and_url(tmp_path: Path) -> None:
    from rasd.resources import data_path

    [doc] = [d for d in iter_extracted([str(data_path("samples", "trade.html"))])]
    assert doc.input_kind == "html" and doc.published == "2024-06-04" and doc.published_source == "metadata"
    assert doc.title and "22 مليار يورو" in doc.title
    assert "الرئيسية" not in doc.text and "جميع الحقوق" not in doc.text
    assert "بلغ نحو 22 مليار يورو" in doc.text


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2023-09-18", "2023-09-18"),
        ("2023-09-18T10:00:00+03:00", "2023-09-18"),
        ("2023/9/8", "2023-09-08"),
        ("Mon, 18 Sep 2023 10:00:00 GMT", "2023-09-18"),
        ("2023-02-30", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_publication_dates_are_normalised(value, expected) -> None:  # type: ignore[no-untyped-def]
    assert normalize_published(value) == expected


@given(st.text(max_size=300))
def test_any_jsonl_line_parses_or_is_skipped(line: str) -> None:
    result = parse_jsonl_line(line, "x:1", 10_000)
    assert result is None or isinstance(result, (RawRecord, Skipped))


@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_raise_decode_error(data: bytes) -> None:
    try:
        text, _ = decode_bytes(data)
    except DecodeError:
        return
    assert isinstance(text, str)
