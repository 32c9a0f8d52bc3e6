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

Two ways to tag, with the same result: `tag_words` (python-crfsuite, one sentence and one feature
string list at a time: what training and evaluation use) and `tag_document`, which the pipeline
uses: a `DocumentTagger` reads the models' weights into numpy, sums them once per distinct word
form (`word_form`) and decodes a whole article in one batch, several times faster.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, Sequence

from rasd.normalize import normalize_form
from rasd.resources import data_path, load_toml
from rasd.segment import proclitic_splits

from rasd.entities.kb import KnowledgeBase, load_kb

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from rasd.entities.crf import CrfModel

MODEL_NAME = "ner_crf.crfsuite"
# The first pass of two: its tags, gathered over the whole article, are features of the second.
FIRST_PASS_MODEL = "ner_crf_pass1.crfsuite"
# Sentences longer than this are tagged in windows: the CRF is linear anyway, this bounds memory.
MAX_TAG_WINDOW = 256
# `DocumentTagger` scores an article this many words at a time (whole windows): bounded memory.
CHUNK_WORDS = 4096
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
    plural_org_heads: frozenset[str] = frozenset()
    list_cues: frozenset[str] = frozenset()
    common_adjectives: frozenset[str] = frozenset()
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
        plural_org_heads=forms("plural_org_heads") if "plural_org_heads" in data else frozenset(),
        list_cues=forms("list_cues", with_article=False) if "list_cues" in data else frozenset(),
        common_adjectives=forms("common_adjectives") if "common_adjectives" in data else frozenset(),
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
    return _kb_token_labels(kb, [_kb_token(n, t) for n, t in zip(norms, texts)])


def _kb_token(norm: str, text: str) -> tuple[str, Any, bool]:
    """A word as `KnowledgeBase.match` reads it: normalised form, proclitic readings, all capitals."""
    return norm, proclitic_splits(norm) if norm else [(0, norm)], text.isupper()


def _kb_token_labels(kb: KnowledgeBase, tokens: Sequence[tuple[str, Any, bool]]) -> list[str]:
    labels = ["O"] * len(tokens)
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
    keys = [[_bare_key(t) for t in texts] for texts in sentences]
    return _with_tags(_context_flags(keys), keys, labels)


def _context_flags(keys: Sequence[Sequence[tuple[str, str, str]]]) -> dict[str, frozenset[str]]:
    """The ``DOC_FLAGS`` of each bare stem, from the `_bare_key` of every word of every sentence."""
    return _flags_from_roles([[_context_role(k) for k in sent] for sent in keys], keys)


@lru_cache(maxsize=1 << 15)
def _context_role(key: tuple[str, str, str]) -> tuple[bool, frozenset[str], bool]:
    """How one word takes part in `document_context`: whether it gets flags at all, the flags it
    gives the word after it ("after_title" after الرئيس), and whether it is a given name (which
    flags the word before it "before_given")."""
    trig = load_triggers()
    given, ordinary = load_given_names()
    norm, stem, bare = key
    return _role(norm, stem, bare, trig.kind(norm) or trig.kind(stem), stem in given and stem not in ordinary)


def _role(norm: str, stem: str, bare: str, kind: str | None, given: bool) -> tuple[bool, frozenset[str], bool]:
    """`_context_role` from a word's trigger kind and given-name status, which the
    `DocumentTagger` has already looked up for the word's features."""
    trig = load_triggers()
    eligible = not (
        len(bare) < 3 or norm in trig.function_words or not (bare.isalpha() or any(ch.isalpha() for ch in bare))
    )
    org = kind != "title" and (kind == "org" or stem in trig.company_heads)
    return eligible, _gives(given, kind == "title", org, norm in trig.place_cues or stem in trig.place_cues), given


@lru_cache(maxsize=16)
def _gives(after_given: bool, after_title: bool, after_org_head: bool, after_place_cue: bool) -> frozenset[str]:
    """The flags a word gives the word after it (one shared set per combination)."""
    gives = set()
    if after_given:
        gives.add("after_given")
    if after_title:
        gives.add("after_title")
    elif after_org_head:
        gives.add("after_org_head")
    if after_place_cue:
        gives.add("after_place_cue")
    return frozenset(gives)


_BEFORE_GIVEN = frozenset({"before_given"})


def _flags_from_roles(
    roles: Sequence[Sequence[tuple[bool, frozenset[str], bool]]], keys: Sequence[Sequence[tuple[str, str, str]]]
) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for sent_roles, sent_keys in zip(roles, keys):
        last = len(sent_roles) - 1
        for i, (eligible, _, given) in enumerate(sent_roles):
            if not eligible:
                continue
            flags = sent_roles[i - 1][1] if i > 0 else frozenset()
            if i < last and given:
                flags = flags | _BEFORE_GIVEN
            if flags:
                out.setdefault(sent_keys[i][2], set()).update(flags)
    return {k: frozenset(v) for k, v in out.items()}


