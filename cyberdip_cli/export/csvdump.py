"""`cyberdip export --format csv`: one row per term, for spreadsheets and flashcard tools.

Also the one CSV writer of every export (`csv_text`): each text cell is cleaned of unsafe
characters and neutralised against formula injection, so a pack that writes
`=HYPERLINK(...)` in a summary gives a spreadsheet text, not a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from ..textsafe import clean

if TYPE_CHECKING:
    from ..kb.store import Store

COLUMNS = ("id", "term", "acronym", "topic", "axis", "summary", "definition", "sources")

# OWASP's list: a cell starting with one of these is read as a formula by Excel, LibreOffice
# and Google Sheets (a tab or carriage return can hide the sign behind it).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """A CSV cell that no spreadsheet evaluates: text starting like a formula gets a leading
    single quote (OWASP's advice); numbers and None pass unchanged, as they cannot be one."""
    if value is None or isinstance(value, bool | int | float):
        return value
    raw = str(value)
    text = clean(raw)  # turns a leading CR into U+FFFD; the quote is still added for it
    return "'" + text if raw.startswith(FORMULA_STARTS) or text.startswith(FORMULA_STARTS) else text


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    """CSV with a header row; every cell through neutralise_cell. The one writer to use."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise_cell(c) for c in columns])
    for row in rows:
        writer.writerow([neutralise_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


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
    return csv_text(COLUMNS, rows), f"{len(rows)} term rows"


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
    out = []
    for r in rows:
        response = r["first_eu_response"] or {}
        out.append(
            {
                **{k: r[k] for k in ("id", "name", "year", "attributed_to")},
                "first_eu_response_date": response.get("date"),
                "first_eu_response_measure": response.get("measure"),
                "days_to_attribution": r["days_to_attribution"],
                "days_to_eu_response": r["days_to_eu_response"],
            }
        )
    return csv_text(INCIDENT_COLUMNS, out)
