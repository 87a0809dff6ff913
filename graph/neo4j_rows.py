"""How a KnowledgeGraph's nodes and edges become Neo4j properties, and back.

Analysts query Neo4j with their own Cypher, so what they ask about is stored
as plain properties: ``e.name``, ``n.aliases``, ``n.sources``, ``r.title``,
``r.since``. The bookkeeping that keeps every claim traceable is stored too,
losslessly: ``evidence`` as a list of the provenance JSON strings the graph
already holds, ``propSources`` and ``conflicts`` as JSON text (Neo4j has no
map-valued properties). Reading back gives a graph equal to the one written.

>>> rows = node_rows(shaoxing)
>>> ("Organization", "Enterprise") in rows
True
"""

from __future__ import annotations

import functools
import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

from graph.bulk import collector_paused
from graph.cypher import key_label
from graph.errors import SchemaError, StoreError
from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA

__all__ = [
    "EDGE_FIELDS",
    "NODE_FIELDS",
    "edge_from_neo4j",
    "edge_keys",
    "edge_rows",
    "node_from_neo4j",
    "node_rows",
]

NODE_FIELDS = ("id", "name", "aliases", "sources", "evidence", "propSources", "conflicts")
"""Neo4j node properties that are not schema properties."""
EDGE_FIELDS = ("sources", "evidence", "propSources", "conflicts")
"""Neo4j relationship properties that are not schema properties."""
_JSON_FIELDS = ("propSources", "conflicts")
# A node's full label set -> its kind (SecondaryVocationalSchool for
# {Organization, School, SecondaryVocationalSchool}).
_KIND_BY_LABELS = {frozenset(SCHEMA.labels[n].labels): n for n in SCHEMA.concrete_labels}


def _check_reserved() -> None:
    # A schema property named like a bookkeeping field would be overwritten
    # on the way in and misread on the way out; refuse the schema instead.
    for name, lab in SCHEMA.labels.items():
        for prop in lab.properties:
            if prop in NODE_FIELDS:
                raise SchemaError(
                    f"{SCHEMA.path}: labels.{name}.properties.{prop}: reserved for the Neo4j store"
                )
    for name in SCHEMA.relationships:
        for prop in SCHEMA.rel_properties(name):
            if prop in EDGE_FIELDS:
                raise SchemaError(
                    f"{SCHEMA.path}: relationships.{name}.properties.{prop}: "
                    "reserved for the Neo4j store"
                )


_check_reserved()


@functools.cache
def _label_set(label: str) -> tuple[str, ...]:
    """A kind's full label set; looked up once per kind, not once per node."""
    return SCHEMA.label(label).labels


@functools.cache
def _key_label(label: str) -> str:
    """:func:`graph.cypher.key_label`, once per kind: a push asks it twice per relationship."""
    return key_label(label)


def _json_text(value: Mapping[str, Any], memo: dict[tuple[tuple[str, str], ...], str]) -> str:
    """``value`` as the JSON text stored in Neo4j, remembered per distinct flat map.

    A push encodes one ``propSources`` map per row, and nearly all of them are
    one of a few maps (every property from the same source), so the text is
    worked out once per distinct map: encoding each row's map took a third
    of the time to build a 100k push's rows. Only maps of strings are kept, so
    ``1`` and ``True`` (equal as keys) never share a text.
    """
    if not all(type(item) is str for item in value.values()):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    key = tuple(sorted(value.items()))
    text = memo.get(key)
    if text is None:
        text = memo[key] = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text


def _bookkeeping(
    data: Mapping[str, Any], memo: dict[tuple[tuple[str, str], ...], str]
) -> dict[str, Any]:
    out: dict[str, Any] = {"sources": list(data["sources"]), "evidence": list(data["evidence"])}
    for name in _JSON_FIELDS:
        if data[name]:  # empty maps are left out: less noise in the Browser
            out[name] = _json_text(data[name], memo)
    return out


