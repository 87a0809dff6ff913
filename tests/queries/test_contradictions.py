"""The contradictions question: facts on which sources disagree, side by side."""

from __future__ import annotations

from pathlib import Path

from graph.knowledge_graph import KnowledgeGraph
from loaders import load_path
from queries import ask


def test_two_sources_disagreeing_on_a_partnership_are_listed_side_by_side(
    shaoxing: KnowledgeGraph, tmp_path: Path
) -> None:
    news = tmp_path / "relationships.csv"
    news.write_text(
        "from,type,to,since,agreement,source\n"
        "绍兴中科通信设备有限公司,SIGNED,绍兴中专,2023-11-12,共建创新工作站,news\n",
        encoding="utf-8",
    )
    (tmp_path / "sources.csv").write_text(
        "key,title,publisher,date,kind\nnews,绍兴中专与中科通信共建创新工作站,绍兴中专,2023-11-12,学校新闻\n",
        encoding="utf-8",
    )
    for batch in load_path(tmp_path):
        assert batch.errors == ()
        shaoxing.add(batch.records)
    frame = ask("contradictions", shaoxing)
    media = "《绍兴数字工匠“中高政园企”共育联盟成立大会召开》（蓝媒教育，2023-11）"
    school = "《绍兴中专与中科通信共建创新工作站》（绍兴中专，2023-11-12）"
    got = frame[["property", "value", "claims", "sources", "sourceKinds", "tier"]]
    assert got.values.tolist() == [
        ["agreement（协议）", "共建创新工作站", 2, school, "school news", 2],
        ["agreement（协议）", "王苗庆创新工作站揭牌", 2, media, "media", 3],
        ["since（开始）", "2023-11-12", 2, school, "school news", 2],
        ["since（开始）", "2023-11-10", 2, media, "media", 3],
    ]
    # SIGNED is symmetric: stored once, in id order
    assert set(frame["item"]) == {"绍兴中专 -SIGNED-> 绍兴中科通信设备有限公司"}
    assert set(frame["what"]) == {"relationship"}


def test_a_disagreement_about_kind_is_a_contradiction_too(
    shaoxing: KnowledgeGraph, tmp_path: Path
) -> None:
    (tmp_path / "organizations.csv").write_text("name,kind\n绍兴中专,高校\n", encoding="utf-8")
    for batch in load_path(tmp_path):
        shaoxing.add(batch.records)
    frame = ask("contradictions", shaoxing)
    got = frame[["what", "item", "property", "value", "tier"]].values.tolist()
    assert got == [
        ["node", "绍兴中专", "label（类别）", "SecondaryVocationalSchool", 3],
        ["node", "绍兴中专", "label（类别）", "HigherEducationInstitution", 4],
    ]
