"""Link evidence between two organisations, the ground both link questions stand on.

Two organisations are linked when a source states it (SIGNED,
PARTNERS_WITH), when they share a project, an alliance, an event or a
person, or (for ``partners``) when a relationship joins them directly. Each
piece of evidence is one raw row: the pair, the kind, the intermediary, the
sources and dates of the edges used. :func:`link_rows` builds those rows
from a KnowledgeGraph; :func:`link_cypher` writes the Cypher that returns
the same rows from Neo4j.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pandas as pd

from graph.knowledge_graph import KnowledgeGraph
from queries.names import LABEL, REL, rel_union
from queries.packed import collect, pack

__all__ = [
    "HUB_KINDS",
    "LINK_COLUMNS",
    "STATED",
    "link_cypher",
    "link_rows",
    "org_industries",
    "org_regions",
    "regions_up",
]

STATED = (REL.SIGNED, REL.PARTNERS_WITH)
#: kind -> (relationship types joining an organisation and the hub, hub label,
#: whether the organisations point at the hub (True) or the hub at them)
HUB_KINDS: dict[str, tuple[tuple[str, ...], str, bool]] = {
    "project": ((REL.PARTICIPATES_IN,), LABEL.Project, True),
    "alliance": ((REL.MEMBER_OF,), LABEL.Alliance, True),
    "event": ((REL.ATTENDED, REL.HOSTED), LABEL.Event, True),
    "person": ((REL.WORKS_AT,), LABEL.Person, False),
}
#: relationships that join two organisations directly (partners only)
DIRECT = (REL.MEMBER_OF, REL.PART_OF, REL.GUIDES, REL.SUPPORTS)
#: the fields of one raw link row, in order (queries.scoring.group_pairs unpacks them so)
LINK_COLUMNS = (
    "aId",
    "a",
    "bId",
    "b",
    "bLabels",
    "kind",
    "viaId",
    "via",
    "viaKind",
    "sources",
    "dates",
    "untils",
    "inRegion",
    "inIndustry",
)

Pred = Callable[[dict[str, Any]], bool]


def org_regions(kg: KnowledgeGraph, node: str) -> set[str]:
    """Ids of the regions a node is located in, with every region above them."""
    succ = kg.graph._succ
    return regions_up(kg, [v for v, keys in succ[node].items() if REL.LOCATED_IN in keys])


def regions_up(kg: KnowledgeGraph, starts: Iterable[str]) -> set[str]:
    """``starts`` and every region above them, by PART_OF; a node that is not a Region ends it."""
    nodes, succ = kg.graph._node, kg.graph._succ
    todo = list(starts)
    seen: set[str] = set()
    while todo:
        region = todo.pop()
        if region in seen or nodes[region]["label"] != LABEL.Region:
            continue
        seen.add(region)
        todo.extend(v for v, keys in succ[region].items() if REL.PART_OF in keys)
    return seen


def org_industries(kg: KnowledgeGraph, node: str) -> set[str]:
    """Ids of the industries a node is in or targets."""
    return {
        v
        for v, keys in kg.graph._succ[node].items()
        if REL.IN_INDUSTRY in keys or REL.TARGETS_INDUSTRY in keys
    }


def link_rows(
    kg: KnowledgeGraph,
    is_a: Pred,
    is_b: Pred,
    *,
    a_id: str | None = None,
    b_id: str | None = None,
    region: str | None = None,
    industry: str | None = None,
    direct: bool = False,
    packed: bool = False,
) -> pd.DataFrame:
    """Raw link rows between ``a`` nodes and ``b`` nodes (see :data:`LINK_COLUMNS`).

    ``packed`` returns them as one packed row (:mod:`queries.packed`), the
    shape of :func:`link_cypher`'s answer with ``packed=True``.

    The graph's adjacency dicts are read directly (networkx's edge views
    cost a Python call per edge), each hub's participants are split into
    possible ``a`` and ``b`` sides once, and each node's regions and
    industries are looked up once per call.
    """
    g = kg.graph
    nodes = g._node
    out: list[tuple[Any, ...]] = []
    sides: dict[str, tuple[bool, bool]] = {}
    regions: dict[str, set[str]] = {}
    industries: dict[str, set[str]] = {}

    def side(n: str) -> tuple[bool, bool]:
        found = sides.get(n)
        if found is None:
            d = nodes[n]
            found = sides[n] = (
                (not a_id or n == a_id) and is_a(d),
                (not b_id or n == b_id) and is_b(d),
            )
        return found

    def keep(a: str, b: str) -> bool:
        return a != b and side(a)[0] and side(b)[1]

    def regions_of(n: str) -> set[str]:
        found = regions.get(n)
        if found is None:
            found = regions[n] = org_regions(kg, n)
        return found

    def industries_of(n: str) -> set[str]:
        found = industries.get(n)
        if found is None:
            found = industries[n] = org_industries(kg, n)
        return found

    def flags(a: str, b: str, hub: str | None) -> tuple[bool, bool]:
        in_region = region is None or region in regions_of(a) or region in regions_of(b)
        in_industry = (
            industry is None
            or industry in industries_of(a)
            or industry in industries_of(b)
            or (hub is not None and industry in industries_of(hub))
        )
        return in_region, in_industry

    def emit(
        a: str,
        b: str,
        kind: str,
        hub: str | None,
        via: Any,
        via_kind: Any,
        edges: list[dict[str, Any]],
        extra_dates: list[Any],
    ) -> None:
        sources = [s for e in edges for s in e["sources"]]
        dates = [e["props"].get(k) for e in edges for k in ("since", "date")] + extra_dates
        untils = [e["props"].get("until") for e in edges]
        bdata = nodes[b]
        out.append(
            (
                a,
                nodes[a]["name"],
                b,
                bdata["name"],
                list(bdata["labels"]),
                kind,
                hub,
                via,
                via_kind,
                sources,
                dates,
                untils,
                *flags(a, b, hub),
            )
        )

    wanted = set(STATED) | (set(DIRECT) if direct else set())
    # With one side fixed, only the hubs that side takes part in can link it,
    # and only its own relationships can state a link: no need to scan the graph.
    fixed = a_id or b_id
    if fixed and fixed not in g:
        fixed = None
    for u, v, keys in _adjacent(g, fixed):
        for key, data in keys.items():
            if key not in wanted:
                continue
            for a, b in ((u, v), (v, u)):
                if keep(a, b):
                    if key in STATED:
                        via = data["props"].get("agreement") or key
                        emit(a, b, "stated", None, via, data["props"].get("agreement"),
                             [data], [])  # fmt: skip
                    else:
                        emit(a, b, "direct", None, key, data["props"].get("role"), [data], [])
    filtered = region is not None or industry is not None
    everywhere = (True, True)
    ends: dict[str, tuple[str, list[str]]] = {}

    def end(n: str, edge: dict[str, Any]) -> tuple[Any, ...]:
        """One participant's share of a hub row: worked out once per hub, not per pair."""
        found = ends.get(n)
        if found is None:
            found = ends[n] = (nodes[n]["name"], list(nodes[n]["labels"]))
        props = edge["props"]
        return (n, *found, list(edge["sources"]), [props.get("since"), props.get("date")],
                props.get("until"))  # fmt: skip

    for kind, (types, label, inward) in HUB_KINDS.items():
        hubs = dict.fromkeys(_arcs_of(g, fixed, types, inward)) if fixed else nodes
        for hub in hubs:
            hdata = nodes[hub]
            if hdata["label"] != label:
                continue
            arcs = _arcs(kg, hub, types, inward)
            left = [end(a, e) for a, e in arcs if side(a)[0]]
            if not left:
                continue
            right = [end(b, e) for b, e in arcs if side(b)[1]]
            hub_dates = [hdata["props"].get("since"), hdata["props"].get("date")]
            hub_dates = [d for d in hub_dates if d] if label != LABEL.Person else []
            via, via_kind = hdata["name"], hdata["props"].get("kind")
            for a, a_name, _, a_sources, a_dates, a_until in left:
                for b, b_name, b_labels, b_sources, b_dates, b_until in right:
                    if a != b:
                        out.append((
                            a, a_name, b, b_name, b_labels, kind, hub, via, via_kind,
                            a_sources + b_sources, a_dates + b_dates + hub_dates,
                            [a_until, b_until],
                            *(flags(a, b, hub) if filtered else everywhere),
                        ))  # fmt: skip
    return pack(out) if packed else pd.DataFrame(out, columns=list(LINK_COLUMNS))


