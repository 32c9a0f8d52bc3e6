"""Statistical name recogniser: a linear-chain CRF (python-crfsuite) over Arabic word features.

It finds names the knowledge base has never seen. Arabic has no capital letters, so the evidence
is elsewhere: the word with its clitics set aside (وبإيفانز -> إيفانز), its first and last letters
(foreign names end in -ي, -ز, -ف; nisba adjectives in -ي/-ية), the article ال, the trigger words
around it (a title such as الرئيس before a person, a head noun such as شركة before a company),
knowledge-base and nisba hits, and the words on either side.

The model is trained by ``scripts/train_tagger.py`` on the ANERcorp training split (CC BY-SA 4.0)
and shipped as ``rasd/data/models/ner_crf.crfsuite`` with its licence beside it. Feature extraction
works on normalised word forms only, so training (ANERcorp tokens) and tagging (document tokens)
see exactly the same features.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from rasd.normalize import normalize_form
from rasd.resources import data_path, load_toml
from rasd.segment import proclitic_splits

from rasd.entities.kb import KnowledgeBase, load_kb

MODEL_NAME = "ner_crf.crfsuite"
# The first pass of two: its tags, gathered over the whole article, are features of the second.
FIRST_PASS_MODEL = "ner_crf_pass1.crfsuite"
# Sentences longer than this are tagged in windows: the CRF is linear anyway, this bounds memory.
MAX_TAG_WINDOW = 256
TYPE_OF_LABEL = {"PERS": "PERSON", "ORG": "ORG", "LOC": "GPE", "MISC": "MISC"}


@dataclass(frozen=True)
class TaggedSpan:
    """Tokens ``first..last`` (inclusive) tagged as a name of ``label`` (PERS, ORG, LOC, MISC)."""

    first: int
    last: int
    label: str
    confidence: float


@dataclass(frozen=True)
class Triggers:
    person_titles: frozenset[str]
    org_heads: frozenset[str]
    place_heads: frozenset[str]
    name_particles: frozenset[str]
    speech_cues: frozenset[str]
    not_names: frozenset[str] = frozenset()
    facility_heads: frozenset[str] = frozenset()
    company_heads: frozenset[str] = frozenset()
    place_cues: frozenset[str] = frozenset()
    directions: frozenset[str] = frozenset()
    function_words: frozenset[str] = frozenset()
    misc_heads: frozenset[str] = frozenset()
    company_suffixes: frozenset[str] = frozenset()
    naming_misc_heads: frozenset[str] = frozenset()
    gathering_heads: frozenset[str] = frozenset()
    settlement_heads: frozenset[str] = frozenset()
    head_sectors: dict[str, str] = field(default_factory=dict)

    def kind(self, form: str) -> str | None:
        if form in self.person_titles:
            return "title"
        if form in self.org_heads:
            return "org"
        if form in self.place_heads:
            return "place"
        if form in self.speech_cues:
            return "speech"
        if form in self.name_particles:
            return "particle"
        return None


@lru_cache(maxsize=1)
def load_triggers() -> Triggers:
    data = load_toml("kb/triggers.toml")

    def forms(key: str, with_article: bool = True) -> frozenset[str]:
        out = set()
        for w in data[key]:
            f = normalize_form(w)
            out.add(f)
            if with_article and not f.startswith("ال"):
                out.add("ال" + f)
        return frozenset(out)

    return Triggers(
        person_titles=forms("person_titles", with_article=False),
        org_heads=forms("org_heads"),
        place_heads=forms("place_heads"),
        name_particles=forms("name_particles", with_article=False),
        speech_cues=forms("speech_cues", with_article=False),
        not_names=forms("not_names"),
        facility_heads=forms("facility_heads", with_article=False),
        company_heads=forms("company_heads", with_article=False),
        place_cues=forms("place_cues", with_article=False),
        directions=forms("directions", with_article=False),
        function_words=forms("function_words", with_article=False),
        misc_heads=forms("misc_heads"),
        company_suffixes=forms("company_suffixes", with_article=False) if "company_suffixes" in data else frozenset(),
        naming_misc_heads=forms("naming_misc_heads", with_article=False) if "naming_misc_heads" in data else frozenset(),
        gathering_heads=forms("gathering_heads") if "gathering_heads" in data else frozenset(),
        settlement_heads=forms("settlement_heads", with_article=False) if "settlement_heads" in data else frozenset(),
        head_sectors={
            form: sector
            for sector, heads in data.get("head_sectors", {}).items()
            for h in heads
            for form in (normalize_form(h), "ال" + normalize_form(h))
        },
    )


@lru_cache(maxsize=1)
def load_name_lists() -> dict[str, frozenset[str]]:
    """Words seen inside person/organisation/place names in WikiFANE (``models/name_lists.json``,
    built by the training script); empty when the file is absent."""
    path = data_path("models", "name_lists.json")
    if not path.exists():
        return {}
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    return {c: frozenset(words) for c, words in data["lists"].items()}


@lru_cache(maxsize=1)
def load_word_clusters() -> dict[str, list[int]]:
    """Distributional word clusters (``models/word_clusters.json``), keyed by bare stem; empty when
    absent."""
    path = data_path("models", "word_clusters.json")
    if not path.exists():
        return {}
    import json

    return json.loads(path.read_text(encoding="utf-8"))["clusters"]


@lru_cache(maxsize=1)
def load_given_names() -> tuple[frozenset[str], frozenset[str]]:
    """Given names (normalised) and the subset that are also ordinary words."""
    data = load_toml("kb/given_names.toml")
    names = frozenset(normalize_form(n) for n in data["names"])
    ordinary = frozenset(normalize_form(n) for n in data["ordinary"])
    return names, ordinary


def _shape(text: str) -> str:
    if not text:
        return "empty"
    c = text[0]
    if c.isdigit():
        return "digit"
    if "a" <= c.lower() <= "z":
        return "Latin-cap" if c.isupper() else "latin"
    if c.isalpha():
        return "arabic"
    return "punct"


def _stem(form: str) -> tuple[str, str]:
    """The word without a proclitic (و ف ب ل ك before the article, or before a known long word),
    and the clitic string removed."""
    splits = proclitic_splits(form) if form and form[0] in "وفبلك" else [(0, form)]
    best = splits[0]
    for cut, stem in splits[1:]:
        if stem.startswith("ال") and len(stem) > 3 and cut > best[0]:
            best = (cut, stem)
    if best[0] == 0 and len(splits) > 1:
        # No article: take a one-letter conjunction only (وماسك -> ماسك) when a long stem is left.
        for cut, stem in splits[1:]:
            if cut == 1 and len(stem) >= 4:
                best = (cut, stem)
                break
    return best[1], form[: best[0]] if best[0] else ""


def kb_labels(kb: KnowledgeBase, norms: Sequence[str], texts: Sequence[str]) -> list[str]:
    """B-/I- labels of knowledge-base matches (by record type), "O" elsewhere."""
    tokens = [(n, proclitic_splits(n) if n else [(0, n)], t.isupper()) for n, t in zip(norms, texts)]
    labels = ["O"] * len(norms)
    for m in kb.match(tokens):
        typ = kb.records[m.records[0]].type
        labels[m.first] = "B-" + typ
        for j in range(m.first + 1, m.last + 1):
            labels[j] = "I-" + typ
    return labels


# How a word is introduced elsewhere in the same article. News names a person in full once
# ("دونالد رامسفيلد", "وزير الدفاع رامسفيلد") and by surname afterwards ("رامسفيلد وفريقه"); the
# surname alone carries no evidence, its other occurrences do.
DOC_FLAGS = ("after_given", "after_title", "after_org_head", "after_place_cue", "before_given")


def _bare_key(text: str) -> tuple[str, str, str]:
    """(normalised word, stem without proclitic, stem without the article)."""
    norm = normalize_form(text).lower()
    stem, _ = _stem(norm)
    return norm, stem, stem[2:] if stem.startswith("ال") and len(stem) > 4 else stem


def document_context(
    sentences: Sequence[Sequence[str]], labels: Sequence[Sequence[str]] | None = None
) -> dict[str, frozenset[str]]:
    """For each word (bare stem) of a document, the contexts it appears in anywhere in it (see
    ``DOC_FLAGS``), and with ``labels`` (a first tagging pass, IOB2 per sentence) the name types it
    was tagged with anywhere ("tagged=PERS"): a surname the first pass found after a given name is
    a name in its other sentences too. One pass over the words: linear in the document length."""
    trig = load_triggers()
    given, ordinary = load_given_names()
    out: dict[str, set[str]] = {}
    for k, texts in enumerate(sentences):
        keys = [_bare_key(t) for t in texts]
        if labels is not None:
            for (_, _, bare), lab in zip(keys, labels[k]):
                if lab != "O" and len(bare) >= 3:
                    out.setdefault(bare, set()).add("tagged=" + lab[2:])
        for i, (norm, stem, bare) in enumerate(keys):
            if len(bare) < 3 or norm in trig.function_words or not any(ch.isalpha() for ch in bare):
                continue
            flags = set()
            if i > 0:
                pn, ps, _ = keys[i - 1]
                if ps in given and ps not in ordinary:
                    flags.add("after_given")
                kind = trig.kind(pn) or trig.kind(ps)
                if kind == "title":
                    flags.add("after_title")
                elif kind == "org" or ps in trig.company_heads:
                    flags.add("after_org_head")
                if pn in trig.place_cues or ps in trig.place_cues:
                    flags.add("after_place_cue")
            if i + 1 < len(keys) and stem in given and stem not in ordinary:
                flags.add("before_given")
            if flags:
                out.setdefault(bare, set()).update(flags)
    return {k: frozenset(v) for k, v in out.items()}


def sentence_features(texts: Sequence[str], doc_context: dict[str, frozenset[str]] | None = None) -> list[list[str]]:
    """CRF features of each word of a sentence, from its surface forms (and, when given, how each
    word appears elsewhere in its document: `document_context`)."""
    base, bare = _local_features(tuple(texts))
    feats = [list(f) for f in base]
    if doc_context:
        n = len(feats)
        for i, f in enumerate(feats):
            for flag in doc_context.get(bare[i], ()):
                f.append("doc=" + flag)
            if i + 1 < n:
                for flag in doc_context.get(bare[i + 1], ()):
                    f.append("1:doc=" + flag)
    return feats


@lru_cache(maxsize=512)
def _local_features(texts: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """The features that depend on the sentence alone, and each word's bare stem. Cached: both
    tagging passes over an article see the same sentences (crfsuite ignores feature order)."""
    kb = load_kb()
    trig = load_triggers()
    norms = [normalize_form(t).lower() for t in texts]
    stems = [_stem(n) for n in norms]
    bare = [s[2:] if s.startswith("ال") and len(s) > 4 else s for s, _ in stems]
    kinds = [trig.kind(n) or trig.kind(s) for n, (s, _) in zip(norms, stems)]
    kbl = kb_labels(kb, norms, texts)
    name_lists = load_name_lists()
    in_lists = [[c for c, words in name_lists.items() if b in words] for b in bare]
    clusters = load_word_clusters()
    word_cl = [clusters.get(b) for b in bare]
    given, ordinary = load_given_names()
    given_kind = [("gn_ord" if s in ordinary else "gn") if s in given else None for s, _ in stems]
    nisba = [n in kb.nisba or s in kb.nisba for n, (s, _) in zip(norms, stems)]
    n = len(texts)
    # Distance back to a title whose phrase reaches this word: in "وزير الخارجية التركي مولود
    # جاويش أوغلو" the title's complement (definite words, nisbas) runs up to the name.
    after_title = [0] * n
    run = 0
    for i in range(n):
        after_title[i] = run
        if kinds[i] == "title":
            run = 1
        elif run and (stems[i][0].startswith("ال") or nisba[i]) and run < 5:
            run += 1
        elif run == 1 or (run and not stems[i][0].startswith("ال")):
            run = 0
    feats: list[tuple[str, ...]] = []
    for i in range(n):
        w, (s, clitic), b = norms[i], stems[i], bare[i]
        f = [
            "bias",
            "w=" + w,
            "s=" + s,
            "b=" + b,
            "p2=" + b[:2],
            "p3=" + b[:3],
            "x1=" + b[-1:],
            "x2=" + b[-2:],
            "x3=" + b[-3:],
            "cl=" + clitic,
            "sh=" + _shape(texts[i]),
            "len=" + str(min(len(b), 8)),
            "kb=" + kbl[i],
        ]
        if s.startswith("ال"):
            f.append("al")
        for c in in_lists[i]:
            f.append("gz=" + c)
        if word_cl[i]:
            f.extend(f"c{g}={c}" for g, c in enumerate(word_cl[i]))
        for d in (-1, 1):
            if 0 <= i + d < n and word_cl[i + d]:
                f.append(f"{d}:c1={word_cl[i + d][-1]}")
        if given_kind[i]:
            f.append(given_kind[i])
        if i > 0 and given_kind[i - 1]:
            f.append("-1:" + given_kind[i - 1])
        if i + 1 < n and given_kind[i + 1]:
            f.append("1:" + given_kind[i + 1])
        for d in (-1, 1):
            if 0 <= i + d < n:
                for c in in_lists[i + d]:
                    f.append(f"{d}:gz={c}")
        if after_title[i]:
            f.append("after_title")
            f.append("after_title_al=" + str(s.startswith("ال")))
        if kinds[i]:
            f.append("trig=" + kinds[i])
        if nisba[i]:
            f.append("nisba")
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f.append(f"{d}:s={stems[j][0]}")
                f.append(f"{d}:kb={kbl[j]}")
                if kinds[j]:
                    f.append(f"{d}:trig={kinds[j]}")
                if nisba[j]:
                    f.append(f"{d}:nisba")
                if abs(d) == 1:
                    f.append(f"{d}:sh={_shape(texts[j])}")
                    f.append(f"{d}:x2={bare[j][-2:]}")
            else:
                f.append(f"{d}:{'BOS' if d < 0 else 'EOS'}")
        f.append(f"-1s|s={stems[i - 1][0] if i else 'BOS'}|{s}")
        feats.append(tuple(f))
    return tuple(feats), tuple(bare)


def _model_path(name: str = MODEL_NAME) -> Path:
    return data_path("models", name)


@lru_cache(maxsize=2)
def load_tagger(name: str = MODEL_NAME):  # type: ignore[no-untyped-def]
    """A shipped CRF model, opened once; None when the model file is absent."""
    import pycrfsuite

    path = _model_path(name)
    if not path.exists():
        return None
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def _clean(texts: Sequence[str]) -> list[str]:
    # crfsuite needs valid UTF-8: lone surrogates from broken input become "?".
    return [t.encode("utf-8", "replace").decode("utf-8") for t in texts]


def first_pass_labels(sentences: Sequence[Sequence[str]], doc_context: dict[str, frozenset[str]] | None = None) -> list[list[str]] | None:
    """IOB2 labels of the first-pass model (``FIRST_PASS_MODEL``) for every sentence of a document,
    or None when that model is not shipped (then the main model runs alone)."""
    tagger = load_tagger(FIRST_PASS_MODEL)
    if tagger is None:
        return None
    out: list[list[str]] = []
    for texts in sentences:
        labels: list[str] = []
        for offset in range(0, len(texts), MAX_TAG_WINDOW):
            labels.extend(tagger.tag(sentence_features(_clean(texts[offset : offset + MAX_TAG_WINDOW]), doc_context)))
        out.append(labels)
    return out


def tagging_context(sentences: Sequence[Sequence[str]]) -> dict[str, frozenset[str]]:
    """The document context the main model expects: contexts, then first-pass tags when shipped."""
    ctx = document_context(sentences)
    labels = first_pass_labels(sentences, ctx)
    return document_context(sentences, labels) if labels is not None else ctx


def bio_spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """Token spans ``(first, last, type)`` from IOB2 labels (an I- without a B- starts a span)."""
    spans: list[tuple[int, int, str]] = []
    cur: list = []
    for i, lab in enumerate(labels):
        if lab.startswith("B-") or (lab.startswith("I-") and (not cur or cur[2] != lab[2:])):
            if cur:
                spans.append(tuple(cur))  # type: ignore[arg-type]
            cur = [i, i, lab[2:]]
        elif lab.startswith("I-") and cur:
            cur[1] = i
        else:
            if cur:
                spans.append(tuple(cur))  # type: ignore[arg-type]
            cur = []
    if cur:
        spans.append(tuple(cur))  # type: ignore[arg-type]
    return spans


def tag_words(texts: Sequence[str], doc_context: dict[str, frozenset[str]] | None = None) -> list[TaggedSpan]:
    """Names found by the CRF in one sentence given as word surface forms (``doc_context``: see
    `document_context`)."""
    tagger = load_tagger()
    if tagger is None or not texts:
        return []
    out: list[TaggedSpan] = []
    for offset in range(0, len(texts), MAX_TAG_WINDOW):
        window = _clean(texts[offset : offset + MAX_TAG_WINDOW])
        labels = tagger.tag(sentence_features(window, doc_context))
        for first, last, label in bio_spans(labels):
            conf = min(tagger.marginal(labels[k], k) for k in range(first, last + 1))
            out.append(TaggedSpan(first + offset, last + offset, label, conf))
    return out


__all__ = ["TaggedSpan", "sentence_features", "document_context", "tagging_context", "first_pass_labels", "DOC_FLAGS", "tag_words", "load_tagger", "load_triggers", "bio_spans", "TYPE_OF_LABEL"]
