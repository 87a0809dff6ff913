"""path lists only the paths that can rank among the n best: the answer must not change.

The reference lists every simple path of at most k hops (the exponential
search the question used to run) and ranks them with the same
post-processing; the question's own search must give the same table for
pairs of nodes in a generated graph, whatever k, n and the supernode limit.
"""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from conftest import load_sample
from graph.knowledge_graph import KnowledgeGraph
from loaders.synth import write_synthetic
from loaders.tables import read_table_folder
from queries import ask
from queries.backend import GraphBackend
from queries.names import LABEL
from queries.path import QUESTION, passable, path_rows
from queries.question import finish


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    kg = load_sample()
    folder = write_synthetic(tmp_path_factory.mktemp("synth"), 300, 5).folder
    kg.add(read_table_folder(Path(folder)).records)
    return kg


def every_path_answer(kg: KnowledgeGraph, **params: object) -> pd.DataFrame:
    """The answer ranked from every simple path (small graphs only)."""
    bound = QUESTION.bind(params)
    a, b = bound["a"], bound["b"]
    view = nx.subgraph_view(
        kg.graph.to_undirected(as_view=True),
        filter_node=lambda n: n in (a, b) or passable(kg, n, bound["hubs"], bound["max_degree"]),
    )
    found = sorted({tuple(p) for p in nx.all_simple_paths(view, a, b, cutoff=bound["k"])})
    raw = path_rows(kg, [list(p) for p in found])
    return finish(QUESTION.post(raw, bound, GraphBackend(kg)), QUESTION)


def test_the_best_paths_are_those_every_path_ranks_best(synthetic: KnowledgeGraph) -> None:
    rng = random.Random(7)
    ids = sorted(n for n, d in synthetic.graph.nodes(data=True) if d["label"] != LABEL.Source)
    compared = 0
    while compared < 40:
        a = rng.choice(ids)
        near = sorted(set(nx.all_neighbors(synthetic.graph, a)))
        if not near:
            continue
        via = rng.choice(near)
        b = rng.choice(sorted(set(nx.all_neighbors(synthetic.graph, via)) - {a}) or ids)
        if b == a:
            continue
        params = {
            "a": a,
            "b": b,
            "k": rng.choice([2, 3]),
            "n": rng.choice([1, 3, 5]),
            "hubs": rng.random() < 0.2,
            "max_degree": rng.choice([8, 50]),
        }
        assert_frame_equal(ask("path", synthetic, **params), every_path_answer(synthetic, **params))
        compared += 1


def test_path_settles_between_the_busiest_nodes(synthetic: KnowledgeGraph) -> None:
    """Between the two busiest organisations, the answer comes from a bounded search."""
    busiest = sorted(
        (n["id"] for n in synthetic.nodes(LABEL.Organization)),
        key=lambda n: (-synthetic.graph.degree(n), n),
    )[:2]
    df = ask("path", synthetic, a=busiest[0], b=busiest[1], k=4, n=3)
    assert df["path"].nunique() == 3
    assert list(df.groupby("path")["cost"].first()) == sorted(df.groupby("path")["cost"].first())
