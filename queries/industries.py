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
from queries.backend import Backend, rows
from queries.links import STATED, org_regions
from queries.names import LABEL, REL, rel_union
from queries.question import Param, Question

__all__ = ["FINDINGS", "QUESTION", "industry_facts"]

FINDINGS = {"coverage": "覆盖", "gap": "缺口", "single-industry": "单一产业"}
RAW_COLUMNS = (
    "via", "schoolId", "school", "industryId", "industry", "otherId", "other", "regions",
    "linked",
)  # fmt: skip


def industry_facts(kg: KnowledgeGraph, **_: Any) -> pd.DataFrame:
    """Raw rows: school–industry links (via project or partner) and enterprises by industry.

    The adjacency dicts are read directly (networkx's edge views cost a
    Python call per edge) and each node's regions are looked up once.

    Examples
    --------
    >>> from queries import ask
    >>> ask("industry-coverage", shaoxing).shape[0]  # the sample names no firm's industry
    0
    """
    g = kg.graph
    nodes, succ, pred = g._node, g._succ, g._pred
    out: list[tuple[Any, ...]] = []
    known: dict[str, list[dict[str, str]]] = {}

    def regions(node: str) -> list[dict[str, str]]:
        found = known.get(node)
        if found is None:
            found = known[node] = [
                {"id": r, "name": nodes[r]["name"]} for r in sorted(org_regions(kg, node))
            ]
        return found

    def industries(node: str, rel: str) -> list[str]:
        return [v for v, keys in succ[node].items() for k in keys if k == rel]

    def partners(school: str) -> set[str]:
        found = set()
        for v, keys in succ[school].items():
            if any(k in STATED for k in keys):
                found.add(v)
        for u, keys in pred[school].items():
            if any(k in STATED for k in keys):
                found.add(u)
        for p, keys in succ[school].items():
            if REL.PARTICIPATES_IN in keys:
                found.update(u for u, keys2 in pred[p].items() if REL.PARTICIPATES_IN in keys2)
        return {f for f in found if nodes[f]["label"] == LABEL.Enterprise}

    linked_firms: set[str] = set()
    for s, sdata in nodes.items():
        if LABEL.School not in sdata["labels"]:
            continue
        where = regions(s)
        for p, keys in succ[s].items():
            for k in keys:
                if k == REL.PARTICIPATES_IN:
                    for i in industries(p, REL.TARGETS_INDUSTRY):
                        out.append(("project", s, sdata["name"], i, nodes[i]["name"], p,
                                    nodes[p]["name"], where, True))  # fmt: skip
        for f in partners(s):
            linked_firms.add(f)
            for i in industries(f, REL.IN_INDUSTRY):
                out.append(("partner", s, sdata["name"], i, nodes[i]["name"], f,
                            nodes[f]["name"], where, True))  # fmt: skip
    for f, fdata in nodes.items():
        if fdata["label"] == LABEL.Enterprise:
            for i in industries(f, REL.IN_INDUSTRY):
                out.append(("enterprise", None, None, i, nodes[i]["name"], f, fdata["name"],
                            regions(f), f in linked_firms))  # fmt: skip
    return pd.DataFrame(out, columns=list(RAW_COLUMNS))


_REGIONS = (
    "[(x)-[:{located}]->(:{region})-[:{part}*0..]->(g:{region}) | {{id: g.id, name: g.name}}]"
)
_STATED = rel_union(*STATED)
_PART = REL.PARTICIPATES_IN


def _regions_of(var: str) -> str:
    text = _REGIONS.format(located=REL.LOCATED_IN, region=LABEL.Region, part=REL.PART_OF).replace(
        "(x)", f"({var})"
    )
    return text


CYPHER = "\nUNION ALL\n".join(
    (
        f"MATCH (s:{LABEL.School})-[:{_PART}]->(p:{LABEL.Project})"
        f"-[:{REL.TARGETS_INDUSTRY}]->(i:{LABEL.Industry})\n"
        "RETURN DISTINCT 'project' AS via, s.id AS schoolId, s.name AS school, "
        "i.id AS industryId, i.name AS industry, p.id AS otherId, p.name AS other,\n"
        f"       {_regions_of('s')} AS regions, true AS linked",
        f"MATCH (s:{LABEL.School})-[:{_STATED}]-(f:{LABEL.Enterprise})"
        f"-[:{REL.IN_INDUSTRY}]->(i:{LABEL.Industry})\n"
        "RETURN DISTINCT 'partner' AS via, s.id AS schoolId, s.name AS school, "
        "i.id AS industryId, i.name AS industry, f.id AS otherId, f.name AS other,\n"
        f"       {_regions_of('s')} AS regions, true AS linked",
        f"MATCH (s:{LABEL.School})-[:{_PART}]->(:{LABEL.Project})<-[:{_PART}]-"
        f"(f:{LABEL.Enterprise})-[:{REL.IN_INDUSTRY}]->(i:{LABEL.Industry})\n"
        "RETURN DISTINCT 'partner' AS via, s.id AS schoolId, s.name AS school, "
        "i.id AS industryId, i.name AS industry, f.id AS otherId, f.name AS other,\n"
        f"       {_regions_of('s')} AS regions, true AS linked",
        f"MATCH (f:{LABEL.Enterprise})-[:{REL.IN_INDUSTRY}]->(i:{LABEL.Industry})\n"
        "RETURN 'enterprise' AS via, null AS schoolId, null AS school, i.id AS industryId, "
        "i.name AS industry, f.id AS otherId, f.name AS other,\n"
        f"       {_regions_of('f')} AS regions,\n"
        f"       (EXISTS {{ (f)-[:{_STATED}]-(:{LABEL.School}) }} OR\n"
        f"        EXISTS {{ (f)-[:{_PART}]->(:{LABEL.Project})<-[:{_PART}]-(:{LABEL.School}) }})"
        " AS linked",
    )
)


def _post(raw: pd.DataFrame, params: dict[str, Any], backend: Backend) -> pd.DataFrame:
    found = rows(raw)
    region = params.get("region")

    def in_region(r: dict[str, Any]) -> bool:
        return region is None or any(g["id"] == region for g in r["regions"] or ())

    out = _coverage([r for r in found if r["via"] != "enterprise" and in_region(r)])
    out += _gaps([r for r in found if r["via"] == "enterprise"], region)
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
        cells[(r["schoolId"], r["industryId"])][r["via"]].add(r["other"])
        names[r["schoolId"]], names[r["industryId"]] = r["school"], r["industry"]
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


def _gaps(found: list[dict[str, Any]], region: str | None) -> list[dict[str, Any]]:
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    for r in found:
        for g in r["regions"] or ():
            if region is not None and g["id"] != region:
                continue
            cell = cells.setdefault(
                (g["id"], r["industryId"]),
                {"region": g["name"], "industry": r["industry"], "firms": set(), "linked": False},
            )
            cell["firms"].add(r["other"])
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
)
