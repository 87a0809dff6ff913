"""KnowledgeGraph: pattern checks, ids, aliases and merge semantics."""

from __future__ import annotations

import pytest

from graph.errors import SchemaError
from graph.knowledge_graph import KnowledgeGraph
from graph.records import EdgeRecord, NodeRecord, NodeRef, Provenance
from loaders import SAMPLE_PATH
from loaders.tables import read_table_folder

ROW_3 = Provenance("source-a", path="shaoxing/people.csv", row=3)
ARTICLE = Provenance("source-b", sentence="绍兴中专党委书记於芳致辞。", start=10, end=23)


def _kg() -> KnowledgeGraph:
    kg = KnowledgeGraph()
    kg.add_node(
        NodeRecord(
            "SecondaryVocationalSchool",
            "绍兴市中等专业学校",
            aliases=("绍兴中专",),
            provenance=ROW_3,
        )
    )
    kg.add_node(NodeRecord("Person", "於芳", provenance=ROW_3))
    kg.add_node(NodeRecord("Industry", "集成电路", provenance=ROW_3))
    return kg


def test_a_bad_edge_is_refused_citing_its_row() -> None:
    kg = _kg()
    with pytest.raises(SchemaError) as error:
        kg.add_edge(
            EdgeRecord(
                NodeRef("Person", "於芳"),
                "MEMBER_OF",
                NodeRef("Industry", "集成电路"),
                provenance=ROW_3,
            )
        )
    assert str(error.value) == (
        "shaoxing/people.csv row 3: Person -[MEMBER_OF]-> Industry is not allowed by the "
        "schema; MEMBER_OF connects Organization→Alliance"
    )
    assert kg.graph.number_of_edges() == 0


def test_a_bad_edge_from_an_article_cites_the_sentence() -> None:
    kg = _kg()
    with pytest.raises(
        SchemaError,
        match="^“绍兴中专党委书记於芳致辞。”: WORKS_AT: no Organization called '绍兴文理学院'",
    ):
        kg.add_edge(
            EdgeRecord(
                NodeRef("Person", "於芳"),
                "WORKS_AT",
                NodeRef("Organization", "绍兴文理学院"),
                provenance=ARTICLE,
            )
        )


def test_an_alias_reaches_the_same_node() -> None:
    kg = _kg()
    kg.add_edge(
        EdgeRecord(
            NodeRef("Person", "於芳"),
            "WORKS_AT",
            NodeRef("Organization", "绍兴中专"),
            {"title": "党委书记"},
            ARTICLE,
        )
    )
    school = kg.resolve("绍兴市中等专业学校")
    assert kg.resolve("绍兴中专") == school
    assert kg.resolve("绍兴中专", "School") == school
    assert kg.resolve("绍兴中专", "Enterprise") is None
    [edge] = kg.edges("WORKS_AT")
    assert edge["target"] == school


def test_an_alias_record_merges_into_the_node() -> None:
    kg = _kg()
    kg.add_node(NodeRecord("SecondaryVocationalSchool", "绍兴中专", provenance=ARTICLE))
    assert len(list(kg.nodes("School"))) == 1
    school = kg.node(kg.resolve("绍兴中专"))
    assert school["name"] == "绍兴市中等专业学校"
    assert school["aliases"] == ["绍兴中专"]
    assert school["sources"] == ["source-a", "source-b"]


def test_full_and_half_width_spellings_are_one_node() -> None:
    kg = KnowledgeGraph()
    a = kg.add_node(NodeRecord("Enterprise", "浙江（绍兴）ABC有限公司"))
    b = kg.add_node(NodeRecord("Enterprise", "浙江(绍兴)ＡＢＣ 有限公司"))
    assert a == b
    assert kg.node(a)["name"] == "浙江（绍兴）ABC有限公司"  # shown as first written
    assert kg.node(a)["aliases"] == ["浙江(绍兴)ＡＢＣ 有限公司"]


def test_loading_the_same_facts_twice_changes_nothing() -> None:
    records = read_table_folder(SAMPLE_PATH).records
    once = KnowledgeGraph()
    once.add(records)
    twice = KnowledgeGraph()
    twice.add(records)
    twice.add(records)
    assert twice == once
    assert twice.stats() == once.stats()


def test_conflicting_values_are_kept_side_by_side_with_their_sources() -> None:
    # (Two dates of an event would make two events: see test_identity.py.)
    kg = KnowledgeGraph()
    for date, source in (("2023-11-10", "source-a"), ("2023-11-11", "source-b")):
        kg.add_node(
            NodeRecord(
                "Enterprise",
                "某科技有限公司",
                props={"founded": date},
                provenance=Provenance(source),
            )
        )
    company = kg.node(kg.resolve("某科技有限公司"))
    assert company["props"]["founded"] == "2023-11-10"
    assert company["conflicts"]["founded"] == [
        {"value": "2023-11-10", "sources": ["source-a"]},
        {"value": "2023-11-11", "sources": ["source-b"]},
    ]


