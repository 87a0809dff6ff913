"""Which enterprises are connected to which schools, how, and according to whom.

An enterprise and a school are connected when a source states a partnership
(SIGNED, PARTNERS_WITH), or when they take part in the same project, belong
to the same alliance, attend or host the same event, or share a person who
works at both. Each pair gets the kinds of link, the intermediaries, a
strength and the sources behind every edge used.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from queries.question import Param, Question

__all__ = ["KINDS", "KIND_WEIGHTS", "QUESTION", "connections"]

#: link kind -> (relationship types from each side to the intermediary, label of it)
KINDS: dict[str, tuple[tuple[str, ...], str]] = {
    "project": (("PARTICIPATES_IN",), "Project"),
    "alliance": (("MEMBER_OF",), "Alliance"),
    "event": (("ATTENDED", "HOSTED"), "Event"),
    "person": (("WORKS_AT",), "Person"),
}
STATED = ("SIGNED", "PARTNERS_WITH")
KIND_ORDER = ("stated", "project", "person", "alliance", "event")
#: How much one link of each kind adds to a pair's strength. A stated
#: partnership or a joint project is direct evidence of work together; a shared
#: alliance or meeting only shows both were in the same room.
KIND_WEIGHTS = {"stated": 3.0, "project": 2.0, "person": 2.0, "alliance": 1.0, "event": 0.5}
KIND_ZH = {
    "stated": "明确合作",
    "project": "共同项目",
    "person": "共同人员",
    "alliance": "同一联盟",
    "event": "同一活动",
}


@dataclass
class _Pair:
    kinds: set[str] = field(default_factory=set)
    via: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    sources: set[str] = field(default_factory=set)
    since: set[str] = field(default_factory=set)


def connections(
    kg: KnowledgeGraph,
    school: str | None = None,
    enterprise: str | None = None,
    kind: str | None = None,
) -> pd.DataFrame:
    """Every enterprise–school pair with the kinds of link between them.

    Parameters
    ----------
    kg : the graph to ask.
    school, enterprise : keep only pairs whose school / enterprise name or
        alias contains this text.
    kind : keep only pairs linked by this kind (stated, project, alliance,
        event, person).

    Returns
    -------
    DataFrame with the columns of :data:`QUESTION` (enterprise, school,
    schoolKind, kinds, via, strength, since, sources), strongest first.

    Examples
    --------
    >>> df = connections(shaoxing, enterprise="中科通信", school="绍兴中专")
    >>> df.loc[0, "kinds"], df.loc[0, "via"].split("；")[0]
    ('stated、project、event', 'stated: 王苗庆创新工作站揭牌')

    Notes
    -----
    Strength is the sum over intermediaries of :data:`KIND_WEIGHTS`; it does
    not yet weigh depth or recency.
    """
    pairs: dict[tuple[str, str], _Pair] = defaultdict(_Pair)
    _stated(kg, pairs)
    for link_kind, (rel_types, label) in KINDS.items():
        _shared(kg, pairs, link_kind, rel_types, label)
    rows = [_row(kg, key, pair) for key, pair in pairs.items()]
    frame = pd.DataFrame(rows, columns=list(QUESTION.columns))
    return _filter(kg, frame, school, enterprise, kind)


def _stated(kg: KnowledgeGraph, pairs: dict[tuple[str, str], _Pair]) -> None:
    for rel in STATED:
        for edge in kg.edges(rel):
            key = _pair_key(kg, edge["source"], edge["target"])
            if key:
                pair = pairs[key]
                pair.kinds.add("stated")
                pair.via["stated"].add(str(edge["props"].get("agreement") or rel))
                _cite(pair, [edge])


def _shared(
    kg: KnowledgeGraph,
    pairs: dict[tuple[str, str], _Pair],
    link_kind: str,
    rel_types: tuple[str, ...],
    label: str,
) -> None:
    """Pairs that reach the same intermediary node through ``rel_types``."""
    g = kg.graph
    for hub in (n for n, d in g.nodes(data=True) if d["label"] == label):
        touching: dict[str, list[dict[str, Any]]] = defaultdict(list)
        if label == "Person":  # the person points at the organisations
            arcs = (
                (v, d) for _, v, k, d in g.out_edges(hub, keys=True, data=True) if k in rel_types
            )
        else:  # the organisations point at the project, alliance or event
            arcs = (
                (u, d) for u, _, k, d in g.in_edges(hub, keys=True, data=True) if k in rel_types
            )
        for org, data in arcs:
            touching[org].append(data)
        schools = [o for o in touching if "School" in g.nodes[o]["labels"]]
        firms = [o for o in touching if g.nodes[o]["label"] == "Enterprise"]
        for firm in firms:
            for school in schools:
                pair = pairs[(firm, school)]
                pair.kinds.add(link_kind)
                pair.via[link_kind].add(g.nodes[hub]["name"])
                _cite(pair, touching[firm] + touching[school])


def _pair_key(kg: KnowledgeGraph, a: str, b: str) -> tuple[str, str] | None:
    labels_a, labels_b = kg.graph.nodes[a]["labels"], kg.graph.nodes[b]["labels"]
    if "Enterprise" in labels_a and "School" in labels_b:
        return a, b
    if "Enterprise" in labels_b and "School" in labels_a:
        return b, a
    return None


def _cite(pair: _Pair, edges: Iterable[dict[str, Any]]) -> None:
    for data in edges:
        pair.sources.update(data["sources"])
        for key in ("since", "date"):
            if data["props"].get(key):
                pair.since.add(str(data["props"][key]))


def _row(kg: KnowledgeGraph, key: tuple[str, str], pair: _Pair) -> dict[str, Any]:
    firm, school = (kg.graph.nodes[n] for n in key)
    kinds = [k for k in KIND_ORDER if k in pair.kinds]
    via = [f"{k}: {'、'.join(sorted(pair.via[k]))}" for k in kinds]
    strength = sum(KIND_WEIGHTS[k] * len(pair.via[k]) for k in kinds)
    titles = sorted(kg.graph.nodes[s]["name"] if s in kg.graph else s for s in pair.sources)
    return {
        "enterprise": firm["name"],
        "school": school["name"],
        "schoolKind": SCHEMA.label(school["label"]).short,
        "kinds": "、".join(kinds),
        "via": "；".join(via),
        "strength": float(strength),
        "since": min(pair.since) if pair.since else "",
        "sources": "；".join(titles),
        "enterpriseId": key[0],
        "schoolId": key[1],
    }


def _filter(
    kg: KnowledgeGraph,
    frame: pd.DataFrame,
    school: str | None,
    enterprise: str | None,
    kind: str | None,
) -> pd.DataFrame:
    for column, text in (("schoolId", school), ("enterpriseId", enterprise)):
        if text:
            frame = frame[frame[column].map(lambda n, t=text: _matches(kg, n, t))]
    if kind:
        frame = frame[frame["kinds"].str.split("、").map(lambda ks: kind in ks)]
    return frame


def _matches(kg: KnowledgeGraph, node_id: str, text: str) -> bool:
    data = kg.graph.nodes[node_id]
    return any(text in name for name in (data["name"], *data["aliases"]))


QUESTION = Question(
    name="connections",
    zh="哪些企业与哪些学校相连：方式、中介、强度与来源",
    en="Which enterprises are connected to which schools: how, through what, how strongly, "
    "according to whom",
    params=(
        Param("school", help="school name or alias contains this text"),
        Param("enterprise", help="enterprise name or alias contains this text"),
        Param(
            "kind",
            help="only pairs linked this way",
            choices=("stated", "project", "alliance", "event", "person"),
        ),
    ),
    columns={
        "enterprise": "企业 enterprise name",
        "school": "学校 school name",
        "schoolKind": "中职 or 高校",
        "kinds": "kinds of link, strongest first (stated, project, person, alliance, event)",
        "via": "the intermediaries of each kind",
        "strength": "sum of kind weights over intermediaries (stated 3, project 2, person 2, "
        "alliance 1, event 0.5)",
        "since": "earliest date on any edge used",
        "sources": "titles of the sources behind the edges used",
        "enterpriseId": "enterprise node id",
        "schoolId": "school node id",
    },
    networkx=connections,
    sort=("-strength", "enterprise", "school"),
)
