"""Each question on the Shaoxing sample, with the values an analyst would check."""

from __future__ import annotations

import pytest

from graph.errors import QueryError
from graph.knowledge_graph import KnowledgeGraph
from graph.records import EdgeRecord, NodeRecord, NodeRef, Provenance
from queries import REGISTRY, ask, find_question

SEED = "《绍兴数字工匠“中高政园企”共育联盟成立大会召开》（蓝媒教育，2023-11）"


def test_catalogue_has_the_issue_questions() -> None:
    wanted = {"connections", "partners", "path", "alliance-composition", "industry-coverage",
              "brokers", "communities", "people", "timeline", "changes", "ego"}  # fmt: skip
    assert wanted <= set(REGISTRY)
    for question in REGISTRY.values():
        assert question.zh and question.en and question.cypher, question.name


def test_connections_rank_the_workstation_pair_first(shaoxing: KnowledgeGraph) -> None:
    df = ask("connections", shaoxing)
    assert len(df) == 12
    top = df.iloc[0]
    assert (top.enterprise, top.school, top.schoolKind) == (
        "绍兴中科通信设备有限公司",
        "绍兴中专",
        "中职",
    )
    assert (top.kinds, int(top.depthLevel), top.depth) == (
        "stated、project、event",
        5,
        "5 联合研发 joint R&D",
    )
    assert top.via == (
        "stated: 王苗庆创新工作站揭牌；project: 王苗庆创新工作站；"
        "event: 数字工匠共育项目签约仪式、绍兴数字工匠“中高政园企”共育联盟成立大会"
    )
    # depth 5/6 of 40 + 3 of 5 kinds of 20 + recent 20 + one source of three 20
    assert float(top.strength) == 72.0
    assert (top.since, top.sources) == ("2023-11-10", SEED)
    assert set(df.columns) >= {"enterprise", "school", "schoolKind", "kinds", "via", "strength",
                               "since", "sources", "enterpriseId", "schoolId"}  # fmt: skip


def test_connections_filters(shaoxing: KnowledgeGraph) -> None:
    assert ask("connections", shaoxing, min_depth=1)["school"].tolist() == ["绍兴中专"]
    alliance = ask("connections", shaoxing, kind="alliance")
    assert sorted(alliance.school) == ["浙江工业职业技术学院", "绍兴中专", "绍兴职业技术学院"]
    assert set(alliance.enterprise) == {"浙江时立态合科技有限公司"}
    assert ask("connections", shaoxing, as_of="2023-10").empty  # before the founding meeting
    assert len(ask("connections", shaoxing, as_of="2023-11")) == 12
    # 浙江工业职业技术学院 has no region: a pair is in 绍兴市 when its firm is (浙江时立态合
    # has no region either), and 绍兴滨海新区 counts as part of 绍兴市
    in_city = ask("connections", shaoxing, region="绍兴市", school="浙江工业职业技术学院")
    assert in_city.enterprise.tolist() == ["绍兴中科通信设备有限公司"]


def test_names_resolve_by_alias_and_unique_part(shaoxing: KnowledgeGraph) -> None:
    by_alias = ask("alliance-composition", shaoxing, alliance="绍兴数字工匠共育联盟")
    assert by_alias.alliance.tolist() == ["绍兴数字工匠“中高政园企”共育联盟"]
    assert ask("partners", shaoxing, name="时立态合").shape[0] == 16


def test_an_ambiguous_name_lists_the_candidates(shaoxing: KnowledgeGraph) -> None:
    with pytest.raises(QueryError) as err:
        ask("connections", shaoxing, school="绍兴")
    assert str(err.value) == (
        "school='绍兴' is ambiguous: 3 matches: 绍兴中专（中职）、绍兴文理学院（高校）、"
        "绍兴职业技术学院（高校）; give more of the name"
    )


def test_unknown_names_and_parameters_say_what_to_do(shaoxing: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="no school has this name"):
        ask("connections", shaoxing, school="北京大学")
    with pytest.raises(QueryError, match="unknown parameter.*colour; it takes school"):
        ask("connections", shaoxing, colour="red")
    with pytest.raises(QueryError, match="parameter name is required"):
        ask("partners", shaoxing)
    with pytest.raises(QueryError, match="not a date"):
        ask("connections", shaoxing, as_of="last year")
    with pytest.raises(QueryError, match="'zzz' is not a question; choose one of: connections"):
        find_question("zzz")
    assert find_question("alliance").name == "alliance-composition"


