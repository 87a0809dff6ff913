"""Every date form analysts write loads as a partial ISO date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.dates import parse_partial_date
from graph.knowledge_graph import KnowledgeGraph
from iekg.cli import cli

Loader = Callable[..., KnowledgeGraph]


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("2023-11-10", "2023-11-10"),
        ("2023/11/10", "2023-11-10"),
        ("2023年11月10日", "2023-11-10"),
        ("2023.11", "2023-11"),
        ("2023年", "2023"),
        ("２０２３年１１月", "2023-11"),  # full-width digits, as some systems export them
        ("2023-11-10 10:30", "2023-11-10"),  # a date-time: the day is kept
        ("2023-11-10 10:30:15", "2023-11-10"),
        ("2023年度", "2023"),
    ],
)
def test_a_date_form_loads(tmp_path: Path, load_graph: Loader, written: str, stored: str) -> None:
    sheet = tmp_path / "partnerships.csv"
    sheet.write_text(
        f"学校,企业,项目,日期\n绍兴中专,绍兴中科通信设备有限公司,王苗庆创新工作站,{written}\n",
        encoding="utf-8",
    )
    kg = load_graph(sheet)
    assert next(kg.edges("PARTNERS_WITH"))["props"]["since"] == stored
    assert next(kg.nodes("Project"))["props"]["since"] == stored


@pytest.mark.parametrize("written", ["1023-11-10", "2203年", "1899"])
def test_an_implausible_year_is_refused_naming_the_years_allowed(
    tmp_path: Path, written: str
) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text(f"学校,企业,日期\n绍兴中专,绍兴中科通信设备有限公司,{written}\n", "utf-8")
    result = CliRunner().invoke(cli, ["build", str(sheet), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert result.output.splitlines()[1] == (
        f"  {sheet}, row 2, column '日期': found {written!r}, expected a year from 1900 to "
        f"{dt.date.today().year + 1} (fix the rows named above, or pass --skip-invalid to load "
        "the rest)"
    )


@pytest.mark.parametrize("written", ["2023-11 10:30", "2023-11-10 24:00", "2023年度11月"])
def test_a_time_without_a_day_or_out_of_range_is_still_not_a_date(written: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_partial_date(written)


def test_an_agreement_may_end_years_ahead_but_not_before_1900(
    tmp_path: Path, load_graph: Loader
) -> None:
    later = dt.date.today().year + 5  # a five-year agreement signed this year
    sheet = tmp_path / "partnerships.csv"
    sheet.write_text(
        f"学校,企业,开始时间,结束时间\n绍兴中专,绍兴中科通信设备有限公司,2024-03,{later}-03\n",
        encoding="utf-8",
    )
    assert next(load_graph(sheet).edges("PARTNERS_WITH"))["props"]["until"] == f"{later}-03"
    sheet.write_text(
        "学校,企业,开始时间,结束时间\n绍兴中专,绍兴中科通信设备有限公司,2024-03,1024-03\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["build", str(sheet), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert "column '结束时间': found '1024-03', expected a year from 1900 on" in result.output
