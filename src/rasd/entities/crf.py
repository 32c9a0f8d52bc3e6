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
    # The forward pass keeps only the best score of each label at each position, label-major:
    # best[t, j, 0, k] for sequence k. Then cand[i, j, k] (sequence k reaching label j from label
    # i) is reduced over its first axis, an elementwise maximum of contiguous blocks: three cheap
    # numpy calls a position, which is what the loop costs. Sequences that have ended keep being
    # extended over their padding; those scores are never read.
    emit = np.ascontiguousarray(padded.transpose(1, 2, 0))
    step_in = np.ascontiguousarray(transition[:, :, None])
    best = np.empty((longest, n_labels, 1, n_seq))
    rows = best.reshape(longest, n_labels, n_seq)
    rows[0] = emit[0]
    cand = np.empty((n_labels, n_labels, n_seq))
    add, maximum = np.add, np.maximum.reduce
    for before, row, scores_t in zip(best, rows[1:], emit[1:]):
        add(before, step_in, out=cand)
        maximum(cand, axis=0, out=row)
        row += scores_t
    # Each token's best scores in sequence order, and the back pointers of all tokens at once from
    # the same sums (``pointers[p, j]``: the best label before token p + 1 if it has label j; ties
    # go to the lower label). The backtrack then reads a flat list: a few operations a token.
    flat = rows.transpose(2, 0, 1).reshape(-1, n_labels)[back]
    pointers = (flat[:-1, None, :] + transition.T).argmax(axis=2).ravel().tolist()
    last = flat[np.cumsum(lengths) - 1].argmax(axis=1).tolist()
    path = [0] * len(flat)
    end = -1
    for k, n in enumerate(lengths):
        end += n
        cur = path[end] = last[k]
        for p in range(end - 1, end - n, -1):
            cur = path[p] = pointers[p * n_labels + cur]
    return np.asarray(path, dtype=np.intp)


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
    # np.dot into a preallocated row: the same BLAS product as ``@`` with less call overhead.
    for before, a, emit_t in zip(alpha, alpha[1:], emit[1:]):
        np.dot(before, trans, out=a)
        a *= emit_t
        a /= np.add.reduce(a, axis=1, keepdims=True)
    beta[longest - 1] = 1.0
    scaled = np.empty((n_seq, n_labels))
    for t in range(longest - 1, -1, -1):
        b = beta[t]
        done = ending.get(t)
        if done is not None:
            b[done] = 1.0  # a sequence's backward vector starts at its last position
        if t:
            before = beta[t - 1]
            np.dot(np.multiply(emit[t], b, out=scaled), trans_t, out=before)
            before /= np.add.reduce(before, axis=1, keepdims=True)
    prob = alpha * beta
    prob /= prob.sum(axis=2, keepdims=True)
    prob = prob.transpose(1, 0, 2)
    return prob.reshape(-1, n_labels)[back]


__all__ = ["CrfModel", "ModelFormatError", "read_crfsuite_model", "viterbi", "marginals"]
