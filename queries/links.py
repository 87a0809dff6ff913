"""Link evidence between two organisations, the ground both link questions stand on.

Two organisations are linked when a source states it (SIGNED,
PARTNERS_WITH), when they share a project, an alliance, an event or a
person, or (for ``partners``) when a relationship joins them directly.

The evidence is read one row per hub (:func:`hub_rows` from a
KnowledgeGraph, :func:`hub_cypher` from Neo4j): the kind, the intermediary,
and its participants on either side with the sources and dates of the
relationship joining each; a stated link is a row of its own. Every pair
of a row's two sides is one piece of evidence, one row of
:data:`LINK_COLUMNS` (:func:`pair_rows`); ``partners``, which reads one
organisation's links, reads those rows (:func:`link_rows`,
:func:`link_cypher`), and the national questions pair the hubs' sides on
arrays (:mod:`queries.pair_table`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import pandas as pd

from graph.knowledge_graph import KnowledgeGraph
from queries.names import LABEL, REL, rel_union
from queries.packed import collect

__all__ = [
    "EVIDENCE_TABLE",
    "HUB_COLUMNS",
    "HUB_KINDS",
    "LINK_COLUMNS",
    "SIDE_FIELDS",
    "STATED",
    "hub_cypher",
    "hub_rows",
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
#: the fields of one hub row (:func:`hub_rows`): the kind of link, the hub, its own
#: dates and industry flag, and its participants on the ``a`` side and the ``b`` side
HUB_COLUMNS = (
    "kind",
    "viaId",
    "via",
    "viaKind",
    "hubDates",
    "hubIndustry",
    "aSide",
    "bSide",
)
#: the fields of one participant of a hub row: the organisation, the sources, dates
#: ([since, date]) and untils of the relationship joining it (empty for the ``b`` end
#: of a stated link), and whether it is in the region and in the industry asked
#: (labels are the ``b`` side's only)
SIDE_FIELDS = ("id", "name", "labels", "sources", "dates", "untils", "inRegion", "inIndustry")

Pred = Callable[[dict[str, Any]], bool]


def _evidence_table() -> str:
    """After ``UNWIND rows AS row`` of hub rows: one row per piece of evidence, in
    :data:`LINK_COLUMNS`, as :func:`pair_rows` makes them (the table an analyst pasting
    ``connections.cypher`` into Neo4j Browser reads, not the hubs' nested lists)."""
    hub = {name: f"row[{i}]" for i, name in enumerate(HUB_COLUMNS)}
    one = {name: f"one[{i}]" for i, name in enumerate(SIDE_FIELDS)}
    other = {name: f"other[{i}]" for i, name in enumerate(SIDE_FIELDS)}
    values = {
        "aId": one["id"],
        "a": one["name"],
        "bId": other["id"],
        "b": other["name"],
        "bLabels": other["labels"],
        "kind": hub["kind"],
        "viaId": hub["viaId"],
        "via": hub["via"],
        "viaKind": hub["viaKind"],
        "sources": f"{one['sources']} + {other['sources']}",
        "dates": f"{one['dates']} + {other['dates']} + {hub['hubDates']}",
        "untils": f"{one['untils']} + {other['untils']}",
        "inRegion": f"{one['inRegion']} OR {other['inRegion']}",
        "inIndustry": f"{one['inIndustry']} OR {other['inIndustry']} OR {hub['hubIndustry']}",
    }
    columns = ",\n       ".join(f"{values[name]} AS {name}" for name in LINK_COLUMNS)
    return (
        f"UNWIND {hub['aSide']} AS one\nUNWIND {hub['bSide']} AS other\n"
        f"WITH row, one, other WHERE {one['id']} <> {other['id']}\nRETURN {columns}"
    )


#: the table form of a hub read (:attr:`queries.question.Question.unwound`)
EVIDENCE_TABLE = _evidence_table()


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


def hub_rows(
    kg: KnowledgeGraph,
    is_a: Pred,
    is_b: Pred,
    *,
    a_id: str | None = None,
    b_id: str | None = None,
    region: str | None = None,
    industry: str | None = None,
    direct: bool = False,
) -> list[tuple[Any, ...]]:
    """Link evidence between ``a`` nodes and ``b`` nodes, one row per hub (:data:`HUB_COLUMNS`).

    Each row lists the hub's participants on either side (:data:`SIDE_FIELDS`)
    rather than every pair of them: a hub joining 30 enterprises and 40
    schools is one row, not 1,200, and its pairs are the product of its
    two sides (:func:`pair_rows`) without their ``a == b`` pairs. A stated
    (or direct) relationship is a row whose sides are its two ends, the
    relationship's sources and dates riding on the ``a`` end. Hubs with no
    participant on one side are left out. Both backends return these rows
    (:func:`hub_cypher`).

    The graph's adjacency dicts are read directly (networkx's edge views
    cost a Python call per edge), each participant's share of a row is
    worked out once per hub, and each node's regions and industries are
    looked up once per call.
    """
    g = kg.graph
    nodes = g._node
    out: list[tuple[Any, ...]] = []
    industries = _Lazy(lambda n: org_industries(kg, n))
    labels = _Lazy(lambda n: list(nodes[n]["labels"]))
    everywhere = (True, True)

    def flags(n: str) -> tuple[bool, bool]:
        """Whether ``n`` is located in ``region`` (or below) and in or targets ``industry``."""
        if region is None and industry is None:
            return everywhere
        return (
            region is None or region in org_regions(kg, n),
            industry is None or industry in industries[n],
        )

    flagged = _Lazy(flags)

    def hub_industry(hub: str | None) -> bool:
        return industry is None or (hub is not None and industry in industries[hub])

    lefts = _Lazy(lambda n: (not a_id or n == a_id) and is_a(nodes[n]))
    rights = _Lazy(lambda n: (not b_id or n == b_id) and is_b(nodes[n]))
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
                if a != b and lefts[a] and rights[b]:
                    props = data["props"]
                    kind, via, via_kind = (
                        ("stated", props.get("agreement") or key, props.get("agreement"))
                        if key in STATED
                        else ("direct", key, props.get("role"))
                    )
                    joined = (a, nodes[a]["name"], None, [*data["sources"]],
                              [props.get("since"), props.get("date")], [props.get("until")],
                              *flagged[a])  # fmt: skip
                    other = (b, nodes[b]["name"], labels[b], [], [], [], *flagged[b])
                    out.append(
                        (kind, None, via, via_kind, [], hub_industry(None), [joined], [other])
                    )

    def side(adj: dict[str, dict[str, Any]], members: _Lazy, labelled: bool,
             types: tuple[str, ...]) -> list[tuple[Any, ...]]:  # fmt: skip
        """The participants among ``members`` of one hub (``adj``: its relationships by node),
        one per relationship joining them; a comprehension, as there are hundreds of
        thousands of them."""
        return [(n, nodes[n]["name"], labels[n] if labelled else None, [*e["sources"]],
                 [(p := e["props"]).get("since"), p.get("date")], [p.get("until")], *flagged[n])
                for n, keys in adj.items() if members[n]
                for k, e in keys.items() if k in types]  # fmt: skip

    every = _by_kind(nodes) if not fixed else {}
    for kind, (types, label, inward) in HUB_KINDS.items():
        hubs = dict.fromkeys(_arcs_of(g, fixed, types, inward)) if fixed else every[kind]
        for hub in hubs:
            hdata = nodes[hub]
            if hdata["label"] != label:
                continue
            adj = g._pred[hub] if inward else g._succ[hub]
            left = side(adj, lefts, False, types)
            if not left:
                continue
            right = side(adj, rights, True, types)
            if not right:
                continue
            hub_dates = [hdata["props"].get("since"), hdata["props"].get("date")]
            hub_dates = [d for d in hub_dates if d] if label != LABEL.Person else []
            out.append((kind, hub, hdata["name"], hdata["props"].get("kind"), hub_dates,
                        hub_industry(hub), left, right))  # fmt: skip
    return out


class _Lazy(dict[str, Any]):
    """A dict that works out a missing key's value once, by ``make(key)``: a hit is a
    plain subscript, with no Python call."""

    def __init__(self, make: Callable[[str], Any]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: str) -> Any:
        value = self[key] = self.make(key)
        return value


def _by_kind(nodes: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """The hubs of every kind of :data:`HUB_KINDS`, found in one pass over the nodes."""
    kinds = {label: kind for kind, (_, label, _) in HUB_KINDS.items()}
    assert len(kinds) == len(HUB_KINDS), "two kinds of hub share a label"
    found: dict[str, list[str]] = {kind: [] for kind in HUB_KINDS}
    for n, d in nodes.items():
        kind = kinds.get(d["label"])
        if kind is not None:
            found[kind].append(n)
    return found


def pair_rows(hubs: Iterable[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
    """The :data:`LINK_COLUMNS` rows of hub rows: one per pair of a row's two sides, ``a != b``.

    A pair's sources, dates and untils are its two ends' followed by the
    hub's dates; it is in the region if either end is, in the industry if
    either end or the hub is. For the few rows of one organisation
    (``partners``) and as the reference the pair table is tested against;
    the national read is expanded on arrays (:mod:`queries.pair_table`).
    """
    for kind, hub, via, via_kind, hub_dates, hub_industry, left, right in hubs:
        for a, a_name, _, a_sources, a_dates, a_untils, a_region, a_industry in left:
            for b, b_name, b_labels, b_sources, b_dates, b_untils, b_region, b_industry in right:
                if a != b:
                    yield (a, a_name, b, b_name, b_labels, kind, hub, via, via_kind,
                           a_sources + b_sources, a_dates + b_dates + hub_dates,
                           a_untils + b_untils, a_region or b_region,
                           a_industry or b_industry or hub_industry)  # fmt: skip


def link_rows(
    kg: KnowledgeGraph,
    is_a: Pred,
    is_b: Pred,
    *,
    a_id: str | None = None,
    b_id: str | None = None,
    direct: bool = False,
) -> pd.DataFrame:
    """Raw link rows between ``a`` nodes and ``b`` nodes, one per pair and piece of evidence
    (:data:`LINK_COLUMNS`), as :func:`link_cypher` returns them: :func:`hub_rows` paired."""
    found = hub_rows(kg, is_a, is_b, a_id=a_id, b_id=b_id, direct=direct)
    return pd.DataFrame(list(pair_rows(found)), columns=list(LINK_COLUMNS))


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


def link_cypher(a_pattern: str, b_label: str, where: str, *, direct: bool = False) -> str:
    """Cypher returning :data:`LINK_COLUMNS` rows for ``(a …)`` and ``(b:b_label)``.

    ``a_pattern`` is the node pattern of ``a`` (``a:Organization``);
    ``where`` restricts ``a`` and ``b`` with parameters (ids only, never
    pasted text). The kinds of link are a UNION inside one CALL, and the
    region and industry tests run once outside it: fewer subqueries make
    the plan quicker to build, and Neo4j builds it again for every new
    query text. One organisation's links (``partners``) are read this way;
    the national read, hundreds of thousands of pairs, is read by hub
    (:func:`hub_cypher`).
    """
    branches = _link_branches(a_pattern, b_label, where, direct=direct)
    return (
        "CALL () {\n" + "\n  UNION ALL\n".join(branches) + "\n}\n"
        "RETURN a.id AS aId, a.name AS a, b.id AS bId, b.name AS b, labels(b) AS bLabels,\n"
        "       kind, h.id AS viaId, via, viaKind, sources, dates, untils,\n"
        # CASE, unlike OR, is evaluated lazily: no subquery runs when the filter is unset
        "       CASE WHEN $region = '' THEN true\n"
        f"            ELSE {_located('a')} OR {_located('b')} END AS inRegion,\n"
        "       CASE WHEN $industry = '' THEN true\n"
        f"            ELSE {_industry('a')} OR {_industry('b')}\n"
        f"                 OR (h IS NOT NULL AND {_industry('h')}) END AS inIndustry"
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


def _flag(param: str, test: str) -> str:
    """``test``, or true when ``$param`` is unset: CASE, unlike OR, is evaluated lazily,
    so no subquery runs for a filter not asked."""
    return f"CASE WHEN ${param} = '' THEN true ELSE {test} END"


def _end(var: str, rel: str | None, labels: bool) -> str:
    """One participant as :data:`SIDE_FIELDS`, ``rel`` the relationship joining it (if any)."""
    joined = (
        f"coalesce({rel}.sources, []), [{rel}.since, {rel}.date], [{rel}.until]"
        if rel
        else "[], [], []"
    )
    return (
        f"[{var}.id, {var}.name, {f'labels({var})' if labels else 'null'}, {joined},\n"
        f"     {_flag('region', _located(var))},\n"
        f"     {_flag('industry', _industry(var))}]"
    )


def hub_cypher(a: tuple[str, str], b: tuple[str, str], key: str) -> str:
    """Cypher returning :func:`hub_rows`' rows, packed, between ``a`` and ``b`` nodes.

    ``a`` and ``b`` are (label, parameter): each side is any node of the
    label, or the one whose id the parameter holds when it is not ``''``;
    ``key`` is the label whose id index finds that node, on either side (both
    sides' labels must be keyed by it: Enterprise and School are both
    Organizations). Each hub is
    matched once and its participants collected on either side (``COLLECT``
    subqueries), so the server's work and what it ships grow with the
    relationships, not with the pairs: at 136,000 organisations the pairs'
    read was 652,888 rows.

    Every kind of link is found three ways, only one of which can match
    for given parameters: seeking ``a``'s id, seeking ``b``'s id (``a`` not
    fixed), or every hub of the kind (neither fixed). The planner cannot
    seek on ``$x = '' OR n.id = $x``, and scanning every hub to keep one
    organisation's costs as much as the national read. The scan of every
    hub (and of every stated link) is guarded by a ``WITH … WHERE`` of the
    parameters alone, run once before it: as a test in the scan's own
    ``WHERE`` it was made on every hub scanned (``PROFILE`` at 14,000
    organisations: 11,200 projects scanned for one enterprise's read;
    with the guard, none).
    """
    (a_label, a_param), (b_label, b_param) = a, b
    a_where = f"(${a_param} = '' OR a.id = ${a_param})"
    b_where = f"(${b_param} = '' OR b.id = ${b_param})"
    # A guard before the MATCH, not a test in its WHERE, which the planner made after
    # scanning every hub of the kind
    free = f"WITH 0 AS unfixed WHERE ${a_param} = '' AND ${b_param} = ''"
    stated = rel_union(*STATED)
    returned = (
        "  RETURN {kind} AS kind, {hub} AS viaId, {via} AS via, {via_kind} AS viaKind,\n"
        "         {dates} AS hubDates, {industry} AS hubIndustry, aSide, bSide"
    )
    branches = []
    for guard, seek in (
        ("", f"(a:{key})-[r:{stated}]-(b:{b_label})\n"
             f"  WHERE a.id = ${a_param} AND a:{a_label} AND a <> b AND {b_where}"),
        ("", f"(b:{key})-[r:{stated}]-(a:{a_label})\n"
             f"  WHERE ${a_param} = '' AND b.id = ${b_param} AND b:{b_label} AND a <> b"),
        (f"  {free}\n", f"(a:{a_label})-[r:{stated}]-(b:{b_label})\n  WHERE a <> b"),
    ):  # fmt: skip
        branches.append(
            guard + f"  MATCH {seek}\n"
            f"  WITH r, [{_end('a', 'r', False)}] AS aSide,\n"
            f"       [{_end('b', None, True)}] AS bSide\n"
            + returned.format(
                kind="'stated'",
                hub="null",
                via="coalesce(r.agreement, type(r))",
                via_kind="r.agreement",
                dates="[]",
                industry="$industry = ''",
            )
        )
    for kind, (types, label, inward) in HUB_KINDS.items():
        rels = rel_union(*types)
        joins, joined = (
            (f"-[:{rels}]->", f"-[r:{rels}]->") if inward else (f"<-[:{rels}]-", f"<-[r:{rels}]-")
        )
        dates = "[]" if label == LABEL.Person else "[x IN [h.since, h.date] WHERE x IS NOT NULL]"
        branches.append(
            "  CALL () {\n"
            f"    MATCH (s:{key}){joins}(h:{label}) WHERE s.id = ${a_param}\n"
            "    RETURN DISTINCT h\n"
            "    UNION ALL\n"
            f"    MATCH (s:{key}){joins}(h:{label})\n"
            f"    WHERE ${a_param} = '' AND s.id = ${b_param}\n"
            "    RETURN DISTINCT h\n"
            "    UNION ALL\n"
            f"    {free}\n"
            f"    MATCH (h:{label})\n"
            "    RETURN h\n"
            "  }\n"
            f"  WITH h, COLLECT {{ MATCH (a:{a_label}){joined}(h) WHERE {a_where}\n"
            f"    RETURN {_end('a', 'r', False)} }} AS aSide\n"
            "  WHERE aSide <> []\n"
            f"  WITH h, aSide, COLLECT {{ MATCH (b:{b_label}){joined}(h) WHERE {b_where}\n"
            f"    RETURN {_end('b', 'r', True)} }} AS bSide\n"
            "  WHERE bSide <> []\n"
            + returned.format(
                kind=f"'{kind}'",
                hub="h.id",
                via="h.name",
                via_kind="h.kind",
                dates=dates,
                industry=_flag("industry", _industry("h")),
            )
        )
    return (
        "CALL () {\n"
        + "\n  UNION ALL\n".join(branches)
        + "\n}\n"
        + f"RETURN {collect(*HUB_COLUMNS)}"
    )
