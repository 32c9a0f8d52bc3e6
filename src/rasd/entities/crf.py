"""Linear-chain CRF inference over crfsuite models, vectorised with numpy over a whole document.

python-crfsuite tags one sentence at a time and spends most of its time turning feature strings into
attribute ids (a hash look-up per string, twice per article for the two tagging passes). Here the
weights of a shipped crfsuite model are read once into a matrix, so that the tagger can add up the
weights of each distinct word form once and decode every sentence of an article in one batch.
The decisions are those of crfsuite: the same weights, Viterbi with the first best label on ties,
and marginals from the forward-backward algorithm.

The file layout read here is crfsuite's "FOMC" model (``lib/crf/src/crf1d_model.c``): a 48-byte
header, a feature chunk of ``(type, source, destination, weight)`` records (type 0 is a state
feature attribute -> label, type 1 a transition label -> label) and two string tables (CQDB) that
hold the label and attribute names in id order.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
# A CQDB chunk: a 24-byte header and 256 hash-table references, then its records in id order.
_CQDB_HEADER = struct.Struct("<4sIIIII")
_CQDB_DATA = _CQDB_HEADER.size + 256 * 8


class ModelFormatError(ValueError):
    """A file that is not a crfsuite linear-chain model."""


@dataclass(frozen=True)
class CrfModel:
    """The weights of a linear-chain CRF: ``state[attribute, label]`` and ``transition[from, to]``."""

    labels: tuple[str, ...]
    attributes: dict[str, int]
    state: np.ndarray
    transition: np.ndarray


def _cqdb_strings(buf: bytes, offset: int, count: int) -> list[str]:
    """The ``count`` strings of the CQDB chunk at ``offset``, indexed by their id."""
    chunk, _size, _flag, byteorder, _bwd_size, _bwd_offset = _CQDB_HEADER.unpack_from(buf, offset)
    if chunk != b"CQDB" or byteorder != 0x62445371:
        raise ModelFormatError("bad string table")
    out: list[str | None] = [None] * count
    pos = offset + _CQDB_DATA
    for _ in range(count):
        ident, ksize = struct.unpack_from("<iI", buf, pos)
        pos += 8
        out[ident] = buf[pos : pos + ksize - 1].decode("utf-8")
        pos += ksize
    if any(s is None for s in out):
        raise ModelFormatError("string table ids are not 0..n-1")
    return out  # type: ignore[return-value]


def read_crfsuite_model(path: str | Path) -> CrfModel:
    """Read a crfsuite model file into weight matrices (exact doubles, as crfsuite stores them)."""
    buf = Path(path).read_bytes()
    (magic, _size, kind, _version, _n_features, n_labels, n_attrs, off_features, off_labels, off_attrs, _, _) = (
        _HEADER.unpack_from(buf, 0)
    )
    if magic != b"lCRF" or kind != b"FOMC":
        raise ModelFormatError(f"{path}: not a crfsuite linear-chain model")
    chunk, _chunk_size, count = struct.unpack_from("<4sII", buf, off_features)
    # The header's feature count is not filled in by crfsuite; the chunk's own count is.
    if chunk != b"FEAT" or off_features + 12 + count * _FEATURE.itemsize > len(buf):
        raise ModelFormatError(f"{path}: bad feature chunk")
    feats = np.frombuffer(buf, dtype=_FEATURE, count=count, offset=off_features + 12)
    labels = tuple(_cqdb_strings(buf, off_labels, n_labels))
    attributes = {name: i for i, name in enumerate(_cqdb_strings(buf, off_attrs, n_attrs))}
    state = np.zeros((n_attrs, n_labels))
    transition = np.zeros((n_labels, n_labels))
    is_state = feats["type"] == 0
    np.add.at(state, (feats["src"][is_state], feats["dst"][is_state]), feats["weight"][is_state])
    is_trans = feats["type"] == 1
    np.add.at(transition, (feats["src"][is_trans], feats["dst"][is_trans]), feats["weight"][is_trans])
    return CrfModel(labels, attributes, state, transition)


def _padded(scores: np.ndarray, starts: Sequence[int], lengths: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Sequences cut from ``scores`` (tokens x labels) into one ``(sequences, longest, labels)``
    array, and the gather index that puts a padded array back in token order."""
    longest = max(lengths)
    rows = np.arange(len(lengths))[:, None]
    cols = np.arange(longest)[None, :]
    lens = np.asarray(lengths)[:, None]
    index = np.asarray(starts)[:, None] + np.minimum(cols, lens - 1)
    padded = scores[index]
    valid = cols < lens
    back = (rows * longest + cols)[valid]
    return padded, back


