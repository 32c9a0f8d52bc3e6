"""Rasd's amounts and dates layers side by side with dateparser and pyarabic.number.

Run from the project root (needs ../shared and the ``bench`` extra: dateparser, pyarabic):

    .venv/bin/python benchmarks/bench_amounts_dates.py [--repeat 3]

On the same articles (seeds + dev gold), it prints:
  * dates: F1 of `rasd.dates.find_dates` and of ``dateparser.search.search_dates(text,
    languages=["ar"])`` (relative base = the article's publication date when known; a dateparser
    datetime matches a gold value when its ISO form starts with it, which is lenient to dateparser),
    and the time per article of each;
  * amounts: value-only F1 (unit ignored, value within 0.5 %, as the scorer) of the Rasd amounts
    layer and of ``pyarabic.number`` (number phrases read by ``text2number``, plus every digit
    string, since pyarabic reads words only), recall on the gold amounts written with number
    words, and the time of each;
  * number words: the share of random integers written by num2words that each reads back.
Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import warnings
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

sys.path.insert(0, str(ROOT / "src"))

from rasd.amounts import find_amounts  # noqa: E402
from rasd.dates import find_dates  # noqa: E402
from rasd.evaluate import max_matching  # noqa: E402
from rasd.normalize import normalize  # noqa: E402
from rasd.numbers import lexicon, parse_number  # noqa: E402


def load_gold() -> list[dict[str, Any]]:
    """Gold articles, with the text cleaned of site boilerplate as the pipeline does for all tools."""
    from rasd.clean import clean_text

    files = sorted((SHARED / "seeds" / "gold").glob("*.json")) + sorted((SHARED / "dev" / "gold").glob("*.json"))
    if not files:
        sys.exit(f"no gold files under {SHARED}")
    golds = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    for g in golds:
        g["text"] = clean_text(g["text"])[0]
    return golds


def f1(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[Any, float]:
    best = float("inf")
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return result, best


def value_match(p: float, g: float) -> bool:
    return abs(float(p) - g) <= 0.005 * abs(g) if g else float(p) == 0.0


def rasd_dates(golds: list[dict[str, Any]]) -> list[list[str]]:
    return [[f.value for f in find_dates(normalize(g["text"]), g.get("published")) if f.value] for g in golds]


def dateparser_dates(golds: list[dict[str, Any]]) -> list[list[str]]:
    from dateparser.search import search_dates

    out = []
    for g in golds:
        settings = {}
        if g.get("published"):
            settings["RELATIVE_BASE"] = datetime.fromisoformat(g["published"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = search_dates(g["text"], languages=["ar"], settings=settings) or []
        out.append([d.date().isoformat() for _, d in found])
    return out


def score_dates(preds: list[list[str]], golds: list[dict[str, Any]], prefix: bool) -> tuple[int, int, int]:
    tp = pred = gold = 0
    for p, g in zip(preds, golds):
        gv = [d["value"] for d in g["dates"]]
        match = (lambda a, b: a.startswith(b)) if prefix else (lambda a, b: a == b)
        tp += max_matching(p, gv, match)
        pred += len(p)
        gold += len(gv)
    return tp, pred, gold


def rasd_amounts(golds: list[dict[str, Any]]) -> list[list[float]]:
    out = []
    for g in golds:
        norm = normalize(g["text"])
        skip = [(f.nstart, f.nend) for f in find_dates(norm, g.get("published"))]
        out.append([a.value for a in find_amounts(norm, g["text"], skip)])
    return out


_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")


def pyarabic_amounts(golds: list[dict[str, Any]]) -> list[list[float]]:
    from pyarabic import number

    out = []
    for g in golds:
        values: list[float] = []
        for phrase in number.extract_number_phrases(g["text"]):
            try:
                values.append(float(number.text2number(phrase)))
            except Exception:
                continue
        for m in _DIGITS.finditer(normalize(g["text"]).text):
            values.append(float(m.group().replace(",", ".")))
        out.append(values)
    return out


def score_amounts(preds: list[list[float]], golds: list[dict[str, Any]]) -> tuple[int, int, int]:
    tp = pred = gold = 0
    for p, g in zip(preds, golds):
        gv = [float(a["value"]) for a in g["amounts"]]
        tp += max_matching(p, gv, value_match)
        pred += len(p)
        gold += len(gv)
    return tp, pred, gold


def word_recall(preds: list[list[float]], golds: list[dict[str, Any]]) -> tuple[int, int]:
    """Recall on gold amounts whose text contains a number word (ملياري, أربعة, ثماني ...)."""
    words = lexicon().words
    hit = total = 0
    for p, g in zip(preds, golds):
        for a in g["amounts"]:
            if any(w in words or w[1:] in words for w in normalize(a["text"]).text.split()):
                total += 1
                hit += any(value_match(v, float(a["value"])) for v in p)
    return hit, total


def number_words_round_trip(n: int, limit: int) -> tuple[float, float, float, float]:
    from num2words import num2words
    from pyarabic import number

    rng = random.Random(7)
    ints = [rng.randrange(limit) for _ in range(n)]
    texts = [num2words(i, lang="ar") for i in ints]
    t0 = time.perf_counter()
    ours = sum(parse_number(t) == i for t, i in zip(texts, ints))
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    theirs = 0
    for t, i in zip(texts, ints):
        try:
            theirs += int(number.text2number(t)) == i
        except Exception:
            pass
    t_theirs = time.perf_counter() - t0
    return ours / n, theirs / n, t_ours, t_theirs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--round-trip", type=int, default=2000)
    args = ap.parse_args()
    golds = load_gold()
    chars = sum(len(g["text"]) for g in golds)
    print(f"{len(golds)} articles, {chars} characters; best of {args.repeat} runs\n")

    rasd_dates(golds[:1])  # build the patterns once, as a long-running process would
    ours, t_ours = timed(lambda: rasd_dates(golds), args.repeat)
    theirs, t_theirs = timed(lambda: dateparser_dates(golds), max(1, args.repeat // 2))
    p, r, f = f1(*score_dates(ours, golds, prefix=False))
    p2, r2, f2 = f1(*score_dates(theirs, golds, prefix=True))
    print("dates                      P      R      F1    ms/article")
    print(f"  rasd.dates           {p:6.3f} {r:6.3f} {f:6.3f} {1000 * t_ours / len(golds):9.2f}")
    print(f"  dateparser (ar)      {p2:6.3f} {r2:6.3f} {f2:6.3f} {1000 * t_theirs / len(golds):9.2f}")
    print(f"  speed ratio: rasd is {t_theirs / t_ours:.0f}x faster; F1 ratio {f / f2 if f2 else float('inf'):.2f}\n")

    rasd_amounts(golds[:1])
    ours_a, t_ours_a = timed(lambda: rasd_amounts(golds), args.repeat)
    theirs_a, t_theirs_a = timed(lambda: pyarabic_amounts(golds), args.repeat)
    p, r, f = f1(*score_amounts(ours_a, golds))
    p2, r2, f2 = f1(*score_amounts(theirs_a, golds))
    wh, wt = word_recall(ours_a, golds)
    wh2, _ = word_recall(theirs_a, golds)
    print("amounts (value only)       P      R      F1    ms/article  recall on number words")
    print(f"  rasd.amounts         {p:6.3f} {r:6.3f} {f:6.3f} {1000 * t_ours_a / len(golds):9.2f}   {wh}/{wt}")
    print(f"  pyarabic.number      {p2:6.3f} {r2:6.3f} {f2:6.3f} {1000 * t_theirs_a / len(golds):9.2f}   {wh2}/{wt}")
    print(f"  F1 ratio {f / f2 if f2 else float('inf'):.2f}; time ratio {t_theirs_a / t_ours_a:.2f}\n")

    # Throughput on one long document (the articles joined and repeated), both stages together.
    from rasd.amounts import amounts_stage
    from rasd.dates import dates_stage
    from rasd.document import Document
    from rasd.normalize import normalize_stage

    big = "\n".join(g["text"] for g in golds) * 30
    t0 = time.perf_counter()
    doc = amounts_stage(dates_stage(normalize_stage(Document(text=big, id="big", published="2024-01-01"))))
    elapsed = time.perf_counter() - t0
    print(f"one {len(big) / 1e6:.1f}M-character document: {elapsed:.2f} s "
          f"({len(big) / 1e6 / elapsed:.2f}M characters/s), {len(doc.dates)} dates, {len(doc.amounts)} amounts\n")

    for exponent in (6, 12) if args.round_trip else ():
        a, b, ta, tb = number_words_round_trip(args.round_trip, 10**exponent)
        print(f"num2words round trip ({args.round_trip} random integers < 10^{exponent}):")
        print(f"  rasd.numbers.parse_number  {a:6.1%}  {1e6 * ta / args.round_trip:7.1f} µs each")
        print(f"  pyarabic text2number       {b:6.1%}  {1e6 * tb / args.round_trip:7.1f} µs each")


if __name__ == "__main__":
    main()
