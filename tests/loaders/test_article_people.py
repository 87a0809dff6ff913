"""People and parks of the seed report that the extractor used to miss or cut short."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.embedded_store import EmbeddedStore
from iekg.cli import cli
from loaders.articles import extract_article, read_article

SEED = Path(__file__).resolve().parents[2] / "data" / "seeds" / "000_dda3a32338a80fe7.txt"


@pytest.fixture(scope="module")
def seed() -> dict:
    return extract_article(read_article(SEED).body, published="2023-11-15").to_json()


def _relations(data: dict) -> set[tuple[str, str, str]]:
    return {(r["source"], r["type"], r["target"]) for r in data["relations"]}


def test_a_person_with_a_regional_surname_is_found(seed: dict) -> None:
    # 寿 is a common surname around Shaoxing: 管理办公室主任寿林峰.
    assert ("寿林峰", "Person") in {(e["name"], e["type"]) for e in seed["entities"]}
    assert ("寿林峰", "WORKS_AT", "绍兴滨海新区综合保税区") in _relations(seed)


def test_the_expert_a_workstation_is_named_after_leads_it(seed: dict) -> None:
    [person] = [e for e in seed["entities"] if e["name"] == "王苗庆"]
    assert (person["type"], person["props"]) == ("Person", {"role": "国家级领军人才"})
    assert ("王苗庆", "LEADS", "王苗庆创新工作站") in _relations(seed)


def test_a_workstation_named_after_a_place_has_no_leader() -> None:
    text = "3月4日，绍兴中专与绍兴中科通信设备有限公司共建黄河创新工作站。"
    data = extract_article(text, published="2024-03-05")
    assert [e.name for e in data.entities if e.type == "Person"] == []
    assert not [r for r in data.relations if r.type == "LEADS"]


def test_a_park_office_keeps_its_full_name(seed: dict) -> None:
    [park] = [e for e in seed["entities"] if "黄酒小镇" in e["name"]]
    assert "绍兴黄酒小镇管委会管理中心" in [park["name"], *park["aliases"]]


def test_the_seed_article_meets_the_sample_tables_park_and_people(tmp_path: Path) -> None:
    runner = CliRunner()
    for args in (["build"], ["build", str(SEED)]):
        result = runner.invoke(cli, [*args, "--store", str(tmp_path)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    kg = EmbeddedStore(tmp_path).read_graph()
    parks = [n["name"] for n in kg.nodes("IndustrialPark") if "黄酒" in n["name"]]
    assert parks == ["绍兴黄酒小镇管委会管理中心"]
    for name in ("寿林峰", "王苗庆"):  # the table has them; the article now says so too
        person = kg.node(kg.resolve(name))
        cited = [json.loads(e) for e in person.get("evidence", [])]
        assert any(name in e.get("sentence", "") and e["path"] == SEED.name for e in cited)
