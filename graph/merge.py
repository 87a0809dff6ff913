"""How a new statement of a fact merges into what the graph already holds.

Loading the same facts twice must change nothing, and two sources that
disagree must both stay visible: so a differing value is never overwritten.
The first value stays the property's value; every value, with the sources
that gave it, is kept under ``conflicts``. Properties declared ``multi`` in
the schema (roles, titles) accumulate instead, joined by 、.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.records import Provenance
from graph.schema import Property

__all__ = [
    "MULTI_SEPARATOR",
    "add_provenance",
    "fold_item",
    "merge_props",
    "new_item",
    "record_conflict",
]

MULTI_SEPARATOR = "、"


def new_item() -> dict[str, Any]:
    """The bookkeeping every node and edge carries besides its own fields."""
    return {"props": {}, "propSources": {}, "conflicts": {}, "sources": [], "evidence": []}


def add_provenance(item: dict[str, Any], prov: Provenance | None, seen: set[str]) -> None:
    """Record a provenance once (sources sorted, evidence in arrival order).

    ``seen`` mirrors ``item["evidence"]`` as a set: an industry named on every
    row of a 100,000-row sheet collects 100,000 citations, and a list
    membership test per row would make loading quadratic.
    """
    if prov is None:
        return
    if prov.source not in item["sources"]:
        item["sources"].append(prov.source)
        item["sources"].sort()
    text = prov.to_json()
    if text not in seen:
        seen.add(text)
        item["evidence"].append(text)


def merge_props(
    item: dict[str, Any],
    props: Mapping[str, Any],
    declared: Mapping[str, Property],
    prov: Provenance | None,
) -> None:
    """Merge ``props`` into ``item`` without losing either side of a disagreement."""
    source = prov.source if prov else ""
    for key, value in props.items():
        current = item["props"].get(key)
        if current is None:
            item["props"][key] = value
            item["propSources"][key] = [source]
        elif current == value:
            # one more source for the value shown, remembered for a later dispute
            agreeing = _sources_of(item, key)
            if source not in agreeing:
                item["propSources"][key] = [*agreeing, source]
            if key in item["conflicts"]:
                _add_claim(item, key, current, value, source)
        elif key in declared and declared[key].multi:
            parts = str(current).split(MULTI_SEPARATOR)
            for part in str(value).split(MULTI_SEPARATOR):
                if part not in parts:
                    parts.append(part)
            item["props"][key] = MULTI_SEPARATOR.join(parts)
        else:
            _add_claim(item, key, current, value, source)


def record_conflict(
    item: dict[str, Any], key: str, current: Any, value: Any, prov: Provenance | None
) -> None:
    """Keep a disagreement about a field that is not a property (e.g. the label)."""
    first = item["sources"][0] if item["sources"] else ""
    item["propSources"].setdefault(key, [first])
    _add_claim(item, key, current, value, prov.source if prov else "")


def _add_claim(item: dict[str, Any], key: str, current: Any, value: Any, source: str) -> None:
    claims: list[dict[str, Any]] = item["conflicts"].setdefault(
        key, [{"value": current, "sources": list(_sources_of(item, key))}]
    )
    for claim in claims:
        if claim["value"] == value:
            if source not in claim["sources"]:
                claim["sources"].append(source)
            return
    claims.append({"value": value, "sources": [source]})


def fold_item(
    keep: dict[str, Any], other: dict[str, Any], declared: Mapping[str, Property]
) -> None:
    """Fold ``other``'s properties, disagreements and provenance into ``keep``.

    Used when two nodes (or two relationships) turn out to be one: nothing
    either side held is dropped, and a differing value becomes a conflict.
    """
    for key, value in other["props"].items():
        for source in _sources_of(other, key) or [""]:
            merge_props(keep, {key: value}, declared, Provenance(source))
    for key, claims in other["conflicts"].items():
        for claim in claims:
            for source in claim["sources"]:
                if key in declared:
                    merge_props(keep, {key: claim["value"]}, declared, Provenance(source))
    for source in other["sources"]:
        if source not in keep["sources"]:
            keep["sources"].append(source)
    keep["sources"].sort()
    seen = set(keep["evidence"])
    keep["evidence"].extend(t for t in other["evidence"] if t not in seen)


def _sources_of(item: dict[str, Any], key: str) -> list[str]:
    """The sources that gave a property its current value (a list; one string in old stores)."""
    found = item["propSources"].get(key, [])
    return [found] if isinstance(found, str) else list(found)
