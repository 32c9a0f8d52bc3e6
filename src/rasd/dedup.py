"""Near-duplicate articles across a corpus, and their events merged into one.

A news-agency story (SPA, WAM, MENA, QNA, AFP Arabic…) is republished by dozens of sites with a
new headline, a different opening line, the site's own name, a trimmed last paragraph. Exact hashes
miss such copies; MinHash/LSH (datasketch) finds them: each article becomes a set of word shingles
(runs of ``SHINGLE_WORDS`` consecutive words of its *normalised* text, so that spelling variants
such as أ/ا, ة/ه, ى/ي and diacritics do not make two copies differ), a MinHash signature
estimates the Jaccard overlap of two such sets, and LSH finds the candidates above the threshold
without comparing every pair. Copies are linked into clusters (union-find, so A~B and B~C make one
story), and the events each copy yields are merged: one event with the count of copies and
publishers that report it and every evidence span kept, so nothing is lost.
"""

from __future__ import annotations

import heapq
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence
from urllib.parse import urlsplit

import numpy as np

from rasd.document import Document
from rasd.normalize import normalize_form
from rasd.resources import load_toml

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class DedupSettings:
    threshold: float
    num_perm: int
    shingle_words: int
    seed: int
    scheme: str
    min_words: int


@lru_cache(maxsize=1)
def settings() -> DedupSettings:
    """The tuned parameters, from ``data/dedup.toml``."""
    data = load_toml("dedup.toml")
    return DedupSettings(
        threshold=float(data["threshold"]),
        num_perm=int(data["num_perm"]),
        shingle_words=int(data["shingle_words"]),
        seed=int(data["seed"]),
        scheme=str(data["scheme"]),
        min_words=int(data["min_words"]),
    )


def _hash32(data: bytes) -> int:
    # CRC-32 is deterministic across processes and machines (Python's hash() is salted per
    # process), so signatures computed by different workers can be compared.
    return zlib.crc32(data)


def shingles(text: str, size: int | None = None) -> set[bytes]:
    """The word shingles of a text's normalised form (a text shorter than one shingle is one)."""
    size = size or settings().shingle_words
    words = _WORD.findall(normalize_form(text))
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int, scheme: str) -> tuple[np.ndarray, np.ndarray]:
    """The MinHash permutations, built once per process (not once per article)."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=seed, scheme=scheme).permutations  # type: ignore[arg-type,return-value]


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (``num_perm`` values) of a text; None when it is too short
    for a meaningful comparison (a headline-only item would match every story about it)."""
    from datasketch import MinHash

    s = settings()
    shingle_set = shingles(text, s.shingle_words)
    if len(_WORD.findall(text)) < s.min_words or not shingle_set:
        return None
    m = MinHash(
        num_perm=s.num_perm, seed=s.seed, hashfunc=_hash32, scheme=s.scheme,  # type: ignore[arg-type]
        permutations=_permutations(s.num_perm, s.seed, s.scheme),
    )
    m.update_batch(list(shingle_set))
    return m.hashvalues.copy()


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


