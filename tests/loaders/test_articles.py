"""The article extractor against the hand-annotated corpus and the seed report.

Thresholds are the project's acceptance targets; the fixtures' gold files
follow tests/fixtures/articles/README.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders.articles import extract_article, read_article
from loaders.articles.scoring import micro, score_document, score_folder
from loaders.articles.text import resolve_date

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
SEED = FIXTURES / "000_seed.txt"
SEED_PUBLISHED = "2023-11-15"
CORPUS = [f"d{i:02d}" for i in range(1, 16)]


@pytest.fixture(scope="module")
def seed_json() -> dict:
    art = read_article(SEED)
    return extract_article(art.body, published=SEED_PUBLISHED).to_json()


def test_seed_thresholds(seed_json: dict) -> None:
    gold = json.loads((FIXTURES / "000_seed.gold.json").read_text(encoding="utf-8"))
    result = score_document(seed_json, gold)
    ent, rel = result["entities"], result["relations"]
    assert ent.f1 >= 0.9, result["entity_misses"] + result["entity_extras"]
    assert ent.precision >= 0.95, result["entity_extras"]
    assert rel.f1 >= 0.8, result["relation_misses"] + result["relation_extras"]


def test_corpus_thresholds() -> None:
    results = score_folder(FIXTURES, CORPUS)
    assert len(results) == 15
    ent, rel = micro(results, "entities"), micro(results, "relations")
    assert ent.f1 >= 0.8
    assert rel.f1 >= 0.6
    assert rel.precision >= 0.8


def test_output_shape_and_evidence() -> None:
    for path in [SEED, *(FIXTURES / f"{n}.txt" for n in CORPUS)]:
        art = read_article(path)
        data = extract_article(art.body, published=art.published or SEED_PUBLISHED).to_json()
        assert set(data) == {"entities", "relations"}
        names = {e["name"] for e in data["entities"]}
        for item in data["entities"] + data["relations"]:
            ev = item["evidence"]
            assert ev["sentence"] == art.body[ev["start"] : ev["end"]]
        for e in data["entities"]:
            assert set(e) == {"name", "type", "aliases", "props", "evidence"}
            assert e["name"] in art.body
        for r in data["relations"]:
            assert set(r) == {"source", "type", "target", "props", "evidence"}
            assert r["source"] in names and r["target"] in names


def test_page_furniture_yields_nothing() -> None:
    art = read_article(SEED)
    raw = SEED.read_text(encoding="utf-8")
    trailer = raw[raw.index("相关阅读") :]
    assert "相关阅读" not in art.body and "当前位置" not in art.body
    assert "服务粉丝" not in art.body
    data = extract_article(art.body, published=SEED_PUBLISHED).to_json()
    furniture = {"蓝媒教育", "南阳市总工会", "福建省文化和旅游厅", "文化和旅游部科技教育司"}
    assert not furniture & {e["name"] for e in data["entities"]}
    # The furniture alone, read as an article, yields no entity.
    for chunk in (trailer, raw[: raw.index("为深化")]):
        cleaned = read_article_text(chunk)
        assert extract_article(cleaned, published=SEED_PUBLISHED).entities == []


def read_article_text(text: str) -> str:
    from loaders.articles.reader import read_text

    return read_text(text).body


def test_gbk_copy_extracts_the_same(tmp_path: Path, seed_json: dict) -> None:
    gbk = tmp_path / "seed_gbk.txt"
    gbk.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    art = read_article(gbk)
    assert art.encoding in {"gb18030", "gbk", "gb2312"}
    assert extract_article(art.body, published=SEED_PUBLISHED).to_json() == seed_json


def test_html_version_works(tmp_path: Path, seed_json: dict) -> None:
    art = read_article(SEED)
    paragraphs = "".join(f"<p>{p}</p>\n" for p in art.body.split("\n\n"))
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
        + (art.title or "")
        + "</title><style>p{color:red}</style></head><body>"
        "<nav>首页 &gt; 新闻</nav><h1>" + (art.title or "") + "</h1>"
        "<article>" + paragraphs + "</article>"
        "<aside><h3>相关阅读</h3><ul><li>福建省文化和旅游厅举办活动</li></ul></aside>"
        "<script>var x = '绍兴市教育局';</script></body></html>"
    )
    page = tmp_path / "seed.html"
    page.write_text(html, encoding="utf-8")
    parsed = read_article(page)
    assert parsed.title == art.title
    assert "var x" not in parsed.body and "福建省文化和旅游厅" not in parsed.body
    data = extract_article(parsed.body, published=SEED_PUBLISHED).to_json()
    strip = lambda d: sorted((e["name"], e["type"]) for e in d["entities"])  # noqa: E731
    assert strip(data) == strip(seed_json)


def test_header_lines_are_parsed() -> None:
    art = read_article(FIXTURES / "d01.txt")
    assert art.url == "https://www.gzjtxx.net/id-2486.html"
    assert art.title and art.title.startswith("校企合作谱新篇")
    assert art.published == "2020-12-02"
    assert not art.body.startswith("url:")


def test_event_date_resolution(seed_json: dict) -> None:
    events = {e["name"]: e for e in seed_json["entities"] if e["type"] == "Event"}
    main = events["绍兴数字工匠“中高政园企”共育联盟成立大会"]
    assert main["props"]["date"] == "2023-11-10"
    assert main["props"]["place"] == "绍兴中专"
    assert resolve_date("12月30日上午,", "2024-01-05") == "2023-12-30"
    assert resolve_date("2021年9月29日上午,", None) == "2021-09-29"
    assert resolve_date("10月14日,", None) == "10月14日"
    assert resolve_date("13日,全国", "2023-11-15") == "2023-11-13"
