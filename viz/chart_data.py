"""The tables behind the charts, one function per chart, each a pandas DataFrame.

Charts draw these and nothing else, so a reader who doubts a bar can ask for
the same numbers as a table. Depth and years come from the ``connections``
question, so a chart agrees with ``iekg query connections``; membership and
industry coverage read the graph's own relationships.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd

from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from queries import REGISTRY, ask

__all__ = ["alliance_composition", "depth_ladder", "industry_coverage", "links_per_year"]

ALLIANCE = SCHEMA.label("Alliance").name
SCHOOL = SCHEMA.label("School").name
INDUSTRY = SCHEMA.label("Industry").name
MEMBER_OF = SCHEMA.rel("MEMBER_OF").name
IN_INDUSTRY = SCHEMA.rel("IN_INDUSTRY").name
TARGETS = SCHEMA.rel("TARGETS_INDUSTRY").name
_JOINS = (SCHEMA.rel("PARTICIPATES_IN").name, MEMBER_OF)


#: alliance-composition's count columns and the label each one counts.
_COMPOSITION = {
    "secondary": SCHEMA.label("SecondaryVocationalSchool"),
    "higherEd": SCHEMA.label("HigherEducationInstitution"),
    "government": SCHEMA.label("GovernmentAgency"),
    "park": SCHEMA.label("IndustrialPark"),
    "enterprise": SCHEMA.label("Enterprise"),
    "association": SCHEMA.label("Association"),
    "alliances": SCHEMA.label("Alliance"),
}


def alliance_composition(kg: KnowledgeGraph) -> pd.DataFrame:
    """Members of each alliance by kind: one row per alliance, one column per kind.

    >>> alliance_composition(shaoxing).loc["绍兴数字工匠“中高政园企”共育联盟"].to_dict()
    {'中职': 1, '高校': 2, '园区': 1, '企业': 1}
    """
    if "alliance-composition" in REGISTRY:
        answer = ask("alliance-composition", kg).set_index("alliance")
        frame = answer[list(_COMPOSITION)].rename(
            columns={k: lab.short or lab.zh for k, lab in _COMPOSITION.items()}
        )
        frame = frame[frame.sum(axis=1) > 0]
        return frame.loc[:, frame.sum() > 0].astype(int).sort_index()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for edge in kg.edges(MEMBER_OF):
        member = SCHEMA.label(kg.label_of(edge["source"]))
        counts[kg.graph.nodes[edge["target"]]["name"]][member.short or member.zh] += 1
    kinds = [lab.short or lab.zh for lab in SCHEMA.labels.values() if not lab.abstract]
    frame = pd.DataFrame.from_dict(counts, orient="index").reindex(columns=kinds).fillna(0)
    frame = frame.loc[:, frame.sum() > 0].astype(int)
    return frame.sort_index()


def industry_coverage(kg: KnowledgeGraph) -> pd.DataFrame:
    """Schools × industries: how many links tie each school to each industry.

    From the ``industry-coverage`` question when the catalogue has it (projects
    aimed at the industry plus partner enterprises in it); otherwise a link is
    the school being in the industry, or taking part in a project or
    belonging to an alliance aimed at it.
    """
    if "industry-coverage" in REGISTRY:
        rows = ask("industry-coverage", kg, finding="coverage")
        if rows.empty:
            return pd.DataFrame(dtype=int)
        rows = rows.assign(links=rows["projects"] + rows["partners"])
        table = rows.pivot_table(
            index="school", columns="industry", values="links", aggfunc="sum", fill_value=0
        )
        return table.sort_index().sort_index(axis=1).astype(int)
    g = kg.graph
    aims: dict[str, list[str]] = defaultdict(list)
    for u, v, k in g.edges(keys=True):
        if k == TARGETS:
            aims[u].append(v)
    cells: Counter[tuple[str, str]] = Counter()
    for school in (n for n, d in g.nodes(data=True) if SCHOOL in d["labels"]):
        for _, target, k in g.out_edges(school, keys=True):
            if k == IN_INDUSTRY:
                cells[(school, target)] += 1
            elif k in _JOINS:
                for industry in aims.get(target, []):
                    cells[(school, industry)] += 1
    rows = [
        {"school": g.nodes[s]["name"], "industry": g.nodes[i]["name"], "links": c}
        for (s, i), c in cells.items()
    ]
    if not rows:
        return pd.DataFrame(dtype=int)
    frame = pd.DataFrame(rows).pivot_table(
        index="school", columns="industry", values="links", aggfunc="sum", fill_value=0
    )
    return frame.sort_index().sort_index(axis=1).astype(int)


def depth_ladder(kg: KnowledgeGraph, **params: object) -> pd.DataFrame:
    """Enterprise–school pairs per rung of the depth ladder (every rung listed).

    >>> int(depth_ladder(shaoxing)["pairs"].sum()) == len(ask("connections", shaoxing))
    True
    """
    from queries.ladder import ladder

    frame = ask("connections", kg, **params)
    counts = frame["depthLevel"].value_counts()
    rungs, _ = ladder()
    names = {0: "同处 co-presence only"} | {r.level: f"{r.zh} {r.en}" for r in rungs}
    return pd.DataFrame({"level": list(names), "rung": list(names.values())}).assign(
        pairs=lambda f: f["level"].map(counts).fillna(0).astype(int)
    )


def links_per_year(kg: KnowledgeGraph, **params: object) -> pd.DataFrame:
    """Pairs by the year their link began, split by depth rung (undated pairs left out)."""
    frame = ask("connections", kg, **params)
    years = frame["since"].astype(str).str[:4]
    dated = frame[years.str.isdigit()].assign(year=years[years.str.isdigit()].astype(int))
    if dated.empty:
        return pd.DataFrame(dtype=int)
    table = dated.pivot_table(
        index="year", columns="depthLevel", values="school", aggfunc="count", fill_value=0
    )
    return table.sort_index().astype(int)