def _with_tags(
    flags: dict[str, frozenset[str]], keys: Sequence[Sequence[tuple[str, str, str]]], labels: Sequence[Sequence[str]] | None
) -> dict[str, frozenset[str]]:
    """``flags`` plus, for every word a tagging pass labelled, "tagged=TYPE"."""
    if labels is None:
        return flags
    tagged: dict[str, set[str]] = {}
    for sent, labs in zip(keys, labels):
        for (_, _, bare), lab in zip(sent, labs):
            if lab != "O" and len(bare) >= 3:
                tagged.setdefault(bare, set()).add("tagged=" + lab[2:])
    if not tagged:
        return flags
    out = dict(flags)
    for bare, tags in tagged.items():
        out[bare] = flags.get(bare, frozenset()) | tags
    return out


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


# Where a neighbour's features are seen from: the word two before, one before, one after, two after.
NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)


@dataclass(frozen=True, slots=True)
class WordForm:
    """What the tagger knows about one word form on its own, whatever its sentence: its normalised
    form, stem and bare stem, its trigger kind, and its features — ``own`` for the word itself and
    ``around[k]`` for the word at ``NEIGHBOUR_OFFSETS[k]`` from it. Only the knowledge-base labels,
    the title run, the stem pair and the document context depend on the sentence around it."""

    norm: str
    stem: str
    bare: str
    kind: str | None
    nisba: bool
    own: tuple[str, ...]
    around: tuple[tuple[str, ...], ...]

    @property
    def definite(self) -> bool:
        return self.stem.startswith("ال")


class _Analysis(NamedTuple):
    """The values a word's features are made of (see `word_form`): normalised form, stem, bare
    stem, proclitic string, trigger kind, name lists, word clusters, given-name kind, nisba and
    shape."""

    w: str
    s: str
    b: str
    clitic: str
    kind: str | None
    in_lists: list[str]
    cl: list[int] | None
    given_kind: str | None
    nisba: bool
    shape: str


def _analyse(text: str) -> _Analysis:
    """What `word_form` needs to know of one (UTF-8 clean) word, before any feature string is
    built: the `DocumentTagger` looks the values up in per-family tables instead."""
    kb = load_kb()
    trig = load_triggers()
    w = normalize_form(text).lower()
    s, clitic = _stem(w)
    b = s[2:] if s.startswith("ال") and len(s) > 4 else s
    kind = trig.kind(w) or trig.kind(s)
    in_lists = [c for c, words in load_name_lists().items() if b in words]
    cl = load_word_clusters().get(b)
    given, ordinary = load_given_names()
    given_kind = ("gn_ord" if s in ordinary else "gn") if s in given else None
    nisba = w in kb.nisba or s in kb.nisba
    return _Analysis(w, s, b, clitic, kind, in_lists, cl, given_kind, nisba, _shape(text))


def word_form(text: str) -> WordForm:
    """The sentence-independent analysis and features of one (UTF-8 clean) word."""
    w, s, b, clitic, kind, in_lists, cl, given_kind, nisba, shape = _analyse(text)
    own = [
        "bias", "w=" + w, "s=" + s, "b=" + b, "p2=" + b[:2], "p3=" + b[:3], "x1=" + b[-1:], "x2=" + b[-2:],
        "x3=" + b[-3:], "cl=" + clitic, "sh=" + shape, "len=" + str(min(len(b), 8)),
    ]
    if s.startswith("ال"):
        own.append("al")
    own.extend("gz=" + c for c in in_lists)
    if cl:
        own.extend(f"c{g}={c}" for g, c in enumerate(cl))
    if given_kind:
        own.append(given_kind)
    if kind:
        own.append("trig=" + kind)
    if nisba:
        own.append("nisba")
    around = []
    for d in NEIGHBOUR_OFFSETS:
        f = [f"{d}:s={s}"]
        if kind:
            f.append(f"{d}:trig={kind}")
        if nisba:
            f.append(f"{d}:nisba")
        if abs(d) == 1:
            f.append(f"{d}:sh={shape}")
            f.append(f"{d}:x2={b[-2:]}")
            if cl:
                f.append(f"{d}:c1={cl[-1]}")
            if given_kind:
                f.append(f"{d}:{given_kind}")
            f.extend(f"{d}:gz={c}" for c in in_lists)
        around.append(tuple(f))
    return WordForm(w, s, b, kind, nisba, tuple(own), tuple(around))


