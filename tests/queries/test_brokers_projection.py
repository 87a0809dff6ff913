"""The projection brokers and communities stand on: built right, kept only for equal rows.

A kept projection reused for rows that differ would show an analyst brokers
and communities of a graph that no longer exists; rebuilding for equal rows
would make every call pay the first call's seconds.
"""

from __future__ import annotations

import copy

from queries import projection as module
from queries.packed import pack
from queries.projection import org_graph, projection

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
