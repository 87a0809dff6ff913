"""The tables behind the charts, one function per chart, each a pandas DataFrame.

Charts draw these and nothing else, and each comes from a question
(``alliance-composition``, ``industry-coverage``, ``connections``), so a
reader who doubts a bar gets the same numbers from ``iekg query``.
"""

from __future__ import annotations

import pandas as pd

from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from queries import ask

__all__ = ["alliance_composition", "depth_ladder", "industry_coverage", "links_per_year"]


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
    """Members of each alliance by kind (``alliance-composition``): alliances × kinds.

    >>> alliance_composition(shaoxing).loc["绍兴数字工匠“中高政园企”共育联盟"].to_dict()
    {'中职': 1, '高校': 2, '园区': 1, '企业': 1}
    """
    answer = ask("alliance-composition", kg).set_index("alliance")
    frame = answer[list(_COMPOSITION)].rename(
        columns={k: lab.short or lab.zh for k, lab in _COMPOSITION.items()}
    )
    frame = frame[frame.sum(axis=1) > 0]
    return frame.loc[:, frame.sum() > 0].astype(int).sort_index()


def industry_coverage(kg: KnowledgeGraph) -> pd.DataFrame:
    """Schools × industries (``industry-coverage``): projects aimed at it plus partners in it."""
    rows = ask("industry-coverage", kg, finding="coverage")
    if rows.empty:
        return pd.DataFrame(dtype=int)
    rows = rows.assign(links=rows["projects"] + rows["partners"])
    table = rows.pivot_table(
        index="school", columns="industry", values="links", aggfunc="sum", fill_value=0
    )
    return table.sort_index().sort_index(axis=1).astype(int)


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
