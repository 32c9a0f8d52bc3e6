"""The HTTP API: read endpoints, filters, pagination, the token-protected write, errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pg import postgres_server, postgres_url  # noqa: F401  (fixtures)
from store_samples import sample_documents

from rasd.api import create_app
from rasd.store import open_store

TOKEN = "s3cret-token"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def store(request, tmp_path):
    url = str(tmp_path / "api.db") if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    s = open_store(url)
    s.save(sample_documents())
    yield s
    s.close()


@pytest.fixture
def client(store, monkeypatch):
    monkeypatch.delenv("RASD_API_TOKEN", raising=False)
    return TestClient(create_app(store, token=TOKEN, max_body_bytes=200_000))


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_stats(client):
    body = client.get("/api/stats").json()
    assert body["documents"] == 4 and body["events"] == 4
    assert body["events_by_type"]["AGREE"] == 2
    assert {"month": "2024-05", "type": "AGREE", "count": 1} in body["events_over_time"]


def test_search_endpoint(client):
    body = client.get("/api/search", params={"q": "وتيسلا"}).json()
    assert body["total"] == 3
    hit = body["hits"][0]
    assert {"id", "title", "published", "score", "snippet"} <= set(hit)
    assert hit["snippet"]["highlights"]
    body = client.get("/api/search", params={"q": "تسلا", "type": "AGREE", "since": "2024"}).json()
    assert [h["id"] for h in body["hits"]] == ["tesla-saudi"]


def test_documents_listing_and_paging(client):
    body = client.get("/api/documents", params={"limit": 2}).json()
    assert body["total"] == 4 and len(body["items"]) == 2
    second = client.get("/api/documents", params={"limit": 2, "offset": 2}).json()
    assert {i["id"] for i in body["items"]}.isdisjoint(i["id"] for i in second["items"])
    assert client.get("/api/documents", params={"country": "CN"}).json()["total"] == 2


def test_document_detail_links_entities_to_actors(client):
    doc = client.get("/api/documents/tesla-saudi").json()
    assert doc["text"].startswith("وقّعت")
    assert all(isinstance(e["actor_id"], int) for e in doc["entities"])
    assert len(doc["events"]) == 2 and doc["amounts"][0]["value"] == 2_000_000_000
    r = client.get("/api/documents/nope")
    assert r.status_code == 404 and r.json() == {"error": "no document with this id", "status": 404}


def test_entities_and_entity_detail(client):
    listing = client.get("/api/entities", params={"q": "تسلا"}).json()
    assert listing["total"] == 1
    tesla = listing["items"][0]
    assert tesla["documents"] == 3
    detail = client.get(f"/api/entities/{tesla['id']}").json()
    assert len(detail["timeline"]) == 3 and detail["network"]["edges"]
    assert client.get("/api/entities", params={"type": "GPE"}).json()["total"] == 2
    assert client.get("/api/entities/999999").status_code == 404
    assert client.get("/api/entities/abc").status_code == 422
    assert client.get("/api/entities/99999999999999999999999999").status_code in (404, 422)


def test_events_endpoint(client):
    body = client.get("/api/events", params={"actor": "Tesla", "order": "oldest"}).json()
    whens = [e["when"] for e in body["items"]]
    assert whens == sorted(whens) and body["total"] == 3
    assert client.get("/api/events", params={"modality": "denied"}).json()["items"][0]["negated"] is True
    assert client.get("/api/events", params={"order": "sideways"}).status_code == 422


@pytest.mark.parametrize(
    "params",
    [
        {"q": "' OR 1=1 --"}, {"q": '"unbalanced'}, {"q": "NEAR(a b) AND"}, {"q": "x'; DROP TABLE documents; --"},
        {"actor": "1 OR 1=1"}, {"actor": "'; --"}, {"type": "AGREE'--"}, {"country": "%"}, {"modality": "_"},
        {"q": "تسلا*"}, {"q": "\\"}, {"q": "a" * 2000},
    ],
)
def test_injection_never_500(client, params):
    for path in ("/api/search", "/api/documents", "/api/events"):
        r = client.get(path, params=params)
        assert r.status_code == 200, (path, r.text)
    assert client.get("/api/stats").json()["documents"] == 4


@pytest.mark.parametrize(
    "params", [{"since": "yesterday"}, {"until": "2024-1"}, {"min_amount": "many"}, {"limit": 0}, {"limit": 1000},
               {"offset": -1}, {"q": "a" * 3000}],
)
def test_bad_parameters_are_clear_4xx(client, params):
    r = client.get("/api/search", params=params)
    assert 400 <= r.status_code < 500
    body = r.json()
    assert body["status"] == r.status_code and body["error"]


def test_write_needs_the_token(client):
    payload = {"text": "وقعت شركة أرامكو اتفاقا مع شركة توتال.", "id": "new-1"}
    r = client.post("/api/documents", json=payload)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert client.post("/api/documents", json=payload, headers=auth("wrong")).status_code == 403
    assert client.post("/api/documents", json=payload, headers={"Authorization": "Basic abc"}).status_code == 401
    assert client.get("/api/documents/new-1").status_code == 404


def test_write_refused_when_no_token_is_configured(store, monkeypatch):
    monkeypatch.delenv("RASD_API_TOKEN", raising=False)
    c = TestClient(create_app(store))
    r = c.post("/api/documents", json={"text": "نص"}, headers=auth())
    assert r.status_code == 403 and "RASD_API_TOKEN" in r.json()["error"]


def test_token_from_environment(store, monkeypatch):
    monkeypatch.setenv("RASD_API_TOKEN", "from-env")
    c = TestClient(create_app(store))
    r = c.post("/api/documents", json={"text": "أعلنت تسلا عن مصنع جديد.", "id": "env-1"}, headers=auth("from-env"))
    assert r.status_code == 201, r.text


def test_write_extracts_and_stores(client):
    payload = {"id": "new-2", "text": "أعلنت شركة تسلا عن مصنع جديد في دبي.", "title": "خبر", "published": "2024-07-01",
               "url": "https://example.com/a"}
    r = client.post("/api/documents", json=payload, headers=auth())
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["id"] == "new-2" and body["published"] == "2024-07-01" and body["title"] == "خبر"
    assert client.get("/api/documents/new-2").json()["text"] == payload["text"]
    assert "new-2" in {h["id"] for h in client.get("/api/search", params={"q": "وتسلا دبي"}).json()["hits"]}
    # The same again: replaced, not duplicated.
    assert client.post("/api/documents", json=payload, headers=auth()).status_code == 201
    assert client.get("/api/stats").json()["documents"] == 5


def test_write_html(client):
    html = ("<html><head><title>عنوان</title></head><body><article><p>" + "أعلنت شركة أرامكو عن نتائجها الفصلية. " * 20
            + "</p></article></body></html>")
    r = client.post("/api/documents", json={"html": html, "id": "html-1"}, headers=auth())
    assert r.status_code == 201, r.text
    assert "أرامكو" in r.json()["text"]


@pytest.mark.parametrize(
    "body, status",
    [
        (b"not json", 400), (b"[1, 2]", 400), (b"{}", 422), (b'{"text": "a", "html": "<p>b</p>"}', 422),
        (b'{"text": 5}', 422), (b'{"text": "   "}', 422), (b'{"text": "\xff\xfe"}', 400),
        (b'{"html": "<html><body></body></html>"}', 422),
    ],
)
def test_write_errors_are_clear(client, body, status):
    r = client.post("/api/documents", content=body, headers={**auth(), "Content-Type": "application/json"})
    assert r.status_code == status, r.text
    assert r.json()["status"] == status


def test_request_size_limit(client):
    big = {"text": "كلمة " * 100_000}
    r = client.post("/api/documents", json=big, headers=auth())
    assert r.status_code == 413 and r.json()["status"] == 413

    def chunks():
        for _ in range(100):
            yield b"x" * 10_000

    r = client.post("/api/documents", content=chunks(), headers={**auth(), "Content-Type": "application/json"})
    assert r.status_code == 413


def test_openapi_and_docs_work_offline(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/entities", "/api/entities/{actor_id}",
                 "/api/events", "/api/search", "/api/stats"):
        assert path in spec["paths"], path
    assert "requestBody" in spec["paths"]["/api/documents"]["post"]
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_unknown_route_is_json_404(client):
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and r.json()["status"] == 404


def test_random_query_strings_never_500(tmp_path, monkeypatch):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    store = open_store(str(tmp_path / "fuzz.db"))
    store.save(sample_documents())
    c = TestClient(create_app(store))
    text = st.text(max_size=60)

    @given(q=text, actor=text, type_=text, country=text, since=text)
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    def check(q, actor, type_, country, since):
        for path in ("/api/search", "/api/events", "/search"):
            r = c.get(path, params={"q": q, "actor": actor, "type": type_, "country": country, "since": since})
            assert r.status_code < 500, (path, r.status_code, r.text[:200])
        assert c.get("/api/entities", params={"q": q, "type": type_}).status_code < 500

    check()
    store.close()


def test_app_closes_the_store_it_opened(tmp_path, monkeypatch):
    from rasd.store import Store

    closed = []
    monkeypatch.setattr(Store, "close", lambda self: closed.append(self.url))
    with TestClient(create_app(str(tmp_path / "own.db"))) as c:
        assert c.get("/api/stats").json()["documents"] == 0
    assert len(closed) == 1 and closed[0].endswith("own.db")
