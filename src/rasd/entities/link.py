"""Linking helpers: an English transliteration for names the knowledge base does not hold.

The transliteration is a readable key, not a scholarly romanisation: Arabic writes few vowels, so
"ماسك" becomes "Mask" rather than "Musk". It gives analysts a Latin handle and the store a stable
spelling; names in the knowledge base get their real English name instead.
"""

from __future__ import annotations

_LETTERS = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "u", "ئ": "i", "ب": "b", "ت": "t",
    "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s",
    "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q",
    "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "و": "w", "ي": "y", "ى": "a",
    "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g", "ک": "k", "ی": "y",
}
_VOWEL_AFTER = {"و": "o", "ي": "i"}


def _word(word: str) -> str:
    out = []
    prev_consonant = False
    for k, c in enumerate(word):
        if c in _VOWEL_AFTER and prev_consonant and k > 0:
            # Between consonants و and ي are long vowels (ماكرون -> Makron, بريمر -> Brimr).
            nxt = word[k + 1] if k + 1 < len(word) else ""
            if nxt not in ("ا", "و", "ي"):
                out.append(_VOWEL_AFTER[c])
                prev_consonant = False
                continue
        if c in _LETTERS:
            out.append(_LETTERS[c])
            prev_consonant = c not in "اأإآٱىة"
        elif c.isascii():
            out.append(c)
            prev_consonant = False
        # other characters (diacritics, marks) are dropped
    return "".join(out)


def transliterate(name: str) -> str:
    """A readable Latin form of an Arabic name (Latin text is kept as written)."""
    words = []
    for w in name.split():
        if w.isascii():
            words.append(w)
            continue
        prefix = ""
        if w.startswith("ال") and len(w) > 3:
            prefix, w = "al-", w[2:]
        t = _word(w)
        if t:
            words.append(prefix + t[:1].upper() + t[1:] if not prefix else prefix + t[:1].upper() + t[1:])
    return " ".join(words)


__all__ = ["transliterate"]