class NearDuplicateIndex:
    """Documents added one by one, each linked to the cluster of its near-duplicates.

    The cluster id is the id of the cluster's earliest document (the first copy seen), so it is
    stable as later copies arrive. Memory is about ``num_perm`` × 4 bytes per document plus the
    LSH buckets; see docs/scaling.md for corpora beyond one machine's memory.
    """

    def __init__(self, threshold: float | None = None) -> None:
        from datasketch import MinHashLSH

        s = settings()
        self.threshold = s.threshold if threshold is None else threshold
        self.num_perm = s.num_perm
        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        self._signatures: dict[str, np.ndarray] = {}
        self._parent: dict[str, str] = {}
        self._order: dict[str, int] = {}
        self._members: dict[str, list[str]] = {}  # root -> members, for clusters of two or more
        self.absorbed: list[str] = []  # roots that stopped being roots (their cluster joined another)

    def __len__(self) -> int:
        return len(self._parent)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._parent

    def _find(self, doc_id: str) -> str:
        root = doc_id
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[doc_id] != root:  # path compression
            self._parent[doc_id], doc_id = root, self._parent[doc_id]
        return root

    def _union(self, a: str, b: str) -> str:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return ra
        first, second = (ra, rb) if self._order[ra] <= self._order[rb] else (rb, ra)
        self._parent[second] = first
        # Both member lists are in insertion order already: merge them in linear time.
        self._members[first] = list(
            heapq.merge(self._members.pop(first, [first]), self._members.pop(second, [second]), key=self._order.__getitem__)
        )
        self.absorbed.append(second)
        return first

    def add(self, doc_id: str, sig: np.ndarray | None) -> str:
        """Add a document by its signature; returns its cluster id. Re-adding an id is a no-op."""
        from datasketch import LeanMinHash

        if doc_id in self._parent:
            return self._find(doc_id)
        self._parent[doc_id] = doc_id
        self._order[doc_id] = len(self._order)
        if sig is None:
            return doc_id
        lean = LeanMinHash(seed=settings().seed, hashvalues=sig, scheme=settings().scheme)
        for other in self._lsh.query(lean):
            # LSH gives candidates; keep those whose estimated overlap really is above threshold.
            if estimated_jaccard(sig, self._signatures[other]) >= self.threshold:
                self._union(doc_id, other)
        self._lsh.insert(doc_id, lean, check_duplication=False)
        self._signatures[doc_id] = sig
        return self._find(doc_id)

    def cluster_of(self, doc_id: str) -> str:
        return self._find(doc_id)

    def members(self, doc_id: str) -> list[str]:
        """The documents of the cluster of ``doc_id``, in the order they were added."""
        root = self._find(doc_id)
        return list(self._members.get(root, [root]))

    def clusters(self, min_size: int = 2) -> dict[str, list[str]]:
        """Cluster id -> member ids (in the order they were added), for clusters of ``min_size``+."""
        if min_size >= 2:
            return {root: list(members) for root, members in self._members.items() if len(members) >= min_size}
        out: dict[str, list[str]] = {}
        for doc_id in self._order:
            out.setdefault(self._find(doc_id), []).append(doc_id)
        return out


def cluster_documents(docs: Iterable[Document], threshold: float | None = None) -> dict[str, list[str]]:
    """Clusters (of two or more) of near-duplicate documents: cluster id -> member ids."""
    index = NearDuplicateIndex(threshold)
    for doc in docs:
        index.add(doc.id, signature(doc.text))
    return index.clusters()


# -- merging the events of the copies of one story ------------------------------------------


@dataclass
class EventEvidence:
    doc_id: str
    event_id: str
    trigger: dict
    evidence: dict
    url: str | None = None


@dataclass
class MergedEvent:
    """One event reported by several copies of a story."""

    cluster_id: str
    type: str
    source: str | None  # the actor's cross-document key (kb id, else type and normalised name)
    target: str | None
    source_name: str | None
    target_name: str | None
    modality: str
    negated: bool
    date: str | None
    amount_value: float | None
    amount_unit: str | None
    documents: list[str] = field(default_factory=list)
    publishers: list[str] = field(default_factory=list)
    evidence: list[EventEvidence] = field(default_factory=list)

    @property
    def document_count(self) -> int:
        return len(self.documents)

    @property
    def source_count(self) -> int:
        """Distinct publishers (web sites by host; a document without a URL is its own)."""
        return len(self.publishers)

    def to_dict(self) -> dict:
        return {
            "cluster_id": self.cluster_id,
            "type": self.type,
            "source": self.source,
            "target": self.target,
            "source_name": self.source_name,
            "target_name": self.target_name,
            "modality": self.modality,
            "negated": self.negated,
            "date": self.date,
            "amount_value": self.amount_value,
            "amount_unit": self.amount_unit,
            "document_count": self.document_count,
            "source_count": self.source_count,
            "documents": list(self.documents),
            "evidence": [e.__dict__.copy() for e in self.evidence],
        }


def publisher(doc: Document) -> str:
    """Who published a copy: the host of its URL without ``www.``, else the document itself."""
    if doc.url:
        try:
            host = (urlsplit(doc.url).hostname or "").removeprefix("www.")
        except ValueError:
            host = ""
        if host:
            return host
    return f"doc:{doc.id}"


def _actor(doc: Document, entity_id: str | None) -> tuple[str | None, str | None]:
    from rasd.store.actors import actor_key

    e = doc.entity(entity_id)
    return (actor_key(e), e.name) if e is not None else (None, None)