def _adjacent(g: Any, node: str | None) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(source, target, relationships by type): all of the graph's, or those at ``node``."""
    if node is None:
        for u, nbrs in g._succ.items():
            for v, keys in nbrs.items():
                yield u, v, keys
        return
    for v, keys in g._succ[node].items():
        yield node, v, keys
    for u, keys in g._pred[node].items():
        yield u, node, keys


def _arcs_of(g: Any, node: str, types: tuple[str, ...], outward: bool) -> list[str]:
    """The nodes ``node`` reaches by ``types`` (outward) or that reach it (inward)."""
    adj = g._succ[node] if outward else g._pred[node]
    return [n for n, keys in adj.items() if any(t in keys for t in types)]


def _arcs(
    kg: KnowledgeGraph, hub: str, types: tuple[str, ...], inward: bool
) -> list[tuple[str, dict[str, Any]]]:
    adj = kg.graph._pred[hub] if inward else kg.graph._succ[hub]
    return [(n, d) for n, keys in adj.items() for k, d in keys.items() if k in types]


def _located(var: str) -> str:
    return (
        f"EXISTS {{ MATCH ({var})-[:{REL.LOCATED_IN}]->(:{LABEL.Region})"
        f"-[:{REL.PART_OF}*0..]->(g:{LABEL.Region}) WHERE g.id = $region }}"
    )


def _industry(var: str) -> str:
    return (
        f"EXISTS {{ MATCH ({var})-[:{rel_union(REL.IN_INDUSTRY, REL.TARGETS_INDUSTRY)}]->"
        f"(i:{LABEL.Industry}) WHERE i.id = $industry }}"
    )