def title_runs(forms: Sequence[WordForm] | Sequence[_Entry]) -> list[int]:
    """Distance back to a title whose phrase reaches each word: in "وزير الخارجية التركي مولود
    جاويش أوغلو" the title's complement (definite words, nisbas) runs up to the name."""
    out = [0] * len(forms)
    run = 0
    for i, f in enumerate(forms):
        out[i] = run
        if f.kind == "title":
            run = 1
        elif run and (f.definite or f.nisba) and run < 5:
            run += 1
        elif run == 1 or (run and not f.definite):
            run = 0
    return out


@lru_cache(maxsize=512)
def _local_features(texts: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """The features that depend on the sentence alone, and each word's bare stem. Cached: both
    tagging passes over an article see the same sentences (crfsuite ignores feature order)."""
    forms = [word_form(t) for t in texts]
    kbl = kb_labels(load_kb(), [f.norm for f in forms], texts)
    after_title = title_runs(forms)
    n = len(texts)
    feats: list[tuple[str, ...]] = []
    for i, form in enumerate(forms):
        f = list(form.own)
        f.append("kb=" + kbl[i])
        for k, d in enumerate(NEIGHBOUR_OFFSETS):
            j = i + d
            if 0 <= j < n:
                f.extend(forms[j].around[k])
                f.append(f"{d}:kb={kbl[j]}")
            else:
                f.append(f"{d}:{'BOS' if d < 0 else 'EOS'}")
        if after_title[i]:
            f.append("after_title")
            f.append("after_title_al=" + str(form.definite))
        f.append(f"-1s|s={forms[i - 1].stem if i else 'BOS'}|{form.stem}")
        feats.append(tuple(f))
    return tuple(feats), tuple(f.bare for f in forms)


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


class _Entry(NamedTuple):
    """A word form as the `DocumentTagger` keeps it: what the sentence-level features need of its
    `WordForm` (not its feature strings: their weights are in the store), its `_bare_key`, its
    `_context_role` and its `_kb_token`."""

    norm: str
    stem: str
    kind: str | None
    nisba: bool
    definite: bool
    key: tuple[str, str, str]
    role: tuple[bool, frozenset[str], bool]
    kb_token: tuple[str, Any, bool]


class DocumentTagger:
    """Both tagging passes over a whole article at once, with the shipped models' weights in numpy.

    Gives the spans of `tag_words` under `tagging_context` for every sentence, but adds up each
    distinct word form's feature weights once (kept for later articles too, up to ``max_forms``)
    instead of sending ~30 feature strings per word to crfsuite per pass, and decodes all the
    sentences of an article together (`rasd.entities.crf`)."""

    def __init__(self, first_pass: CrfModel | None, main: CrfModel, max_forms: int = 32_000) -> None:
        import numpy as np

        self.np = np
        models = [m for m in (first_pass, main) if m is not None]
        names = {a for m in models for a in m.attributes}
        self.attributes = {a: i for i, a in enumerate(sorted(names))}
        width = sum(len(m.labels) for m in models)
        # One weight matrix for both models (first-pass columns, then main-model columns) and a
        # zero row at the end for features neither model knows.
        weights = np.zeros((len(self.attributes) + 1, width))
        col = 0
        self.columns: list[slice] = []
        for m in models:
            rows = np.fromiter((self.attributes[a] for a in m.attributes), dtype=np.intp, count=len(m.attributes))
            order = np.fromiter(m.attributes.values(), dtype=np.intp, count=len(m.attributes))
            weights[rows, col : col + len(m.labels)] = m.state[order]
            self.columns.append(slice(col, col + len(m.labels)))
            col += len(m.labels)
        self.weights = weights
        self.first_pass = first_pass
        self.main = main
        self.max_forms = max_forms
        self.missing = len(self.attributes)
        self.boundary = np.stack([self._vector([f"{d}:{'BOS' if d < 0 else 'EOS'}"]) for d in NEIGHBOUR_OFFSETS])
        # "after_title" and "after_title_al=False" / "=True", by whether the word is definite.
        self.after_title = np.stack([self._vector(["after_title", f"after_title_al={al}"]) for al in (False, True)])
        # Knowledge-base labels ("kb=B-PERSON" and as a neighbour) and document-context flag sets
        # ("doc=after_given" and "1:doc=…"): few distinct values, each summed once.
        slots = 1 + len(NEIGHBOUR_OFFSETS)
        self._kb = _VectorTable(self, lambda label: (("kb=" + label,),) + tuple(
            (f"{d}:kb={label}",) for d in NEIGHBOUR_OFFSETS
        ), slots)
        self._flags = _VectorTable(self, lambda flags: (
            tuple("doc=" + f for f in flags), tuple("1:doc=" + f for f in flags)
        ), 2)
        self._flags.row(frozenset())
        self._own, self._around = self._families()
        self._word_tables()
        self.clear()

    # The families of word-form features by what precedes "=" ("w=" + word, "-1:s=" + stem) or
    # the whole name when it has no value ("nisba", "-1:gn"): `_rows_of` looks a word's values up in
    # them instead of building ~45 feature strings per new word.
    OWN_FAMILIES = ("w", "s", "b", "p2", "p3", "x1", "x2", "x3", "cl", "sh", "len", "gz", "trig")
    AROUND_FAMILIES = ("s", "trig", "nisba", "sh", "x2", "c1", "gn", "gn_ord", "gz")

    def _families(self) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, tuple[int, ...]]]]:
        """Per-family lookup tables of the word-form features (see `word_form`).

        ``own[family][value]`` is the attribute id of the word's own feature ``family=value``
        (clusters: ``c0``, ``c1``...); ``around[family][value]`` the attribute ids of that feature
        as seen from each neighbour in ``NEIGHBOUR_OFFSETS`` (the zero row where the model has
        none). Feature strings are then never built: the same ids come out of a few lookups."""
        own: dict[str, dict[str, int]] = {}
        around: dict[str, dict[str, list[int]]] = {f: {} for f in self.AROUND_FAMILIES}
        slot_of = {str(d): k for k, d in enumerate(NEIGHBOUR_OFFSETS)}
        for name, ident in self.attributes.items():
            head, eq, value = name.partition("=")
            d, colon, family = head.partition(":")
            if colon and d in slot_of:
                if not eq:  # "-1:nisba", "-1:gn": no value
                    value = ""
                table = around.get(family)
                if table is not None:
                    table.setdefault(value, [self.missing] * len(NEIGHBOUR_OFFSETS))[slot_of[d]] = ident
            elif eq and (head in self.OWN_FAMILIES or (head[:1] == "c" and head[1:].isdigit())):
                own.setdefault(head, {})[value] = ident
        return own, {f: {v: tuple(ids) for v, ids in t.items()} for f, t in around.items()}

    def clear(self) -> None:
        """Forget the word forms seen so far."""
        np = self.np
        self._form_rows: dict[str, int] = {}
        self._entries: list[_Entry] = []
        self._store = np.zeros((256, 1 + len(NEIGHBOUR_OFFSETS), self.weights.shape[1]))
        self._definite = np.zeros(256, dtype=bool)

    def _vector(self, features: Sequence[str]):  # type: ignore[no-untyped-def]
        ids = [self.attributes.get(f, self.missing) for f in features]
        return self.weights[ids].sum(axis=0)

    def _rows_of(self, words: Sequence[str]) -> list[int]:
        """The store row of every word, analysing the forms not seen before (their features'
        weights are added up in one gather over the weight matrix)."""
        np = self.np
        get = self._form_rows.get
        new = [t for t in dict.fromkeys(words) if get(t) is None]
        if new:
            if len(self._entries) + len(new) > self.max_forms:
                self.clear()
                new = list(dict.fromkeys(words))
            first = len(self._entries)
            need = first + len(new)
            if need > len(self._store):
                size = max(need, 2 * len(self._store))
                store = np.zeros((size,) + self._store.shape[1:])
                store[:first] = self._store[:first]
                definite = np.zeros(size, dtype=bool)
                definite[:first] = self._definite[:first]
                self._store, self._definite = store, definite
            ids, bounds = self._feature_ids(new, first)
            # Every slot has a feature of its own (at least "bias" or "{d}:s="): no empty reduceat
            # segment. The rows are summed in feature order, as one at a time would.
            weights = self.weights.take(np.fromiter(ids, dtype=np.intp, count=len(ids)), axis=0)
            sums = np.add.reduceat(weights, np.fromiter(bounds, dtype=np.intp, count=len(bounds)), axis=0)
            self._store[first:need] = sums.reshape(len(new), 1 + len(NEIGHBOUR_OFFSETS), -1)
        rows = self._form_rows
        return [rows[t] for t in words]

    def _word_tables(self) -> None:
        """Per-value tables of what `_analyse` looks up, read once: a new word form then costs a
        few dictionary look-ups instead of calls into five loaders and a set per name list.

        ``_kinds``: trigger kind of a form (`Triggers.kind`, same priority); ``_given_kinds``: "gn"
        or "gn_ord" of a given-name stem; ``_by_bare``: `_lexicon` of every bare stem in the name
        lists or the word clusters (~20,000, built in a few tens of milliseconds)."""
        trig = load_triggers()
        kinds: dict[str, str] = {}
        for kind, forms in (
            ("particle", trig.name_particles), ("speech", trig.speech_cues), ("place", trig.place_heads),
            ("org", trig.org_heads), ("title", trig.person_titles),
        ):  # lowest priority first: a form in two lists keeps the kind `Triggers.kind` gives it
            kinds.update(dict.fromkeys(forms, kind))
        self._kinds = kinds
        given, ordinary = load_given_names()
        self._given_kinds = {s: "gn_ord" if s in ordinary else "gn" for s in given}
        lists_of: dict[str, list[str]] = {}
        for c, words in load_name_lists().items():
            for b in words:
                lists_of.setdefault(b, []).append(c)  # in `load_name_lists` order, as `_analyse`
        self._lists_of = lists_of
        self._clusters = load_word_clusters()
        # The "c{g}=" families by level g.
        self._cluster_families = {int(h[1:]): t for h, t in self._own.items() if h[:1] == "c" and h[1:].isdigit()}
        self._cluster_ids: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self._by_bare: dict[str, tuple[tuple[int, ...], tuple[int, ...] | None, tuple[tuple[int, ...], ...]]] = {}
        for b in dict.fromkeys([*lists_of, *self._clusters]):
            self._by_bare[b] = self._lexicon(b)
        missing, own, around = self.missing, self._own, self._around
        none = (missing,) * len(NEIGHBOUR_OFFSETS)
        # Look-ups of the other feature families, bound once.
        attributes = self.attributes
        self._own_tables = tuple(own.get(f, {}) for f in ("w", "s", "b", "p2", "p3", "x1", "x2", "x3", "cl", "sh", "len"))
        self._kind_ids = {k: (own.get("trig", {}).get(k, missing), around["trig"].get(k, none)) for k in set(kinds.values())}
        self._given_ids = {
            k: (attributes.get(k, missing), around[k].get("", none)) for k in ("gn", "gn_ord")
        }
        self._fixed_ids = tuple(attributes.get(f, missing) for f in ("bias", "al", "nisba")) + (around["nisba"].get("", none),)
        # The stem-pair features "-1s|s={previous}|{stem}" by (previous, stem), read at every "|"
        # (a stem may hold one): a word's pair is then looked up without building its string.
        pairs: dict[tuple[str, str], int] = {}
        for name, ident in attributes.items():
            if name.startswith("-1s|s="):
                value = name[6:]
                for cut in (k for k, ch in enumerate(value) if ch == "|"):
                    pairs[(value[:cut], value[cut + 1 :])] = ident
        self._pair_ids = pairs

    def _lexicon(self, b: str) -> tuple[tuple[int, ...], tuple[int, ...] | None, tuple[tuple[int, ...], ...]]:
        """What the name lists and word clusters say of a bare stem, as attribute ids: those of
        its own "gz=…" then "c0=…", "c1=…" features, of its "±1:c1=" feature as each neighbour
        sees it (None without clusters), and of its "±1:gz=…" features (`word_form`'s order)."""
        missing, own, around = self.missing, self._own, self._around
        none = (missing,) * len(NEIGHBOUR_OFFSETS)
        in_lists = self._lists_of.get(b, ())
        gz_ids = own.get("gz", {})
        ids = tuple([gz_ids.get(c, missing) for c in in_lists])
        c1 = None
        cl = self._clusters.get(b)
        if cl:
            path = tuple(cl)
            known = self._cluster_ids.get(path)  # few distinct cluster paths: each looked up once
            if known is None:
                known = self._cluster_ids[path] = (
                    tuple([self._cluster_families.get(g, {}).get(str(c), missing) for g, c in enumerate(cl)]),
                    around["c1"].get(str(cl[-1]), none),
                )
            ids += known[0]
            c1 = known[1]
        return ids, c1, tuple([around["gz"].get(c, none) for c in in_lists])

    def _feature_ids(self, new: Sequence[str], first: int) -> tuple[list[int], list[int]]:
        """Analyse new word forms (store rows ``first``...): record their entries, and give the
        attribute ids of their features (the zero row for those the models lack) with the start of
        each slot — the word's own, then each neighbour's — exactly as `word_form`'s feature
        strings would (same ids, same order, so the same sums), from per-family lookups."""
        missing = self.missing
        w_ids, s_ids, b_ids, p2_ids, p3_ids, x1_ids, x2_ids, x3_ids, cl_ids, sh_ids, len_ids = self._own_tables
        a_s, a_sh, a_x2 = (self._around[f] for f in ("s", "sh", "x2"))
        none = (missing,) * len(NEIGHBOUR_OFFSETS)
        bias, al_id, nisba_id, a_nisba_ids = self._fixed_ids
        kinds, given_kinds, by_bare, kind_ids, given_ids = (
            self._kinds, self._given_kinds, self._by_bare, self._kind_ids, self._given_ids
        )
        no_lexicon: tuple[tuple[int, ...], None, tuple[tuple[int, ...], ...]] = ((), None, ())
        nisbas = load_kb().nisba
        lengths = [str(n) for n in range(9)]
        # The unrolled slots below (a word seen from ±2 by its stem, trigger kind and nisba; from
        # ±1 by those and the rest) assume this order.
        assert NEIGHBOUR_OFFSETS == (-2, -1, 1, 2)
        flags: list[bool] = []
        definite, form_rows, entries = self._definite, self._form_rows, self._entries
        ids: list[int] = []
        bounds: list[int] = []
        for row, text in enumerate(new, first):
            # What `_analyse` gives, from the tables of `_word_tables`.
            clean = text.encode("utf-8", "replace").decode("utf-8")  # as `_clean`
            w = normalize_form(clean).lower()
            s, clitic = _stem(w)
            b = s[2:] if s.startswith("ال") and len(s) > 4 else s
            kind = kinds.get(w) or kinds.get(s)
            lexicon, c1, gz_near = by_bare.get(b, no_lexicon)
            given_kind = given_kinds.get(s)
            nisba = w in nisbas or s in nisbas
            shape = _shape(clean)
            is_al = s.startswith("ال")
            bounds.append(len(ids))
            ids += (
                bias, w_ids.get(w, missing), s_ids.get(s, missing), b_ids.get(b, missing),
                p2_ids.get(b[:2], missing), p3_ids.get(b[:3], missing), x1_ids.get(b[-1:], missing),
                x2_ids.get(b[-2:], missing), x3_ids.get(b[-3:], missing), cl_ids.get(clitic, missing),
                sh_ids.get(shape, missing), len_ids.get(lengths[min(len(b), 8)], missing),
            )
            if is_al:
                ids.append(al_id)
            ids += lexicon  # "gz=…" then "c0=…", "c1=…"
            # Seen from every neighbour: the stem, the trigger kind, nisba; from ±1 also the rest.
            far = [a_s.get(s, none)]
            near = [a_sh.get(shape, none), a_x2.get(b[-2:], none)]
            if c1:
                near.append(c1)
            if given_kind:
                own_id, seen = given_ids[given_kind]
                ids.append(own_id)
                near.append(seen)
            if kind:
                own_id, seen = kind_ids[kind]
                ids.append(own_id)
                far.append(seen)
            if nisba:
                ids.append(nisba_id)
                far.append(a_nisba_ids)
            near += gz_near
            if len(far) == 1:
                t = far[0]
                bounds += (len(ids), len(ids) + 1)
                ids += (t[0], t[1])
                ids += [u[1] for u in near]
                bounds.append(len(ids))
                ids.append(t[2])
                ids += [u[2] for u in near]
                bounds.append(len(ids))
                ids.append(t[3])
            else:
                bounds.append(len(ids))
                ids += [t[0] for t in far]
                bounds.append(len(ids))
                ids += [t[1] for t in far]
                ids += [u[1] for u in near]
                bounds.append(len(ids))
                ids += [t[2] for t in far]
                ids += [u[2] for u in near]
                bounds.append(len(ids))
                ids += [t[3] for t in far]
            key = (w, s, b) if clean == text else _bare_key(text)
            role = _role(w, s, b, kind, given_kind == "gn") if clean == text else _context_role(key)
            entries.append(_Entry(w, s, kind, nisba, is_al, key, role, _kb_token(w, clean)))
            flags.append(is_al)
            form_rows[text] = row
        definite[first : first + len(flags)] = flags
        return ids, bounds

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[TaggedSpan]]:
        """The names in every sentence of one article (token indices local to each sentence)."""
        rows = self._rows_of([t for texts in sentences for t in texts])
        entries = [self._entries[r] for r in rows]
        # Windows: each sentence cut every MAX_TAG_WINDOW words, as `tag_words` does; the CRF
        # decodes each on its own. Chunks of windows bound the memory of a very long article.
        windows: list[tuple[int, int, int, int]] = []  # (first word, length, sentence, its first word)
        pos = 0
        for k, texts in enumerate(sentences):
            for offset in range(0, len(texts), MAX_TAG_WINDOW):
                windows.append((pos + offset, min(MAX_TAG_WINDOW, len(texts) - offset), k, pos))
            pos += len(texts)
        chunks: list[list[tuple[int, int, int, int]]] = []
        size = 0
        for w in windows:
            if not chunks or size + w[1] > CHUNK_WORDS:
                chunks.append([])
                size = 0
            chunks[-1].append(w)
            size += w[1]
        local = [self._local_scores(chunk, rows, entries) for chunk in chunks]

        keys = _split([e.key for e in entries], sentences)
        flags = _flags_from_roles(_split([e.role for e in entries], sentences), keys)
        bares = [e.key[2] for e in entries]
        labels_1 = None
        if self.first_pass is not None:
            cols = self.columns[0]
            first_labels: list[str] = []
            for chunk, (scores, next_valid) in zip(chunks, local):
                lo, hi = chunk[0][0], chunk[-1][0] + chunk[-1][1]
                doc = self._doc_scores(flags, bares[lo:hi], next_valid)
                first_labels += viterbi_labels(scores[:, cols] + doc[:, cols], self.first_pass, *_relative(chunk))
            labels_1 = _split(first_labels, sentences)
        context = _with_tags(flags, keys, labels_1)
        cols = self.columns[-1]
        label_index = {lab: i for i, lab in enumerate(self.main.labels)}
        spans: list[list[TaggedSpan]] = [[] for _ in sentences]
        for chunk, (scores, next_valid) in zip(chunks, local):
            lo, hi = chunk[0][0], chunk[-1][0] + chunk[-1][1]
            final = scores[:, cols] + self._doc_scores(context, bares[lo:hi], next_valid)[:, cols]
            starts, lengths = _relative(chunk)
            best = viterbi_labels(final, self.main, starts, lengths)
            found = [
                (k, base, a - lo + first, a - lo + last, label)
                for a, m, k, base in chunk
                for first, last, label in bio_spans(best[a - lo : a - lo + m])
            ]
            if not found:
                continue
            from rasd.entities.crf import marginals

            probs = marginals(final, self.main.transition, starts, lengths)
            for k, base, first, last, label in found:
                conf = min(float(probs[j, label_index[best[j]]]) for j in range(first, last + 1))
                spans[k].append(TaggedSpan(first + lo - base, last + lo - base, label, conf))
        return spans

    def _local_scores(self, chunk: Sequence[tuple[int, int, int, int]], rows: Sequence[int], entries: Sequence[_Entry]):  # type: ignore[no-untyped-def]
        """Both models' scores of every word of a chunk of windows from its sentence-level
        features (all but the document context), and whether each word has a next word in its
        window."""
        np = self.np
        lo, hi = chunk[0][0], chunk[-1][0] + chunk[-1][1]
        n = hi - lo
        kb = load_kb()
        kb_rows: list[int] = []
        titled: list[int] = []
        pair_ids: list[int] = []
        missing, kb_row, pairs = self.missing, self._kb.row, self._pair_ids
        outside = kb_row("O")
        for a, m, _, _ in chunk:
            window = entries[a : a + m]
            # The knowledge-base label rows ("O" but where `_kb_token_labels` puts B-/I- labels).
            labels = [outside] * m
            for match in kb.match([e.kb_token for e in window]):
                typ = kb.records[match.records[0]].type
                labels[match.first] = kb_row("B-" + typ)
                for j in range(match.first + 1, match.last + 1):
                    labels[j] = kb_row("I-" + typ)
            kb_rows += labels
            titled += title_runs(window)
            stems = [e.stem for e in window]
            pair_ids += [pairs.get(pair, missing) for pair in zip(["BOS"] + stems, stems)]
        row_index = np.asarray(rows[lo:hi])
        table = self._store[row_index] + self._kb.table()[np.asarray(kb_rows)]
        index = np.arange(n)
        starts, lengths = _relative(chunk)
        lens = np.asarray(lengths)
        place = index - np.repeat(np.asarray(starts), lens)
        size = np.repeat(lens, lens)
        scores = table[:, 0, :] + self.weights[np.asarray(pair_ids)]
        next_valid = None
        for k, d in enumerate(NEIGHBOUR_OFFSETS, 1):
            ok = (place + d >= 0) & (place + d < size)
            if d == 1:
                next_valid = ok
            scores += np.where(ok[:, None], table[np.clip(index + d, 0, n - 1), k, :], self.boundary[k - 1])
        in_title = np.asarray(titled) > 0
        if in_title.any():
            scores += in_title[:, None] * self.after_title[self._definite[row_index].astype(np.intp)]
        return scores, next_valid

    def _doc_scores(self, context: dict[str, frozenset[str]], bares: Sequence[str], next_valid):  # type: ignore[no-untyped-def]
        """Weights of the document-context features: "doc=…" of each word, "1:doc=…" of the next."""
        np = self.np
        row = self._flags.row
        rows = {bare: row(flags) for bare, flags in context.items()}
        empty = row(frozenset())
        index = np.asarray([rows.get(b, empty) for b in bares])
        table = self._flags.table()
        n = len(index)
        after = table[index[np.minimum(np.arange(n) + 1, n - 1)], 1, :]
        return table[index, 0, :] + np.where(next_valid[:, None], after, 0.0)


