"""The designations question: each title beside the evidence of partnership."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.knowledge_graph import KnowledgeGraph
from loaders import load_path
from loaders.designations import designated_label
from queries import ask

LIST = Path(__file__).resolve().parents[1] / "fixtures" / "tables" / "designations.csv"


@pytest.fixture
def designated(shaoxing: KnowledgeGraph) -> KnowledgeGraph:
    for batch in load_path(LIST):
        assert batch.errors == ()
        shaoxing.add(batch.records)
    return shaoxing


def test_designations_load_as_facts_with_their_source(designated: KnowledgeGraph) -> None:
    edges = {designated.node(e["source"])["name"]: e for e in designated.edges("DESIGNATED_AS")}
    assert len(edges) == 5
    city = edges["绍兴市"]
    assert designated.label_of(city["source"]) == "Region"
    assert dict(city["props"]) == {
        "batch": "第一批",
        "document": "发改社会〔2019〕示例3号",
        "date": "2019-10",
    }
    source = designated.node(city["sources"][0])
    assert (source["name"], source["props"]["kind"], source["props"]["tier"]) == (
        "产教融合试点城市名单（示意）",
        "official list",
        1,
    )
    title = designated.node(city["target"])
    assert (title["label"], title["props"]["level"]) == ("Designation", "national")
    assert designated.label_of(designated.resolve("绍兴示例精密机械有限公司")) == "Enterprise"


def test_each_holder_is_flagged_by_its_evidence(designated: KnowledgeGraph) -> None:
    frame = ask("designations", designated)
    got = frame[["holder", "designation", "evidence", "evidenceSince", "latest", "flag"]]
    got = got.astype(object).where(got.notna(), None)
    assert got.to_dict("records") == [
        {
            "holder": "绍兴示例精密机械有限公司",
            "designation": "国家产教融合型企业",
            "evidence": 0,
            "evidenceSince": 0,
            "latest": None,
            "flag": "无合作证据 no evidence",
        },
        {
            "holder": "绍兴“万亩千亿”新产业平台市域产教联合体",
            "designation": "市域产教联合体",
            "evidence": 0,
            "evidenceSince": 0,
            "latest": None,
            "flag": "无合作证据 no evidence",
        },
        {
            "holder": "浙江时立态合科技有限公司",
            "designation": "国家产教融合型企业",
            "evidence": 1,
            "evidenceSince": 0,
            "latest": "2023-11-10",
            "flag": "认定后无新证据 none since designation",
        },
        {
            "holder": "绍兴中科通信设备有限公司",
            "designation": "国家产教融合型企业",
            "evidence": 2,
            "evidenceSince": 2,
            "latest": "2023-11-10",
            "flag": "",
        },
        {
            "holder": "绍兴市",
            "designation": "国家产教融合试点城市",
            "evidence": 11,
            "evidenceSince": 11,
            "latest": "2023-11-10",
            "flag": "",
        },
    ]
    zhongke = frame[frame.holder == "绍兴中科通信设备有限公司"].iloc[0]
    assert zhongke["examples"] == "参与 王苗庆创新工作站；签约 绍兴中专"
    assert zhongke["sources"] == "《产教融合型企业名单（示意）》"


def test_the_designation_parameter_filters_titles(designated: KnowledgeGraph) -> None:
    frame = ask("designations", designated, designation="试点城市")
    assert frame["holder"].tolist() == ["绍兴市"]


@pytest.mark.parametrize(
    ("title", "name", "label"),
    [
        ("国家产教融合型企业", "浙江时立态合科技有限公司", "Enterprise"),
        ("国家产教融合试点城市", "绍兴市", "Region"),
        ("市域产教联合体", "绍兴“万亩千亿”新产业平台市域产教联合体", "Alliance"),
        ("行业产教融合共同体", "全国集成电路行业产教融合共同体", "Alliance"),
        ("省级示范", "绍兴职业技术学院", "HigherEducationInstitution"),
    ],
)
def test_the_holder_kind_comes_from_the_title_or_the_name(
    title: str, name: str, label: str
) -> None:
    assert designated_label(title, name) == label
