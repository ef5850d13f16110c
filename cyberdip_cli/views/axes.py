"""View records for axes: the store turned into the JSON-ready dicts that --json prints and render/ draws."""

from typing import Any

from ..kb.store import Store


def _point(p: dict) -> dict[str, Any]:
    keep = ("id", "name", "text", "blog_note", "status", "note", "as_of")
    out = {k: p[k] for k in keep if p.get(k) is not None}
    out["terms"] = p.get("terms") or []
    out["sources"] = p.get("sources") or []
    return out


def axes_view(store: Store) -> dict[str, Any]:
    section = store.section("axes") or {}
    axes = []
    for axis in section.get("axes") or []:
        view = {
            "id": axis["id"],
            "name": axis["name"],
            "focus": axis["focus"],
            "sources": axis["sources"],
            "features_heading": axis.get("features_heading") or "Features",
        }
        for key in ("goals", "instruments", "forums", "examples", "features"):
            view[key] = [_point(p) for p in axis.get(key) or []]
        axes.append(view)
    return {
        "headings": {
            "drivers": section.get("drivers_heading") or "Drivers",
            "priorities": section.get("priorities_heading") or "Priorities",
            "blog_note": section.get("blog_note_label") or "Note",
        },
        "axes": axes,
        "drivers": [_point(p) for p in section.get("drivers") or []],
        "priorities": [_point(p) for p in section.get("priorities") or []],
        "links": [_point(p) for p in section.get("links") or []],
    }
