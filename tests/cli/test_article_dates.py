"""An article's publication date, from its dateline, --published or a review, reaches the timeline.

Month-day dates in a report (11月10日上午) take their year from the
publication date, so an article loaded without one has no dated facts: the
timeline, ``changes``, ``as_of`` and recency do not see it.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from iekg.cli import cli

SEED = Path(__file__).resolve().parents[2] / "data" / "seeds" / "000_dda3a32338a80fe7.txt"
BODY = "3月4日上午，绍兴中专与绍兴中科通信设备有限公司在绍兴中专举行校企合作签约仪式。\n"


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def timeline(store: Path) -> list[dict[str, str]]:
    out = run("query", "timeline", "--store", str(store), "--format", "csv")
    return list(csv.DictReader(io.StringIO(out)))


def test_the_seed_article_built_as_it_is_has_its_events_dated_2023(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # The seed's dateline (日期: 来源:蓝媒教育…) is empty; its year comes from
    # the dates the saved page lists under 最新文章, and the user is told so.
    with caplog.at_level(logging.WARNING):
        run("build", str(SEED), "--store", str(tmp_path))
    assert "is used as an estimate (give the date with --published)" in caplog.text
    rows = timeline(tmp_path)
    founding = [r for r in rows if r["subject"] == "绍兴数字工匠“中高政园企”共育联盟成立大会"]
    assert [r["date"] for r in founding] == ["2023-11-10"]
    assert {r["date"] for r in rows} == {"2023-11-10"}


@pytest.mark.parametrize(
    "dateline",
    [
        "发布时间：2024-03-05 10:21 来源：绍兴市教育局",
        "发布日期：2024年3月5日",
        "时间：2024-03-05",
        "来源：绍兴日报 2024年3月5日",
        "2024-03-05 10:21:33 来源: 绍兴网",
        "日期:2024-03-05 来源:蓝媒教育",
        "来源:绍兴市教育局,发布时间2024-03-05。",
    ],
)
def test_a_government_site_dateline_dates_the_article(tmp_path: Path, dateline: str) -> None:
    article = tmp_path / "news.txt"
    article.write_text(f"校企合作签约仪式举行\n{dateline}\n\n{BODY}", encoding="utf-8")
    data = json.loads(run("extract", str(article)))
    assert (data["title"], data["published"]) == ("校企合作签约仪式举行", "2024-03-05")
    run("build", str(article), "--store", str(tmp_path / "g"))
    assert [(r["date"], r["subject"]) for r in timeline(tmp_path / "g")] == [
        ("2024-03-04", "校企合作签约仪式")
    ]


def test_published_option_dates_an_article_that_states_no_date(tmp_path: Path) -> None:
    article = tmp_path / "news.txt"
    article.write_text(f"校企合作签约仪式举行\n\n{BODY}", encoding="utf-8")
    assert json.loads(run("extract", str(article)))["published"] is None
    data = json.loads(run("extract", str(article), "--published", "2022-03-10"))
    assert data["published"] == "2022-03-10"
    run("build", str(article), "--store", str(tmp_path / "g"), "--published", "2022-03-10")
    assert [r["date"] for r in timeline(tmp_path / "g")] == ["2022-03-04"]


def test_published_option_wins_over_the_estimate(tmp_path: Path) -> None:
    run("build", str(SEED), "--store", str(tmp_path), "--published", "2022-11-20")
    assert {r["date"] for r in timeline(tmp_path)} == {"2022-11-10"}


@pytest.mark.parametrize("command", ["build", "extract"])
@pytest.mark.parametrize("value", ["2023-13-01", "2023/11/10", "next week"])
def test_a_bad_published_value_is_refused_saying_how_to_write_it(
    tmp_path: Path, command: str, value: str
) -> None:
    store = ["--store", str(tmp_path)] if command == "build" else []
    out = run(command, str(SEED), "--published", value, *store, code=2)
    assert f"Invalid value for '--published': {value!r} is not a date; write it as " in out
    assert "YYYY-MM-DD, e.g. 2023-11-10" in out
    assert not (tmp_path / "graph.json").exists()


def _review(tmp_path: Path, article: Path) -> tuple[Path, list[dict[str, str]]]:
    review = tmp_path / "review.csv"
    run("extract", str(article), "--review", str(review))
    with review.open(encoding="utf-8-sig", newline="") as handle:
        return review, list(csv.DictReader(handle))


def _write(review: Path, rows: list[dict[str, str]]) -> None:
    with review.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_a_date_added_in_the_review_csv_dates_the_events(tmp_path: Path) -> None:
    article = tmp_path / "news.txt"
    article.write_text(f"校企合作签约仪式举行\n\n{BODY}", encoding="utf-8")
    review, rows = _review(tmp_path, article)
    assert {r["published"] for r in rows} == {""}
    rows[0]["published"] = "2024-03-05"  # one cell is enough
    _write(review, rows)
    run("build", "--reviewed", str(review), "--store", str(tmp_path / "g"))
    assert [r["date"] for r in timeline(tmp_path / "g")] == ["2024-03-04"]


def test_a_date_corrected_in_the_review_csv_moves_the_events(tmp_path: Path) -> None:
    review, rows = _review(tmp_path, SEED)
    assert {r["published"] for r in rows} == {"2023-11-15"}
    for row in rows:
        row["published"] = "2022-11-20"
    _write(review, rows)
    run("build", "--reviewed", str(review), "--store", str(tmp_path / "g"))
    assert {r["date"] for r in timeline(tmp_path / "g")} == {"2022-11-10"}


def test_a_bad_or_conflicting_date_in_the_review_csv_names_the_row(tmp_path: Path) -> None:
    review, rows = _review(tmp_path, SEED)
    rows[2]["published"] = "2023-11-31"
    _write(review, rows)
    out = run("build", "--reviewed", str(review), "--store", str(tmp_path / "g"), code=1)
    assert f"{review}, row 4, field 'published': '2023-11-31' is not a date" in out
    rows[2]["published"] = "2023-11-12"
    _write(review, rows)
    out = run("build", "--reviewed", str(review), "--store", str(tmp_path / "g"), code=1)
    assert (
        f"{review}, row 4, field 'published': published is 2023-11-12 here but 2023-11-15 " in out
    )
    assert "give every row of an article the same date" in out
    assert not (tmp_path / "g" / "graph.json").exists()
