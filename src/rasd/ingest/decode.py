"""Bytes to text: UTF-8 with or without BOM, UTF-16, and legacy Arabic code pages.

Old Arabic sites and archives still serve windows-1256 (cp1256) and ISO-8859-6. UTF-8 is tried
strictly first; otherwise charset-normalizer chooses, and the result must read as text with
Arabic letters or it is refused (a mis-decoded page would store mojibake as an article).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_ARABIC_LEGACY = ("cp1256", "iso8859_6")
_ARABIC_LETTERS = re.compile(r"[\u0621-\u064A]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _cp1256_fallback(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)
    return err.object[err.start : err.end].decode("cp1256", errors="replace"), err.end


codecs.register_error("rasd-cp1256", _cp1256_fallback)


class DecodeError(ValueError):
    """The bytes are not text in an encoding Rasd can read."""


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control characters, in the first block mean a binary file."""
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.05


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode an article's bytes; returns (text, encoding). Raises DecodeError."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if looks_binary(data):
        raise DecodeError("binary content (NUL or control bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Mixed: UTF-8 Arabic with stretches of cp1256 pasted in. Decode each invalid byte as cp1256.
    lenient = data.decode("utf-8", errors="replace")
    if len(_ARABIC_LETTERS.findall(lenient)) > 10 * lenient.count("\ufffd"):
        return data.decode("utf-8", errors="rasd-cp1256"), "utf-8+cp1256"
    # Not UTF-8: prefer the Arabic code pages when they give Arabic letters.
    candidates = []
    for enc in _ARABIC_LEGACY:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((len(_ARABIC_LETTERS.findall(text)), enc, text))
    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        candidates.append((len(_ARABIC_LETTERS.findall(text)), best.encoding, text))
    candidates.sort(key=lambda c: -c[0])
    if candidates and (candidates[0][0] > 0 or not _CONTROL.search(candidates[0][2])):
        _, enc, text = candidates[0]
        return text, enc
    raise DecodeError("could not detect the text encoding")
