"""Build the place part of the knowledge base (``src/rasd/data/kb/places.json``).

Countries come from CLDR through Babel (the Arabic territory names), joined on the ISO code with
two open gazetteers read in place from ``../shared/data``: the Countries States Cities Database
(Wikidata QIDs, Arabic names of countries, Arab governorates and MENA cities) and mledoze/countries
(official and common Arabic country names). Both gazetteers are ODbL 1.0, so the file written here
is a derivative database released under ODbL 1.0 with their attribution (see ``kb/MANIFEST.toml``).

Gazetteer place names that are also everyday Arabic words (الشرقية "the eastern", بلد "country",
الحي "the quarter") would fire everywhere; an alias is dropped when ANERcorp's training split uses
it mostly outside any entity.

    .venv/bin/python scripts/build_kb.py [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rasd.normalize import normalize_form  # noqa: E402

ARAB_LEAGUE = {
    "AE", "BH", "DJ", "DZ", "EG", "IQ", "JO", "KM", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA",
    "SA", "SD", "SO", "SY", "TN", "YE",
}
# City population floors: Arabic names of Arab cities are their real spelling; elsewhere they are
# often mechanical transliterations, so only large cities are kept.
ARAB_CITY_FLOOR = 40_000
OTHER_CITY_FLOOR = 400_000


def anercorp_outside_counts(shared: Path) -> tuple[Counter, Counter]:
    """How often each normalised word is tagged O, and tagged as an entity, in ANERcorp train."""
    outside, inside = Counter(), Counter()
    path = shared / "anercorp-camel-splits" / "ANERCorp_CamelLab_train.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.rsplit(" ", 1)
        if len(parts) != 2:
            continue
        form = normalize_form(parts[0])
        (outside if parts[1] == "O" else inside)[form] += 1
    return outside, inside


def is_common_word(alias: str, outside: Counter, inside: Counter) -> bool:
    """An alias made only of words that ANERcorp mostly uses as ordinary words (الشرقية "the
    eastern"; الحدود الشمالية "the northern border")."""
    words = normalize_form(alias).split()
    return bool(words) and all(outside[w] >= 2 and outside[w] > inside[w] for w in words)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "rasd" / "data" / "kb" / "places.json")
    args = ap.parse_args()
    csc = args.shared / "gazetteer-csc-mena-wikidata"
    outside, inside = anercorp_outside_counts(args.shared)

    cldr = Locale("ar").territories
    mledoze = {c["cca2"]: c for c in json.loads((args.shared / "gazetteer-mledoze-countries" / "countries.json").read_text("utf-8"))}
    countries = json.loads((csc / "json" / "countries.json").read_text("utf-8"))
    iso3_of = {c["iso2"]: c["iso3"] for c in countries}

    records: list[dict] = []
    for c in countries:
        iso2 = c["iso2"]
        names = [cldr.get(iso2), c.get("translations", {}).get("ar")]
        ara = mledoze.get(iso2, {}).get("translations", {}).get("ara", {})
        names += [ara.get("common"), ara.get("official")]
        aliases = []
        for n in names:
            if n and n not in aliases and len(normalize_form(n)) >= 3:
                aliases.append(n)
        if not aliases:
            continue
        records.append({
            "qid": c.get("wikiDataId") or "",
            "type": "GPE",
            "en": c["name"],
            "ar": aliases,
            "country": c["iso3"],
            "sector": "",
            "kind": "country",
        })

    dropped = []
    with (csc / "csv" / "states.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["country_code"] not in ARAB_LEAGUE:
                continue
            native = (row.get("native") or "").strip()
            if not native or not any("\u0621" <= ch <= "\u064a" for ch in native):
                continue
            if is_common_word(native, outside, inside):
                dropped.append(native)
                continue
            records.append({
                "qid": row.get("wikiDataId") or "", "type": "GPE", "en": row["name"], "ar": [native],
                "country": iso3_of.get(row["country_code"], ""), "sector": "", "kind": "region",
                "population": int(row.get("population") or 0),
            })

    for path in sorted((csc / "contributions" / "cities").glob("*.json")):
        iso2 = path.stem
        floor = ARAB_CITY_FLOOR if iso2 in ARAB_LEAGUE else OTHER_CITY_FLOOR
        for city in json.loads(path.read_text("utf-8")):
            ar = (city.get("translations") or {}).get("ar")
            if not ar or (city.get("population") or 0) < floor or city.get("type") in ("district", "section"):
                continue
            if is_common_word(ar, outside, inside) or len(normalize_form(ar)) < 3:
                dropped.append(ar)
                continue
            records.append({
                "qid": city.get("wikiDataId") or "", "type": "GPE", "en": city["name"], "ar": [ar],
                "country": iso3_of.get(iso2, ""), "sector": "", "kind": "city", "population": city.get("population") or 0,
            })

    out = {
        "version": 1,
        "source": "CLDR (Babel) Arabic territory names; Countries States Cities Database (dr5hn, ODbL 1.0); "
        "mledoze/countries (ODbL 1.0); built by scripts/build_kb.py",
        "licence": "ODbL-1.0",
        "records": records,
    }
    args.out.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{len(records)} place records -> {args.out} ({args.out.stat().st_size // 1024} KB); "
          f"{len(dropped)} common-word aliases dropped, e.g. {dropped[:12]}")


if __name__ == "__main__":
    main()