def test_a_name_not_found_suggests_the_closest_names(shaoxing: KnowledgeGraph) -> None:
    """A typo gets the names it is most like, and no command that would not list them."""
    with pytest.raises(QueryError) as err:
        ask("connections", shaoxing, school="绍兴中转")
    assert str(err.value) == (
        "school='绍兴中转': no school has this name, alias or part of a name; "
        "closest: 绍兴中专（中职）; check the spelling"
    )
    with pytest.raises(QueryError) as err:
        ask("partners", shaoxing, name="绍兴文理大学")
    assert "closest: 绍兴文理学院（高校）; check the spelling" in str(err.value)
    with pytest.raises(QueryError) as err:
        ask("connections", shaoxing, enterprise="华为")
    assert str(err.value) == (
        "enterprise='华为': no enterprise has this name, alias or part of a name; "
        "check the spelling"
    )


def test_partners_are_grouped_by_kind(shaoxing: KnowledgeGraph) -> None:
    df = ask("partners", shaoxing, name="绍兴中专")
    assert df.partnerKind.tolist() == ["高校"] * 5 + ["政府"] * 5 + ["园区"] * 3 + ["企业"] * 2 + [
        "联盟"
    ]
    firm = df[df.partner == "绍兴中科通信设备有限公司"].iloc[0]
    assert (firm.kinds, int(firm.depthLevel)) == ("stated、project、event", 5)
    assert df[df.partnerKind == "联盟"].kinds.tolist() == ["direct"]


def test_path_goes_through_the_alliance_and_cites_the_article(shaoxing: KnowledgeGraph) -> None:
    df = ask("path", shaoxing, a="绍兴中科通信设备有限公司", b="浙江工业职业技术学院")
    best = df[df.path == 1]
    assert best["from"].tolist() == [
        "绍兴中科通信设备有限公司",
        "绍兴中专",
        "绍兴数字工匠“中高政园企”共育联盟",
    ]
    assert best.relation.tolist() == [
        "↔ 签约 SIGNED（王苗庆创新工作站揭牌）",
        "→ 成员 MEMBER_OF",
        "← 成员 MEMBER_OF（成员单位）",
    ]
    assert best.sources.tolist() == [SEED] * 3
    assert best.explanationZh.iloc[0] == (
        "绍兴中科通信设备有限公司与浙江工业职业技术学院相隔3步：绍兴中科通信设备有限公司与绍兴中专签约"
        "（王苗庆创新工作站揭牌）；绍兴中专是绍兴数字工匠“中高政园企”共育联盟的成员；"
        "浙江工业职业技术学院是绍兴数字工匠“中高政园企”共育联盟的成员（成员单位）。来源："
        + SEED
        + "。"
    )
    assert best.explanationEn.iloc[0].startswith(
        "绍兴中科通信设备有限公司 is 3 steps from 浙江工业职业技术学院"
    )
    # the third path runs through the workstation; the meeting only ties for second (cost 4)
    assert df[df.path == 3]["to"].tolist()[0] == "王苗庆创新工作站"
    assert df.groupby("path").cost.first().tolist() == [3, 4, 4]


def test_path_avoids_supernodes_unless_asked(shaoxing: KnowledgeGraph) -> None:
    # the founding meeting has 23 relationships: above max_degree=10 it is avoided
    args = {"a": "浙江邮电职业技术学院", "b": "浙江农业商贸职业学院"}
    assert ask("path", shaoxing, **args, max_degree=10).empty
    through = ask("path", shaoxing, **args, max_degree=10, hubs=True)
    assert through[through.path == 1]["to"].tolist() == [
        "绍兴数字工匠“中高政园企”共育联盟成立大会",
        "浙江农业商贸职业学院",
    ]
    with pytest.raises(QueryError, match="same node"):
        ask("path", shaoxing, a="绍兴中专", b="绍兴中专")


def test_ego_lists_the_neighbourhood(shaoxing: KnowledgeGraph) -> None:
    df = ask("ego", shaoxing, name="王苗庆创新工作站")
    assert sorted(zip(df["from"], df.type, df["to"], strict=True)) == sorted(
        [
            ("绍兴中科通信设备有限公司", "ATTENDED", "数字工匠共育项目签约仪式"),
            ("数字工匠共育项目签约仪式", "ESTABLISHED", "王苗庆创新工作站"),
            ("绍兴中专", "HOSTED", "数字工匠共育项目签约仪式"),
            ("王苗庆", "LEADS", "王苗庆创新工作站"),
            ("绍兴中专", "PARTICIPATES_IN", "王苗庆创新工作站"),
            ("绍兴中科通信设备有限公司", "PARTICIPATES_IN", "王苗庆创新工作站"),
            ("绍兴中专", "SIGNED", "绍兴中科通信设备有限公司"),
        ]
    )
    wider = ask("ego", shaoxing, name="王苗庆创新工作站", depth=2)
    assert len(wider) > len(df) and wider.hop.max() == 2


