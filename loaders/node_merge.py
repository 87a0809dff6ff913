"""Folding one node into another, and putting them back apart.

A merge must lose nothing: the folded node's name becomes an alias, its
properties join the kept node's (a disagreement stays as a conflict), its
sources and evidence are kept, and its relationships move over. So that a
merge can be undone, :func:`merge_nodes` returns a snapshot of both nodes
and every relationship touching them, and a fingerprint of the result;
:func:`split_nodes` restores the snapshot only while the merged node is
still exactly as the merge left it, since anything loaded onto it later
could not be told apart.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from graph.knowledge_graph import KnowledgeGraph
from graph.merge import fold_item, record_conflict
from graph.records import Provenance
from graph.schema import SCHEMA

__all__ = ["fingerprint", "merge_nodes", "split_nodes"]


def fingerprint(kg: KnowledgeGraph, node_id: str) -> str:
    """A hash of a node and every relationship touching it."""
    data = {
        "node": kg.node(node_id),
        "edges": sorted(
            (e for e in kg.edges() if node_id in (e["source"], e["target"])),
            key=lambda e: (e["source"], e["target"], e["type"]),
        ),
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _fold(keep: dict[str, Any], other: dict[str, Any], declared: Mapping[str, Any]) -> None:
    """Fold ``other``'s properties, conflicts and provenance into ``keep``."""
    fold_item(keep, other, declared)


def merge_nodes(
    kg: KnowledgeGraph, keep_id: str, merge_id: str
) -> tuple[KnowledgeGraph, dict[str, Any], str]:
    """Fold node ``merge_id`` into ``keep_id``.

    Returns the new graph, the snapshot :func:`split_nodes` needs, and the
    fingerprint of the merged node.
    """
    data = copy.deepcopy(kg.to_dict())  # to_dict shares lists with kg, which must not change
    nodes = {n["id"]: n for n in data["nodes"]}
    keep, other = nodes[keep_id], nodes.pop(merge_id)
    touching = [e for e in data["edges"] if {e["source"], e["target"]} & {keep_id, merge_id}]
    snapshot = copy.deepcopy({"keep": keep, "merge": other, "edges": touching})
    if keep["label"] != other["label"]:
        first = other["sources"][0] if other["sources"] else ""
        record_conflict(keep, "label", keep["label"], other["label"], Provenance(first))
    _fold(keep, other, SCHEMA.node_properties(keep["label"]))
    for alias in (other["name"], *other["aliases"]):
        if alias != keep["name"] and alias not in keep["aliases"]:
            keep["aliases"].append(alias)
    kept_edges = [e for e in data["edges"] if not ({e["source"], e["target"]} & {merge_id})]
    moved: dict[tuple[str, str, str], dict[str, Any]] = {
        (e["source"], e["target"], e["type"]): e for e in kept_edges
    }
    for edge in touching:
        if merge_id not in (edge["source"], edge["target"]):
            continue
        src = keep_id if edge["source"] == merge_id else edge["source"]
        tgt = keep_id if edge["target"] == merge_id else edge["target"]
        if src == tgt:
            continue  # a link between the two names of one organisation says nothing
        if SCHEMA.rel(edge["type"]).symmetric and tgt < src:
            src, tgt = tgt, src
        key = (src, tgt, edge["type"])
        if key in moved:
            _fold(moved[key], edge, SCHEMA.rel_properties(edge["type"]))
        else:
            moved[key] = {**edge, "source": src, "target": tgt}
    merged = KnowledgeGraph.from_dict(
        {"nodes": list(nodes.values()), "edges": list(moved.values())}
    )
    return merged, snapshot, fingerprint(merged, keep_id)


def split_nodes(
    kg: KnowledgeGraph, snapshot: dict[str, Any], expected: str
) -> KnowledgeGraph | None:
    """Undo a merge from its snapshot; None when the merged node changed since."""
    keep_id = snapshot["keep"]["id"]
    if keep_id not in kg.graph or fingerprint(kg, keep_id) != expected:
        return None
    data = copy.deepcopy(kg.to_dict())
    nodes = [n for n in data["nodes"] if n["id"] != keep_id]
    edges = [e for e in data["edges"] if keep_id not in (e["source"], e["target"])]
    nodes += [snapshot["keep"], snapshot["merge"]]
    edges += snapshot["edges"]
    return KnowledgeGraph.from_dict({"nodes": nodes, "edges": edges})
