"""Reading an article file: its title, its dateline and its encoding."""

from __future__ import annotations

import pytest

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
