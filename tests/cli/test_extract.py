"""Articles from the command line: extract, review, load."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner

from graph.embedded_store import EmbeddedStore
from iekg.cli import cli

SEED = Path(__file__).resolve().parents[2] / "data" / "seeds" / "000_dda3a32338a80fe7.txt"


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_extract_prints_facts_each_with_its_sentence() -> None:
    data = json.loads(invoke("extract", str(SEED)))
    assert data["title"] == "绍兴数字工匠“中高政园企”共育联盟成立大会召开"
    names = {(e["name"], e["type"]) for e in data["entities"]}
    assert ("绍兴中科通信设备有限公司", "Enterprise") in names
    assert ("浙江工业职业技术学院", "HigherEducationInstitution") in names
    for fact in data["entities"] + data["relations"]:
        assert fact["evidence"]["sentence"], fact
    # nothing from the page furniture under 相关阅读 / 热门文章
    assert not any("马拉松" in e["name"] or "5GETF" in e["name"] for e in data["entities"])


def test_a_fact_marked_no_in_the_review_is_not_loaded(tmp_path: Path) -> None:
    review = tmp_path / "review.csv"
    CliRunner().invoke(cli, ["extract", str(SEED), "--review", str(review)], catch_exceptions=False)
    with review.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    dropped = next(r for r in rows if r["fact"] == "entity" and r["name"] == "绍兴文理学院")
    dropped["keep"] = "no"
    with review.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    invoke("build", "--reviewed", str(review), "--store", str(tmp_path / "g"))
    kg = EmbeddedStore(tmp_path / "g").read_graph()
    assert kg.resolve("绍兴文理学院") is None
    assert kg.resolve("绍兴职业技术学院") is not None


def test_building_an_article_cites_the_article_and_its_sentences(tmp_path: Path) -> None:
    invoke("build", str(SEED), "--store", str(tmp_path))
    kg = EmbeddedStore(tmp_path).read_graph()
    [source] = list(kg.nodes("Source"))
    assert source["name"] == "绍兴数字工匠“中高政园企”共育联盟成立大会召开"
    firm = kg.node(kg.resolve("绍兴中科通信设备有限公司"))
    assert firm["sources"] == [source["id"]]
    evidence = json.loads(firm["evidence"][0])
    assert "绍兴中科通信设备有限公司" in evidence["sentence"]
    assert evidence["path"] == SEED.name


def test_eval_extract_scores_the_seed(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
    for name in ("000_seed.txt", "000_seed.gold.json"):
        (gold / name).write_bytes((fixtures / name).read_bytes())
    lines = invoke("eval-extract", str(gold)).splitlines()
    assert lines[0].split()[:3] == ["article", "entity", "P"]
    overall = lines[-1].split()
    assert overall[0] == "overall"
    entity_f1, relation_f1 = float(overall[3]), float(overall[6])
    assert entity_f1 >= 0.9 and relation_f1 >= 0.8


def test_names_already_in_the_graph_are_recognised_in_an_article(tmp_path: Path) -> None:
    article = tmp_path / "news.txt"
    article.write_text(
        "title: 校企合作签约\ndate: 2024-05-06\n\n"
        "5月6日，宁波海天精工与绍兴中专签署校企合作协议，共建数控技术订单班。\n",
        encoding="utf-8",
    )
    store = tmp_path / "g"
    invoke("build", str(article), "--store", str(store))
    assert EmbeddedStore(store).read_graph().resolve("宁波海天精工") is None  # no suffix
    orgs = tmp_path / "organizations.csv"
    orgs.write_text("name,kind\n宁波海天精工,企业\n", encoding="utf-8")
    fresh = tmp_path / "g2"
    invoke("build", str(orgs), "--store", str(fresh))
    invoke("build", str(article), "--store", str(fresh))
    kg = EmbeddedStore(fresh).read_graph()
    firm = kg.node(kg.resolve("宁波海天精工"))
    assert len(firm["sources"]) == 2  # the table and the article
