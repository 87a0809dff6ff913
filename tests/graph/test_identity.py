"""Which records are one node: events by date and place, people by organisation.

Names alone do not identify events (签约仪式 is held somewhere every week) or
people (张伟): merging namesakes made false school–enterprise links.
"""

from __future__ import annotations

import pytest

from graph.errors import SchemaError
from graph.ids import make_id
from graph.knowledge_graph import KnowledgeGraph
from graph.records import EdgeRecord, NodeRecord, NodeRef, Provenance


def _event(name: str, source: str, **props: str) -> NodeRecord:
    return NodeRecord("Event", name, props=props, provenance=Provenance(source))


def test_same_named_events_on_different_dates_are_two_events() -> None:
    kg = KnowledgeGraph()
    a = kg.add_node(_event("校企合作签约仪式", "a", date="2024-05-10"))
    b = kg.add_node(_event("校企合作签约仪式", "b", date="2022-03-08"))
    assert a != b
    assert len(kg) == 2


def test_the_same_event_reported_twice_is_one_event() -> None:
    kg = KnowledgeGraph()
    a = kg.add_node(_event("校企合作签约仪式", "a", date="2024-05-10", place="绍兴"))
    b = kg.add_node(_event("校企合作 签约仪式", "b", date="2024-05-10", place="绍兴"))
    c = kg.add_node(_event("成立大会", "a", date="2024-05-10"))
    d = kg.add_node(_event("成立大会", "b", date="2024-05-10"))
    assert (a, c) == (b, d)
    assert kg.node(a)["sources"] == kg.node(c)["sources"] == ["a", "b"]


def test_an_event_stated_with_a_place_is_kept_apart_from_one_without() -> None:
    # Merging would be order-dependent: which of 绍兴's and 宁波's ceremony
    # of that day would a report without a place join?
    kg = KnowledgeGraph()
    a = kg.add_node(_event("签约仪式", "a", date="2024-05-10", place="绍兴"))
    b = kg.add_node(_event("签约仪式", "b", date="2024-05-10"))
    assert a != b


def test_one_name_and_date_at_two_stated_places_is_two_events() -> None:
    kg = KnowledgeGraph()
    a = kg.add_node(_event("签约仪式", "a", date="2024-05-10", place="绍兴"))
    b = kg.add_node(_event("签约仪式", "b", date="2024-05-10", place="宁波"))
    assert a != b


@pytest.mark.parametrize("undated_first", [True, False])
def test_an_undated_event_does_not_absorb_a_dated_one(undated_first: bool) -> None:
    kg = KnowledgeGraph()
    records = [_event("成立大会", "a"), _event("成立大会", "b", date="2023-11-10")]
    ids = [kg.add_node(r) for r in (records if undated_first else records[::-1])]
    assert ids[0] != ids[1]


def test_event_ids_are_content_derived_from_name_date_and_place() -> None:
    dated = make_id("Event", "签约仪式", scope=("2024-05-10", "绍兴"))
    assert dated == make_id("Event", "签约 仪式", scope=("2024-05-10", "绍兴"))
    assert dated != make_id("Event", "签约仪式", scope=("2024-05-10", ""))
    assert make_id("Event", "签约仪式", scope=("", "绍兴")) != make_id(
        "Event", "签约仪式", scope=("绍兴", "")
    )
    kg = KnowledgeGraph()
    assert kg.add_node(_event("签约仪式", "a", date="2024-05-10", place="绍兴")) == dated


def _person(name: str, org: str | None, source: str) -> list[NodeRecord | EdgeRecord]:
    prov = Provenance(source)
    scope = (org,) if org else ()
    records: list[NodeRecord | EdgeRecord] = [
        NodeRecord("Person", name, provenance=prov, scope=scope)
    ]
    if org:
        records.append(
            EdgeRecord(
                NodeRef("Person", name, scope), "WORKS_AT", NodeRef("Organization", org), {}, prov
            )
        )
    return records


def _orgs(kg: KnowledgeGraph) -> None:
    kg.add_node(NodeRecord("Enterprise", "杭州甲科技有限公司"))
    kg.add_node(
        NodeRecord("SecondaryVocationalSchool", "绍兴市中等专业学校", aliases=("绍兴中专",))
    )


def test_namesakes_at_different_organisations_are_two_people() -> None:
    kg = KnowledgeGraph()
    _orgs(kg)
    kg.add(_person("张伟", "杭州甲科技有限公司", "a"))
    kg.add(_person("张伟", "绍兴中专", "b"))
    people = sorted(kg.nodes("Person"), key=lambda n: n["sources"])
    assert len(people) == 2
    works = {(e["source"], kg.node(e["target"])["name"]) for e in kg.edges("WORKS_AT")}
    assert works == {
        (people[0]["id"], "杭州甲科技有限公司"),
        (people[1]["id"], "绍兴市中等专业学校"),
    }


