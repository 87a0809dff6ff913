"""The filters the views share with the questions narrow the graph as an analyst expects."""

from __future__ import annotations

from graph.knowledge_graph import KnowledgeGraph
from graph.records import EdgeRecord, NodeRecord, NodeRef
from viz import build_view
from viz.filters import kinds_matching, restrict


def _names(kg: KnowledgeGraph, label: str) -> set[str]:
    return {n["name"] for n in kg.nodes(label)}


def test_region_keeps_the_organisations_located_in_it_or_below(shaoxing: KnowledgeGraph) -> None:
    inside = restrict(shaoxing, region="绍兴市")
    assert "浙江工业职业技术学院" in _names(shaoxing, "Organization")  # no region in the sample
    assert "浙江工业职业技术学院" not in _names(inside, "Organization")
    assert {"绍兴中专", "绍兴滨海新区管委会"} <= _names(inside, "Organization")


def test_as_of_drops_what_had_not_started_yet(shaoxing: KnowledgeGraph) -> None:
    before = restrict(shaoxing, as_of="2023-10")
    assert _names(before, "Event") == set()
    assert _names(before, "Project") == set()
    assert _names(restrict(shaoxing, as_of="2023-11"), "Event") == _names(shaoxing, "Event")


def test_as_of_drops_links_that_had_ended() -> None:
    kg = KnowledgeGraph()
    kg.add_node(NodeRecord("Enterprise", "甲有限公司"))
    kg.add_node(NodeRecord("HigherEducationInstitution", "一职业技术学院"))
    kg.add_edge(
        EdgeRecord(
            NodeRef(None, "甲有限公司"),
            "SIGNED",
            NodeRef(None, "一职业技术学院"),
            {"since": "2018", "until": "2020-06"},
        )
    )
    assert restrict(kg, as_of="2019").graph.number_of_edges() == 1
    assert restrict(kg, as_of="2021").graph.number_of_edges() == 0


def test_kind_names_the_schema_kinds_in_either_language() -> None:
    assert kinds_matching("高校, enterprise") == {"HigherEducationInstitution", "Enterprise"}


def test_a_node_kind_filter_keeps_the_named_centre(shaoxing: KnowledgeGraph) -> None:
    view = build_view(shaoxing, "ego", name="绍兴中专", depth=1, kind="人物")
    assert {n["group"] for n in view.nodes} == {"Person", "SecondaryVocationalSchool"}
    assert view.query == "iekg viz ego 绍兴中专 --depth 1 --kind 人物"
