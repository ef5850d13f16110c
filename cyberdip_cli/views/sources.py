"""View records for lists: the store turned into the JSON-ready dicts that --json prints and render/ draws."""

from typing import Any

from ..kb.store import Store


def source_view(store: Store, source: dict) -> dict[str, Any]:
    cited = [
        {
            **c,
            "open": store.registry.open_command(c["kind"], c["id"], c["label"]),
            "kind_label": store.registry.label(c["kind"]),
        }
        for c in store.cited_by(source["id"])
    ]
    return {**source, "cited_by": cited}
