"""Two entries side by side: the same facts of each, aligned field by field."""

from typing import Any

from ..kb.store import Store
from .term import display_name

# Kinds that can be compared, and the facts each contributes, in display order.
COMPARABLE = ("sanctions", "incident", "term", "measure")


def _joined(values: list[str]) -> str:
    """Items as one line: sentences follow each other, short items take semicolons."""
    items = [v for v in values if v]
    return " ".join(items) if all(v.endswith(".") for v in items) else "; ".join(items)


def _term_facts(store: Store, t: dict) -> dict[str, str]:
    replaced_by = [o["term"] for o in store.all("term") if t["id"] in (o.get("replaces") or [])]
    return {
        "Name": display_name(t),
        "Since": t.get("since") or "",
        "Until": t.get("until") or "",
        "Legal basis": t.get("legal_basis") or "",
        "Scope": t.get("scope") or "",
        "Replaces": _joined([(store.get("term", r) or {}).get("term", r) for r in t["replaces"]]),
        "Replaced by": _joined(replaced_by),
        "In short": t["summary"],
        "What it is": t["definition"],
        "In the EU": t["eu_context"],
    }


def _regime_facts(store: Store, r: dict) -> dict[str, str]:
    listings = r.get("listings") or []
    return {
        "Name": r["name"],
        "Since": min((a["date"] for a in r.get("acts") or []), default=""),
        "Legal basis": _joined(sorted({a.get("legal_basis") or "" for a in r.get("acts") or []})),
        "Legal acts": _joined([a["name"] for a in r.get("acts") or []]),
        "In short": r["summary"],
        "What it allows": _joined([p["text"] for p in r.get("allows") or []]),
        "Listings": (
            f"{len(listings)} rounds, {sum(x['persons'] for x in listings)} persons, "
            f"{sum(x['entities'] for x in listings)} entities"
        ),
        "Renewals": _joined([f"{p['date']}" for p in r.get("renewals") or []]),
    }


def _incident_facts(store: Store, i: dict) -> dict[str, str]:
    from .incident import incident_facts

    facts = incident_facts(i)
    first = facts["first_attribution"]
    response = facts["first_eu_response"]
    return {
        "Name": i["name"],
        "Since": i["started"],
        "Targets": _joined([", ".join(x for x in t.values() if x) for t in i["targets"]]),
        "Attributed to": f"{first['attributed_to']} ({first['by']}, {first['date']})"
        if first
        else "",
        "First EU response": f"{response['date']}: {response['text']}" if response else "none",
        "In short": i["summary"],
    }


def _measure_facts(store: Store, m: dict) -> dict[str, str]:
    return {
        "Name": m["name"],
        "Legal basis": m.get("legal_basis") or "",
        "Who decides": m.get("who_decides") or "",
        "In short": m["purpose"],
        "What it is": m["description"],
        "Uses": str(len(m.get("uses") or [])),
    }


FACTS = {
    "term": _term_facts,
    "sanctions": _regime_facts,
    "incident": _incident_facts,
    "measure": _measure_facts,
}


def side(store: Store, kind: str, item: dict) -> dict[str, Any]:
    return {
        "kind": kind,
        "id": item["id"],
        "facts": FACTS[kind](store, item),
        "sources": item.get("sources") or [],
    }


def compare_view(store: Store, left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    """Rows of (field, left, right) for every field either side states, in a stable order."""
    fields: list[str] = []
    for s in (left, right):
        fields += [f for f, v in s["facts"].items() if v and f not in fields and f != "Name"]
    rows = [
        {"field": f, "left": left["facts"].get(f, ""), "right": right["facts"].get(f, "")}
        for f in fields
    ]
    rows.append(
        {
            "field": "Sources",
            "left": ", ".join(left["sources"]),
            "right": ", ".join(right["sources"]),
        }
    )
    return {"left": left, "right": right, "rows": rows}
