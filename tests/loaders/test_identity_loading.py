"""What a user sees when namesakes are loaded: no false links, one source per document."""

from __future__ import annotations

import shutil
from pathlib import Path

from graph.knowledge_graph import KnowledgeGraph
from loaders import load_path
from queries import ask

SHAOXING = """绍兴职业技术学院与浙江甲科技有限公司举行校企合作签约仪式

2024年5月10日，绍兴职业技术学院与浙江甲科技有限公司在绍兴举行校企合作签约仪式。双方将共建实训基地。
"""
NINGBO = """宁波职业技术学院与宁波乙机械有限公司举行校企合作签约仪式

2022年3月8日，宁波职业技术学院与宁波乙机械有限公司在宁波举行校企合作签约仪式。双方将开展订单班培养。
"""


def _build(*paths: Path) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    for path in paths:
        for batch in load_path(path):
            kg.add(batch.records)
    return kg


def _links(kg: KnowledgeGraph) -> set[tuple[str, str]]:
    answer = ask("connections", kg)
    return set(zip(answer.enterprise, answer.school, strict=True))


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_ceremonies_of_one_name_in_two_articles_link_only_their_own_parties(
    tmp_path: Path,
) -> None:
    kg = _build(_write(tmp_path / "a1.txt", SHAOXING), _write(tmp_path / "a2.txt", NINGBO))
    assert _links(kg) == {
        ("浙江甲科技有限公司", "绍兴职业技术学院"),
        ("宁波乙机械有限公司", "宁波职业技术学院"),
    }
    dates = sorted(n["props"].get("date") for n in kg.nodes("Event"))
    assert dates == ["2022-03-08", "2024-05-10"]


def test_the_same_article_saved_twice_is_one_source_and_one_event(tmp_path: Path) -> None:
    first = _write(tmp_path / "a" / "report.txt", SHAOXING)
    copy = tmp_path / "b" / "同一报道.txt"
    copy.parent.mkdir()
    shutil.copy(first, copy)
    kg = _build(first, copy)
    assert len(list(kg.nodes("Source"))) == 1
    assert len(list(kg.nodes("Event"))) == 1


def test_two_articles_sharing_a_headline_are_two_sources(tmp_path: Path) -> None:
    headline = "title: 校企合作签约仪式举行\n\n"
    one = _write(tmp_path / "1.txt", headline + SHAOXING.split("\n", 2)[2])
    two = _write(tmp_path / "2.txt", headline + NINGBO.split("\n", 2)[2])
    kg = _build(one, two)
    sources = list(kg.nodes("Source"))
    assert [s["name"] for s in sources] == ["校企合作签约仪式举行"] * 2
    assert len({s["id"] for s in sources}) == 2


def test_namesakes_at_two_organisations_are_no_link_between_them(tmp_path: Path) -> None:
    folder = tmp_path / "people"
    _write(
        folder / "organizations.csv",
        "name,kind\n杭州甲科技有限公司,企业\n宁波乙职业技术学院,高校\n",
    )
    _write(
        folder / "people.csv",
        "name,organization,title\n张伟,杭州甲科技有限公司,总经理\n张伟,宁波乙职业技术学院,副院长\n",
    )
    kg = _build(folder)
    assert _links(kg) == set()
    assert len(list(kg.nodes("Person"))) == 2


def test_a_relationships_row_means_the_person_its_own_dataset_places(tmp_path: Path) -> None:
    earlier = tmp_path / "earlier"
    _write(earlier / "people.csv", "name,organization\n张伟,\n")
    folder = tmp_path / "people"
    _write(folder / "organizations.csv", "name,kind\n杭州甲科技有限公司,企业\n")
    _write(folder / "people.csv", "name,organization\n张伟,杭州甲科技有限公司\n")
    _write(folder / "projects.csv", "name,kind\n甲订单班,订单班\n")
    _write(folder / "relationships.csv", "from,type,to\n张伟,LEADS,甲订单班\n")
    kg = _build(earlier, folder)
    assert len(list(kg.nodes("Person"))) == 2
    [lead] = kg.edges("LEADS")
    works = {e["source"] for e in kg.edges("WORKS_AT")}
    assert works == {lead["source"]}