def viterbi(scores: np.ndarray, transition: np.ndarray, starts: Sequence[int], lengths: Sequence[int]) -> np.ndarray:
    """Best label index of every token, each sequence ``starts[k] .. starts[k] + lengths[k]``
    decoded on its own (all sequences at once, one step per position). Ties go to the lower label,
    as in crfsuite."""
    if not lengths:
        return np.zeros(0, dtype=np.intp)
    padded, back = _padded(scores, starts, lengths)
    n_seq, longest, n_labels = padded.shape
    lens = np.asarray(lengths)
    # Sequences that have ended keep being extended over their padding; their scores at their
    # own last position are kept in ``final`` and their pointers past it are never followed.
    final = np.empty((n_seq, n_labels))
    pointers = np.empty((longest, n_seq, n_labels), dtype=np.intp)
    ends = lens - 1
    ending: dict[int, list[int]] = {}
    for k, e in enumerate(ends.tolist()):
        ending.setdefault(e, []).append(k)
    # cand[k, j, i]: sequence k reaching label j from label i (the reduction runs over the last,
    # contiguous axis: numpy's argmax is fastest there, and the maximum is gathered from it).
    into = np.ascontiguousarray(transition.T)
    cand = np.empty((n_seq, n_labels, n_labels))
    # Position-major copy of the scores (each step reads one contiguous block), the running best
    # score kept as (n_seq, 1, n_labels) so that it broadcasts over ``cand`` without a view per
    # step, and the maximum gathered at the argmax (cheaper than a second reduction over 9
    # labels): few numpy calls per position, which is what the loop costs.
    by_position = np.ascontiguousarray(padded.transpose(1, 0, 2))
    best3 = by_position[0].copy().reshape(n_seq, 1, n_labels)
    best = best3.reshape(n_seq, n_labels)
    best_flat = best3.reshape(-1)
    flat = cand.reshape(-1)
    base = np.arange(n_seq * n_labels) * n_labels
    index = np.empty_like(base)
    pointers_flat = pointers.reshape(longest, -1)
    for t in range(longest):
        if t:
            np.add(best3, into, out=cand)
            cand.argmax(axis=2, out=pointers[t])
            np.take(flat, np.add(base, pointers_flat[t], out=index), out=best_flat)
            best += by_position[t]
        done = ending.get(t)
        if done is not None:
            final[done] = best[done]
    # Past its end a sequence's pointers keep the label, so that every backtrack starts at the
    # last position from the best final label.
    past = np.arange(longest)[:, None] > ends[None, :]
    pointers[past] = np.arange(n_labels)
    pointers[0] = np.arange(n_labels)
    rows = np.arange(n_seq) * n_labels
    path = np.empty((longest, n_seq), dtype=np.intp)
    cur = final.argmax(axis=1)
    path[longest - 1] = cur
    for t in range(longest - 1, 0, -1):
        cur = pointers[t].reshape(-1)[rows + cur]
        path[t - 1] = cur
    return path.T.reshape(-1)[back]


def marginals(scores: np.ndarray, transition: np.ndarray, starts: Sequence[int], lengths: Sequence[int]) -> np.ndarray:
    """``p(label | sequence)`` of every token and label (forward-backward, rescaled at each step)."""
    if not lengths:
        return np.zeros((0, scores.shape[1]))
    padded, back = _padded(scores, starts, lengths)
    n_seq, longest, n_labels = padded.shape
    ending: dict[int, list[int]] = {}
    for k, n in enumerate(lengths):
        ending.setdefault(n - 1, []).append(k)
    # Each token's scores are shifted by their maximum before exp: a constant factor per position
    # cancels out of the normalised marginals and keeps exp() in range.
    # Position-major (each step reads and writes one contiguous block: few numpy calls a step).
    by_position = np.ascontiguousarray(padded.transpose(1, 0, 2))
    emit = np.exp(by_position - by_position.max(axis=2, keepdims=True))
    trans = np.exp(transition)
    trans_t = np.ascontiguousarray(trans.T)
    alpha = np.empty_like(emit)
    beta = np.empty_like(emit)
    np.divide(emit[0], emit[0].sum(axis=1, keepdims=True), out=alpha[0])
    for t in range(1, longest):
        a = alpha[t]
        np.matmul(alpha[t - 1], trans, out=a)
        a *= emit[t]
        a /= np.add.reduce(a, axis=1, keepdims=True)
    b = np.ones((n_seq, n_labels))
    for t in range(longest - 1, -1, -1):
        done = ending.get(t)
        if done is not None:
            b[done] = 1.0  # a sequence's backward vector starts at its last position
        beta[t] = b
        if t:
            b = (emit[t] * b) @ trans_t
            b /= b.sum(axis=1, keepdims=True)
    prob = alpha * beta
    prob /= prob.sum(axis=2, keepdims=True)
    prob = prob.transpose(1, 0, 2)
    return prob.reshape(-1, n_labels)[back]


__all__ = ["CrfModel", "ModelFormatError", "read_crfsuite_model", "viterbi", "marginals"]
