"""Golden tests on the seed articles: extracted, stored, read back, and found by search."""

from __future__ import annotations

import json

import pytest
from conftest import shared_path

import rasd
from rasd.store import open_store

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    gold = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(shared_path("seeds", "gold").glob("*.json"))]
    docs = [rasd.extract(g["text"], g.get("published"), id=g["id"]) for g in gold]
    store = open_store(str(tmp_path_factory.mktemp("golden") / "seeds.db"))
    store.save(docs)
    yield store, gold, docs
    store.close()


def test_seeds_round_trip(seeded):
    store, gold, docs = seeded
    assert store.count() == len(gold)
    for doc in docs:
        back = store.get(doc.id)
        assert back.to_dict() == doc.to_dict()
        back.validate()
    stats = store.stats()
    assert stats["entities"] == sum(len(d.entities) for d in docs)
    assert stats["events"] == sum(len(d.events) for d in docs)


def test_every_gold_alias_finds_its_article(seeded):
    """Each way a gold entity is written in an article, typed as a query, finds that article,
    also with a conjunction attached to its first word (وعلي بابا)."""
    store, gold, _docs = seeded
    checked = 0
    for g in gold:
        for entity in g["entities"]:
            for alias in entity.get("aliases", []):
                if alias not in g["text"]:
                    continue
                for query in (alias, "و" + alias):
                    result = store.search(query, limit=200)
                    assert g["id"] in {h.id for h in result.hits}, (g["id"], query)
                    hit = next(h for h in result.hits if h.id == g["id"])
                    assert hit.snippet["highlights"], (g["id"], query)
                checked += 1
    assert checked >= 20


def test_every_stored_event_is_listed_with_its_evidence(seeded):
    store, _gold, docs = seeded
    listed = store.events(limit=200)
    assert listed["total"] == sum(len(d.events) for d in docs)
    texts = {d.id: d.text for d in docs}
    for ev in listed["items"]:
        s, e = ev["evidence"]["start"], ev["evidence"]["end"]
        assert texts[ev["doc_id"]][s:e] == ev["evidence"]["text"]