def test_table_files_of_one_name_in_two_folders_are_two_sources(tmp_path: Path) -> None:
    sheet = "学校,企业,项目\n{school},{firm},{project}\n"
    shaoxing = _write(
        tmp_path / "绍兴" / "合作.csv",
        sheet.format(school="绍兴中专", firm="绍兴中科通信设备有限公司", project="甲订单班"),
    )
    ningbo = _write(
        tmp_path / "宁波" / "合作.csv",
        sheet.format(school="宁波职业技术学院", firm="宁波乙机械有限公司", project="乙订单班"),
    )
    kg = _build(shaoxing, ningbo)
    assert len(list(kg.nodes("Source"))) == 2
    again = kg.to_dict()
    kg.add(next(iter(load_path(shaoxing))).records)  # the same file again: nothing new
    assert kg.to_dict() == again


def test_an_article_is_keyed_by_its_url_when_it_gives_one(tmp_path: Path) -> None:
    url = "url: https://news.example.cn/1.html\n"
    first = _write(tmp_path / "1.txt", url + SHAOXING)
    edited = _write(tmp_path / "2.txt", url + SHAOXING.replace("双方将共建实训基地。", ""))
    kg = _build(first, edited)
    [source] = kg.nodes("Source")
    assert source["props"]["url"] == "https://news.example.cn/1.html"


def test_a_merged_name_keeps_a_relationship_on_its_dated_event() -> None:
    from graph.ingest import Batch
    from graph.records import EdgeRecord, NodeRecord, NodeRef
    from graph.text import match_key
    from loaders.replay import apply_aliases

    records = [
        NodeRecord("Enterprise", "宁波乙机械有限公司"),
        NodeRecord("Event", "签约仪式", props={"date": "2024-05-10"}),
        NodeRecord("Event", "签约仪式", props={"date": "2022-03-08"}),
        EdgeRecord(
            NodeRef("Enterprise", "宁波乙机械有限公司"),
            "ATTENDED",
            NodeRef("Event", "签约仪式", ("2022-03-08", "")),
        ),
    ]
    renames = {match_key("签约仪式"): "校企合作签约仪式"}
    [batch] = apply_aliases([Batch("x", records)], renames)
    kg = KnowledgeGraph()
    kg.add(batch.records)
    [edge] = kg.edges("ATTENDED")
    assert kg.node(edge["target"])["props"]["date"] == "2022-03-08"


def test_a_mapped_sheet_keeps_namesakes_at_two_organisations_apart(tmp_path: Path) -> None:
    sheet = _write(
        tmp_path / "人员.csv",
        "姓名,单位,职务\n张伟,杭州甲科技有限公司,总经理\n张伟,宁波乙职业技术学院,副院长\n",
    )
    mapping = _write(
        tmp_path / "mapping.yaml",
        "nodes:\n"
        "  person: {label: Person, name: 姓名}\n"
        "  org: {label: {value: 企业}, guess: Organization, name: 单位}\n"
        "edges:\n"
        "  - [person, WORKS_AT, org, {title: 职务}]\n",
    )
    kg = KnowledgeGraph()
    for batch in load_path(sheet, mapping=mapping):
        assert not batch.errors
        kg.add(batch.records)
    assert _links(kg) == set()
    works = {
        (kg.node(e["source"])["name"], kg.node(e["target"])["name"]) for e in kg.edges("WORKS_AT")
    }
    assert works == {("张伟", "杭州甲科技有限公司"), ("张伟", "宁波乙职业技术学院")}
    assert len(list(kg.nodes("Person"))) == 2
