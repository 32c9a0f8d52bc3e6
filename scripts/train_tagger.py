"""Train the CRF name tagger shipped as ``src/rasd/data/models/ner_crf.crfsuite``.

Reads the ANERcorp CAMeL Lab split in place from ``../shared/data/anercorp-camel-splits`` (CC BY-SA
4.0; optionally AQMAR, CC BY-SA 3.0), trains python-crfsuite with the features of
`rasd.entities.tagger.sentence_features`, and prints exact-span precision/recall/F1 on the
ANERcorp test split (the figure CAMeLBERT reports as about 0.83 F1). CI does not run this script;
``tests/test_tagger.py`` trains tiny models with `train` and `train_two_pass` to prove they work.

By default two stacked models are trained (`train_two_pass`): ``ner_crf_pass1.crfsuite`` and
``ner_crf.crfsuite``, whose features include the first pass's tags over each (pseudo-)document.

    .venv/bin/python scripts/train_tagger.py [--max-iterations 150] [--single-pass] [--aqmar] [--wojood] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rasd.entities.tagger import bio_spans, document_context, sentence_features  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
LABELS = {"B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC", "O"}
AQMAR_MAP = {"PER": "PERS", "LOC": "LOC", "ORG": "ORG", "MIS": "MISC"}

Sentence = list[tuple[str, str]]


def read_conll(path: Path, sep: str | None = " ", keep_tags: bool = False) -> Iterator[Sentence]:
    """Sentences of ``TOKEN TAG`` lines, blank-line separated; unknown tags read as O unless
    ``keep_tags``."""
    sent: Sentence = []
    for raw in path.read_text(encoding="utf-8-sig").splitlines():
        line = raw.replace("\u200e", "").replace("\u200f", "").strip()
        if not line:
            if sent:
                yield sent
            sent = []
            continue
        parts = line.rsplit(sep, 1) if sep else line.split()
        if len(parts) != 2:
            continue
        token, tag = parts[0].strip(), parts[1].strip()
        sent.append((token, tag if tag in LABELS or keep_tags else "O"))
    if sent:
        yield sent


def read_aqmar(folder: Path) -> Iterator[Sentence]:
    for path in sorted(folder.glob("*.txt")):
        sent: Sentence = []
        for raw in path.read_text(encoding="utf-8").splitlines():
            parts = raw.split()
            if not parts:
                if sent:
                    yield sent
                sent = []
                continue
            token, tag = parts[0], parts[1] if len(parts) > 1 else "O"
            if tag[:2] in ("B-", "I-"):
                mapped = AQMAR_MAP.get(tag[2:5])
                tag = f"{tag[:2]}{mapped}" if mapped else "O"
            else:
                tag = "O"
            sent.append((token, tag))
        if sent:
            yield sent


# Wojood's 21 types mapped to ANERcorp's four; the rest (dates, numbers, occupations, NORP...) read as O.
WOJOOD_MAP = {"PERS": "PERS", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "EVENT": "MISC", "PRODUCT": "MISC"}


def read_wojood(shared: Path, files: Sequence[str] = ("train.txt", "val.txt", "test.txt")) -> Iterator[Sentence]:
    """The Wojood public sample (MIT), outer (first-column) tag mapped by ``WOJOOD_MAP``; the
    ``$#$`` segment markers are dropped."""
    for name in files:
        path = shared / "wojood-sample" / name
        if not path.exists():
            continue
        out: Sentence = []
        for raw in path.read_text(encoding="utf-8-sig").splitlines() + [""]:
            parts = raw.replace("\u200e", "").replace("\u200f", "").split()
            if not parts:
                if out:
                    yield out
                out = []
                continue
            tok, tag = parts[0], parts[1] if len(parts) > 1 else "O"
            if tok == "$#$":
                continue
            mapped = WOJOOD_MAP.get(tag[2:]) if tag[:2] in ("B-", "I-") else None
            out.append((tok, f"{tag[:2]}{mapped}" if mapped else "O"))


# WikiFANE fine classes (Alotaibi & Lee 2014) grouped into the coarse classes the name lists use.
# PER.Group (الأمريكيين "the Americans") is left out: it names peoples, not persons.
FANE_COARSE = {
    "PER": {"Politician", "Other_PER", "Artist", "Scientist", "Religious_PER", "Athlete", "Businessperson", "Engineer", "Lawyer"},
    "ORG": {"Commercial", "Non-Governmental", "Government", "Police", "Sports", "Media", "Educational", "Religious_ORG", "Entertainment", "Medical-Science"},
    "LOC": {"Population-Center", "Nation", "State-or-Province", "Water-Body", "Continent", "Land-Region-Natural", "GPE-Cluster", "County-or-District", "Airport"},
}


