"""Brokers: organisations and people who bridge otherwise separate groups.

Betweenness centrality on the organisation projection of
:mod:`queries.projection`, with people kept as nodes so that a person who
works in two organisations can be a broker too. Groups are the Leiden
communities of the same projection; ``bridges`` names the groups a broker's
neighbours belong to.

Betweenness is exact up to :data:`EXACT_LIMIT` nodes; above that it is
estimated from :data:`SAMPLES` source nodes drawn with a fixed seed: networkx's
estimate (the same sources, the same values), computed by
:mod:`queries.betweenness`, Brandes' algorithm vectorised with numpy. The
estimate is unbiased but coarse. Against exact betweenness on the 10k
synthetic graph (1,154 projection nodes) the top broker was the same, 17 of
the top 20 and 8 of the top 10 agreed and the rank correlation over all nodes
was 0.98 (0.82 within the exact top 100), while the top 20's values were off
by a median of 21% and up to 50%; on the 100k graph (11,369 nodes) the top
broker was the same, 17 of the top 20 and 9 of the top 10 agreed, rank
correlation 0.98 (0.80), values off by a median of 18% and up to 99%
(bench/questions.py). Read the ranking, not the values. The ranking, like
the projection and its communities, is kept until the projection's rows
change (see :func:`queries.projection.projection`). On Neo4j, Cypher reads
the projection's edges (again only after the database commits a write, see
:mod:`queries.kept`) and the same Python code computes, because Neo4j
Community has no graph-algorithm library.

>>> from queries import ask
>>> ask("brokers", shaoxing)[["name", "kind", "betweenness", "groups"]].values.tolist()
[['绍兴中专', '中职', 0.1905, 2]]
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from graph.schema import SCHEMA
from queries.backend import Backend
from queries.betweenness import betweenness
from queries.names import concrete_label
from queries.projection import CYPHER, SEED, Projection, bipartite_rows, projection
from queries.projection import RAW_COLUMNS as PROJECTION_COLUMNS
from queries.question import Param, Question

__all__ = ["EXACT_LIMIT", "QUESTION", "SAMPLES", "betweenness"]

EXACT_LIMIT = 500
SAMPLES = 100


def _post(raw: pd.DataFrame, params: dict[str, Any], backend: Backend) -> pd.DataFrame:
    kept = projection(raw)
    ranked = kept.derived("brokers", lambda: _rank(kept))
    kind = params.get("kind")
    adj, data = kept.people_adjacency
    shown = [
        (i, value)
        for i, value in ranked
        if kind is None or (kind == "person") == data[adj.nodes[i]]["person"]
    ][: params["top"]]
    return pd.DataFrame(
        [_row(kept, i, value) for i, value in shown], columns=list(QUESTION.columns)
    )


def _rank(kept: Projection) -> list[tuple[int, float]]:
    """Every node with betweenness above 0 (its number in the projection's adjacency and its
    value, as shown: to four places), best first, ties by name and id: kept with the projection.

    Only the rows an answer shows are worded (:func:`_row`): at 136,000 organisations
    58,910 nodes have a betweenness, and naming the groups each one bridges took 1.7 s.
    """
    adj, data = kept.people_adjacency
    k = None if adj.n <= EXACT_LIMIT else SAMPLES
    between = betweenness(adj, k, SEED)
    found = [(i, round(value, 4)) for i, value in enumerate(between.values()) if value > 0]
    found.sort(key=lambda r: (-r[1], data[adj.nodes[r[0]]]["name"], adj.nodes[r[0]]))
    return found


def _row(kept: Projection, i: int, value: float) -> dict[str, Any]:
    """One broker's row: who, how central, and which communities its neighbours are in."""
    adj, data = kept.people_adjacency
    _, number = kept.communities
    centres = kept.derived("community centres", lambda: _centres(kept))
    node = adj.nodes[i]
    about = data[node]
    neighbours = [adj.nodes[j] for j in adj.indices[adj.indptr[i] : adj.indptr[i + 1]].tolist()]
    bridged = sorted({number[n] for n in neighbours if n in number})
    return {
        "name": about["name"],
        "kind": "人物" if about["person"] else SCHEMA.label(concrete_label(about["labels"])).short,
        "betweenness": value,
        "degree": len(neighbours),
        "groups": len(bridged),
        "bridges": "、".join(f"{g}:{data[centres[g]]['name']}" for g in bridged),
        "id": node,
    }


def _centres(kept: Projection) -> dict[int, str]:
    """Each community's most connected member, by number: the one ``communities`` shows as
    its centre (ties to the smaller id)."""
    strength = kept.strength
    groups, _ = kept.communities
    return {i + 1: min(c, key=lambda n: (-strength[n], n)) for i, c in enumerate(groups)}


QUESTION = Question(
    name="brokers",
    zh="桥梁单位与人物：连接原本分离群体的单位和人",
    en="Brokers: organisations and people who bridge otherwise separate groups",
    params=(
        Param("top", int, 20, help="how many brokers to list", low=1),
        Param("kind", help="only organisations or only people", choices=("organization", "person")),
    ),
    columns={
        "name": "broker",
        "kind": "its kind (人物 for a person)",
        "betweenness": "normalised betweenness centrality on the projection (0–1)",
        "degree": "neighbours in the projection",
        "groups": "how many communities its neighbours belong to",
        "bridges": "those communities, as number:most connected member",
        "id": "node id",
    },
    networkx=bipartite_rows,
    cypher=CYPHER,
    post=_post,
    sort=("-betweenness", "name", "id"),
    examples=({}, {"kind": "organization", "top": 5}),
    notes="A broker lies on many of the shortest routes between organisations that would "
    "otherwise be far apart. The network joins two organisations when they share a project, "
    "an alliance or a person, and keeps people in it, so that someone with posts in two "
    "organisations can be a broker. betweenness is the share of all shortest routes that "
    f"pass through the broker. Up to {EXACT_LIMIT:,} organisations and people it is exact; "
    f"above that it is estimated from the routes that start at {SAMPLES} of them, picked the "
    "same way every time, so the same graph gives the same list. Checked against the exact "
    "values on two synthetic graphs (1,154 and 11,369 organisations and people), the "
    "estimate found the same top broker and 17 of the top 20, but the values were off by "
    "about a fifth (median) and sometimes by half or more: read the order of the top few, "
    "not the numbers. groups and "
    "bridges say which communities (see communities) the broker's neighbours belong to. "
    "The answer is the same on Neo4j and on the embedded store; on a large graph the first "
    "call takes a while, and later ones are quick until the graph changes.",
    packed=tuple(PROJECTION_COLUMNS),
)
