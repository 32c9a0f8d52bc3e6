"""Saved RSS/Atom feeds: items matched to saved pages, or read from their own text."""

from __future__ import annotations

from pathlib import Path

from rasd.batch import iter_extracted
from rasd.document import Document
from rasd.ingest import RawRecord, Skipped, read_inputs
from rasd.ingest.feeds import PageIndex, is_feed_file, url_key

ARTICLE = "أعلنت الحكومة المصرية اليوم توقيع اتفاقية مع شركة سيمنس الألمانية لإنشاء محطة كهرباء بقيمة مليار دولار."
OTHER = "وقعت الإمارات والأردن مذكرة تفاهم في مجال الهيدروجين الأخضر خلال زيارة رسمية إلى عمان."


def page(text: str, canonical: str | None = None) -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"<html><head><title>t</title>{link}</head><body><article><p>{text}</p><p>{text}</p></article></body></html>"


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>أخبار</title>
<item><title>اتفاقية كهرباء</title><link>https://www.news.example/eco/2024/05/siemens-deal?ref=rss</link>
<pubDate>Tue, 07 May 2024 09:30:00 GMT</pubDate></item>
<item><title>هيدروجين</title><link>https://news.example/energy/h2-mou</link><pubDate>Wed, 08 May 2024 10:00:00 +0300</pubDate></item>
<item><title>نص كامل</title><link>https://news.example/not-saved</link><pubDate>Thu, 09 May 2024 08:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>{other}</p>]]></content:encoded></item>
<item><title>بلا نص</title><link>https://news.example/nothing</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>وكالة</title>
<entry><title>خبر</title><link href="https://agency.example/a/1"/><updated>2024-06-01T12:00:00Z</updated>
<summary>{article}</summary></entry></feed>"""


def make_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "harvest"
    (folder / "pages").mkdir(parents=True)
    (folder / "feed.xml").write_text(RSS.replace("{other}", OTHER), encoding="utf-8")
    # Found by its canonical URL (the feed link has www. and a tracking query the page lacks).
    (folder / "pages" / "p1.html").write_text(
        page(ARTICLE, "https://news.example/eco/2024/05/siemens-deal?ref=rss"), encoding="utf-8"
    )
    # Found by its file name, which only this page has.
    (folder / "pages" / "h2-mou.html").write_text(page(OTHER), encoding="utf-8")
    # A page no feed links to: read as an ordinary page.
    (folder / "pages" / "lonely.html").write_text(page(ARTICLE + " وحيد"), encoding="utf-8")
    return folder


def test_folder_of_feeds_and_pages(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    records = list(read_inputs([str(folder)]))
    kinds = [(type(r).__name__, getattr(r, "kind", None)) for r in records]
    assert kinds == [("RawRecord", "feed"), ("RawRecord", "feed"), ("RawRecord", "feed"), ("Skipped", None), ("RawRecord", "html")]
    deal, h2, full, nothing, lonely = records
    assert deal.source.endswith("p1.html") and deal.published == "2024-05-07" and deal.title == "اتفاقية كهرباء"
    assert deal.url == "https://www.news.example/eco/2024/05/siemens-deal?ref=rss"
    assert h2.source.endswith("h2-mou.html") and h2.published == "2024-05-08"
    assert full.source.endswith("feed.xml#3") and OTHER in full.html
    assert "no saved page" in nothing.reason
    assert lonely.source.endswith("lonely.html")
    docs = [d for d in iter_extracted([str(folder)]) if isinstance(d, Document)]
    assert [d.input_kind for d in docs] == ["feed", "feed", "feed", "html"]
    assert docs[0].published_source == "record" and ARTICLE in docs[0].text


def test_a_feed_file_alone_finds_pages_beside_it_and_atom_summaries(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    records = list(read_inputs([str(folder / "feed.xml")]))
    assert [type(r).__name__ for r in records] == ["RawRecord", "RawRecord", "RawRecord", "Skipped"]
    atom = tmp_path / "agency.atom"
    atom.write_text(ATOM.replace("{article}", ARTICLE), encoding="utf-8")
    [rec] = list(read_inputs([str(atom)]))
    assert isinstance(rec, RawRecord) and rec.text == ARTICLE and rec.published == "2024-06-01"


def test_the_same_item_in_two_snapshots_is_read_once(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    (folder / "feed-yesterday.rss").write_text(RSS.replace("{other}", OTHER), encoding="utf-8")
    records = list(read_inputs([str(folder)]))
    pages = [r.source for r in records if isinstance(r, RawRecord) and r.source.endswith(".html")]
    assert len(pages) == len(set(pages))


def test_broken_feeds_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a-broken.rss").write_bytes(b"<rss><channel \xff\xfe<<<")
    (tmp_path / "b-empty.atom").write_text('<feed xmlns="http://www.w3.org/2005/Atom"></feed>', encoding="utf-8")
    (tmp_path / "c-article.txt").write_text(ARTICLE, encoding="utf-8")
    records = list(read_inputs([str(tmp_path)]))
    assert [type(r).__name__ for r in records] == ["Skipped", "Skipped", "RawRecord"]
    assert "feed" in records[0].reason and "no items" in records[1].reason
    # Lenient parsing keeps the items of a feed whose XML is only slightly broken.
    (tmp_path / "d-sloppy.rss").write_text(
        f"<rss><channel><item><title>x & y</title><description>{ARTICLE}</description></item></channel></rss>", encoding="utf-8"
    )
    [rec] = [r for r in read_inputs([str(tmp_path / "d-sloppy.rss")])]
    assert isinstance(rec, RawRecord) and rec.text == ARTICLE


def test_feed_detection_and_url_keys(tmp_path: Path) -> None:
    (tmp_path / "a.xml").write_text('<?xml version="1.0"?><rss version="2.0"></rss>', encoding="utf-8")
    (tmp_path / "b.xml").write_text('<?xml version="1.0"?><sitemap></sitemap>', encoding="utf-8")
    assert is_feed_file(tmp_path / "a.xml") and not is_feed_file(tmp_path / "b.xml")
    assert url_key("HTTPS://WWW.Example.com/a/b/#top") == url_key("http://example.com/a/b")
    assert url_key("https://x.com/%D8%AE%D8%A8%D8%B1") == "x.com/خبر"


def test_page_index_matches_wget_layout_and_ignores_ambiguous_names(tmp_path: Path) -> None:
    for rel in ("news.example/eco/story-1.html", "news.example/eco/index.html", "news.example/pol/index.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(page(ARTICLE), encoding="utf-8")
    index = PageIndex(sorted(tmp_path.rglob("*.html")), tmp_path)
    assert index.find("https://news.example/eco/story-1") == tmp_path / "news.example/eco/story-1.html"
    assert index.find("https://news.example/pol/") == tmp_path / "news.example/pol/index.html"
    assert index.find("https://elsewhere.example/index") is None


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=600) | st.text(max_size=300).map(lambda t: f"<rss><channel><item><title>{t}</title><description>{t}</description></item></channel></rss>".encode("utf-8", "surrogatepass")))
def test_any_feed_bytes_give_records_or_reasons(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("feed") / "f.rss"
    path.write_bytes(data)
    for record in read_inputs([str(path)]):
        assert isinstance(record, (RawRecord, Skipped))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=120))
def test_any_link_is_looked_up_without_error(link: str) -> None:
    index = PageIndex([], None)
    assert index.find(link) is None
    assert isinstance(url_key(link), str)
