"""The filters every view shares with the questions: region, industry, kind, as-of date.

A view passes a filter to its question when the question takes it, and
applies it here otherwise, by narrowing the graph before the view is drawn;
so ``--region 绍兴市`` means the same on a map as in a table. Region and
industry keep organisations only (people, projects and events stay while
they still touch something); ``as_of`` drops what had not started or had
already ended on that date.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph.dates import date_end, parse_partial_date
from graph.errors import QueryError
from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from queries.resolve import Candidate, pick

__all__ = ["kinds_matching", "resolve_name", "restrict"]

ORGANIZATION = SCHEMA.label("Organization").name
REGION = SCHEMA.label("Region").name
INDUSTRY = SCHEMA.label("Industry").name
LOCATED_IN = SCHEMA.rel("LOCATED_IN").name
PART_OF = SCHEMA.rel("PART_OF").name
IN_INDUSTRY = SCHEMA.rel("IN_INDUSTRY").name
TARGETS_INDUSTRY = SCHEMA.rel("TARGETS_INDUSTRY").name
_THROUGH = (SCHEMA.rel("PARTICIPATES_IN").name, SCHEMA.rel("MEMBER_OF").name)


def resolve_name(kg: KnowledgeGraph, name: str, label: str | None = None) -> str:
    """The id of the node ``name`` means: exact name, alias or unique part (as the questions).

    >>> resolve_name(shaoxing, "高端装备", "Industry").startswith("industry-")
    True
    """
    kinds = set(SCHEMA.descendants(label)) if label else None
    candidates = (
        Candidate(n, d["name"], tuple(d["aliases"]), d["label"])
        for n, d in kg.graph.nodes(data=True)
        if kinds is None or d["label"] in kinds
    )
    what = f"{SCHEMA.label(label).zh} {SCHEMA.label(label).en}" if label else "node"
    return pick(name, candidates, what, "name")


def kinds_matching(text: str) -> set[str]:
    """Concrete labels named by ``text``: label names, 中文 or short names, comma-separated.

    >>> sorted(kinds_matching("企业,中职"))
    ['Enterprise', 'SecondaryVocationalSchool']
    >>> sorted(kinds_matching("School"))
    ['HigherEducationInstitution', 'SecondaryVocationalSchool']
    """
    wanted: set[str] = set()
    for part in (p.strip() for p in text.replace("，", ",").split(",") if p.strip()):
        hits = {
            name
            for name, lab in SCHEMA.labels.items()
            if part.lower() in (name.lower(), lab.en.lower()) or part in (lab.zh, lab.short)
        }
        if not hits:
            choices = "、".join(lab.short or lab.zh for lab in SCHEMA.labels.values())
            raise QueryError(f"kind {part!r} is not a kind of node; use one of {choices}")
        for name in hits:
            wanted.update(SCHEMA.descendants(name))
    return wanted


def restrict(
    kg: KnowledgeGraph,
    *,
    region: str | None = None,
    industry: str | None = None,
    as_of: str | None = None,
    kind: str | None = None,
) -> KnowledgeGraph:
    """A copy of ``kg`` narrowed by the given filters (``kg`` itself when none).

    >>> small = restrict(shaoxing, industry="集成电路")
    >>> len(small) < len(shaoxing)
    True
    """
    if not any((region, industry, as_of, kind)):
        return kg
    keep = set(kg.graph.nodes)
    if kind:
        labels = kinds_matching(kind)
        keep = {n for n in keep if kg.label_of(n) in labels}
    if region:
        keep -= _orgs_outside(kg, _region_set(kg, region))
    if industry:
        keep -= _outside_industry(kg, resolve_name(kg, industry, INDUSTRY))
    edges = list(kg.edges())
    if as_of:
        day = _as_of(as_of)
        keep = {n for n in keep if _started(kg.graph.nodes[n]["props"], day)}
        edges = [e for e in edges if _current(e["props"], day)]
    edges = [e for e in edges if e["source"] in keep and e["target"] in keep]
    return _subgraph(kg, keep, edges)


def _as_of(text: str) -> str:
    try:
        return date_end(parse_partial_date(text))
    except ValueError as exc:
        raise QueryError(f"--as-of: {exc}") from None


def _started(props: dict[str, Any], day: str) -> bool:
    start = next((str(props[k]) for k in ("since", "date", "founded") if props.get(k)), "")
    return not start or start <= day


def _current(props: dict[str, Any], day: str) -> bool:
    until = str(props.get("until") or "")
    return _started(props, day) and (not until or date_end(until) >= day)


def _region_set(kg: KnowledgeGraph, name: str) -> set[str]:
    """The region and every region inside it (PART_OF, any depth)."""
    todo = [resolve_name(kg, name, REGION)]
    found: set[str] = set()
    while todo:
        here = todo.pop()
        found.add(here)
        todo += [u for u, _, k in kg.graph.in_edges(here, keys=True) if k == PART_OF]
    return found


def _orgs(kg: KnowledgeGraph) -> Iterable[str]:
    return (n for n, d in kg.graph.nodes(data=True) if ORGANIZATION in d["labels"])


def _orgs_outside(kg: KnowledgeGraph, regions: set[str]) -> set[str]:
    return {
        org
        for org in _orgs(kg)
        if not any(
            k == LOCATED_IN and v in regions for _, v, k in kg.graph.out_edges(org, keys=True)
        )
    }


def _outside_industry(kg: KnowledgeGraph, industry: str) -> set[str]:
    """Organisations not in the industry, and projects or alliances aimed elsewhere."""
    g = kg.graph
    aimed = {u for u, _, k in g.in_edges(industry, keys=True) if k == TARGETS_INDUSTRY}
    aims_elsewhere = {
        u for u, v, k in g.edges(keys=True) if k == TARGETS_INDUSTRY and v != industry
    } - aimed
    inside = {u for u, _, k in g.in_edges(industry, keys=True) if k == IN_INDUSTRY} | aimed
    inside |= {u for u, v, k in g.edges(keys=True) if k in _THROUGH and v in aimed}
    return (set(_orgs(kg)) - inside) | aims_elsewhere


def _subgraph(kg: KnowledgeGraph, keep: set[str], edges: list[dict[str, Any]]) -> KnowledgeGraph:
    """The kept nodes and edges; nodes left alone by the filter (not before) drop out."""
    touched = {e["source"] for e in edges} | {e["target"] for e in edges}
    had_edges = {n for n in keep if kg.graph.degree(n)}
    keep = {n for n in keep if n in touched or n not in had_edges}
    return KnowledgeGraph.from_dict(
        {
            "nodes": [kg.node(n) for n in kg.graph.nodes if n in keep],
            "edges": [e for e in edges if e["source"] in keep and e["target"] in keep],
        }
    )