def _branch(
    match: str,
    kind: str,
    hub: bool,
    via: str,
    via_kind: str,
    sources: str,
    dates: str,
    untils: str,
) -> str:
    return (
        f"  {match}\n"
        f"  RETURN a, b, {'h' if hub else 'null AS h'}, '{kind}' AS kind, {via} AS via, "
        f"{via_kind} AS viaKind,\n"
        f"         {sources} AS sources, {dates} AS dates, {untils} AS untils"
    )


def link_cypher(
    a_pattern: str,
    b_label: str,
    where: str,
    *,
    direct: bool = False,
    packed: bool = False,
    seek: tuple[str, str] | None = None,
) -> str:
    """Cypher returning :data:`LINK_COLUMNS` rows for ``(a …)`` and ``(b:b_label)``.

    ``a_pattern`` is the node pattern of ``a`` (``a:Enterprise``); ``where``
    restricts ``a`` and ``b`` with parameters (ids only, never pasted text).
    The kinds of link are a UNION inside one CALL, and the region and
    industry tests run once outside it: fewer subqueries make the plan
    quicker to build, and Neo4j builds it again for every new query text.
    ``packed`` returns the rows as one record (:mod:`queries.packed`): a
    busy enterprise has tens of thousands of link rows, and the driver's
    cost per record dominated their reading.

    ``seek`` is ``(key label, parameter)`` for a parameter holding ``a``'s
    id that may be ``''`` (any): every kind of link is then written twice,
    once seeking ``a`` on the key label's id index and once for ``''``. The
    planner cannot seek on ``$x = '' OR a.id = $x``, and started from every
    ``b`` (17,680 schools at 136,000 organisations), expanding all their
    links to keep one enterprise's.
    """
    if seek:
        label, param = seek
        found = f"a:{label} AND a.id = ${param} AND {where}"
        return _link_cypher(
            a_pattern, b_label, [found, f"${param} = '' AND {where}"], direct=direct, packed=packed
        )
    return _link_cypher(a_pattern, b_label, [where], direct=direct, packed=packed)


def _link_cypher(
    a_pattern: str, b_label: str, wheres: list[str], *, direct: bool, packed: bool
) -> str:
    """:func:`link_cypher` with the branches of every kind repeated for each of ``wheres``."""
    branches = [
        branch
        for where in wheres
        for branch in _link_branches(a_pattern, b_label, where, direct=direct)
    ]
    head = "WITH" if packed else "RETURN"
    return (
        "CALL () {\n" + "\n  UNION ALL\n".join(branches) + "\n}\n"
        f"{head} a.id AS aId, a.name AS a, b.id AS bId, b.name AS b, labels(b) AS bLabels,\n"
        "       kind, h.id AS viaId, via, viaKind, sources, dates, untils,\n"
        # CASE, unlike OR, is evaluated lazily: no subquery runs when the filter is unset
        f"       CASE WHEN $region = '' THEN true\n"
        f"            ELSE {_located('a')} OR {_located('b')} END AS inRegion,\n"
        f"       CASE WHEN $industry = '' THEN true\n"
        f"            ELSE {_industry('a')} OR {_industry('b')}\n"
        f"                 OR (h IS NOT NULL AND {_industry('h')}) END AS inIndustry"
        + (f"\nRETURN {collect(*LINK_COLUMNS)}" if packed else "")
    )


def _link_branches(a_pattern: str, b_label: str, where: str, *, direct: bool) -> list[str]:
    """One MATCH … RETURN per kind of link, each restricted by ``where``."""
    stated = (
        "coalesce(r.sources, [])",
        "[r.since, r.date]",
        "[r.until]",
    )
    branches = [
        _branch(
            f"MATCH ({a_pattern})-[r:{rel_union(*STATED)}]-(b:{b_label})\n"
            f"  WHERE a <> b AND {where}",
            "stated",
            False,
            "coalesce(r.agreement, type(r))",
            "r.agreement",
            *stated,
        )
    ]
    if direct:
        branches.append(
            _branch(
                f"MATCH ({a_pattern})-[r:{rel_union(*DIRECT)}]-(b:{b_label})\n"
                f"  WHERE a <> b AND {where}",
                "direct",
                False,
                "type(r)",
                "r.role",
                *stated,
            )
        )
    for kind, (types, label, inward) in HUB_KINDS.items():
        rels = rel_union(*types)
        left, right = (
            (f"-[r1:{rels}]->", f"<-[r2:{rels}]-")
            if inward
            else (f"<-[r1:{rels}]-", f"-[r2:{rels}]->")
        )
        hub_dates = (
            "[]" if label == LABEL.Person else "[x IN [h.since, h.date] WHERE x IS NOT NULL]"
        )
        branches.append(
            _branch(
                f"MATCH ({a_pattern}){left}(h:{label}){right}(b:{b_label})\n"
                f"  WHERE a <> b AND {where}",
                kind,
                True,
                "h.name",
                "h.kind",
                "coalesce(r1.sources, []) + coalesce(r2.sources, [])",
                f"[r1.since, r1.date, r2.since, r2.date] + {hub_dates}",
                "[r1.until, r2.until]",
            )
        )
    return branches
