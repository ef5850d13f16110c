"""View records for toolbox: the store turned into the JSON-ready dicts that --json prints and render/ draws."""

from typing import Any

from ..kb.store import Store
from .term import source_refs, term_refs


def _points(store: Store, points: list[dict]) -> list[dict]:
    out = []
    for p in points or []:
        view = {
            k: p.get(k)
            for k in ("id", "name", "date", "text", "status", "note", "as_of", "blog_note")
        }
        view = {k: v for k, v in view.items() if v is not None}
        view["terms"] = p.get("terms") or []
        view["sources"] = p.get("sources") or []
        out.append(view)
    return out


def _incident_refs(store: Store, ids: list[str]) -> list[dict]:
    """A listing's incidents: term ids (as written in content) or incident record ids (added
    from the incident records), each with the name to show; `term` is that name for both,
    `kind` says which it is."""
    out = []
    for ref_id in ids:
        term = store.get("term", ref_id)
        if term:
            out.append(
                {"id": ref_id, "kind": "term", "term": term["term"], "summary": term["summary"]}
            )
            continue
        incident = store.get("incident", ref_id)
        if incident:
            out.append(
                {
                    "id": ref_id,
                    "kind": "incident",
                    "term": incident["name"],
                    "summary": incident["summary"],
                }
            )
    return out


def overview_view(store: Store) -> dict[str, Any]:
    toolbox = store.section("toolbox") or {}
    framework = toolbox.get("framework", {})
    measures = store.all("measure")
    categories = []
    for c in store.all("category"):
        categories.append(
            {
                "id": c["id"],
                "name": c["name"],
                "summary": c["summary"],
                "status": c.get("status") or "verified",
                "measures": [
                    {"id": m["id"], "name": m["name"], "purpose": m["purpose"]}
                    for m in measures
                    if m["category"] == c["id"]
                ],
            }
        )
    return {
        "name": framework.get("name"),
        "summary": framework.get("summary"),
        "description": framework.get("description"),
        "documents": [
            {k: d.get(k) for k in ("id", "name", "date", "identifier", "text", "sources")}
            for d in framework.get("documents") or []
        ],
        "principles": [
            {k: p.get(k) for k in ("id", "name", "text", "sources")}
            for p in framework.get("principles") or []
        ],
        "categories": categories,
        "sanctions": {
            "name": (toolbox.get("sanctions") or {}).get("name"),
            "category": (store.section("labels") or {}).get("sanctions_category"),
        },
        "sources": source_refs(store, framework.get("sources") or []),
    }


def category_view(store: Store, category: dict) -> dict[str, Any]:
    return {
        "kind": "category",
        "id": category["id"],
        "name": category["name"],
        "summary": category["summary"],
        "description": category["description"],
        "status": category.get("status") or "verified",
        "note": category.get("note"),
        "measures": [
            {"id": m["id"], "name": m["name"], "purpose": m["purpose"]}
            for m in store.all("measure")
            if m["category"] == category["id"]
        ],
        "sources": source_refs(store, category["sources"]),
    }


def measure_view(store: Store, measure: dict) -> dict[str, Any]:
    category = store.get("category", measure["category"]) or {}
    return {
        "kind": "measure",
        "id": measure["id"],
        "name": measure["name"],
        "category": {"id": measure["category"], "name": category.get("name")},
        "purpose": measure["purpose"],
        "description": measure["description"],
        "when_used": measure["when_used"],
        "who_decides": measure["who_decides"],
        "legal_basis": measure["legal_basis"],
        "status": measure.get("status") or "verified",
        "note": measure.get("note"),
        "uses": _points(store, measure.get("uses") or []),
        "terms": term_refs(store, measure.get("terms") or []),
        "sources": source_refs(store, measure["sources"]),
    }


def _incident_refs(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    """Incidents of a listing, by name: the record where there is one, else the term."""
    out = []
    for iid in ids:
        kind = "incident" if store.get("incident", iid) else "term"
        record = store.get(kind, iid)
        if record:
            out.append({"id": iid, "kind": kind, "name": record.get("name") or record.get("term")})
    return out


def listing_matches_state(listing: dict, state: str) -> bool:
    from ..kb.match import key

    return any(key(s) == key(state) for s in listing.get("states") or [])


def sanctions_view(
    store: Store, regime_id: str = "sanctions", state: str | None = None
) -> dict[str, Any]:
    regime = store.get("sanctions", regime_id) or {}
    listings = []
    for item in regime.get("listings") or []:
        if state and not listing_matches_state(item, state):
            continue
        listings.append(
            {
                "id": item["id"],
                "date": item["date"],
                "persons": item["persons"],
                "entities": item["entities"],
                "names": item.get("names") or [],
                "incidents": _incident_refs(store, item.get("incidents") or []),
                "states": item.get("states") or [],
                "legal_acts": item.get("legal_acts") or [],
                "text": item["text"],
                "status": item.get("status") or "verified",
                "note": item.get("note"),
                "as_of": item.get("as_of"),
                "sources": item["sources"],
            }
        )
    others = [r for r in store.all("sanctions") if r["id"] != regime_id]
    if state:  # the state as the content spells it
        from ..kb.match import key

        named = {key(s): s for x in listings for s in x["states"]}
        state = named.get(key(state), state)
    return {
        "kind": "sanctions",
        "id": regime_id,
        "state": state,
        "other_regimes": [{"id": r["id"], "name": r["name"]} for r in others],
        "name": regime.get("name"),
        "summary": regime.get("summary"),
        "description": regime.get("description"),
        "acts": [
            {
                k: a.get(k)
                for k in ("id", "name", "date", "identifier", "legal_basis", "text", "sources")
            }
            for a in regime.get("acts") or []
        ],
        "allows": _points(store, regime.get("allows")),
        "criteria": _points(store, regime.get("criteria")),
        "renewals": _points(store, regime.get("renewals")),
        "listings": listings,
        "totals": {
            "rounds": len(listings),
            "persons": sum(x["persons"] for x in listings),
            "entities": sum(x["entities"] for x in listings),
        },
        "sources": source_refs(store, regime.get("sources") or []),
    }


def ladder_view(store: Store) -> dict[str, Any]:
    toolbox = store.section("toolbox") or {}
    rungs = []
    for n, rung in enumerate(toolbox.get("ladder") or [], 1):
        target = None
        if rung.get("measure"):
            target = {"kind": "measure", "id": rung["measure"]}
        elif rung.get("term"):
            target = {"kind": "term", "id": rung["term"]}
        rungs.append(
            {
                "rung": n,
                "id": rung["id"],
                "name": rung["name"],
                "outside_toolbox": bool(rung.get("outside_toolbox")),
                "opens": target,
                "text": rung["text"],
                "status": rung.get("status") or "verified",
                "sources": rung["sources"],
            }
        )
    return {"kind": "ladder", "rungs": rungs}
