"""Clusters of organisations that work together, with their industries and regions.

Leiden communities (igraph's, modularity, fixed seed: :mod:`queries.leiden`;
every community is connected) on the
organisation projection of :mod:`queries.projection`. On Neo4j the
projection is read with Cypher and the clustering runs in Python: Neo4j
Community has no graph-algorithm library, and this keeps both backends'
answers identical.

>>> from queries import ask
>>> ask("communities", shaoxing)[["size", "centre", "kinds"]].values.tolist()
[[4, '浙江时立态合科技有限公司', '高校 2、企业 1、园区 1'], [2, '绍兴中专', '中职 1、企业 1']]
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from graph.schema import SCHEMA
from queries.backend import Backend
from queries.names import concrete_label
from queries.projection import CYPHER, Projection, bipartite_rows, projection
from queries.projection import RAW_COLUMNS as PROJECTION_COLUMNS
from queries.question import Param, Question

__all__ = ["QUESTION", "top_counts"]

SHOWN_MEMBERS = 10


def top_counts(values: list[str], n: int = 3) -> str:
    """``集成电路 4、高端装备 2``: the most common values, ties by name.

    >>> top_counts(["b", "a", "b", "c"], 2)
    'b 2、a 1'
    """
    counts = Counter(v for v in values if v)
    best = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return "、".join(f"{k} {c}" for k, c in best)


def _post(raw: pd.DataFrame, params: dict[str, Any], backend: Backend) -> pd.DataFrame:
    kept = projection(raw)
    every = kept.derived("communities", lambda: _describe(kept))
    out = [r for r in every if r["size"] >= params["min_size"]]
    return pd.DataFrame(out, columns=list(QUESTION.columns))


def _describe(kept: Projection) -> list[dict[str, Any]]:
    """One row per community, however small (kept with the projection: it is the slow part)."""
    strength, data = kept.strength, kept.org_data
    groups, _ = kept.communities
    industries = {r["orgId"]: r["industries"] or () for r in kept.found}
    regions = {r["orgId"]: r["regions"] or () for r in kept.found}
    out = []
    for number, members in enumerate(groups, start=1):
        by_degree = sorted(members, key=lambda n: (-strength[n], n))
        names = [data[n]["name"] for n in by_degree]
        kinds = [SCHEMA.label(concrete_label(data[n]["labels"])).short for n in members]
        out.append(
            {
                "community": number,
                "size": len(members),
                "centre": names[0],
                "kinds": top_counts(kinds, 7),
                "industries": top_counts([i for n in members for i in industries.get(n, ())]),
                "regions": top_counts([g for n in members for g in regions.get(n, ())]),
                "members": "、".join(names[:SHOWN_MEMBERS])
                + (f" … +{len(names) - SHOWN_MEMBERS}" if len(names) > SHOWN_MEMBERS else ""),
                "memberIds": ";".join(sorted(members)),
            }
        )
    return out


QUESTION = Question(
    name="communities",
    zh="合作群落：一起做事的单位群，及其主要产业与地区",
    en="Communities: clusters of organisations that work together, with dominant industries "
    "and regions",
    params=(Param("min_size", int, 2, help="hide smaller clusters", low=1),),
    columns={
        "community": "cluster number, largest first",
        "size": "number of organisations",
        "centre": "the most connected member",
        "kinds": "members by kind",
        "industries": "most common industries of the members",
        "regions": "most common regions of the members",
        "members": f"members, most connected first (first {SHOWN_MEMBERS})",
        "memberIds": "all member ids, ; separated (for maps)",
    },
    networkx=bipartite_rows,
    cypher=CYPHER,
    post=_post,
    sort=("community",),
    examples=({}, {"min_size": 3}),
    notes="A community is a group of organisations that work with one another more than "
    "with the rest. Two organisations are joined when they share a project, an alliance or "
    "a person, and the groups are drawn so that as many joins as possible fall inside a "
    "group (the Leiden method); every member reaches the others through joins inside "
    "its community. "
    "The same graph always gives the same communities, but they are one good grouping among "
    "several possible ones: a little more data can move an organisation that sits between "
    "two groups. centre is the member with the most joins; industries and regions are the "
    "commonest among the members. The answer is the same on Neo4j and on the embedded "
    "store; on a large graph the first call takes a while, and later ones are quick until "
    "the graph changes.",
    packed=tuple(PROJECTION_COLUMNS),
)
