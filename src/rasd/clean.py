"""Remove site boilerplate that survives in plain-text copies of Arabic news pages.

Cookie notices, "زر الذهاب إلى الأعلى", comment forms, share bars, tag lists and teasers of other
articles are not the article: their names and numbers would become false entities and events. The
rules are data (``data/boilerplate.toml``), matched line by line on the normalised line, and each
removal is recorded with its rule and its span in the raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rasd.document import RemovedSpan
from rasd.normalize import fold_pattern, folding_keeps_lines, normalize_form
from rasd.resources import load_toml


@dataclass(frozen=True)
class _LineRule:
    name: str
    max_chars: int
    pattern: re.Pattern[str]
    needs: re.Pattern[str] | None = None  # one of the rule's `needs` words: a line without is not tested


@dataclass(frozen=True)
class BoilerplateRules:
    line_rules: tuple[_LineRule, ...]
    teaser: re.Pattern[str]
    teaser_min_run: int
    teaser_max_chars: int
    section_labels: frozenset[str]
    section_max_position: int


@lru_cache(maxsize=1)
def load_rules() -> BoilerplateRules:
    data = load_toml("boilerplate.toml")
    rules = tuple(
        _LineRule(
            r["name"],
            r["max_chars"],
            re.compile("|".join(f"(?:{fold_pattern(p)})" for p in r["patterns"])),
            re.compile("|".join(re.escape(fold_pattern(w)) for w in r["needs"])) if r.get("needs") else None,
        )
        for r in data["rule"]
    )
    t = data["teasers"]
    s = data["section_labels"]
    return BoilerplateRules(
        rules,
        re.compile(fold_pattern(t["ellipsis"])),
        t["min_run"],
        t["max_chars"],
        frozenset(normalize_form(n) for n in s["names"]),
        s["max_position"],
    )


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, the end before its line break."""
    out, start = [], 0
    for m in re.finditer(r"\n", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def clean_text(raw: str, rules: BoilerplateRules | None = None) -> tuple[str, list[RemovedSpan]]:
    """The article without boilerplate lines, and what was removed (offsets into ``raw``)."""
    rules = rules or load_rules()
    lines = _lines(raw)
    verdict: list[str | None] = [None] * len(lines)
    if folding_keeps_lines():
        stripped = [line.strip() for line in normalize_form(raw).split("\n")]
    else:
        stripped = [normalize_form(raw[s:e]).strip() for s, e in lines]

    for i, line in enumerate(stripped):
        if not line:
            continue
        for rule in rules.line_rules:
            if len(line) <= rule.max_chars and (rule.needs is None or rule.needs.search(line)) and rule.pattern.search(line):
                verdict[i] = rule.name
                break

    # Teasers: runs of ellipsis-terminated lines (blank lines between them do not break a run).
    run: list[int] = []
    for i, line in enumerate(stripped + [""]):
        if i < len(stripped) and line and verdict[i] is None and len(line) <= rules.teaser_max_chars and rules.teaser.search(line):
            run.append(i)
            continue
        if i < len(stripped) and not line:
            continue
        if len(run) >= rules.teaser_min_run:
            for j in run:
                verdict[j] = "teaser"
        run = []

    position = 0
    for i, line in enumerate(stripped):
        if not line:
            continue
        position += 1
        if position > rules.section_max_position:
            break
        if verdict[i] is None and line in rules.section_labels:
            verdict[i] = "section_label"

    removed: list[RemovedSpan] = []
    kept: list[str] = []
    for (s, e), rule in zip(lines, verdict):
        if rule is None:
            kept.append(raw[s:e])
        else:
            removed.append(RemovedSpan(s, e, raw[s:e], rule))
    text = "\n".join(kept)
    # Blank lines left behind by a removal at the end or the start carry nothing.
    return text.strip(), removed