def build_name_lists(shared: Path, out: Path, min_count: int = 2) -> dict[str, int]:
    """Word lists of person, organisation and place names from WikiFANE Gold (Wikipedia text,
    CC BY-SA 3.0; never NewsFANE, which is the ANERcorp text). A word is listed for a class when
    it occurs at least ``min_count`` times inside names of that class and more often inside them
    than outside any name. Words are stored in the tagger's stem form."""
    import json
    from collections import Counter

    from rasd.entities.tagger import _stem
    from rasd.normalize import normalize_form

    fine_to_coarse = {fine: coarse for coarse, fines in FANE_COARSE.items() for fine in fines}
    inside: dict[str, Counter] = {c: Counter() for c in FANE_COARSE}
    outside: Counter = Counter()
    path = shared / "wikifane-newsfane-gold" / "WikiFANE_Gold_2014_500K.txt"
    for raw in path.read_text(encoding="utf-8-sig").splitlines():
        parts = raw.replace("\u200e", "").replace("\u200f", "").strip().split("\t")
        if len(parts) != 2 or not parts[0]:
            continue
        stem, _ = _stem(normalize_form(parts[0]).lower())
        bare = stem[2:] if stem.startswith("ال") and len(stem) > 4 else stem
        if len(bare) < 2:
            continue
        tag = parts[1]
        coarse = fine_to_coarse.get(tag[2:]) if tag[:2] in ("B-", "I-") else None
        if coarse:
            inside[coarse][bare] += 1
        elif tag == "O":
            outside[bare] += 1
    lists = {
        c: sorted(w for w, k in counts.items() if k >= min_count and k > outside[w])
        for c, counts in inside.items()
    }
    out.write_text(json.dumps({
        "version": 1,
        "source": "WikiFANE Gold 2014 (Alotaibi & Lee, COLING 2014), CC BY-SA 3.0; built by scripts/train_tagger.py",
        "licence": "CC-BY-SA-3.0",
        "lists": lists,
    }, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return {c: len(v) for c, v in lists.items()}


def _corpus_words(shared: Path) -> Iterator[list[str]]:
    """Unlabelled sentences for word clusters: WikiFANE, AQMAR, the Wojood sample and the ANERcorp
    *training* split (never the ANERcorp test text, nor NewsFANE, which is the whole ANERcorp)."""
    for sent in read_conll(shared / "wikifane-newsfane-gold" / "WikiFANE_Gold_2014_500K.txt", sep="\t", keep_tags=True):
        yield [t for t, _ in sent]
    for sent in read_aqmar(shared / "aqmar"):
        yield [t for t, _ in sent]
    for name in ("train.txt", "val.txt", "test.txt"):
        path = shared / "wojood-sample" / name
        if path.exists():
            for sent in read_conll(path, sep=None, keep_tags=True):
                yield [t for t, _ in sent]
    for sent in read_conll(shared / "anercorp-camel-splits" / "ANERCorp_CamelLab_train.txt"):
        yield [t for t, _ in sent]


def build_word_clusters(shared: Path, out: Path, vocab_size: int = 30000, contexts: int = 2000, dims: int = 80, k: tuple[int, ...] = (64, 256)) -> int:
    """Distributional word clusters: PPMI of left/right neighbours, truncated SVD, k-means.

    Unseen names share clusters with seen ones (foreign surnames with foreign surnames, towns with
    towns), which gives the CRF evidence no single word carries. Words are keyed by the tagger's
    bare stem form.
    """
    import json
    from collections import Counter

    import numpy as np
    from scipy.cluster.vq import kmeans2
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import svds

    from rasd.entities.tagger import _stem
    from rasd.normalize import normalize_form

    def key(tok: str) -> str:
        stem, _ = _stem(normalize_form(tok).lower())
        return stem[2:] if stem.startswith("ال") and len(stem) > 4 else stem

    sents = [[key(t) for t in sent] for sent in _corpus_words(shared)]
    freq = Counter(w for s in sents for w in s)
    vocab = [w for w, c in freq.most_common(vocab_size) if c >= 3]
    index = {w: i for i, w in enumerate(vocab)}
    ctx = {w: i for i, (w, _) in enumerate(freq.most_common(contexts))}
    rows, cols = [], []
    for s in sents:
        for i, w in enumerate(s):
            wi = index.get(w)
            if wi is None:
                continue
            if i > 0 and s[i - 1] in ctx:
                rows.append(wi)
                cols.append(ctx[s[i - 1]])
            if i + 1 < len(s) and s[i + 1] in ctx:
                rows.append(wi)
                cols.append(len(ctx) + ctx[s[i + 1]])
    m = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(vocab), 2 * len(ctx))).tocsr()
    m.sum_duplicates()
    total = m.sum()
    row_sum = np.asarray(m.sum(axis=1)).ravel()
    col_sum = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    col_sum = col_sum / col_sum.sum() * total
    m = m.tocoo()
    pmi = np.log(m.data * total / (row_sum[m.row] * col_sum[m.col]))
    keep = pmi > 0
    ppmi = coo_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape).tocsr()
    u, sv, _ = svds(ppmi, k=dims)
    vec = u * np.sqrt(sv)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    clusters: dict[str, list[int]] = {w: [] for w in vocab}
    rng = np.random.default_rng(0)
    for kk in k:
        _, labels = kmeans2(vec, kk, minit="++", seed=rng, iter=20)
        for w, lab in zip(vocab, labels):
            clusters[w].append(int(lab))
    out.write_text(json.dumps({
        "version": 1,
        "source": "PPMI+SVD+k-means word clusters over WikiFANE Gold, AQMAR, the Wojood sample and the "
        "ANERcorp train split; built by scripts/train_tagger.py",
        "licence": "CC-BY-SA-4.0",
        "k": list(k),
        "clusters": clusters,
    }, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(clusters)


def read_wikifane(shared: Path) -> Iterator[Sentence]:
    """WikiFANE Gold sentences with fine classes mapped to ANERcorp's coarse tags (PER -> PERS,
    ORG, LOC); other classes (facilities, vehicles, products, peoples) read as O."""
    fine_to_tag = {fine: ("PERS" if c == "PER" else c) for c, fines in FANE_COARSE.items() for fine in fines}
    for sent in read_conll(shared / "wikifane-newsfane-gold" / "WikiFANE_Gold_2014_500K.txt", sep="\t", keep_tags=True):
        yield [(tok, f"{tag[:2]}{fine_to_tag[tag[2:]]}" if tag[2:] in fine_to_tag else "O") for tok, tag in sent]


# ANERcorp marks no article boundaries; consecutive sentences come from the same article, so
# windows of this many sentences stand in for documents when computing `document_context`.
PSEUDO_DOC_SENTENCES = 25


def with_context(
    sentences: Sequence[Sentence], labels: Sequence[Sequence[str]] | None = None, window: int = PSEUDO_DOC_SENTENCES
) -> Iterator[tuple[Sentence, dict]]:
    """Each sentence with the document context of its window of consecutive sentences (and of
    first-pass ``labels``, one list per sentence, when given)."""
    for a in range(0, len(sentences), window):
        chunk = sentences[a : a + window]
        words = [[t for t, _ in s] for s in chunk]
        ctx = document_context(words, labels[a : a + window] if labels is not None else None)
        for sent in chunk:
            yield sent, ctx


def first_pass_path(model_path: Path) -> Path:
    """Where the first-pass model of a two-pass model lives (ner_crf -> ner_crf_pass1)."""
    return model_path.with_name(model_path.stem + "_pass1" + model_path.suffix)


def tag_first_pass(model_path: Path, sentences: Sequence[Sentence]) -> list[list[str]]:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    return [tagger.tag(sentence_features([t for t, _ in sent], ctx)) for sent, ctx in with_context(sentences)]


def train_two_pass(sentences: Sequence[Sentence], model_path: Path, max_iterations: int = 150, c1: float = 0.05, c2: float = 0.01, folds: int = 2) -> None:
    """Stacked training: a first-pass model on all the data, then a second model whose features
    include the first pass's tags gathered over each (pseudo-)document. The tags it trains on come
    from models that did not see those sentences (``folds``-fold, by windows), so the second model
    learns how far to trust a first pass on unseen text."""
    sentences = list(sentences)
    train(sentences, first_pass_path(model_path), max_iterations, c1, c2)
    w = PSEUDO_DOC_SENTENCES
    fold_of = [(k // w) % folds for k in range(len(sentences))]
    labels: list[list[str]] = [[] for _ in sentences]
    tmp = model_path.with_name(model_path.stem + "_fold" + model_path.suffix)
    for f in range(folds):
        train([s for s, g in zip(sentences, fold_of) if g != f], tmp, max_iterations, c1, c2)
        held = [k for k, g in enumerate(fold_of) if g == f]
        # Tag the held-out windows whole, so their document context is the real one.
        for a in range(0, len(held), w):
            idx = held[a : a + w]
            for k, lab in zip(idx, tag_first_pass(tmp, [sentences[k] for k in idx])):
                labels[k] = lab
    tmp.unlink(missing_ok=True)
    train(sentences, model_path, max_iterations, c1, c2, labels=labels)


def train(
    sentences: Sequence[Sentence], model_path: Path, max_iterations: int = 150, c1: float = 0.05, c2: float = 0.01,
    labels: Sequence[Sequence[str]] | None = None,
) -> None:
    """Train a CRF on tagged sentences and write it to ``model_path`` (``labels``: first-pass
    tags for a second-pass model, see `train_two_pass`)."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for sent, ctx in with_context(list(sentences), labels):
        trainer.append(sentence_features([t for t, _ in sent], ctx), [tag for _, tag in sent])
    trainer.set_params({
        "c1": c1,
        "c2": c2,
        "max_iterations": max_iterations,
        "feature.possible_transitions": True,
        "feature.minfreq": 1,
    })
    model_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))


def evaluate_spans(model_path: Path, sentences: Sequence[Sentence]) -> dict[str, tuple[float, float, float]]:
    """Exact-span (CoNLL) precision/recall/F1, micro-averaged and per type."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    counts: dict[str, list[int]] = {}
    sentences = list(sentences)
    pass1 = first_pass_path(model_path)
    labels = tag_first_pass(pass1, sentences) if pass1.exists() else None
    for sent, ctx in with_context(sentences, labels):
        gold = set(bio_spans([tag for _, tag in sent]))
        pred = set(bio_spans(tagger.tag(sentence_features([t for t, _ in sent], ctx))))
        for key, spans in (("gold", gold), ("pred", pred), ("tp", gold & pred)):
            for _, _, typ in spans:
                for k in (typ, "ALL"):
                    c = counts.setdefault(k, [0, 0, 0])
                    c[("tp", "pred", "gold").index(key)] += 1
    out = {}
    for typ, (tp, pred, gold) in sorted(counts.items()):
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        out[typ] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "rasd" / "data" / "models" / "ner_crf.crfsuite")
    ap.add_argument("--max-iterations", type=int, default=150)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--aqmar", action="store_true", help="also train on AQMAR (Wikipedia, CC BY-SA 3.0)")
    ap.add_argument("--wikifane", action="store_true", help="also train on WikiFANE Gold (Wikipedia, CC BY-SA 3.0)")
    ap.add_argument("--wojood", action="store_true", help="also train on the Wojood sample (MIT), types mapped")
    ap.add_argument("--single-pass", action="store_true", help="one model, without the stacked second pass")
    ap.add_argument("--limit", type=int, default=0, help="train on the first N sentences only")
    ap.add_argument("--skip-name-lists", action="store_true", help="keep the shipped name_lists.json")
    args = ap.parse_args()

    if not args.skip_name_lists:
        # The tagger reads the lists from the package, so they are written there (deterministic).
        lists_path = ROOT / "src" / "rasd" / "data" / "models" / "name_lists.json"
        sizes = build_name_lists(args.shared, lists_path)
        print(f"name lists from WikiFANE -> {lists_path}: {sizes}")
        clusters_path = ROOT / "src" / "rasd" / "data" / "models" / "word_clusters.json"
        t0 = time.time()
        words = build_word_clusters(args.shared, clusters_path)
        print(f"word clusters for {words} words -> {clusters_path} in {time.time() - t0:.0f} s")
        from rasd.entities.tagger import load_name_lists, load_word_clusters

        load_name_lists.cache_clear()
        load_word_clusters.cache_clear()
    corpus = args.shared / "anercorp-camel-splits"
    train_sents = list(read_conll(corpus / "ANERCorp_CamelLab_train.txt"))
    if args.aqmar:
        train_sents += list(read_aqmar(args.shared / "aqmar"))
    if args.wikifane:
        train_sents += list(read_wikifane(args.shared))
    if args.wojood:
        train_sents += list(read_wojood(args.shared))
    if args.limit:
        train_sents = train_sents[: args.limit]
    test_sents = list(read_conll(corpus / "ANERCorp_CamelLab_test.txt"))
    t0 = time.time()
    if args.single_pass:
        first_pass_path(args.out).unlink(missing_ok=True)
        train(train_sents, args.out, args.max_iterations, args.c1, args.c2)
    else:
        train_two_pass(train_sents, args.out, args.max_iterations, args.c1, args.c2)
    print(f"trained on {len(train_sents)} sentences in {time.time() - t0:.0f} s -> {args.out} "
          f"({args.out.stat().st_size / 1e6:.1f} MB)")
    t0 = time.time()
    scores = evaluate_spans(args.out, test_sents)
    print(f"ANERcorp test (CAMeL split), exact-span, {time.time() - t0:.0f} s:")
    for typ, (p, r, f) in scores.items():
        print(f"  {typ:5s} P={p:.4f} R={r:.4f} F1={f:.4f}")


if __name__ == "__main__":
    main()
