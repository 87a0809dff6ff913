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
from typing import Any

import pandas as pd

from graph.knowledge_graph import KnowledgeGraph
from queries.backend import Backend
from queries.kept import per_revision
from queries.links import STATED, org_regions
from queries.names import LABEL, REL, rel_union
from queries.packed import collect, pack, unpack
from queries.question import Param, Question

__all__ = ["FINDINGS", "QUESTION", "industry_facts"]

FINDINGS = {"coverage": "覆盖", "gap": "缺口", "single-industry": "单一产业"}
RAW_COLUMNS = ("via", "nodeId", "node", "industryId", "industry", "others", "regions", "linked")
_PART = REL.PARTICIPATES_IN


@per_revision
def industry_facts(kg: KnowledgeGraph) -> pd.DataFrame:
    """Raw rows, packed: what links each school to each industry, firms, and where each is.

    One row per (school, industry) and way (``project``: the names of its
    projects aimed at the industry; ``partner``: the names of its partner
    enterprises in it), one per (enterprise, industry), and one ``located``
    row per school or enterprise with its regions (and every region above
    them), rather than those repeated on every row: grouped like this, the
    rows that cross Bolt are a third of one row per link.

    Examples
    --------
    >>> from queries import ask
    >>> ask("industry-coverage", shaoxing).shape[0]  # the sample names no firm's industry
    0
    """
    nodes = kg.graph._node
    out: list[tuple[Any, ...]] = []
    linked_firms: set[str] = set()
    for s, data in nodes.items():
        if LABEL.School not in data["labels"]:
            continue
        projects: dict[str, set[str]] = defaultdict(set)
        for p in _targets(kg, s, _PART):
            for i in _targets(kg, p, REL.TARGETS_INDUSTRY):
                projects[i].add(nodes[p]["name"])
        firms: dict[str, set[str]] = defaultdict(set)
        for f in _partners(kg, s):
            linked_firms.add(f)
            for i in _targets(kg, f, REL.IN_INDUSTRY):
                firms[i].add(nodes[f]["name"])
        for via, cells in (("project", projects), ("partner", firms)):
            for i, names in cells.items():
                out.append((via, s, data["name"], i, nodes[i]["name"], sorted(names), None, None))
    for f, data in nodes.items():
        if data["label"] == LABEL.Enterprise:
            for i in _targets(kg, f, REL.IN_INDUSTRY):
                out.append(("enterprise", f, data["name"], i, nodes[i]["name"], [], None,
                            f in linked_firms))  # fmt: skip
    for x, data in nodes.items():
        if LABEL.School in data["labels"] or data["label"] == LABEL.Enterprise:
            where = [{"id": r, "name": nodes[r]["name"]} for r in sorted(org_regions(kg, x))]
            if where:
                out.append(("located", x, data["name"], None, None, [], where, None))
    return pack(out)


def _targets(kg: KnowledgeGraph, node: str, rel: str) -> list[str]:
    """The nodes ``node`` points to with ``rel``."""
    return [v for v, keys in kg.graph._succ[node].items() if rel in keys]


def _partners(kg: KnowledgeGraph, school: str) -> set[str]:
    """Enterprises with a stated link to ``school`` or a project in common with it."""
    nodes, succ, pred = kg.graph._node, kg.graph._succ, kg.graph._pred
    found = set()
    for v, keys in succ[school].items():
        if any(k in STATED for k in keys):
            found.add(v)
    for u, keys in pred[school].items():
        if any(k in STATED for k in keys):
            found.add(u)
    for p, keys in succ[school].items():
        if _PART in keys:
            found.update(u for u, keys2 in pred[p].items() if _PART in keys2)
    return {f for f in found if nodes[f]["label"] == LABEL.Enterprise}


_REGIONS = (
    "[(x)-[:{located}]->(:{region})-[:{part}*0..]->(g:{region}) | {{id: g.id, name: g.name}}]"
)
_STATED = rel_union(*STATED)


