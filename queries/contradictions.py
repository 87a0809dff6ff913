"""Facts on which sources disagree, each claim with the sources behind it.

When two sources give different values for one fact (a founding date, a
role, a status, an organisation's kind), the graph keeps both as a conflict
on the node or relationship rather than letting the later load win. This
question lists every such disagreement: one row per claimed value, the
claims about one fact next to each other, with each source's kind and tier
(1 official … 4 other) so the analyst can judge which to trust.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pandas as pd

from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from queries.backend import Backend, GraphBackend, citations, cite, rows
from queries.names import LABEL
from queries.question import Question

__all__ = ["QUESTION", "contradictions"]

RAW_COLUMNS = ["what", "itemId", "item", "conflicts"]


def _json(conflicts: dict[str, Any]) -> str:
    # Written exactly as the Neo4j store writes it, so both backends agree.
    return json.dumps(conflicts, ensure_ascii=False, sort_keys=True)


def contradictions(kg: KnowledgeGraph, **_: Any) -> pd.DataFrame:
    """Raw rows: every node and relationship that holds a conflict.

    Examples
    --------
    >>> from queries import ask
    >>> ask("contradictions", shaoxing).empty  # one source cannot disagree with itself
    True
    """
    # The adjacency dicts are read directly: kg.nodes() and kg.edges() copy
    # every node and relationship into a new dict, a second at 136,000
    # organisations to find what is usually nothing.
    nodes, succ = kg.graph._node, kg.graph._succ
    out = []
    for node_id, data in nodes.items():
        if data["conflicts"]:
            out.append(["node", node_id, data["name"], _json(data["conflicts"])])
    for a, nbrs in succ.items():
        for b, keys in nbrs.items():
            for data in keys.values():
                if data["conflicts"]:
                    t = data["type"]
                    item = f"{nodes[a]['name']} -{t}-> {nodes[b]['name']}"
                    out.append(["relationship", f"{a}|{t}|{b}", item, _json(data["conflicts"])])
    return pd.DataFrame(out, columns=RAW_COLUMNS)


CYPHER = """
MATCH (n) WHERE n.conflicts IS NOT NULL
RETURN 'node' AS what, n.id AS itemId, n.name AS item, n.conflicts AS conflicts
UNION ALL
MATCH (a)-[r]->(b) WHERE r.conflicts IS NOT NULL
RETURN 'relationship' AS what, a.id + '|' + type(r) + '|' + b.id AS itemId,
       a.name + ' -' + type(r) + '-> ' + b.name AS item, r.conflicts AS conflicts
"""


def source_kinds(backend: Backend, ids: Iterable[str]) -> dict[str, tuple[str, int]]:
    """source id -> (kind, tier); (\"\", 4) when the source does not say."""
    wanted = sorted(set(ids))
    if isinstance(backend, GraphBackend):
        g = backend.kg.graph
        found = {s: g.nodes[s]["props"] for s in wanted if s in g}
    else:
        frame = backend.store.run_own_read(  # type: ignore[attr-defined]
            f"MATCH (s:{LABEL.Source}) WHERE s.id IN $ids RETURN s.id AS id, s.kind AS kind, "
            "s.tier AS tier",
            {"ids": wanted},
        )
        found = {r["id"]: r for r in rows(frame)}
    return {
        s: (str(found.get(s, {}).get("kind") or ""), int(found.get(s, {}).get("tier") or 4))
        for s in wanted
    }


def _post(raw: pd.DataFrame, params: dict[str, Any], backend: Backend) -> pd.DataFrame:
    claims = []
    for row in rows(raw):
        for prop, values in json.loads(row["conflicts"]).items():
            for claim in values:
                claims.append((row, prop, claim, len(values)))
    ids = {s for _, _, c, _ in claims for s in c["sources"] if s}
    titles, kinds = cite(backend, ids), source_kinds(backend, ids)
    out = []
    for row, prop, claim, count in claims:
        sources = [s for s in claim["sources"] if s]
        zh = _property_zh(prop)
        out.append(
            {
                "what": row["what"],
                "item": row["item"],
                "property": prop + (f"（{zh}）" if zh else ""),
                "value": str(claim["value"]),
                "claims": count,
                "sources": citations(sources, titles) or "(unknown)",
                "sourceKinds": "、".join(sorted({kinds[s][0] for s in sources if kinds[s][0]})),
                "tier": min((kinds[s][1] for s in sources), default=4),
                "itemId": row["itemId"],
            }
        )
    return pd.DataFrame(out, columns=list(QUESTION.columns))


def _property_zh(prop: str) -> str:
    for lab in SCHEMA.labels.values():
        if prop in lab.properties:
            return lab.properties[prop].zh
    for name in SCHEMA.relationships:
        found = SCHEMA.rel_properties(name).get(prop)
        if found:
            return found.zh
    return "类别" if prop == "label" else ""


QUESTION = Question(
    name="contradictions",
    zh="来源之间相互矛盾的事实，并列显示",
    en="Facts on which sources disagree, side by side",
    params=(),
    columns={
        "what": "node or relationship",
        "item": "the node's name, or 'A -TYPE-> B'",
        "property": "the property the sources disagree on",
        "value": "one value claimed for it",
        "claims": "how many different values are claimed",
        "sources": "citations of the sources claiming this value",
        "sourceKinds": "their kinds (government notice, school news, media …)",
        "tier": "the best tier among them (1 official … 4 other)",
        "itemId": "node id, or source|TYPE|target for a relationship",
    },
    networkx=contradictions,
    cypher=CYPHER,
    post=_post,
    sort=("item", "itemId", "property", "tier", "value"),
    examples=({},),
    aliases=("conflicts",),
)