def test_alliance_composition(shaoxing: KnowledgeGraph) -> None:
    df = ask("alliance-composition", shaoxing)
    row = df.iloc[0]
    assert row.alliance == "绍兴数字工匠“中高政园企”共育联盟"
    counts = [int(row[c]) for c in ("members", "secondary", "higherEd", "government", "park",
                                    "enterprise")]  # fmt: skip
    assert counts == [5, 1, 2, 0, 1, 1]
    assert (row.missing, float(row.balance)) == ("政府", 0.83)
    assert row.guidedBy == "绍兴市人力资源和社会保障局、绍兴市教育局、绍兴滨海新区管委会"
    assert (row.foundedAt, row.foundedOn) == (
        "绍兴数字工匠“中高政园企”共育联盟成立大会",
        "2023-11-10",
    )
    assert row.partOf == "绍兴“万亩千亿”新产业平台市域产教联合体"
    assert df.iloc[1].missing == "中职、高校、政府、园区、企业"


def test_people_by_organisation(shaoxing: KnowledgeGraph) -> None:
    df = ask("people", shaoxing)
    assert len(df) == 11
    wang = df[df.person == "王苗庆"].iloc[0]
    assert (wang.organization, wang.leads) == ("", "王苗庆创新工作站")
    assert ask("people", shaoxing, multi=True).empty


def test_via_names_a_relationship_by_the_schema_s_words() -> None:
    """A partnership stated without an agreement's title, and a membership, read as
    the schema names them (合作 partners with, 成员 member of), not PARTNERS_WITH."""
    kg = KnowledgeGraph()
    prov = Provenance("source-x", "t.csv", 2)
    for label, name in (("SecondaryVocationalSchool", "甲中等专业学校"),
                        ("Enterprise", "乙科技有限公司"), ("Alliance", "丙产教联盟")):  # fmt: skip
        kg.add_node(NodeRecord(label, name, provenance=prov))
    kg.add_edge(EdgeRecord(NodeRef(None, "甲中等专业学校"), "PARTNERS_WITH",
                           NodeRef(None, "乙科技有限公司"), provenance=prov))  # fmt: skip
    kg.add_edge(EdgeRecord(NodeRef(None, "甲中等专业学校"), "MEMBER_OF",
                           NodeRef(None, "丙产教联盟"), provenance=prov))  # fmt: skip
    assert ask("connections", kg).via.tolist() == ["stated: 合作 partners with"]
    by_partner = dict(ask("partners", kg, name="甲中等专业学校")[["partner", "via"]].values)
    assert by_partner == {"乙科技有限公司": "stated: 合作 partners with",
                          "丙产教联盟": "direct: 成员 member of"}  # fmt: skip


def test_people_spanning_two_organisations() -> None:
    kg = KnowledgeGraph()
    prov = Provenance("source-x", "t.csv", 2)
    for label, name in (("Person", "李明"), ("HigherEducationInstitution", "甲职业技术学院"),
                        ("Enterprise", "乙科技有限公司")):  # fmt: skip
        kg.add_node(NodeRecord(label, name, provenance=prov))
    for org, title in (("甲职业技术学院", "教授"), ("乙科技有限公司", "技术总监")):
        kg.add_edge(EdgeRecord(NodeRef("Person", "李明"), "WORKS_AT", NodeRef(None, org),
                               {"title": title}, prov))  # fmt: skip
    df = ask("people", kg, multi=True)
    assert df[["organization", "title", "organizations"]].values.tolist() == [
        ["乙科技有限公司", "技术总监", 2],
        ["甲职业技术学院", "教授", 2],
    ]
    links = ask("connections", kg)
    assert links[["kinds", "via"]].values.tolist() == [["person", "person: 李明"]]


def test_timeline_and_changes(shaoxing: KnowledgeGraph) -> None:
    signed = ask("timeline", shaoxing, what="signed")
    assert signed[["date", "subject", "detail", "with"]].values.tolist() == [
        ["2023-11-10", "绍兴中专", "王苗庆创新工作站揭牌", "绍兴中科通信设备有限公司"]
    ]
    assert len(ask("timeline", shaoxing)) == 21
    assert ask("timeline", shaoxing, end="2023-10").empty
    assert ask("changes", shaoxing, start="2023-06", end="2024").change.tolist() == ["new"] * 12
    assert set(ask("changes", shaoxing, start="2023-12", end="2026").change) == {"dormant"}
    with pytest.raises(QueryError, match="after end"):
        ask("changes", shaoxing, start="2025", end="2024")


def test_brokers_and_communities(shaoxing: KnowledgeGraph) -> None:
    brokers = ask("brokers", shaoxing)
    assert brokers[["name", "groups"]].values.tolist() == [["绍兴中专", 2]]
    assert float(brokers.betweenness.iloc[0]) == 0.1905
    groups = ask("communities", shaoxing)
    assert groups[["size", "centre"]].values.tolist() == [
        [4, "浙江时立态合科技有限公司"],
        [2, "绍兴中专"],
    ]
    assert groups.kinds.iloc[0] == "高校 2、企业 1、园区 1"
