"""Reading an article file: its title, its dateline and its encoding."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.errors import LoadError
from iekg.cli import cli
from loaders.articles import read_article
from loaders.articles.reader import read_text

BODY = "3月4日上午，绍兴中专与绍兴中科通信设备有限公司在绍兴中专举行校企合作签约仪式。"


@pytest.mark.parametrize(
    "dateline",
    [
        "来源：绍兴日报 2024年3月5日",
        "发布时间：2024-03-05 10:21 来源：绍兴市教育局",
        "时间：2024-03-05",
    ],
)
def test_a_short_headline_before_a_dateline_is_the_title(dateline: str) -> None:
    article = read_text(f"首页\n校企合作签约仪式举行\n{dateline}\n\n{BODY}")
    assert (article.title, article.published) == ("校企合作签约仪式举行", "2024-03-05")
    assert article.body == BODY


def test_a_short_headline_before_the_body_is_the_title() -> None:
    assert read_text(f"校企合作签约仪式举行\n\n{BODY}").title == "校企合作签约仪式举行"


def test_a_dateline_or_source_line_is_never_the_title() -> None:
    for furniture in ("来源：绍兴日报 2024年3月5日", "来源：绍兴市教育局", "2024-03-05 10:21"):
        assert read_text(f"{furniture}\n\n{BODY}").title is None


def test_short_navigation_words_are_not_a_title() -> None:
    assert read_text(f"服务粉丝\n我们一直在努力\n当前位置:首页 > 新闻\n\n{BODY}").title is None


def test_a_date_in_the_report_itself_is_not_taken_for_the_dateline() -> None:
    text = "校企合作签约仪式举行\n\n2024年3月4日，绍兴中专与企业签约。\n\n活动时间：2024年5月1日。"
    assert read_text(text).published is None


def test_a_gbk_paragraph_in_a_utf8_article_is_refused_naming_the_line(tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.txt"
    head = "校企合作签约仪式举行\n来源：绍兴日报 2024年3月5日\n\n"
    mixed.write_bytes(head.encode("utf-8") + BODY.encode("gbk") + b"\n")
    with pytest.raises(LoadError) as err:
        read_article(mixed)
    assert str(err.value) == (
        f"{mixed}: mixed text encodings: lines 1-3 are UTF-8, but from line 4 on it is not "
        "UTF-8; it reads as GBK/GB18030 (save the text from line 4 on as UTF-8 too, then load "
        "it again; for a file entirely in one other encoding, name it with --encoding, e.g. "
        "--encoding gb18030)"
    )


def test_the_refusal_reaches_build_and_nothing_is_stored(tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes("校企合作签约仪式举行\n\n".encode() + BODY.encode("gbk"))
    result = CliRunner().invoke(cli, ["build", str(mixed), "--store", str(tmp_path / "g")])
    assert result.exit_code == 1
    assert "from line 3 on it is not UTF-8" in result.output
    assert not (tmp_path / "g" / "graph.json").exists()


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_an_article_entirely_in_gbk_is_still_read(tmp_path: Path, codec: str) -> None:
    article = tmp_path / "news.txt"
    text = f"url: http://www.sx.gov.cn/a.html\n\n校企合作签约仪式举行\n时间：2024-03-05\n\n{BODY}\n"
    article.write_bytes(text.encode(codec))
    read = read_article(article)
    assert (read.title, read.published, read.body) == ("校企合作签约仪式举行", "2024-03-05", BODY)
    assert read.encoding == "gb18030"
