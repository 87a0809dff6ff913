"""Industry coverage: which schools serve which industries, and where the gaps are.

A school covers an industry when it takes part in a project aimed at it, or
when a partner enterprise (stated partnership or shared project) is in it.
Three findings come out of one table:

* ``coverage``: school × industry, with the projects and partners behind it;
* ``gap``: a region (with everything below it) where an industry has
  enterprises but none of them has a school partner;
* ``single-industry``: a school with two or more partner enterprises, all
  in one industry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container
from typing import Any

import pandas as pd

from graph.knowledge_graph import KnowledgeGraph
from queries.backend import Backend
from queries.kept import kept_with, per_revision
from queries.links import STATED, regions_up
from queries.names import LABEL, REL, rel_union
from queries.ordered import ORDER, ordered_frame
from queries.packed import collect, pack, unpacked
from queries.question import Param, Question

__all__ = ["FINDINGS", "QUESTION", "industry_facts"]

FINDINGS = {"coverage": "覆盖", "gap": "缺口", "single-industry": "单一产业"}
RAW_COLUMNS = ("via", "nodeId", "node", "industryId", "industry", "others", "regions", "linked")
_PART = REL.PARTICIPATES_IN
#: the order of the answer: by finding, school, region, industry, then the ids
_ORDER_BY = ("finding", "school", "region", "industry", "schoolId", "regionId", "industryId")


@per_revision
def industry_facts(kg: KnowledgeGraph) -> pd.DataFrame:
    """Raw rows, packed: what links each school to each industry, firms, and where each is.

    One row per (school, industry) and way (``project``: the names of its
    projects aimed at the industry; ``partner``: the names of its partner
    enterprises in it), one per (enterprise, industry), one ``located`` row
    per school or enterprise with the ids of the regions it is located in,
    and one ``region`` row per region with its name and the ids of itself
    and every region above it. Grouped like this, rather than the regions
    repeated on every row (or every region's name on every firm), the rows
    that cross Bolt are a fraction of one row per link, and Neo4j walks up
    each region once instead of once per firm.

    A firm is the partner of many schools and a city holds many firms, so
    each node's industries and each region's ancestors are read once (see
    :class:`_Reader`) rather than once per school or per firm: read again,
    they were most of the 15 s this took at 136,000 organisations.

    Examples
    --------
    >>> from queries import ask
    >>> ask("industry-coverage", shaoxing).shape[0]  # the sample names no firm's industry
    0
    """
    read = _Reader(kg)
    nodes = read.nodes
    # Each firm's industries, read once, for the firms in one: a partner in
    # none adds nothing to the answer.
    firm_industries = {
        f: found
        for f, data in nodes.items()
        if data["label"] == LABEL.Enterprise and (found := read.targets(f, REL.IN_INDUSTRY))
    }
    out: list[tuple[Any, ...]] = []
    linked_firms: set[str] = set()
    for s, data in nodes.items():
        if LABEL.School not in data["labels"]:
            continue
        projects: dict[str, set[str]] = defaultdict(set)
        for p in read.targets(s, _PART):
            for i in read.industries(p, REL.TARGETS_INDUSTRY):
                projects[i].add(nodes[p]["name"])
        firms: dict[str, set[str]] = defaultdict(set)
        for f in read.partners(s, firm_industries):
            linked_firms.add(f)
            name = nodes[f]["name"]
            for i in firm_industries[f]:
                firms[i].add(name)
        for via, cells in (("project", projects), ("partner", firms)):
            for i, names in cells.items():
                out.append((via, s, data["name"], i, nodes[i]["name"], sorted(names), None, None))
    for f, industries in firm_industries.items():
        name = nodes[f]["name"]
        for i in industries:
            out.append(("enterprise", f, name, i, nodes[i]["name"], [], None, f in linked_firms))
    for x, data in nodes.items():
        if LABEL.School in data["labels"] or data["label"] == LABEL.Enterprise:
            where = [
                r for r in read.targets(x, REL.LOCATED_IN) if nodes[r]["label"] == LABEL.Region
            ]
            if where:
                out.append(("located", x, data["name"], None, None, [], where, None))
        elif data["label"] == LABEL.Region:
            out.append(("region", x, data["name"], None, None, [], read.above(x), None))
    return pack(out)


class _Reader:
    """One graph's adjacency, with what many rows ask again read once.

    ``industries`` keeps each node's targets of one type: callers must not
    change what they get.
    """

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.nodes, self.succ, self.pred = kg.graph._node, kg.graph._succ, kg.graph._pred
        self._industries: dict[tuple[str, str], list[str]] = {}

    def targets(self, node: str, rel: str) -> list[str]:
        """The nodes ``node`` points to with ``rel``."""
        return [v for v, keys in self.succ[node].items() if rel in keys]

    def industries(self, node: str, rel: str) -> list[str]:
        """:meth:`targets`, kept per node (a project is asked once per school in it)."""
        key = (node, rel)
        found = self._industries.get(key)
        if found is None:
            found = self._industries[key] = self.targets(node, rel)
        return found

    def partners(self, school: str, firms: Container[str]) -> set[str]:
        """The ``firms`` with a stated link to ``school`` or a project in common with it."""
        succ, pred = self.succ, self.pred
        found = set()
        for v, keys in succ[school].items():
            if any(k in STATED for k in keys):
                found.add(v)
            if _PART in keys:
                found.update(u for u, keys2 in pred[v].items() if _PART in keys2)
        for u, keys in pred[school].items():
            if any(k in STATED for k in keys):
                found.add(u)
        return {f for f in found if f in firms}

    def above(self, region: str) -> list[str]:
        """``region`` and every region above it, by id (the walk of ``org_regions``)."""
        return sorted(regions_up(self.kg, [region]))


_STATED = rel_union(*STATED)


def _asked(var: str) -> str:
    """``var`` lies in $region (an id; '' for anywhere): only cuts what crosses Bolt."""
    within = (
        f"({var})-[:{REL.LOCATED_IN}]->(:{LABEL.Region})-[:{REL.PART_OF}*0..]->(g:{LABEL.Region})"
    )
    return f"($region = '' OR EXISTS {{ MATCH {within} WHERE g.id = $region }})"


_CELL = (
    "RETURN '{via}' AS via, s.id AS nodeId, s.name AS node, i.id AS industryId, "
    "i.name AS industry, collect(DISTINCT {other}.name) AS others, null AS regions, "
    "null AS linked"
)
_BRANCHES = (
    f"MATCH (s:{LABEL.School})-[:{_PART}]->(p:{LABEL.Project})"
    f"-[:{REL.TARGETS_INDUSTRY}]->(i:{LABEL.Industry})\nWHERE {_asked('s')}\n"
    + _CELL.format(via="project", other="p"),
    f"MATCH (s:{LABEL.School}) WHERE {_asked('s')}\n"
    f"CALL (s) {{ MATCH (s)-[:{_STATED}]-(f:{LABEL.Enterprise}) RETURN f\n"
    f"  UNION MATCH (s)-[:{_PART}]->(:{LABEL.Project})<-[:{_PART}]-(f:{LABEL.Enterprise}) "
    "RETURN f }\n"
    f"MATCH (f)-[:{REL.IN_INDUSTRY}]->(i:{LABEL.Industry})\n"
    + _CELL.format(via="partner", other="f"),
    f"MATCH (f:{LABEL.Enterprise})-[:{REL.IN_INDUSTRY}]->(i:{LABEL.Industry})\n"
    f"WHERE {_asked('f')}\n"
    "RETURN 'enterprise' AS via, f.id AS nodeId, f.name AS node, i.id AS industryId, "
    "i.name AS industry, [] AS others, null AS regions,\n"
    f"       (EXISTS {{ (f)-[:{_STATED}]-(:{LABEL.School}) }} OR\n"
    f"        EXISTS {{ (f)-[:{_PART}]->(:{LABEL.Project})<-[:{_PART}]-(:{LABEL.School}) }})"
    " AS linked",
    f"MATCH (x:{LABEL.Organization}) WHERE (x:{LABEL.School} OR x:{LABEL.Enterprise})\n"
    f"  AND {_asked('x')}\n"
    f"WITH x, [(x)-[:{REL.LOCATED_IN}]->(r:{LABEL.Region}) | r.id] AS regions "
    "WHERE size(regions) > 0\n"
    "RETURN 'located' AS via, x.id AS nodeId, x.name AS node, null AS industryId, "
    "null AS industry, [] AS others, regions, null AS linked",
    f"MATCH (r:{LABEL.Region})\n"
    "RETURN 'region' AS via, r.id AS nodeId, r.name AS node, null AS industryId, "
    "null AS industry, [] AS others,\n"
    f"       [(r)-[:{REL.PART_OF}*0..]->(g:{LABEL.Region}) | g.id] AS regions, null AS linked",
)
CYPHER = "CALL () {\n" + "\nUNION ALL\n".join(_BRANCHES) + "\n}\nRETURN " + collect(*RAW_COLUMNS)


def _post(raw: pd.DataFrame, params: dict[str, Any], backend: Backend) -> pd.DataFrame:
    """The findings in a region (or everywhere), kept with the read (:func:`_findings`)."""
    region = params.get("region")
    findings = kept_with(raw, ("findings", region), lambda: _findings(raw, region))
    finding = params.get("finding")
    if finding is None:
        return findings.copy()
    return findings[(findings["finding"] == finding).to_numpy()]


def _findings(raw: pd.DataFrame, region: str | None) -> pd.DataFrame:
    """Every finding, built as tuples in column order from the packed value lists.

    At 136,000 organisations there are 500,000 raw rows and 120,000 answer
    rows: a dict per row (and one more per answer row) cost several seconds,
    reading the value lists by position costs a fraction of that. The rows
    are sorted in Python (see :mod:`queries.ordered`). Built once per read
    and region: the whole-graph read is kept until the graph changes.
    """
    found = unpacked(raw)
    where = _Where(found)
    inside = None
    if region is not None:
        inside = {n for n in where.located if region in where.ids(n)}
    out = _coverage([r for r in found if r[0] in ("project", "partner")
                     and (inside is None or r[1] in inside)])  # fmt: skip
    out += _gaps([r for r in found if r[0] == "enterprise"], where, region)
    return ordered_frame(out, QUESTION.columns, by=_ORDER_BY)


def _coverage(found: list[list[Any]]) -> list[tuple[Any, ...]]:
    """Coverage rows, one per (school, industry), and the single-industry schools."""
    cells: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    names: dict[str, str] = {}
    for via, s, school, i, industry, others, *_ in found:
        cell = cells.get((s, i))
        if cell is None:
            cell = cells[(s, i)] = (set(), set())
        cell[0 if via == "project" else 1].update(others)
        names[s], names[i] = school, industry
    out: list[tuple[Any, ...]] = []
    by_school: dict[str, set[str]] = defaultdict(set)
    partner_count: dict[str, set[str]] = defaultdict(set)
    for (s, i), (projects, partners) in cells.items():
        out.append(("coverage", names[s], names[i], "", len(projects), len(partners), 0,
                    "、".join(sorted(projects | partners)), s, i, ""))  # fmt: skip
        if partners:
            by_school[s].add(i)
            partner_count[s].update(partners)
    for s, industries in by_school.items():
        if len(industries) == 1 and len(partner_count[s]) >= 2:
            (i,) = industries
            out.append(("single-industry", names[s], names[i], "", 0, len(partner_count[s]), 0,
                        "、".join(sorted(partner_count[s])), s, i, ""))  # fmt: skip
    return out


class _Where:
    """Where each school and firm is: its regions and every region above them.

    From the ``located`` rows (a node's own regions) and the ``region`` rows
    (each region's name and the regions it lies in); the regions above a
    set of own regions are worked out once per set, which the firms of one
    city share.
    """

    def __init__(self, found: list[list[Any]]) -> None:
        self.located = {r[1]: r[6] for r in found if r[0] == "located"}
        regions = [r for r in found if r[0] == "region"]
        self.name = {r[1]: r[2] for r in regions}
        self._up = {r[1]: r[6] for r in regions}
        self._ids: dict[tuple[str, ...], set[str]] = {}
        self._named: dict[tuple[str, ...], list[tuple[str, str]]] = {}

    def ids(self, node: str) -> set[str]:
        """Ids of ``node``'s regions and every region above them (none if unknown)."""
        own = tuple(self.located.get(node) or ())
        found = self._ids.get(own)
        if found is None:
            found = self._ids[own] = {g for r in own for g in self._up.get(r) or ()}
        return found

    def named(self, node: str) -> list[tuple[str, str]]:
        """:meth:`ids` with each region's name, as (id, name)."""
        own = tuple(self.located.get(node) or ())
        found = self._named.get(own)
        if found is None:
            found = self._named[own] = [(g, self.name[g]) for g in self.ids(node)]
        return found


def _gaps(found: list[list[Any]], where: _Where, region: str | None) -> list[tuple[Any, ...]]:
    """Gap rows: (region, industry) cells with firms, none of them linked to a school."""
    cells: dict[tuple[str, str], list[Any]] = {}
    for _, f, firm, i, industry, _, _, linked in found:
        for gid, name in where.named(f):
            if region is not None and gid != region:
                continue
            cell = cells.get((gid, i))
            if cell is None:  # region name, industry name, firms, linked
                cell = cells[(gid, i)] = [name, industry, set(), False]
            cell[2].add(firm)
            if linked:
                cell[3] = True
    return [
        ("gap", "", industry, name, 0, 0, len(firms), "、".join(sorted(firms)[:10]), "", i, g)
        for (g, i), (name, industry, firms, linked) in cells.items()
        if not linked
    ]


QUESTION = Question(
    name="industry-coverage",
    zh="产业覆盖：学校×产业，以及有企业却无学校联系的产业、合作企业集中于单一产业的学校",
    en="Industry coverage: schools × industries, industries with firms but no school link, "
    "and schools whose partners all sit in one industry",
    params=(
        Param("region", node=LABEL.Region, help="only schools and gaps in this region"),
        Param("finding", help="only this finding", choices=tuple(FINDINGS)),
    ),
    columns={
        "finding": "coverage, gap or single-industry",
        "school": "学校 (coverage, single-industry)",
        "industry": "产业",
        "region": "地区 (gap)",
        "projects": "projects of the school aimed at the industry",
        "partners": "partner enterprises of the school in the industry",
        "enterprises": "enterprises of the region in the industry (gap)",
        "via": "the projects, partners or enterprises behind the finding (gaps: first 10)",
        "schoolId": "school node id",
        "industryId": "industry node id",
        "regionId": "region node id",
    },
    networkx=industry_facts,
    cypher=CYPHER,
    post=_post,
    narrowed_after=("region",),  # _findings keeps the region's rows of any read
    sort=(ORDER,),
    examples=({}, {"finding": "gap"}, {"region": "绍兴市"}, {"region": "合成01省"}),
    packed=tuple(RAW_COLUMNS),
)
