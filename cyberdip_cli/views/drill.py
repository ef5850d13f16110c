"""View records of decision drills: the list, the structure, the hand-out, and the reveal."""

from typing import Any

from ..kb.store import Store
from .incident import incident_view
from .term import source_refs


def drill_rows(store: Store, runs: dict[str, dict], cards: dict[str, dict]) -> list[dict]:
    """One row per drill with the learner's last score and when it is due again."""
    rows = []
    for drill in store.all("drill"):
        incident = store.get("incident", drill["incident"]) or {}
        last = runs.get(drill["id"])
        card = cards.get(drill["id"])
        rows.append(
            {
                "id": drill["id"],
                "title": drill["title"],
                "incident": incident.get("name", drill["incident"]),
                "as_of": drill["as_of"],
                "steps": len(drill["steps"]),
                "last_score": last["score"] if last else None,
                "runs": last["runs"] if last else 0,
                "due": card["due"] if card else None,
            }
        )
    return rows


def drill_structure(store: Store, drill: dict) -> dict[str, Any]:
    """The drill as content holds it (for --json and trainers' tools)."""
    incident = store.get("incident", drill["incident"]) or {}
    return {**drill, "incident_name": incident.get("name"), "sources": drill["sources"]}


def reveal_view(store: Store, drill: dict) -> dict[str, Any]:
    """What was done, from the incident record: attributions and responses after the briefing."""
    incident = incident_view(store, store.get("incident", drill["incident"]))
    record = [s for s in incident["story"] if s["what"] in ("attribution", "response")]
    return {
        "incident": incident["id"],
        "name": incident["name"],
        "record": record,
        "to_eu_response": incident["to_eu_response"],
        "debrief": drill.get("debrief"),
    }


def handout_view(store: Store, drill: dict) -> dict[str, Any]:
    """The whole case for a trainer: briefing, every choice with its score, and the record."""
    return {
        **drill_structure(store, drill),
        "sources": source_refs(store, drill["sources"]),
        "reveal": reveal_view(store, drill),
    }