def merge_events(docs: Sequence[Document], cluster_id: str | None = None) -> list[MergedEvent]:
    """Merge the events of the copies of one story.

    Two events are one when they have the same type, the same source and target actors (by
    cross-document actor key) and the same polarity; within one document every event stays its
    own. A date or amount one copy resolved and another did not is taken from the copy that has it.
    """
    cluster_id = cluster_id or (docs[0].id if docs else "")
    merged: dict[tuple, MergedEvent] = {}
    for doc in docs:
        host = publisher(doc)
        for ev in doc.events:
            source_key, source_name = _actor(doc, ev.source)
            target_key, target_name = _actor(doc, ev.target)
            key = (ev.type, source_key, target_key, bool(ev.negated))
            date = doc.dates[ev.date].value if ev.date is not None and 0 <= ev.date < len(doc.dates) else None
            amount = doc.amounts[ev.amount] if ev.amount is not None and 0 <= ev.amount < len(doc.amounts) else None
            m = merged.get(key)
            if m is None:
                m = merged[key] = MergedEvent(
                    cluster_id=cluster_id, type=ev.type, source=source_key, target=target_key,
                    source_name=source_name, target_name=target_name, modality=ev.modality or "asserted",
                    negated=bool(ev.negated), date=date,
                    amount_value=float(amount.value) if amount is not None and _finite(amount.value) else None,
                    amount_unit=amount.unit if amount is not None else None,
                )
            else:
                m.date = m.date or date
                if m.amount_value is None and amount is not None and _finite(amount.value):
                    m.amount_value, m.amount_unit = float(amount.value), amount.unit
            if doc.id not in m.documents:
                m.documents.append(doc.id)
            if host not in m.publishers:
                m.publishers.append(host)
            m.evidence.append(EventEvidence(doc.id, ev.id, ev.trigger.to_dict(), ev.evidence.to_dict(), doc.url))
    return list(merged.values())


def _finite(value: object) -> bool:
    try:
        return value is not None and np.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return False


# -- keeping a store's clusters and merged events current during an ingest -------------------


class StoreDeduplicator:
    """Links each newly stored document to its near-duplicates among everything stored, and
    rewrites the merged events of every cluster that gained a copy.

    The signatures of stored documents are loaded once at the start (about 1 KB of memory per
    document with the LSH buckets), so an ingest of today's feeds finds yesterday's copies.
    """

    def __init__(self, store) -> None:  # type: ignore[no-untyped-def]
        self.store = store
        self.index = NearDuplicateIndex()
        for doc_id, _cluster, sig in store.cluster_signatures():
            self.index.add(doc_id, np.frombuffer(sig, dtype=np.uint32).copy() if sig else None)
        self.index.absorbed.clear()

    def add(self, docs: Sequence[Document]) -> None:
        if not docs:
            return
        signatures: dict[str, bytes | None] = {}
        for doc in docs:
            sig = signature(doc.text)
            signatures[doc.id] = sig.tobytes() if sig is not None else None
            self.index.add(doc.id, sig)
        roots = {self.index.cluster_of(d.id) for d in docs}
        assignments = {m: root for root in roots for m in self.index.members(root)}
        self.store.save_clusters(assignments, signatures)
        by_id = {d.id: d for d in docs}
        merged: list[dict] = []
        changed = [r for r in roots if len(self.index.members(r)) > 1]
        for root in changed:
            members = [by_id.get(m) or self.store.get(m) for m in self.index.members(root)]
            merged.extend(m.to_dict() for m in merge_events([d for d in members if d is not None], root))
        absorbed, self.index.absorbed = self.index.absorbed, []
        if changed or absorbed:
            self.store.replace_merged_events([*changed, *absorbed], merged)


def link_stored(store, batch: int = 500) -> int:  # type: ignore[no-untyped-def]
    """Link every stored document that no cluster holds yet, and merge the events of the clusters
    they join; returns how many were linked.

    This is the near-duplicate pass for stores filled without one: by a ``--dask`` run, whose
    workers write in parallel and cannot share one LSH index, or by ``rasd ingest`` without
    ``--dedup``. It runs in one process, reading the store page by page.
    """
    dedup = StoreDeduplicator(store)
    linked = 0
    pending: list[Document] = []
    for doc in store.iter_documents():
        if doc.id in dedup.index:
            continue
        pending.append(doc)
        if len(pending) >= batch:
            dedup.add(pending)
            linked += len(pending)
            pending = []
    dedup.add(pending)
    return linked + len(pending)
