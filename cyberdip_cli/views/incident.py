"""View records of incidents: the table of all, and one incident as a dated story."""

from typing import Any

from ..kb.dates import days_between, months_between
from ..kb.store import Store
from .term import source_refs, term_refs

# Who counts for `days_to_attribution`: a government or the EU, not a company or the press.
OFFICIAL_ACTORS = frozenset({"eu", "member-state", "other-state"})


def _first(items: list[dict], keep) -> dict | None:
    dated = sorted((i for i in items if keep(i)), key=lambda i: i["date"])
    return dated[0] if dated else None


def _span(start: str | None, end: str | None) -> dict[str, int | None]:
    """Days when both ends are known to the day; otherwise whole months, or nothing."""
    days = days_between(start, end)
    return {"days": days, "months": None if days is not None else months_between(start, end)}


def incident_facts(incident: dict) -> dict[str, Any]:
    """What the table and the story both compute from the record (never written by hand)."""
    attribution = _first(incident["attributions"], lambda a: a["by_type"] in OFFICIAL_ACTORS)
    response = _first(incident["responses"], lambda r: r["actor_type"] == "eu")
    origin = incident.get("public") or incident["started"]
    return {
        "first_attribution": attribution,
        "first_eu_response": response,
        "to_attribution": _span(origin, attribution["date"]) if attribution else None,
        "to_eu_response": _span(origin, response["date"]) if response else None,
        "days_to_attribution": days_between(origin, attribution["date"]) if attribution else None,
        "days_to_eu_response": days_between(origin, response["date"]) if response else None,
    }


def incident_rows(store: Store) -> list[dict[str, Any]]:
    """One row per incident for `cyberdip incident` (and its --json and --csv)."""
    rows = []
    for incident in store.all("incident"):
        facts = incident_facts(incident)
        attribution, response = facts["first_attribution"], facts["first_eu_response"]
        rows.append(
            {
                "id": incident["id"],
                "name": incident["name"],
                "year": incident["started"][:4],
                "attributed_to": attribution["attributed_to"] if attribution else None,
                "first_eu_response": (
                    {"date": response["date"], "measure": _measure_name(store, response)}
                    if response
                    else None
                ),
                "days_to_attribution": facts["days_to_attribution"],
                "days_to_eu_response": facts["days_to_eu_response"],
                "to_eu_response": facts["to_eu_response"],
            }
        )
    return sorted(rows, key=lambda r: (r["year"], r["name"]))


def _measure_name(store: Store, response: dict) -> str | None:
    if not response.get("measure"):
        return None
    measure = store.get("measure", response["measure"])
    return measure["name"] if measure else response["measure"]


def incident_view(store: Store, incident: dict) -> dict[str, Any]:
    """The record with its story: what happened, then attributions and responses in date order."""
    story = [{"date": incident["started"], "what": "started", "text": incident["summary"]}]
    if incident.get("public"):
        story.append({"date": incident["public"], "what": "became public", "text": ""})
    for a in incident["attributions"]:
        story.append(
            {
                "date": a["date"],
                "what": "attribution",
                "actor": a["by"],
                "basis": a["basis"],
                "text": a["text"],
                "attributed_to": a["attributed_to"],
                "sources": a["sources"],
            }
        )
    for r in incident["responses"]:
        story.append(
            {
                "date": r["date"],
                "what": "response",
                "actor": r["actor"],
                "eu": r["actor_type"] == "eu",
                "measure": r.get("measure"),
                "measure_name": _measure_name(store, r),
                "listing": r.get("listing"),
                "legal_act": r.get("legal_act"),
                "text": r["text"],
                "sources": r["sources"],
            }
        )
    if incident.get("ended"):
        story.append({"date": incident["ended"], "what": "ended", "text": ""})
    story.sort(key=lambda s: s["date"])
    facts = incident_facts(incident)
    drills = [d["id"] for d in store.all("drill") if d["incident"] == incident["id"]]
    return {
        "kind": "incident",
        **{k: incident[k] for k in ("id", "name", "aliases", "summary", "account", "started")},
        **{k: incident.get(k) for k in ("ended", "public", "status", "note", "as_of")},
        "targets": incident["targets"],
        "operators": incident["operators"],
        "story": story,
        "days_to_attribution": facts["days_to_attribution"],
        "days_to_eu_response": facts["days_to_eu_response"],
        "to_attribution": facts["to_attribution"],
        "to_eu_response": facts["to_eu_response"],
        "terms": term_refs(store, incident["terms"]),
        "drills": drills,
        "sources": source_refs(store, incident["sources"]),
    }