class _VectorTable:
    """Feature weights summed once per distinct key (a knowledge-base label, a set of flags): ``row``
    gives a key's row, ``table`` the ``(rows, slots, labels)`` array, computing the rows of new
    keys in one gather over the weight matrix."""

    def __init__(self, engine: DocumentTagger, features: Callable[[Any], tuple[tuple[str, ...], ...]], slots: int) -> None:
        self.engine = engine
        self.features = features
        self.slots = slots
        self.clear()

    def clear(self) -> None:
        self.rows: dict[Any, int] = {}
        self.pending: list[Any] = []
        self.store = self.engine.np.zeros((64, self.slots, self.engine.weights.shape[1]))

    def row(self, key: Any) -> int:
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = len(self.rows)
            self.pending.append(key)
        return row

    def table(self) -> np.ndarray:
        np = self.engine.np
        if self.pending:
            attributes, missing = self.engine.attributes, self.engine.missing
            ids: list[int] = []
            bounds: list[int] = []
            for key in self.pending:
                for feats in self.features(key):
                    bounds.append(len(ids))
                    ids.append(missing)  # the zero row: no slot is empty for reduceat
                    ids.extend([attributes.get(f, missing) for f in feats])
            sums = np.add.reduceat(self.engine.weights[ids], bounds, axis=0).reshape(len(self.pending), self.slots, -1)
            first = len(self.rows) - len(self.pending)
            if len(self.rows) > len(self.store):
                grown = np.zeros((max(len(self.rows), 2 * len(self.store)),) + self.store.shape[1:])
                grown[:first] = self.store[:first]
                self.store = grown
            self.store[first : len(self.rows)] = sums
            self.pending = []
        return self.store