def test_one_name_at_one_organisation_under_two_of_its_names_is_one_person() -> None:
    kg = KnowledgeGraph()
    _orgs(kg)
    kg.add(_person("於芳", "绍兴中专", "a"))
    kg.add(_person("於芳", "绍兴市中等专业学校", "b"))
    [person] = kg.nodes("Person")
    assert person["sources"] == ["a", "b"]


def test_a_person_with_no_organisation_is_not_merged_into_one_placed_at_one() -> None:
    kg = KnowledgeGraph()
    _orgs(kg)
    kg.add(_person("张伟", "杭州甲科技有限公司", "a"))
    kg.add(_person("张伟", None, "b"))
    assert len(list(kg.nodes("Person"))) == 2


def test_people_keep_their_scope_through_a_save_and_reload() -> None:
    kg = KnowledgeGraph()
    _orgs(kg)
    kg.add(_person("张伟", "杭州甲科技有限公司", "a"))
    kg.add(_person("张伟", None, "b"))
    again = KnowledgeGraph.from_dict(kg.to_dict())
    again.add(_person("张伟", "杭州甲科技有限公司", "c"))
    again.add(_person("张伟", "绍兴中专", "d"))
    again.add(_person("张伟", None, "e"))
    people = sorted(n["sources"] for n in again.nodes("Person"))
    assert people == [["a", "c"], ["b", "e"], ["d"]]


def test_a_bare_name_resolves_to_the_namesake_its_source_states() -> None:
    kg = KnowledgeGraph()
    kg.add_node(NodeRecord("Enterprise", "宁波乙机械有限公司"))
    kg.add_node(_event("签约仪式", "a", date="2024-05-10"))
    kg.add_node(_event("签约仪式", "b", date="2022-03-08"))
    kg.add_edge(
        EdgeRecord(
            NodeRef("Organization", "宁波乙机械有限公司"),
            "ATTENDED",
            NodeRef("Event", "签约仪式"),
            provenance=Provenance("b"),
        )
    )
    [edge] = kg.edges("ATTENDED")
    assert kg.node(edge["target"])["props"]["date"] == "2022-03-08"


def test_a_bare_name_that_several_namesakes_share_is_refused_naming_them() -> None:
    kg = KnowledgeGraph()
    kg.add_node(NodeRecord("Enterprise", "宁波乙机械有限公司"))
    kg.add_node(_event("签约仪式", "a", date="2024-05-10"))
    kg.add_node(_event("签约仪式", "b", date="2022-03-08"))
    edge = EdgeRecord(
        NodeRef("Organization", "宁波乙机械有限公司"),
        "ATTENDED",
        NodeRef("Event", "签约仪式"),
        provenance=Provenance("c", path="relationships.csv", row=4),
    )
    with pytest.raises(SchemaError) as raised:
        kg.add_edge(edge)
    assert str(raised.value) == (
        "relationships.csv row 4: ATTENDED: '签约仪式' may be any of 2 Events of that name "
        "(2024-05-10; 2022-03-08); give each a distinct name, or state this relationship "
        "in the same source as the one meant"
    )


def test_sources_are_one_node_per_key_whatever_their_titles() -> None:
    kg = KnowledgeGraph()
    a = kg.add_node(NodeRecord("Source", "校企合作签约仪式举行", scope=("https://a.cn/1",)))
    b = kg.add_node(NodeRecord("Source", "校企合作签约仪式举行", scope=("https://b.cn/2",)))
    c = kg.add_node(NodeRecord("Source", "另一个标题", scope=("https://a.cn/1",)))
    assert a != b
    assert a == c


def test_a_graph_read_back_names_its_people_as_the_graph_that_saved_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A person first stated with no organisation, then placed at one by a relationship,
    is named by a bare mention as before a save and a load: the same files load the
    same way in one command or in two."""
    from graph.embedded_store import EmbeddedStore

    def mention(kg: KnowledgeGraph) -> str | None:
        """Where a later source's bare 张伟 goes (None: refused as ambiguous)."""
        project = kg.add_node(NodeRecord("Project", "项目X", provenance=Provenance("c")))
        edge = EdgeRecord(
            NodeRef("Person", "张伟"), "LEADS", NodeRef("Project", "项目X"),
            provenance=Provenance("c", path="d3.csv", row=2),
        )  # fmt: skip
        try:
            kg.add_edge(edge)
        except SchemaError:
            return None
        [leads] = [e for e in kg.edges("LEADS") if e["target"] == project]
        return str(leads["source"])

    kg = KnowledgeGraph()
    _orgs(kg)
    kg.add_node(NodeRecord("Person", "张伟", provenance=Provenance("a")))
    firm = NodeRef("Enterprise", "杭州甲科技有限公司")
    kg.add_edge(EdgeRecord(NodeRef("Person", "张伟"), "WORKS_AT", firm, provenance=Provenance("a")))
    kg.add(_person("张伟", "绍兴中专", "b"))  # a namesake elsewhere
    store = EmbeddedStore(tmp_path)
    store.write_graph(kg)
    again = store.read_graph()
    assert mention(again) == mention(kg)
