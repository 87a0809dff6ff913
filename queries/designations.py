"""Official designations set beside the evidence of actual partnership.

A title such as 国家产教融合型企业 says an organisation *should* be working
with schools; the graph can say whether any source shows it doing so. For
each DESIGNATED_AS relationship this question counts the partnership
relationships of the holder (stated partnerships, signed agreements, joint
projects, alliance memberships) and flags titles with no evidence at all, or
none dated on or after the designation. For a designated region (a pilot
city) the evidence is that of the organisations located in it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pandas as pd

from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from queries.backend import Backend, citations, cite, rows
from queries.names import LABEL, REL, concrete_label, rel_union
from queries.question import Param, Question

__all__ = ["EVIDENCE", "FLAGS", "QUESTION", "designations"]

#: Relationships that show an organisation actually working with partners.
EVIDENCE = (REL.PARTNERS_WITH, REL.SIGNED, REL.PARTICIPATES_IN, REL.MEMBER_OF)
FLAGS = {"none": "无合作证据 no evidence", "stale": "认定后无新证据 none since designation"}
RAW_COLUMNS = [
    "holderId",
    "holder",
    "holderLabels",
    "designation",
    "batch",
    "document",
    "date",
    "designationSources",
    "viaName",
    "evidenceType",
    "other",
    "evidenceDate",
]


def _date(data: dict[str, Any]) -> str | None:
    props = data["props"]
    return props.get("since") or props.get("date")


def designations(kg: KnowledgeGraph, designation: str | None = None, **_: Any) -> pd.DataFrame:
    """Raw rows: one per designation and piece of evidence (or none).

    Examples
    --------
    >>> from queries import ask
    >>> ask("designations", shaoxing).empty  # the sample holds no designation lists
    True
    """
    g = kg.graph
    out = []
    for holder, title, data in _designated(kg):
        name = g.nodes[title]["name"]
        if designation and designation not in name:
            continue
        base = {
            "holderId": holder,
            "holder": g.nodes[holder]["name"],
            "holderLabels": list(g.nodes[holder]["labels"]),
            "designation": name,
            "batch": data["props"].get("batch"),
            "document": data["props"].get("document"),
            "date": data["props"].get("date"),
            "designationSources": list(data["sources"]),
        }
        found = False
        ways = [holder, *(m for m, _, k in g.in_edges(holder, keys=True) if k == REL.LOCATED_IN)]
        for via in ways:
            for a, b, key, edge in [
                *g.out_edges(via, keys=True, data=True),
                *g.in_edges(via, keys=True, data=True),
            ]:
                if key not in EVIDENCE:
                    continue
                other = b if a == via else a
                found = True
                out.append(
                    {
                        **base,
                        "viaName": g.nodes[via]["name"],
                        "evidenceType": key,
                        "other": g.nodes[other]["name"],
                        "evidenceDate": _date(edge),
                    }
                )
        if not found:
            out.append(
                {**base, "viaName": None, "evidenceType": None, "other": None, "evidenceDate": None}
            )
    return pd.DataFrame(out, columns=RAW_COLUMNS)


def _designated(kg: KnowledgeGraph) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(holder, title, data) of every DESIGNATED_AS, in the graph's edge order.

    Found from the Designation nodes rather than by reading every
    relationship: a graph without designation lists (or with a few) is
    answered at once, where the scan took a second at 136,000 organisations.
    """
    nodes, succ, pred = kg.graph._node, kg.graph._succ, kg.graph._pred
    titles = [n for n, data in nodes.items() if data["label"] == LABEL.Designation]
    holders = {h for t in titles for h in pred[t]}
    for holder in nodes:
        if holder in holders:
            for title, keys in succ[holder].items():
                data = keys.get(REL.DESIGNATED_AS)
                if data is not None:
                    yield holder, title, data


CYPHER = f"""
MATCH (h)-[d:{REL.DESIGNATED_AS}]->(g:{LABEL.Designation})
WHERE $designation IS NULL OR g.name CONTAINS $designation
OPTIONAL MATCH (h)<-[:{REL.LOCATED_IN}*0..1]-(m)-[e:{rel_union(*EVIDENCE)}]-(o)
RETURN h.id AS holderId, h.name AS holder, labels(h) AS holderLabels,
       g.name AS designation, d.batch AS batch, d.document AS document, d.date AS date,
       d.sources AS designationSources, m.name AS viaName, type(e) AS evidenceType,
       o.name AS other, coalesce(e.since, e.date) AS evidenceDate
"""


def _post(raw: pd.DataFrame, params: dict[str, Any], backend: Backend) -> pd.DataFrame:
    groups: dict[str, dict[str, Any]] = {}
    for row in rows(raw):
        key = json.dumps([row[k] for k in ("holderId", "designation", "batch", "document", "date")])
        group = groups.setdefault(key, {**row, "evidence": set()})
        if row["evidenceType"]:
            group["evidence"].add(
                (row["viaName"], row["evidenceType"], row["other"], row["evidenceDate"] or "")
            )
    titles = cite(backend, (s for g in groups.values() for s in g["designationSources"] or ()))
    out = []
    for g in groups.values():
        evidence = sorted(g["evidence"])
        dates = [e[3] for e in evidence if e[3]]
        since = [d for d in dates if g["date"] and d >= g["date"]]
        flag = FLAGS["none"] if not evidence else FLAGS["stale"] if g["date"] and not since else ""
        label = concrete_label(g["holderLabels"])
        out.append(
            {
                "holder": g["holder"],
                "holderKind": SCHEMA.label(label).short if label else "",
                "designation": g["designation"],
                "batch": g["batch"],
                "document": g["document"],
                "date": g["date"],
                "evidence": len(evidence),
                "evidenceSince": len(since),
                "latest": max(dates) if dates else None,
                "flag": flag,
                "examples": "；".join(
                    f"{SCHEMA.rel(t).zh} {o}" + (f"（{v}）" if v != g["holder"] else "")
                    for v, t, o, _ in evidence[:3]
                ),
                "sources": citations(g["designationSources"] or (), titles),
                "holderId": g["holderId"],
                "flagOrder": 0 if flag == FLAGS["none"] else 1 if flag else 2,
            }
        )
    return pd.DataFrame(out, columns=[*QUESTION.columns, "flagOrder"])


QUESTION = Question(
    name="designations",
    zh="认定名单与合作证据：哪些认定单位缺少实际合作的证据",
    en="Designated organisations and the evidence of partnership behind each",
    params=(Param("designation", help="only titles containing this text (e.g. 产教融合型企业)"),),
    columns={
        "holder": "the designated organisation or region",
        "holderKind": "its kind (中职, 高校, 企业, 联盟, 地区 …)",
        "designation": "the title (国家产教融合型企业, 产教融合试点城市 …)",
        "batch": "the batch (第一批 …)",
        "document": "the document number of the list",
        "date": "the date of the designation",
        "evidence": "partnership relationships found (partners, agreements, projects, alliances)",
        "evidenceSince": "how many of them are dated on or after the designation",
        "latest": "the date of the latest dated evidence",
        "flag": "无合作证据 no evidence / 认定后无新证据 none since designation / empty",
        "examples": "up to three pieces of evidence",
        "sources": "citations of the lists the designation comes from",
        "holderId": "holder node id",
    },
    networkx=designations,
    cypher=CYPHER,
    post=_post,
    sort=("flagOrder", "designation", "holder", "batch", "holderId"),
    examples=({}, {"designation": "产教融合型企业"}),
    notes="Undated evidence counts as evidence but never as evidence since the designation.",
)
