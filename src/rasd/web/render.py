"""What the dashboard draws, computed in Python: highlighted article text, charts and graphs.

Templates only place what these functions return, and Jinja escapes every string, so text from
articles (which may contain ``<script>`` or quotes) is always shown as text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from rasd.resources import load_toml

FALLBACK_COLOUR = "#94a3b8"


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    return load_toml("dashboard.toml")


def event_label(event_type: str) -> str:
    return labels()["event_types"].get(event_type, {}).get("label", event_type)


def event_colour(event_type: str) -> str:
    return labels()["event_types"].get(event_type, {}).get("colour", FALLBACK_COLOUR)


def entity_label(entity_type: str) -> str:
    return labels()["entity_types"].get(entity_type, {}).get("label", entity_type)


def modality_label(modality: str | None) -> str:
    return labels()["modalities"].get(modality or "", modality or "")


def css_class(value: str) -> str:
    """A CSS class fragment from a type name (letters and digits only)."""
    return "".join(c for c in value if c.isascii() and c.isalnum())[:32] or "x"


def layers_css() -> str:
    """Colour rules for entity types, layers and event types (served as a stylesheet: the page's
    Content-Security-Policy forbids inline styles)."""
    lab = labels()
    rules = [f".ent-{css_class(t)} {{ background: {v['colour']}; fill: {v['colour']}; }}" for t, v in lab["entity_types"].items()]
    misc = lab["entity_types"].get("MISC", {}).get("colour", FALLBACK_COLOUR)
    rules.append(f".ent {{ background: {misc}; fill: {misc}; }}")
    rules = rules[-1:] + rules[:-1]  # the generic rule first, the typed ones win
    rules.append(f".amt {{ background: {lab['layers']['amount']['colour']}; }}")
    rules.append(f".dat {{ background: {lab['layers']['date']['colour']}; }}")
    rules.append(f".trg {{ color: {lab['layers']['trigger']['colour']}; font-weight: 700; text-decoration: underline; }}")
    rules.append(f".evd {{ border-bottom: 2px dashed {lab['layers']['evidence']['colour']}; }}")
    for t, v in lab["event_types"].items():
        rules.append(f".evt-{css_class(t)} {{ background: {v['colour']}; color: #fff; }}")
    return "\n".join(rules) + "\n"


@dataclass
class Segment:
    """A run of article text under one set of annotations."""

    text: str
    classes: list[str] = field(default_factory=list)
    title: str = ""
    actor_id: int | None = None
    anchors: list[str] = field(default_factory=list)  # element ids that start here
    events: list[str] = field(default_factory=list)  # ids of the events whose evidence covers it


def highlight(doc: dict[str, Any]) -> list[Segment]:
    """Cut the article text at every annotation boundary; each piece lists what covers it.

    Annotations overlap (an entity inside an event's evidence, an amount inside an entity name),
    so instead of nesting tags the text is split into runs that each carry all their classes.
    """
    text: str = doc.get("text") or ""
    n = len(text)
    spans: list[tuple[int, int, str, dict[str, Any]]] = []

    def add(start: Any, end: Any, kind: str, info: dict[str, Any]) -> None:
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= n:
            spans.append((start, end, kind, info))

    for e in doc.get("entities", []):
        for m in e.get("mentions", []):
            add(m.get("start"), m.get("end"), "ent", e)
    for i, a in enumerate(doc.get("amounts", [])):
        add(a.get("start"), a.get("end"), "amt", {**a, "idx": i})
    for i, d in enumerate(doc.get("dates", [])):
        add(d.get("start"), d.get("end"), "dat", {**d, "idx": i})
    for ev in doc.get("events", []):
        add(ev.get("evidence", {}).get("start"), ev.get("evidence", {}).get("end"), "evd", ev)
        add(ev.get("trigger", {}).get("start"), ev.get("trigger", {}).get("end"), "trg", ev)

    bounds = sorted({0, n, *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for k, (s, e, _, _) in enumerate(spans):
        starts.setdefault(s, []).append(k)
        ends.setdefault(e, []).append(k)
    active: set[int] = set()
    segments: list[Segment] = []
    seen_anchor: set[str] = set()
    for a, b in zip(bounds, bounds[1:]):
        active.difference_update(ends.get(a, ()))
        opened = starts.get(a, ())
        active.update(opened)
        seg = Segment(text[a:b])
        titles = []
        for k in sorted(active, key=lambda k: (spans[k][0], -spans[k][1])):
            _s, _e, kind, info = spans[k]
            if kind == "ent":
                seg.classes += ["ent", f"ent-{css_class(str(info.get('type', '')))}"]
                seg.actor_id = info.get("actor_id") if seg.actor_id is None else seg.actor_id
                titles.append(f"{entity_label(str(info.get('type', '')))}: {info.get('name', '')}")
            elif kind == "amt":
                seg.classes.append("amt")
                titles.append(f"مبلغ: {info.get('value')} {info.get('unit') or ''}".strip())
            elif kind == "dat":
                seg.classes.append("dat")
                titles.append(f"تاريخ: {info.get('value') or '؟'}")
            elif kind == "evd":
                seg.classes.append("evd")
                seg.events.append(str(info.get("id")))
            elif kind == "trg":
                seg.classes.append("trg")
                titles.append(f"حدث {event_label(str(info.get('type', '')))} ({modality_label(info.get('modality'))})")
        for k in opened:
            kind, info = spans[k][2], spans[k][3]
            anchor = {"ent": None, "amt": f"amt-{info.get('idx')}", "dat": f"dat-{info.get('idx')}",
                      "evd": f"ev-{info.get('id')}", "trg": None}[kind]
            if anchor and anchor not in seen_anchor:
                seen_anchor.add(anchor)
                seg.anchors.append(anchor)
        seg.classes = list(dict.fromkeys(seg.classes))
        seg.title = " · ".join(dict.fromkeys(titles))
        segments.append(seg)
    return segments


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str


def _month_range(first: str, last: str, limit: int) -> list[str]:
    """Every month from ``first`` to ``last`` (YYYY-MM), the last ``limit`` of them."""
    try:
        y1, m1 = int(first[:4]), int(first[5:7])
        y2, m2 = int(last[:4]), int(last[5:7])
    except ValueError:
        return []
    start = max(y1 * 12 + m1 - 1, y2 * 12 + m2 - limit)
    return [f"{k // 12:04d}-{k % 12 + 1:02d}" for k in range(start, y2 * 12 + m2)]


def month_chart(rows: list[dict[str, Any]], width: int = 760, height: int = 220, max_months: int = 36) -> dict[str, Any]:
    """A stacked bar chart of events per month and type; time runs right to left, as Arabic reads.

    Months without events are kept on the axis (a gap in the news is information too).
    """
    present = sorted({r["month"] for r in rows if re.match(r"^\d{4}-(0[1-9]|1[0-2])$", str(r.get("month")))})
    months = _month_range(present[0], present[-1], max_months) if present else []
    if not months:
        return {"bars": [], "ticks": [], "width": width, "height": height, "types": []}
    keep = set(months)
    index = {m: i for i, m in enumerate(months)}
    totals: dict[str, int] = {m: 0 for m in months}
    for r in rows:
        if r["month"] in keep:
            totals[r["month"]] += r["count"]
    top = max(totals.values()) or 1
    pad_x, pad_top, pad_bottom = 12, 16, 36
    slot = (width - 2 * pad_x) / len(months)
    bar_w = min(48.0, max(2.0, slot * 0.7))
    plot_h = height - pad_top - pad_bottom
    every = max(1, math.ceil(len(months) / 12))

    def left(i: int) -> float:
        return width - pad_x - (i + 1) * slot + (slot - bar_w) / 2

    ticks = [{"x": round(left(i) + bar_w / 2, 1), "y": height - pad_bottom + 16, "label": m}
             for i, m in enumerate(months) if i % every == 0 or i == len(months) - 1]
    bars: list[Bar] = []
    stacked: dict[str, float] = {m: 0.0 for m in months}
    for r in sorted(rows, key=lambda r: (r["month"], r["type"])):
        m = r["month"]
        if m not in keep:
            continue
        h = plot_h * r["count"] / top
        y = height - pad_bottom - stacked[m] - h
        stacked[m] += h
        bars.append(Bar(round(left(index[m]), 1), round(y, 1), round(bar_w, 1), round(h, 1), event_colour(r["type"]),
                        f"{m} · {event_label(r['type'])}: {r['count']}"))
    types = sorted({r["type"] for r in rows if r["month"] in keep})
    return {
        "bars": bars, "ticks": ticks, "width": width, "height": height, "top": top,
        "types": [{"type": t, "label": event_label(t), "colour": event_colour(t)} for t in types],
        "axis_y": height - pad_bottom, "top_y": pad_top,
    }


def network_layout(network: dict[str, Any], centre_id: int, size: int = 560, max_nodes: int = 24) -> dict[str, Any]:
    """Place the actor at the centre and its counterparts on a circle, strongest ties first."""
    nodes = {n["id"]: n for n in network.get("nodes", [])}
    edges = network.get("edges", [])
    strength: dict[int, int] = {}
    for e in edges:
        for end in (e["source"], e["target"]):
            if end != centre_id:
                strength[end] = strength.get(end, 0) + e.get("count", 1) * (3 if e.get("kind") == "event" else 1)
    others = sorted(strength, key=lambda k: (-strength[k], str(nodes.get(k, {}).get("name", ""))))[:max_nodes]
    c = size / 2
    radius = size / 2 - 70
    pos: dict[int, tuple[float, float]] = {centre_id: (c, c)}
    for i, k in enumerate(others):
        angle = -math.pi / 2 + 2 * math.pi * i / max(1, len(others))
        pos[k] = (round(c + radius * math.cos(angle), 1), round(c + radius * math.sin(angle), 1))
    top = max((e.get("count", 1) for e in edges), default=1)
    placed_edges = []
    for e in edges:
        if e["source"] in pos and e["target"] in pos:
            (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
            # Stop the line at the target's circle so the arrow head stays visible.
            dx, dy = x2 - x1, y2 - y1
            dist = math.hypot(dx, dy) or 1
            r = 22 if e["target"] == centre_id else 14
            placed_edges.append({
                **e, "x1": x1, "y1": y1, "x2": round(x2 - dx / dist * r, 1), "y2": round(y2 - dy / dist * r, 1),
                "width": round(1.5 + 4 * e.get("count", 1) / top, 1),
                "label": " · ".join(f"{event_label(t)} ×{n}" for t, n in e.get("types", {}).items()) or "ذُكرا معًا",
            })
    placed_nodes = []
    for k, (x, y) in pos.items():
        node = nodes.get(k, {"id": k, "name": str(k), "type": "MISC"})
        placed_nodes.append({
            **node, "x": x, "y": y, "r": 22 if k == centre_id else 14, "centre": k == centre_id,
            # Labels go on the outer side of each node, away from the edges that reach it.
            "label_y": y + 36 if k == centre_id else (y - 20 if y < c - 1 else y + 28),
            "css": f"ent-{css_class(str(node.get('type', '')))}",
        })
    return {"size": size, "nodes": placed_nodes, "edges": placed_edges}


def _day_number(when: str | None) -> int | None:
    """Days since year 0 of a YYYY, YYYY-MM or YYYY-MM-DD date (the first day of a month or year)."""
    if not when:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", when)
    if not m:
        return None
    import datetime as dt

    try:
        return dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1)).toordinal()
    except ValueError:
        return None


def timeline_strip(events: list[dict[str, Any]], width: int = 760, height: int = 110) -> dict[str, Any]:
    """Events as dots on a time axis (oldest on the right, as Arabic reads), coloured by type;
    events on the same day are stacked. Each dot links to its evidence in its article."""
    dated = [(d, e) for e in events if (d := _day_number(e.get("when"))) is not None]
    if not dated:
        return {"dots": [], "ticks": [], "width": width, "height": height}
    first = min(d for d, _ in dated)
    last = max(d for d, _ in dated)
    span = max(1, last - first)
    pad = 24
    axis_y = height - 30

    def x_of(day: int) -> float:
        return round(width - pad - (day - first) / span * (width - 2 * pad), 1)

    dots = []
    stack: dict[int, int] = {}
    for day, e in sorted(dated, key=lambda p: p[0]):
        level = stack.get(day, 0)
        stack[day] = level + 1
        dots.append({
            "x": x_of(day), "y": axis_y - 10 - 13 * min(level, 5), "colour": event_colour(e["type"]),
            "href": f"/documents/{quote(str(e['doc_id']))}#ev-{quote(str(e['id']))}",
            "label": f"{e.get('when')} · {event_label(e['type'])} · {e.get('evidence', {}).get('text', '')[:120]}",
        })
    import datetime as dt

    years = range(dt.date.fromordinal(first).year, dt.date.fromordinal(last).year + 1)
    ticks = [{"x": x_of(dt.date(y, 1, 1).toordinal()), "label": str(y)} for y in years
             if first <= dt.date(y, 1, 1).toordinal() <= last]
    if not ticks or len(years) <= 1:
        ticks = [{"x": x_of(first), "label": dt.date.fromordinal(first).isoformat()}]
        if last != first:
            ticks.append({"x": x_of(last), "label": dt.date.fromordinal(last).isoformat()})
    return {"dots": dots, "ticks": ticks, "width": width, "height": height, "axis_y": axis_y}
