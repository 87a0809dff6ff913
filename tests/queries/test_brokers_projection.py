"""The projection brokers and communities stand on: built right, kept only for equal rows.

A kept projection reused for rows that differ would show an analyst brokers
and communities of a graph that no longer exists; rebuilding for equal rows
would make every call pay the first call's seconds.
"""

from __future__ import annotations

import copy
import random

import igraph
import networkx as nx
import pytest

from queries import projection as module
from queries.packed import pack
from queries.projection import SEED, org_graph, projection

ROWS = [
    # orgId, org, orgLabels, industries, regions, hubs, people
    ("o1", "甲", ["Organization", "Enterprise"], [], [], ["h1", "h1"], [["p1", "王"]]),
    ("o2", "乙", ["Organization", "School"], [], [], ["h1", "h2"], [["p1", "王"]]),
    ("o3", "丙", ["Organization", "School"], [], [], ["h2"], [["p2", "李"]]),
    ("o4", "丁", ["Organization", "Enterprise"], [], [], [], [["p2", "李"]]),
]


def test_equal_rows_from_another_read_reuse_the_projection() -> None:
    first = projection(pack(ROWS))
    assert projection(pack(copy.deepcopy(ROWS))) is first  # as Neo4j returns them: new objects


def test_one_changed_value_builds_a_new_projection() -> None:
    first = projection(pack(ROWS))
    changed = copy.deepcopy(ROWS)
    changed[2] = (*changed[2][:5], ["h1"], changed[2][6])
    assert projection(pack(changed)) is not first
    assert projection(pack(ROWS)) is first  # the previous one is still kept


def test_only_the_latest_projections_are_kept() -> None:
    kept = [projection(pack(ROWS[: n + 1])) for n in range(module.KEPT + 1)]
    assert projection(pack(ROWS[:1])) is not kept[0]


def test_shared_hubs_and_people_weigh_the_projection() -> None:
    found = [dict(zip(module.RAW_COLUMNS, row, strict=True)) for row in ROWS]
    orgs = org_graph(found, people_as_nodes=False)
    # o1-o2 share h1 (listed twice for o1: counted once) and p1; o3-o4 share p2
    assert sorted((*sorted((a, b)), w) for a, b, w in orgs.edges(data="weight")) == [
        ("o1", "o2", 2), ("o2", "o3", 1), ("o3", "o4", 1),
    ]  # fmt: skip
    people = org_graph(found, people_as_nodes=True)
    assert sorted((*sorted((a, b)), w) for a, b, w in people.edges(data="weight")) == [
        ("o1", "o2", 1), ("o1", "p1", 1), ("o2", "o3", 1), ("o2", "p1", 1), ("o3", "p2", 1),
        ("o4", "p2", 1),
    ]  # fmt: skip
    adj, data = projection(pack(ROWS)).people_adjacency
    assert adj.nodes == sorted(people)
    for i, node in enumerate(adj.nodes):
        around = {adj.nodes[j] for j in adj.indices[adj.indptr[i] : adj.indptr[i + 1]]}
        assert around == set(people[node]), node
    assert data["p1"] == {"name": "王", "labels": [], "person": True}


def _random_rows(seed: int) -> list[tuple]:
    """Organisations in projects and alliances of random size, some people in two posts."""
    rng = random.Random(seed)
    hubs = [f"h{i}" for i in range(40)]
    people = [[f"p{i}", f"人{i}"] for i in range(30)]
    return [
        (f"o{i:03d}", f"单位{i}", ["Organization", "Enterprise"], [], [],
         rng.sample(hubs, rng.randint(0, 3)), rng.sample(people, rng.randint(0, 2)))
        for i in rng.sample(range(200), 120)
    ]  # fmt: skip


@pytest.mark.parametrize("seed", range(4))
def test_communities_are_connected_and_as_tight_as_networkx_louvain(seed: int) -> None:
    """Every organisation is in one connected community, numbered largest first, and the
    partition is about as tight as networkx's Louvain's on the same graph (either may come
    out a little ahead on a small random graph)."""
    kept = projection(pack(_random_rows(seed)))
    graph = kept.orgs
    groups, number = kept.communities
    assert sorted(n for g in groups for n in g) == sorted(graph)
    assert all(nx.is_connected(graph.subgraph(g)) for g in groups)
    assert [len(g) for g in groups] == sorted((len(g) for g in groups), reverse=True)
    assert all(number[n] == i + 1 for i, g in enumerate(groups) for n in g)
    louvain = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    modularity = nx.community.modularity(graph, [set(g) for g in groups], weight="weight")
    assert modularity >= nx.community.modularity(graph, louvain, weight="weight") - 0.01
    assert kept.strength == dict(graph.degree(weight="weight"))


def test_separate_teams_are_found_as_they_are() -> None:
    """Six projects of five, each pair of projects sharing one member organisation: a ring of
    tight groups joined by single links comes back as those groups."""
    rows = [
        (f"o{i:02d}", f"单位{i}", ["Organization", "Enterprise"], [], [],
         [f"h{i // 5}", *([f"link{i // 5}"] if i % 5 == 4 else []),
          *([f"link{(i // 5 - 1) % 6}"] if i % 5 == 0 else [])], [])
        for i in range(30)
    ]  # fmt: skip
    groups, _ = projection(pack(rows)).communities
    assert sorted(groups) == [[f"o{i:02d}" for i in range(k, k + 5)] for k in range(0, 30, 5)]


def test_the_same_rows_give_the_same_communities_and_leave_random_alone() -> None:
    """Seeded: a new projection of the same rows (another session, the other backend) is
    grouped the same, whatever the program drew from :mod:`random` before; and grouping
    draws nothing from the program's own :mod:`random`."""
    rows = _random_rows(5)
    first = projection(pack(rows)).communities
    module._KEPT.clear()
    random.seed(1)
    state = random.getstate()
    again = projection(pack(copy.deepcopy(rows))).communities
    assert random.getstate() == state
    assert again == first
    # igraph draws from the program's random again afterwards
    random.seed(5)
    one = igraph.Graph.Erdos_Renyi(n=30, p=0.3).get_edgelist()
    random.seed(5)
    assert igraph.Graph.Erdos_Renyi(n=30, p=0.3).get_edgelist() == one


def test_rows_in_another_order_give_the_same_communities() -> None:
    """Neo4j returns organisations, hubs and people in no fixed order: the groups must not
    depend on it, or the two backends would disagree."""
    rows = _random_rows(6)
    first = projection(pack(rows)).communities
    rng = random.Random(1)
    for _ in range(3):
        shuffled = [
            (*r[:5], rng.sample(r[5], len(r[5])), rng.sample(r[6], len(r[6]))) for r in rows
        ]
        rng.shuffle(shuffled)
        module._KEPT.clear()
        assert projection(pack(shuffled)).communities == first


@pytest.mark.parametrize("seed", range(4))
def test_brokers_name_each_community_by_the_centre_communities_shows(seed: int) -> None:
    """``bridges`` says ``3:name``; that name is community 3's centre in ``communities``,
    also when two members are equally connected."""
    from queries import brokers, communities

    raw = pack(_random_rows(seed))
    centres = communities._post(raw, {"min_size": 1}, None).set_index("community")["centre"]
    found = brokers._post(raw, {"top": 1000, "kind": None}, None)
    named = [part.split(":", 1) for text in found["bridges"] if text for part in text.split("、")]
    assert named and all(centres[int(number)] == name for number, name in named)
