"""Undated evidence holds at a date only from its earliest dated source on.

A link whose relationships carry no date, reported by a source dated 2024,
is not known to have held in 2019: ``as_of`` and ``changes`` date it by that
source. A link with neither a date nor a dated source still counts at any
date, since nothing says when it began. Its ``since`` stays empty: that
column shows stated dates only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.knowledge_graph import KnowledgeGraph
from loaders.tables import read_table_folder
from queries import ask

#: three enterprise–school links: undated from a 2024-03 report, dated 2019-05 by a
#: 2019 list, and undated from an undated summary
UNDATED = Path(__file__).parents[1] / "fixtures" / "tables" / "undated"
REPORTED_2024, DATED_2019, NO_DATE_AT_ALL = (
    "越州甲科技有限公司",
    "越州乙制造有限公司",
    "越州丙材料有限公司",
)


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    graph = KnowledgeGraph()
    graph.add(read_table_folder(UNDATED).records)
    return graph


@pytest.mark.parametrize(
    ("as_of", "listed"),
    [
        ("1990", [NO_DATE_AT_ALL]),
        ("2020", [DATED_2019, NO_DATE_AT_ALL]),
        ("2024-02", [DATED_2019, NO_DATE_AT_ALL]),
        ("2024-03", [DATED_2019, NO_DATE_AT_ALL, REPORTED_2024]),
        ("2024", [DATED_2019, NO_DATE_AT_ALL, REPORTED_2024]),
        (None, [DATED_2019, NO_DATE_AT_ALL, REPORTED_2024]),
    ],
)
def test_connections_as_of_counts_undated_links_from_their_source(
    kg: KnowledgeGraph, as_of: str | None, listed: list[str]
) -> None:
    df = ask("connections", kg, as_of=as_of)
    assert sorted(df.enterprise) == sorted(listed)


def test_an_undated_link_keeps_no_since_of_its_own(kg: KnowledgeGraph) -> None:
    df = ask("connections", kg, as_of="2024").set_index("enterprise")
    assert df.loc[REPORTED_2024, ["since", "latest"]].tolist() == ["", ""]
    assert (
        df.loc[REPORTED_2024, "sources"]
        == "《甲公司与越州职业技术学院合作报道》（越州日报，2024-03）"
    )
    assert df.loc[DATED_2019, "since"] == "2019-05"


@pytest.mark.parametrize(
    ("as_of", "listed"),
    [
        ("2020", [DATED_2019, NO_DATE_AT_ALL]),
        ("2024", [DATED_2019, NO_DATE_AT_ALL, REPORTED_2024]),
    ],
)
def test_partners_as_of_agrees(kg: KnowledgeGraph, as_of: str, listed: list[str]) -> None:
    df = ask("partners", kg, name="越州职业技术学院", as_of=as_of)
    assert sorted(df.partner) == sorted(listed)


def test_changes_report_a_link_first_reported_in_2024_as_new(kg: KnowledgeGraph) -> None:
    df = ask("changes", kg, start="2020", end="2024")
    assert set(zip(df.change, df.enterprise, strict=True)) == {
        ("dormant", DATED_2019),
        ("dormant", NO_DATE_AT_ALL),
        ("new", REPORTED_2024),
    }
    assert len(df) == 3