@collector_paused()
def node_rows(kg: KnowledgeGraph) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    """Property maps per label set (``('Organization', 'Enterprise')`` …), by id."""
    rows: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    memo: dict[tuple[tuple[str, str], ...], str] = {}
    nodes = kg.graph._node  # networkx's own dicts: its views cost a call per look-up
    for node_id in sorted(nodes):
        data = nodes[node_id]
        row = {**data["props"], "id": node_id, "name": data["name"]}
        row["aliases"] = list(data["aliases"])
        row.update(_bookkeeping(data, memo))
        rows[_label_set(data["label"])].append(row)
    return dict(rows)


def edge_keys(kg: KnowledgeGraph) -> Counter[tuple[str, str, str]]:
    """How many rows :func:`edge_rows` will give per key, without building a row.

    Cheap (no property is read), so a push can build and check every query
    before it sends anything, and build the rows themselves while the node
    batches are being written.
    """
    nodes = kg.graph._node
    keys: Counter[tuple[str, str, str]] = Counter()
    for source, targets in kg.graph._succ.items():
        source_key = _key_label(nodes[source]["label"])
        for target, rels in targets.items():
            target_key = _key_label(nodes[target]["label"])
            for rel in rels:
                keys[rel, source_key, target_key] += 1
    return keys


@collector_paused()
def edge_rows(kg: KnowledgeGraph) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """Rows per (type, source key label, target key label), for one query each.

    In source order within each query (as :meth:`KnowledgeGraph.iter_edges`
    gives them), so a batch touches each source node's records together.
    """
    rows: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    memo: dict[tuple[tuple[str, str], ...], str] = {}
    nodes = kg.graph._node
    for edge in kg.iter_edges():
        source, target = edge["source"], edge["target"]
        key = (edge["type"], _key_label(nodes[source]["label"]), _key_label(nodes[target]["label"]))
        props = {**edge["props"], **_bookkeeping(edge, memo)}
        rows[key].append({"source": source, "target": target, "props": props})
    return dict(rows)


def _split(props: Mapping[str, Any], fields: tuple[str, ...], where: str) -> dict[str, Any]:
    item: dict[str, Any] = {
        "props": {k: v for k, v in props.items() if k not in fields},
        "sources": list(props.get("sources") or []),
        "evidence": list(props.get("evidence") or []),
    }
    for name in _JSON_FIELDS:
        try:
            item[name] = json.loads(props[name]) if props.get(name) else {}
        except (TypeError, json.JSONDecodeError) as exc:
            raise StoreError(
                f"{where}: property {name} is not the JSON iekg wrote ({exc}); "
                "it was changed outside iekg; push the graph again to repair it"
            ) from None
    return item


def node_from_neo4j(labels: list[str], props: Mapping[str, Any]) -> dict[str, Any]:
    """A node dict as :meth:`KnowledgeGraph.to_dict` gives it, from Neo4j's labels and props.

    Labels the schema does not know (an analyst's own ``:Checked``) are ignored.
    """
    node_id = props.get("id")
    label = _KIND_BY_LABELS.get(frozenset(name for name in labels if name in SCHEMA.labels))
    where = f"Neo4j node {node_id!r} (labels {', '.join(labels)})"
    if label is None or not isinstance(node_id, str) or not props.get("name"):
        raise StoreError(
            f"{where}: not a node iekg can read (it needs one kind's labels, an id and a name); "
            "fix or delete it with `iekg cypher --write`"
        )
    item = _split(props, NODE_FIELDS, where)
    return {
        "id": node_id,
        "label": label,
        "labels": list(SCHEMA.labels[label].labels),
        "name": props["name"],
        "aliases": list(props.get("aliases") or []),
        **item,
    }


def edge_from_neo4j(
    source: str, rel_type: str, target: str, props: Mapping[str, Any]
) -> dict[str, Any]:
    """An edge dict as :meth:`KnowledgeGraph.to_dict` gives it."""
    where = f"Neo4j relationship ({source})-[{rel_type}]->({target})"
    return {
        "source": source,
        "target": target,
        "type": rel_type,
        **_split(props, EDGE_FIELDS, where),
    }