def test_roles_accumulate_instead_of_conflicting() -> None:
    kg = KnowledgeGraph()
    kg.add_node(NodeRecord("HigherEducationInstitution", "某职业技术学院"))
    kg.add_node(NodeRecord("Alliance", "某产教联合体"))
    for role in ("牵头单位", "理事长单位", "牵头单位"):
        kg.add_edge(
            EdgeRecord(
                NodeRef("Organization", "某职业技术学院"),
                "MEMBER_OF",
                NodeRef("Alliance", "某产教联合体"),
                {"role": role},
            )
        )
    [edge] = kg.edges("MEMBER_OF")
    assert edge["props"]["role"] == "牵头单位、理事长单位"
    assert edge["conflicts"] == {}


def test_symmetric_relationships_are_stored_once() -> None:
    kg = KnowledgeGraph()
    kg.add_node(NodeRecord("Enterprise", "某科技有限公司"))
    kg.add_node(NodeRecord("SecondaryVocationalSchool", "某中专"))
    a, b = NodeRef("Organization", "某科技有限公司"), NodeRef("Organization", "某中专")
    kg.add_edge(EdgeRecord(a, "SIGNED", b, {"agreement": "校企合作协议"}))
    kg.add_edge(EdgeRecord(b, "SIGNED", a, {"agreement": "校企合作协议"}))
    assert len(list(kg.edges("SIGNED"))) == 1


def test_a_self_loop_is_refused() -> None:
    kg = _kg()
    with pytest.raises(SchemaError, match="PART_OF from '绍兴中专' to itself"):
        kg.add_edge(
            EdgeRecord(
                NodeRef("Organization", "绍兴中专"),
                "PART_OF",
                NodeRef("Organization", "绍兴市中等专业学校"),
            )
        )


def test_records_refuse_unknown_properties_and_bad_dates() -> None:
    with pytest.raises(
        SchemaError,
        match="^shaoxing/people.csv row 3: Event: unknown property "
        "'venue'; allowed: kind, date, place$",
    ):
        NodeRecord("Event", "大会", props={"venue": "绍兴"}, provenance=ROW_3)
    with pytest.raises(SchemaError, match="Event.date: '2023-13-01' is not a real date"):
        NodeRecord("Event", "大会", props={"date": "2023-13-01"})
    with pytest.raises(SchemaError, match="label 'School' is abstract"):
        NodeRecord("School", "某学校")
    with pytest.raises(SchemaError, match="Person: empty name"):
        NodeRecord("Person", " \u200b ")


def test_a_record_whose_names_join_two_nodes_merges_them_with_their_links() -> None:
    kg = KnowledgeGraph()
    a, b = Provenance("source-a"), Provenance("source-b")
    kg.add_node(NodeRecord("SecondaryVocationalSchool", "绍兴中专", provenance=a))
    kg.add_node(NodeRecord("SecondaryVocationalSchool", "绍兴市中等专业学校", provenance=b))
    kg.add_node(NodeRecord("Person", "於芳", provenance=a))
    kg.add_node(NodeRecord("Person", "周劲松", provenance=b))
    kg.add_edge(
        EdgeRecord(
            NodeRef("Person", "於芳"),
            "WORKS_AT",
            NodeRef("Organization", "绍兴中专"),
            {"title": "党委书记"},
            a,
        )
    )
    kg.add_edge(
        EdgeRecord(
            NodeRef("Person", "周劲松"),
            "WORKS_AT",
            NodeRef("Organization", "绍兴市中等专业学校"),
            {"title": "校长"},
            b,
        )
    )
    joined = kg.add_node(
        NodeRecord(
            "SecondaryVocationalSchool", "绍兴中专", aliases=("绍兴市中等专业学校",), provenance=a
        )
    )
    assert len(list(kg.nodes("School"))) == 1
    school = kg.node(joined)
    assert (school["name"], school["aliases"]) == ("绍兴中专", ["绍兴市中等专业学校"])
    assert school["sources"] == ["source-a", "source-b"]
    assert kg.resolve("绍兴市中等专业学校") == joined
    titles = {kg.node(e["source"])["name"]: e["props"]["title"] for e in kg.edges("WORKS_AT")}
    assert titles == {"於芳": "党委书记", "周劲松": "校长"}
    assert all(e["target"] == joined for e in kg.edges("WORKS_AT"))
