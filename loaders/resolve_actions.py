"""What ``iekg resolve`` does: accept, reject or undo a judgement about two names.

Each action changes the graph (or not) and appends one entry to the
:class:`~loaders.judgements.JudgementLog`; the caller stores the graph. A
merge that is a rename or a merger of institutions records its kind and date,
and the old name stays on the node as an alias. A merge of two nodes of
different kinds is refused before anything is written
(:mod:`loaders.merge_rules`).
"""

from __future__ import annotations

from typing import Any

from graph.errors import LoadError
from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from loaders.judgements import JudgementLog
from loaders.merge_rules import check_edges, check_kinds
from loaders.namesakes import describe, namesakes
from loaders.node_merge import merge_nodes, split_nodes
from loaders.rescope import rescope_entry
from loaders.resolution import Candidate, candidates, pair_id

__all__ = ["MERGE_KINDS", "accept", "find_candidate", "node_named", "reject", "undo"]

MERGE_KINDS = ("same", "rename", "merger", "branch")


def node_named(kg: KnowledgeGraph, name: str) -> str:
    """The node with id ``name``, else the organisation called ``name`` (or with that alias).

    LoadError if there is none, or if the name is shared by namesakes (two
    签约仪式, two 张伟): a name cannot say which, so the error lists their ids.
    """
    if name in kg.graph:
        return name
    same = namesakes(kg, name)
    if len(same) > 1:
        listed = "; ".join(f"{n['id']} {describe(kg, n)}" for n in same)
        raise LoadError(
            None,
            f"{len(same)} nodes are called {name!r}: {listed}",
            hint="give the id of each instead of the name, or accept a proposal of iekg resolve",
        )
    node_id = kg.resolve(name, SCHEMA.label("Organization").name) or kg.resolve(name)
    if node_id is None:
        raise LoadError(None, f"no node called {name!r} in the store", hint="check the spelling")
    return node_id


def find_candidate(kg: KnowledgeGraph, log: JudgementLog, pid: str) -> Candidate:
    """The open proposal ``pid``; LoadError listing the open ones."""
    found = candidates(kg, skip=log.judged_pairs())
    for candidate in found:
        if candidate.id == pid:
            return candidate
    ids = ", ".join(c.id for c in found) or "none"
    raise LoadError(None, f"no open proposal {pid!r}; open proposals: {ids}")


def accept(
    kg: KnowledgeGraph,
    log: JudgementLog,
    keep: str,
    merge: str,
    *,
    reason: str = "manual",
    kind: str = "same",
    date: str | None = None,
    note: str | None = None,
) -> tuple[KnowledgeGraph, dict[str, Any]]:
    """Merge node ``merge`` into ``keep`` and log it; return the new graph and the entry.

    LoadError, with nothing logged, when the two are not of one kind or the
    merged node would hold a relationship the schema forbids.
    """
    if kind not in MERGE_KINDS:
        raise LoadError(None, f"unknown kind {kind!r}; use one of {', '.join(MERGE_KINDS)}")
    if keep == merge:
        raise LoadError(None, "both names are already one node; nothing to merge")
    gone = kg.node(merge)
    check_kinds(kg.node(keep), gone)
    merged, snapshot, fp = merge_nodes(kg, keep, merge)
    check_edges(merged, keep, gone["name"])  # before the log or the store is written
    entry = log.append(
        {
            "action": "accept",
            "pair": pair_id(keep, merge),
            "keep": keep,
            "keepName": kg.node(keep)["name"],
            "merge": merge,
            "mergeNames": [gone["name"], *gone["aliases"]],
            "reason": reason,
            "kind": kind,
            "date": date,
            "note": note,
            "snapshot": snapshot,
            "fingerprint": fp,
            **rescope_entry(kg, merged, keep, merge),  # two namesakes: see loaders.rescope
        }
    )
    return merged, entry


def reject(
    kg: KnowledgeGraph, log: JudgementLog, a: str, b: str, *, note: str | None = None
) -> dict[str, Any]:
    """Record that nodes ``a`` and ``b`` are different; they are not proposed again."""
    return log.append(
        {
            "action": "reject",
            "pair": pair_id(a, b),
            "keep": a,
            "keepName": kg.node(a)["name"],
            "merge": b,
            "mergeNames": [kg.node(b)["name"]],
            "note": note,
        }
    )


def undo(
    kg: KnowledgeGraph, log: JudgementLog, entry_id: str
) -> tuple[KnowledgeGraph | None, dict[str, Any]]:
    """Cancel judgement ``entry_id``.

    Returns the graph with the two nodes apart again (None when the merged
    node has changed since and cannot be split; the log still stops
    replaying the merge, so a rebuild keeps them apart) and the undo entry.
    """
    entry = log.find(entry_id)
    if entry["action"] == "undo":
        raise LoadError(str(log.path), f"{entry_id} is itself an undo; undo cannot be undone")
    if entry["id"] not in {e["id"] for e in log.in_force()}:
        raise LoadError(str(log.path), f"{entry_id} was already undone")
    split = None
    if entry["action"] == "accept":
        split = split_nodes(kg, entry["snapshot"], entry["fingerprint"])
    record = log.append({"action": "undo", "undoes": entry_id, "restored": split is not None})
    if entry["action"] == "reject":
        return kg, record
    return split, record
