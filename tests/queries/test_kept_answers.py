"""Whole-graph answers are kept between calls, and never outlive a change to the graph.

brokers, communities, timeline, people, alliance-composition,
industry-coverage, and connections and changes over the whole graph keep
what they read from an in-memory graph (and the projection, its communities
and betweenness) until the graph changes; an analyst who adds records and
asks again must see the new records.
"""

from __future__ import annotations

import pandas as pd

from conftest import load_sample
from graph.dates import date_end
from graph.knowledge_graph import KnowledgeGraph
from graph.records import EdgeRecord, NodeRecord, NodeRef, Provenance
from queries import ask
from queries.packed import pack
from queries.projection import projection

PROV = Provenance("source-x", "t.csv", 2)


def _works_at(kg: KnowledgeGraph, person: str, org: str) -> None:
    kg.add_edge(EdgeRecord(NodeRef("Person", person), "WORKS_AT", NodeRef(None, org), {}, PROV))


def test_a_new_post_shows_in_people_and_communities_asked_again() -> None:
    kg = KnowledgeGraph()
    people_and_orgs = (
        ("Person", "李明"),
        ("HigherEducationInstitution", "甲职业技术学院"),
        ("Enterprise", "乙科技有限公司"),
        ("Enterprise", "丙制造有限公司"),
    )
    for label, name in people_and_orgs:
        kg.add_node(NodeRecord(label, name, provenance=PROV))
    _works_at(kg, "李明", "甲职业技术学院")
    _works_at(kg, "李明", "乙科技有限公司")
    assert ask("people", kg, multi=True).organization.tolist() == [
        "乙科技有限公司",
        "甲职业技术学院",
    ]
    assert ask("communities", kg)["size"].tolist() == [2]

    _works_at(kg, "李明", "丙制造有限公司")

    again = ask("people", kg, multi=True)
    assert again.organization.tolist() == ["丙制造有限公司", "乙科技有限公司", "甲职业技术学院"]
    assert set(again.organizations) == {3}
    assert ask("communities", kg)["size"].tolist() == [3]


def test_a_new_dated_fact_shows_in_the_timeline_asked_again(shaoxing: KnowledgeGraph) -> None:
    before = ask("timeline", shaoxing)
    shaoxing.add_node(NodeRecord("Enterprise", "丁新材料有限公司", props={"founded": "2024-05"},
                                 provenance=PROV))  # fmt: skip
    after = ask("timeline", shaoxing)
    assert len(after) == len(before) + 1
    assert after[after.subject == "丁新材料有限公司"].what.tolist() == ["founded"]


def test_the_projection_is_reused_only_for_the_same_rows() -> None:
    rows = [["org-a", "甲", ["Organization", "Enterprise"], [], [], ["project-1"], []],
            ["org-b", "乙", ["Organization", "Enterprise"], [], [], ["project-1"], []]]  # fmt: skip
    first = projection(pack(rows))
    assert projection(pack([list(r) for r in rows])) is first
    changed = projection(pack([*rows[:1], [*rows[1][:5], ["project-2"], []]]))
    assert changed is not first
    assert first.orgs.number_of_edges() == 1 and changed.orgs.number_of_edges() == 0


def test_a_new_partnership_shows_in_connections_and_changes_asked_again(
    shaoxing: KnowledgeGraph,
) -> None:
    before = ask("connections", shaoxing)
    assert ask("changes", shaoxing, start="2024-01", end="2025").query("change == 'new'").empty
    shaoxing.add_node(NodeRecord("Enterprise", "丁新材料有限公司", provenance=PROV))
    shaoxing.add_edge(EdgeRecord(NodeRef("Enterprise", "丁新材料有限公司"), "SIGNED",
                                 NodeRef(None, "绍兴中专"), {"date": "2024-05"}, PROV))  # fmt: skip

    after = ask("connections", shaoxing)
    assert len(after) == len(before) + 1
    added = after[after.enterprise == "丁新材料有限公司"]
    assert added[["school", "kinds", "since"]].values.tolist() == [
        ["绍兴中专", "stated", "2024-05"]
    ]
    changes = ask("changes", shaoxing, start="2024-01", end="2025")
    assert changes.query("change == 'new'").enterprise.tolist() == ["丁新材料有限公司"]


def test_changing_an_answer_leaves_the_next_one_as_it_was(shaoxing: KnowledgeGraph) -> None:
    first = ask("connections", shaoxing)
    expected = first.copy()
    first.loc[:, "strength"] = 0.0
    first.loc[:, "enterprise"] = "改过的名字"
    pd.testing.assert_frame_equal(ask("connections", shaoxing), expected)
    by_kind = ask("connections", shaoxing, kind="project")
    assert len(by_kind) < len(expected)
    assert set(by_kind.enterprise) <= set(expected.enterprise)


def test_many_dates_asked_of_one_graph_give_what_a_fresh_graph_gives() -> None:
    """More dates than are kept: tables dropped and made again still agree."""
    kept = load_sample()
    dates = ["2021", "2022-06", "2023", "2023-06", "2023-11", "2024", "2024-06", "2025"]
    for start, end in zip(dates, dates[2:] + dates[:2], strict=True):
        start, end = sorted((start, end), key=date_end)
        fresh = ask("changes", load_sample(), start=start, end=end)
        pd.testing.assert_frame_equal(ask("changes", kept, start=start, end=end), fresh)
        as_of = ask("connections", load_sample(), as_of=end)
        pd.testing.assert_frame_equal(ask("connections", kept, as_of=end), as_of)


def test_text_columns_stay_text_when_one_date_has_no_links(shaoxing: KnowledgeGraph) -> None:
    """Before 1990 nothing links anyone: that date's table is empty, its text still text."""
    df = ask("changes", shaoxing, start="1990", end="2023")
    assert set(df.change) == {"new"}
    text = ["change", "changeZh", "enterprise", "school", "kinds", "since", "sources"]
    assert [str(df[c].dtype) for c in text] == ["str"] * len(text)
    none = ask("connections", shaoxing, kind="person", min_depth=6)
    assert none.empty
    assert [str(none[c].dtype) for c in ("enterprise", "depth", "via")] == ["str"] * 3
