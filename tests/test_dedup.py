"""Near-duplicate clusters (MinHash/LSH) and the merging of events across wire copies."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.dedup import (
    NearDuplicateIndex,
    cluster_documents,
    estimated_jaccard,
    merge_events,
    publisher,
    shingles,
    signature,
)
from rasd.document import Document, Entity, Event
from rasd.resources import data_path

SAMPLES = [json.loads(line) for line in data_path("samples", "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def rewrite_as_another_site(text: str, site: str) -> str:
    """What a site does to an agency story: its own dateline, spelling, signature, a cut ending."""
    body = text.replace("أ", "ا").replace("ة ", "ه ")  # spelling variants the normaliser folds
    paragraphs = body.splitlines()
    return "\n".join([f"{site} - (وكالات)", *paragraphs[:-1], f"المصدر: {site}"])


def test_wire_copies_cluster_and_different_stories_do_not() -> None:
    docs = [Document(text=s["text"], id=s["id"], url=f"https://agency.example/{s['id']}") for s in SAMPLES]
    copies = [
        Document(text=rewrite_as_another_site(SAMPLES[0]["text"], "صحيفة الأمل"), id="copy-1", url="https://www.amal.example/x"),
        Document(text=rewrite_as_another_site(SAMPLES[0]["text"], "موقع النهار"), id="copy-2", url="https://nahar.example/y"),
        Document(text=rewrite_as_another_site(SAMPLES[2]["text"], "بوابة الخليج"), id="copy-3"),
    ]
    clusters = cluster_documents(docs + copies)
    assert clusters == {SAMPLES[0]["id"]: [SAMPLES[0]["id"], "copy-1", "copy-2"], SAMPLES[2]["id"]: [SAMPLES[2]["id"], "copy-3"]}


def test_overlap_estimates_follow_the_shared_text() -> None:
    a = SAMPLES[0]["text"]
    sa = signature(a)
    assert sa is not None and estimated_jaccard(sa, signature(a)) == 1.0
    assert estimated_jaccard(sa, signature(rewrite_as_another_site(a, "x"))) > 0.6
    assert all(estimated_jaccard(sa, signature(s["text"])) < 0.2 for s in SAMPLES[1:])


def test_short_texts_are_not_clustered() -> None:
    assert signature("عاجل: زلزال في تركيا") is None
    index = NearDuplicateIndex()
    assert index.add("a", None) == "a" and index.add("b", None) == "b" and index.clusters() == {}


def test_clusters_are_transitive_and_named_after_the_first_copy() -> None:
    base = SAMPLES[0]["text"].split()
    a = " ".join(base)
    b = " ".join(base[:-12] + ["إضافة"] * 12)  # A~B
    c = " ".join(["مقدمة"] * 12 + base[12:-12] + ["إضافة"] * 12)  # B~C, A and C further apart
    index = NearDuplicateIndex()
    ids = [index.add(i, signature(t)) for i, t in (("c", c), ("a", a), ("b", b))]
    assert ids[-1] == "c" and index.clusters() == {"c": ["c", "a", "b"]}
    assert index.add("a", signature(a)) == "c"  # re-adding is a no-op


def test_signatures_are_the_same_in_every_process() -> None:
    text = SAMPLES[1]["text"]
    code = "import sys, json; from rasd.dedup import signature; print(json.dumps(signature(sys.stdin.read()).tolist()))"
    out = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True).stdout
    assert np.array_equal(np.array(json.loads(out)), signature(text))


def test_shingles_fold_spelling_and_punctuation() -> None:
    assert shingles("أعلنت الحكومةُ، اليوم", 2) == shingles("اعلنت الحكومه اليوم", 2)
    assert shingles("", 3) == set() and shingles("كلمة", 3) == {"كلمه".encode()}


def _copy_with_event(doc_id: str, url: str | None, prefix: str, with_amount: bool) -> Document:
    text = prefix + "وقعت مصر مع سيمنس اتفاقية بقيمة مليار دولار."
    doc = Document(text=text, id=doc_id, url=url)
    def at(word: str) -> tuple[int, int]:
        i = text.index(word)
        return i, i + len(word)
    doc.entities = [
        Entity("e1", "GPE", "مصر", [doc.span(*at("مصر"))]),
        Entity("e2", "ORG", "سيمنس", [doc.span(*at("سيمنس"))]),
    ]
    if with_amount:
        from rasd.document import Amount

        s, e = at("مليار دولار")
        doc.amounts = [Amount(s, e, text[s:e], 1_000_000_000, "USD", "money")]
    start = len(prefix)
    doc.events = [
        Event("ev1", "AGREE", trigger=doc.span(*at("وقعت")), evidence=doc.span(start, len(text)), source="e1", target="e2",
              amount=0 if with_amount else None),
    ]
    doc.validate()
    return doc


def test_events_of_copies_merge_with_sources_counted_and_all_evidence_kept() -> None:
    docs = [
        _copy_with_event("a", "https://www.site-a.example/1", "", with_amount=False),
        _copy_with_event("b", "https://site-a.example/2", "القاهرة - ", with_amount=True),
        _copy_with_event("c", None, "عاجل: ", with_amount=False),
    ]
    [merged] = merge_events(docs)
    assert merged.type == "AGREE" and merged.source_name == "مصر" and merged.target_name == "سيمنس"
    assert merged.document_count == 3 and merged.source_count == 2  # two documents from one site
    assert merged.amount_value == 1e9 and merged.amount_unit == "USD"  # from the copy that has it
    assert [e.doc_id for e in merged.evidence] == ["a", "b", "c"]
    for ev, doc in zip(merged.evidence, docs):
        assert doc.text[ev.evidence["start"] : ev.evidence["end"]] == ev.evidence["text"]
    d = merged.to_dict()
    assert d["cluster_id"] == "a" and d["source_count"] == 2 and len(d["evidence"]) == 3


def test_different_events_stay_apart() -> None:
    a = _copy_with_event("a", None, "", with_amount=False)
    b = _copy_with_event("b", None, "", with_amount=False)
    b.events[0].negated = True
    assert len(merge_events([a, b])) == 2
    assert publisher(Document(text="x", url="not a url")) == publisher(Document(text="x", url="not a url"))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_a_signature_or_none(text: str) -> None:
    sig = signature(text)
    assert sig is None or (len(sig) == 128 and estimated_jaccard(sig, sig) == 1.0)


def test_ingest_with_dedup_links_copies_across_runs_and_merges_their_events(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from rasd.batch import run_ingest
    from rasd.store import open_store

    first = tmp_path / "day1.jsonl"
    second = tmp_path / "day2.jsonl"
    story = SAMPLES[0]
    first.write_text(
        "\n".join(json.dumps(s, ensure_ascii=False) for s in SAMPLES)
        + "\n" + json.dumps({"id": "copy-1", "url": "https://amal.example/1", "text": rewrite_as_another_site(story["text"], "صحيفة الأمل")}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    second.write_text(
        json.dumps({"id": "copy-2", "url": "https://nahar.example/2", "text": rewrite_as_another_site(story["text"], "موقع النهار")}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    with open_store(str(tmp_path / "s.db")) as store:
        run_ingest([str(first)], store, dedup=True, workers=2, chunk_size=2)
        assert store.cluster_members(story["id"]) == [story["id"], "copy-1"]
        merged = store.merged_events(cluster_id=story["id"])
        expected_events = {(e.type, e.source, e.target) for e in merge_events([store.get(story["id"]), store.get("copy-1")])}
        assert len(merged) == len(expected_events)
        assert all(m["document_count"] == 2 for m in merged if len(m["documents"]) == 2)
        # The next day's copy joins the stored story without re-reading the first day.
        summary = run_ingest([str(second)], store, dedup=True)
        assert summary.stored == 1
        assert store.cluster_members(story["id"]) == [story["id"], "copy-1", "copy-2"]
        merged = store.merged_events(cluster_id=story["id"])
        assert merged and max(m["document_count"] for m in merged) == 3 and max(m["source_count"] for m in merged) == 3
        assert all(len(m["evidence"]) >= m["document_count"] for m in merged)
        for other in SAMPLES[1:]:
            assert store.cluster_members(other["id"]) == [other["id"]]


def test_documents_stored_without_clusters_are_linked_by_the_next_dedup_run(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from rasd.batch import run_ingest
    from rasd.store import open_store

    dump = tmp_path / "d.jsonl"
    rows = [SAMPLES[0], {"id": "copy", "text": rewrite_as_another_site(SAMPLES[0]["text"], "موقع")}]
    dump.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    with open_store(str(tmp_path / "s.db")) as store:
        run_ingest([str(dump)], store)  # as if killed between the documents and their clusters
        assert list(store.cluster_signatures()) == []
        again = run_ingest([str(dump)], store, dedup=True)
        assert again.unchanged == 2 and store.cluster_members(SAMPLES[0]["id"]) == [SAMPLES[0]["id"], "copy"]


def test_a_store_filled_without_dedup_is_linked_afterwards_by_rasd_dedup(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from rasd.batch import run_ingest
    from rasd.cli import app
    from rasd.store import open_store

    dump = tmp_path / "d.jsonl"
    story = SAMPLES[0]
    rows = [*SAMPLES, {"id": "copy", "url": "https://amal.example/1", "text": rewrite_as_another_site(story["text"], "صحيفة الأمل")}]
    dump.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    with open_store(str(db)) as store:
        run_ingest([str(dump)], store, workers=1)
    result = CliRunner().invoke(app, ["dedup", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"linked {len(rows)} document(s)" in result.output
    with open_store(str(db)) as store:
        cluster_of = {doc_id: cluster for doc_id, cluster, _sig in store.cluster_signatures()}
        assert set(cluster_of) == {r["id"] for r in rows}
        assert cluster_of["copy"] == cluster_of[story["id"]]
        assert sorted(store.cluster_members(cluster_of["copy"])) == sorted([story["id"], "copy"])
        assert store.merged_events(cluster_id=cluster_of["copy"])
        assert all(store.cluster_members(cluster_of[o["id"]]) == [o["id"]] for o in SAMPLES[1:])
    again = CliRunner().invoke(app, ["dedup", "--db", str(db)])
    assert "linked 0 document(s)" in again.output  # a second pass finds nothing new