def _relative(chunk: Sequence[tuple[int, int, int, int]]) -> tuple[list[int], list[int]]:
    """Starts (relative to the chunk's first word) and lengths of a chunk's windows."""
    lo = chunk[0][0]
    return [a - lo for a, *_ in chunk], [m for _, m, *_ in chunk]


def _split(items: Sequence, sentences: Sequence[Sequence[str]]) -> list:  # type: ignore[type-arg]
    """A flat per-word list cut back into sentences."""
    out = []
    pos = 0
    for texts in sentences:
        out.append(items[pos : pos + len(texts)])
        pos += len(texts)
    return out


def viterbi_labels(scores: np.ndarray, model: CrfModel, starts: Sequence[int], lengths: Sequence[int]) -> list[str]:
    """The best label of every word (see `rasd.entities.crf.viterbi`), as label strings."""
    from rasd.entities.crf import viterbi

    labels = model.labels
    return [labels[i] for i in viterbi(scores, model.transition, starts, lengths).tolist()]


@lru_cache(maxsize=1)
def document_tagger() -> DocumentTagger | None:
    """The shared `DocumentTagger`, or None without numpy or without the shipped main model (then
    `tag_document` falls back on python-crfsuite, sentence by sentence)."""
    try:
        from rasd.entities.crf import read_crfsuite_model
    except ImportError:  # numpy is not installed
        return None
    main = _model_path(MODEL_NAME)
    if not main.exists():
        return None
    first = _model_path(FIRST_PASS_MODEL)
    return DocumentTagger(read_crfsuite_model(first) if first.exists() else None, read_crfsuite_model(main))


def tag_document(sentences: Sequence[Sequence[str]]) -> list[list[TaggedSpan]]:
    """Names found by the two-pass CRF in every sentence of an article, as `tag_words` finds them
    under `tagging_context`, in one batch."""
    engine = document_tagger()
    if engine is None:
        context = tagging_context(sentences)
        return [tag_words(texts, context) for texts in sentences]
    return engine.tag(sentences)


def clear_caches() -> None:
    """Forget every per-word and per-sentence cache (benchmarks of never-seen articles)."""
    _local_features.cache_clear()
    engine = document_tagger()
    if engine is not None:
        engine.clear()


__all__ = ["TaggedSpan", "sentence_features", "document_context", "tagging_context", "first_pass_labels", "DOC_FLAGS", "tag_words", "load_tagger", "load_triggers", "bio_spans", "TYPE_OF_LABEL", "tag_document", "DocumentTagger", "document_tagger", "clear_caches", "word_form", "WordForm"]
