"""`cyberdip export --format csv`: one row per term (or, with --kind incidents, per
incident), for spreadsheets and flashcard tools."""

from __future__ import annotations

import csv
import io

from ..console import clean
from ..kb.store import Store

COLUMNS = ("id", "term", "acronym", "topic", "axis", "summary", "definition", "sources")


def term_rows(store: Store, topic: str | None = None) -> list[dict[str, str]]:
    rows = []
    for term in store.all("term"):
        if topic is not None and term["topic"] != topic:
            continue
        row = {c: term.get(c) or "" for c in COLUMNS[:-1]}
        row["sources"] = " ".join(term.get("sources") or [])
        rows.append({k: clean(v) for k, v in row.items()})
    return rows


def render_csv(store: Store, topic: str | None = None, kind: str = "terms") -> tuple[str, str]:
    """The CSV text (header row first) and a short description of what it holds: the
    glossary, or with kind "incidents" the incident table of `cyberdip incident --csv`."""
    if kind == "incidents":
        from ..views.incident import incident_rows

        incidents = incident_rows(store)
        return incident_csv(incidents), f"{len(incidents)} incident rows"
    rows = term_rows(store, topic)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue(), f"{len(rows)} term rows"


INCIDENT_COLUMNS = (
    "id",
    "name",
    "year",
    "attributed_to",
    "first_eu_response_date",
    "first_eu_response_measure",
    "days_to_attribution",
    "days_to_eu_response",
)


def incident_csv(rows: list[dict]) -> str:
    """The incident table as CSV (`cyberdip incident --csv`, `export --format csv`)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=INCIDENT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        response = r["first_eu_response"] or {}
        row = {
            **{k: r[k] for k in ("id", "name", "year", "attributed_to")},
            "first_eu_response_date": response.get("date"),
            "first_eu_response_measure": response.get("measure"),
            "days_to_attribution": r["days_to_attribution"],
            "days_to_eu_response": r["days_to_eu_response"],
        }
        writer.writerow({k: clean("" if v is None else v) for k, v in row.items()})
    return buffer.getvalue()
