"""Facts that follow from the incident records, derived once after loading.

The incident records are the one source of truth for what happened and what was done: a
measure's uses, a listing's incidents and the incidents' timeline rows are computed here
rather than written again by hand.
"""

from typing import Any

from .registry import walk


def derive(kb: Any) -> None:
    incidents = kb.section("incidents") or []
    if not incidents:
        return
    measures = {m["id"]: m for m in walk(kb, ("toolbox", "measures"))}
    listings = {
        li["id"]: li
        for path in (
            ("toolbox", "sanctions", "listings"),
            ("toolbox", "related_regimes", "*", "listings"),
        )
        for li in walk(kb, path)
    }
    for incident in incidents:
        for response in incident["responses"]:
            measure = measures.get(response.get("measure") or "")
            if measure is not None:
                measure["uses"] = [*measure.get("uses", []), _use(incident, response)]
            listing = listings.get(response.get("listing") or "")
            if listing is not None and incident["id"] not in listing.get("incidents", []):
                listing["incidents"] = [*listing.get("incidents", []), incident["id"]]
    for measure in measures.values():
        measure["uses"] = sorted(measure.get("uses", []), key=lambda u: u["date"])
    kb.sections["timeline"] = [*kb.section("timeline"), *(_event(i) for i in incidents)]


def _use(incident: dict, response: dict) -> dict:
    return {
        "date": response["date"],
        "text": f"{incident['name']}: {response['text']}",
        "incident": incident["id"],
        "derived": True,
        "sources": response["sources"],
        "terms": [],
        "status": "verified",
    }


def _event(incident: dict) -> dict:
    """The incident's own row on the timeline, on the day it started."""
    return {
        "id": f"incident-{incident['id']}",
        "date": incident["started"],
        "title": incident["name"],
        "text": incident["summary"],
        "axis": "international",
        "topic": "incidents",
        "terms": [t for t in incident["terms"]],
        "sources": incident["sources"],
        "incident": incident["id"],
        "derived": True,
        "status": incident.get("status", "verified"),
        "note": incident.get("note"),
        "as_of": incident.get("as_of"),
    }
