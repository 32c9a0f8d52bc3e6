"""The dashboard pages, rendered on the server: RTL, escaping, highlights, charts, offline."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from store_samples import sample_documents

from rasd.api import create_app
from rasd.store import open_store
from rasd.web.render import highlight, layers_css, month_chart, network_layout


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = open_store(str(tmp_path_factory.mktemp("web") / "web.db"))
    store.save(sample_documents())
    yield TestClient(create_app(store))
    store.close()


PAGES = ["/", "/search", "/search?q=تسلا", "/actors", "/actors/1", "/documents/tesla-saudi", "/documents/hostile"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_arabic_rtl_and_offline(client, path):
    r = client.get(path)
    assert r.status_code == 200
    assert '<html lang="ar" dir="rtl">' in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]
    # Nothing is loaded from elsewhere: every src/href is local (or an article's own link).
    for attr in re.findall(r'(?:src|href)="([^"]*)"', r.text):
        assert not attr.startswith(("http:", "https:", "//")) or "example.com" in attr, attr
    assert "<style" not in r.text and " style=" not in r.text  # the CSP forbids inline styles


def test_font_stack_is_arabic(client):
    css = client.get("/static/style.css").text
    assert "Noto Naskh Arabic" in css and "Amiri" in css


def test_article_markup_is_shown_as_text(client):
    html = client.get("/documents/hostile").text
    assert "<script>alert" not in html and "<b onmouseover" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    search = client.get("/search", params={"q": "تسلا"}).text
    assert "<img src=x" not in search and "&lt;img src=x onerror=alert(1)&gt;" in search


def test_query_is_escaped_on_the_search_page(client):
    html = client.get("/search", params={"q": '"><script>alert(1)</script>'}).text
    assert "<script>alert(1)" not in html


def test_document_page_highlights_and_links_evidence(client):
    html = client.get("/documents/tesla-saudi").text
    assert 'class="ent ent-ORG"' in html or "ent ent-ORG" in html
    assert 'id="amt-0"' in html and 'id="dat-0"' in html and 'id="ev-V1"' in html
    assert 'href="#ev-V1"' in html and 'href="#ev-V2"' in html
    assert 'id="legend"' in html
    assert re.search(r'<a href="/actors/\d+">تسلا</a>', html)


def test_search_page_marks_hits_and_filters(client):
    html = client.get("/search", params={"q": "وتيسلا"}).text
    assert 'id="result-count">3 ' in html
    assert "<mark>تسلا</mark>" in html and "<mark>وتيسلا</mark>" in html
    html = client.get("/search", params={"q": "تسلا", "type": "AGREE"}).text
    assert 'id="result-count">1 ' in html
    bad = client.get("/search", params={"since": "yesterday"})
    assert bad.status_code == 400 and 'role="alert"' in bad.text


def test_actor_page_has_network_and_timeline(client):
    listing = client.get("/api/entities", params={"q": "Tesla"}).json()
    actor_id = listing["items"][0]["id"]
    html = client.get(f"/actors/{actor_id}").text
    assert '<svg viewBox="0 0 560 560" class="network"' in html
    assert html.count("<circle") >= 4 and 'marker-end="url(#arrow)"' in html
    assert 'id="timeline"' in html and html.count('class="event"') == 3
    assert "تيسلا" in html  # the other spelling is listed


def test_overview_has_counts_and_chart(client):
    html = client.get("/").text
    assert 'id="counts"' in html and "<rect" in html and "2024-05" in html


def test_missing_pages_are_404(client):
    assert client.get("/documents/nope").status_code == 404
    assert client.get("/actors/424242").status_code == 404
    assert client.get("/actors/x").status_code == 422


def test_layers_css_is_served(client):
    r = client.get("/assets/layers.css")
    assert r.headers["content-type"].startswith("text/css") and ".ent-ORG" in r.text and ".evt-AGREE" in r.text
    assert layers_css() == r.text


def test_highlight_handles_overlaps_and_bad_offsets():
    doc = {
        "text": "أعلنت شركة تسلا عن صفقة بقيمة 5 ملايين دولار",
        "entities": [{"id": "E1", "type": "ORG", "name": "شركة تسلا", "actor_id": 3,
                      "mentions": [{"start": 6, "end": 15}, {"start": -5, "end": 2}, {"start": 40, "end": 400}]}],
        "amounts": [{"start": 30, "end": 44, "value": 5000000, "unit": "USD"}],
        "dates": [],
        "events": [{"id": "V1", "type": "AGREE", "modality": "asserted", "trigger": {"start": 19, "end": 23},
                    "evidence": {"start": 0, "end": 44}}],
    }
    segments = highlight(doc)
    assert "".join(s.text for s in segments) == doc["text"]
    assert all("evd" in s.classes for s in segments)
    ent = [s for s in segments if "ent" in s.classes]
    assert len(ent) == 1 and ent[0].text == "شركة تسلا" and ent[0].actor_id == 3
    assert segments[0].anchors == ["ev-V1"]


def test_month_chart_runs_right_to_left():
    rows = [{"month": "2024-01", "type": "AGREE", "count": 2}, {"month": "2024-02", "type": "AGREE", "count": 1},
            {"month": "2024-02", "type": "ACCUSE", "count": 3}]
    chart = month_chart(rows)
    jan = next(b for b in chart["bars"] if b.label.startswith("2024-01"))
    feb = [b for b in chart["bars"] if b.label.startswith("2024-02")]
    assert all(b.x < jan.x for b in feb)  # later months to the left
    assert month_chart([])["bars"] == []


def test_network_layout_places_every_counterpart():
    net = {"nodes": [{"id": i, "name": f"n{i}", "type": "ORG"} for i in range(1, 40)],
           "edges": [{"source": 1, "target": i, "kind": "event", "count": 1, "types": {"AGREE": 1}} for i in range(2, 40)]}
    layout = network_layout(net, 1)
    assert len(layout["nodes"]) == 25  # the actor and its 24 strongest counterparts
    assert all(0 <= n["x"] <= layout["size"] and 0 <= n["y"] <= layout["size"] for n in layout["nodes"])


def test_timeline_strip_places_events_in_time_right_to_left():
    from rasd.web.render import timeline_strip

    events = [
        {"when": "2024-01-15", "type": "AGREE", "doc_id": "a", "id": "V1", "evidence": {"text": "x"}},
        {"when": "2024-06", "type": "ACCUSE", "doc_id": "b", "id": "V1", "evidence": {"text": "y"}},
        {"when": "2024-06", "type": "AGREE", "doc_id": "c", "id": "V2", "evidence": {"text": "z"}},
        {"when": None, "type": "AGREE", "doc_id": "d", "id": "V1"},
        {"when": "garbage", "type": "AGREE", "doc_id": "e", "id": "V1"},
    ]
    strip = timeline_strip(events)
    assert len(strip["dots"]) == 3
    jan, jun1, jun2 = strip["dots"]
    assert jan["x"] > jun1["x"] == jun2["x"] and jun1["y"] != jun2["y"]
    assert jan["href"] == "/documents/a#ev-V1"
    assert timeline_strip([])["dots"] == []


def test_actor_page_has_timeline_strip(client):
    actor_id = client.get("/api/entities", params={"q": "Tesla"}).json()["items"][0]["id"]
    html = client.get(f"/actors/{actor_id}").text
    assert 'class="timeline-strip"' in html and html.count('class="dot"') == 3


def test_ids_with_url_characters(tmp_path):
    from rasd.document import Document

    store = open_store(str(tmp_path / "ids.db"))
    odd = "feeds/2024/news.jsonl:3#a?b c"
    store.save([Document(text="خبر عن تسلا", id=odd, title="عنوان")])
    c = TestClient(create_app(store))
    from urllib.parse import quote

    assert c.get("/api/documents/" + quote(odd)).json()["id"] == odd
    page = c.get("/documents/" + quote(odd))
    assert page.status_code == 200 and "خبر عن تسلا" in page.text
    search = c.get("/search", params={"q": "تسلا"}).text
    assert f'href="/documents/{quote(odd)}"' in search
    store.close()


def test_overview_links_event_types_to_search(client):
    html = client.get("/").text
    assert 'href="/search?type=AGREE"' in html and 'href="/search?modality=denied"' in html