def _regions_of(var: str) -> str:
    text = _REGIONS.format(located=REL.LOCATED_IN, region=LABEL.Region, part=REL.PART_OF).replace(
        "(x)", f"({var})"
    )
    return text


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
    f"MATCH (x) WHERE (x:{LABEL.School} OR x:{LABEL.Enterprise}) AND {_asked('x')}\n"
    f"WITH x, {_regions_of('x')} AS regions WHERE size(regions) > 0\n"
    "RETURN 'located' AS via, x.id AS nodeId, x.name AS node, null AS industryId, "
    "null AS industry, [] AS others, regions, null AS linked",
)
CYPHER = "CALL () {\n" + "\nUNION ALL\n".join(_BRANCHES) + "\n}\nRETURN " + collect(*RAW_COLUMNS)


def _post(raw: pd.DataFrame, params: dict[str, Any], backend: Backend) -> pd.DataFrame:
    found = unpack(raw, RAW_COLUMNS)
    where = {r["nodeId"]: r["regions"] for r in found if r["via"] == "located"}
    region = params.get("region")

    def in_region(node: str) -> bool:
        return region is None or any(g["id"] == region for g in where.get(node) or ())

    out = _coverage([r for r in found if r["via"] in ("project", "partner")
                     and in_region(r["nodeId"])])  # fmt: skip
    out += _gaps([r for r in found if r["via"] == "enterprise"], where, region)
    finding = params.get("finding")
    out = [r for r in out if finding is None or r["finding"] == finding]
    return pd.DataFrame(out, columns=list(QUESTION.columns))


def _blank() -> dict[str, Any]:
    text = ("school", "industry", "region", "via", "schoolId", "industryId", "regionId")
    return {**dict.fromkeys(text, ""), "projects": 0, "partners": 0, "enterprises": 0}


def _coverage(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cells: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(
        lambda: {"project": set(), "partner": set()}
    )
    names: dict[str, str] = {}
    for r in found:
        cells[(r["nodeId"], r["industryId"])][r["via"]].update(r["others"])
        names[r["nodeId"]], names[r["industryId"]] = r["node"], r["industry"]
    out = []
    by_school: dict[str, set[str]] = defaultdict(set)
    partner_count: dict[str, set[str]] = defaultdict(set)
    for (s, i), via in cells.items():
        out.append({**_blank(), "finding": "coverage", "school": names[s], "industry": names[i],
                    "projects": len(via["project"]), "partners": len(via["partner"]),
                    "via": "、".join(sorted(via["project"] | via["partner"])),
                    "schoolId": s, "industryId": i})  # fmt: skip
        if via["partner"]:
            by_school[s].add(i)
            partner_count[s].update(via["partner"])
    for s, industries in by_school.items():
        if len(industries) == 1 and len(partner_count[s]) >= 2:
            (i,) = industries
            out.append({**_blank(), "finding": "single-industry", "school": names[s],
                        "industry": names[i], "partners": len(partner_count[s]),
                        "via": "、".join(sorted(partner_count[s])), "schoolId": s,
                        "industryId": i})  # fmt: skip
    return out


def _gaps(
    found: list[dict[str, Any]], where: dict[str, list[dict[str, str]]], region: str | None
) -> list[dict[str, Any]]:
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    for r in found:
        for g in where.get(r["nodeId"]) or ():
            if region is not None and g["id"] != region:
                continue
            key = (g["id"], r["industryId"])
            cell = cells.get(key)
            if cell is None:  # not setdefault: that builds the dict for every firm
                cell = cells[key] = {"region": g["name"], "industry": r["industry"],
                                     "firms": set(), "linked": False}  # fmt: skip
            cell["firms"].add(r["node"])
            cell["linked"] = cell["linked"] or bool(r["linked"])
    return [
        {**_blank(), "finding": "gap", "industry": c["industry"], "region": c["region"],
         "enterprises": len(c["firms"]), "via": "、".join(sorted(c["firms"])[:10]),
         "industryId": i, "regionId": g}
        for (g, i), c in cells.items()
        if not c["linked"]
    ]  # fmt: skip


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
    sort=("finding", "school", "region", "industry", "schoolId", "regionId", "industryId"),
    examples=({}, {"finding": "gap"}, {"region": "绍兴市"}, {"region": "合成01省"}),
    packed=tuple(RAW_COLUMNS),
)
