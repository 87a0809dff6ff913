"""Each input format loads: the CSV folder, an XLSX workbook, JSON, the partnerships sheet."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.bulk import collector_paused
from graph.errors import LoadError
from graph.knowledge_graph import KnowledgeGraph
from loaders import SAMPLE_PATH, load_path
from loaders.readers import read_table

Loader = Callable[..., KnowledgeGraph]


def test_the_shaoxing_sample_folder_loads_with_its_counts(load_graph: Loader) -> None:
    kg = load_graph(SAMPLE_PATH)
    assert (len(kg), kg.graph.number_of_edges()) == (48, 74)
    source = next(kg.nodes("Source"))
    assert (source["props"]["kind"], source["props"]["tier"]) == ("media", 3)


def test_a_workbook_with_chinese_sheet_names_and_headers_loads(
    load_graph: Loader, tables: Path
) -> None:
    kg = load_graph(tables / "dataset.xlsx")
    school = kg.node(kg.resolve("绍兴市中等专业学校"))
    assert school["label"] == "SecondaryVocationalSchool"
    enterprise = kg.node(kg.resolve("中科通信"))  # the 简称 column became an alias
    assert enterprise["name"] == "绍兴中科通信设备有限公司"
    signed = next(kg.edges("SIGNED"))
    assert dict(signed["props"]) == {
        "since": "2023-11-12",
        "status": "current",
        "agreement": "共建创新工作站",
    }
    member = next(kg.edges("MEMBER_OF"))
    assert member["props"]["role"] == "理事单位"
    news = next(kg.nodes("Source"))
    assert (news["props"]["kind"], news["props"]["tier"]) == ("school news", 2)


def test_json_with_sheet_keys_loads_after_the_sample_it_refers_to(
    load_graph: Loader, tables: Path
) -> None:
    kg = load_graph(SAMPLE_PATH)
    for batch in load_path(tables / "dataset.json"):
        assert batch.errors == ()
        kg.add(batch.records)
    school = kg.node(kg.resolve("绍兴职院"))
    assert school["name"] == "绍兴职业技术学院"
    roles = {
        kg.node(e["source"])["name"]: e["props"]["role"]
        for e in kg.edges("PARTICIPATES_IN")
        if kg.node(e["target"])["name"] == "集成电路现场工程师学院"
    }
    assert roles == {"绍兴职业技术学院": "牵头单位", "浙江时立态合科技有限公司": "共建企业"}
    industries = {kg.node(e["target"])["name"] for e in kg.edges("IN_INDUSTRY")}
    assert {"数字经济", "集成电路"} <= industries


def test_an_xlsx_partnerships_sheet_with_a_title_row_and_blank_rows_loads(
    load_graph: Loader, tables: Path
) -> None:
    kg = load_graph(tables / "partnerships.xlsx", sheet="2023年")
    pairs = {
        (
            frozenset({kg.node(e["source"])["name"], kg.node(e["target"])["name"]}),
            e["props"]["since"],
        )
        for e in kg.edges("PARTNERS_WITH")  # a symmetric type: stored in id order
    }
    # the school merged down rows 4-5 belongs to both rows; the Excel date is a date
    assert pairs == {
        (frozenset({"绍兴中专", "绍兴中科通信设备有限公司"}), "2023-11-10"),
        (frozenset({"绍兴中专", "浙江时立态合科技有限公司"}), "2023-11"),
        (frozenset({"绍兴职业技术学院", "浙江时立态合科技有限公司"}), "2023"),
    }
    # no kind given for 绍兴职业技术学院: its name ending tells it
    assert kg.label_of(kg.resolve("绍兴职业技术学院")) == "HigherEducationInstitution"
    targets = {kg.node(e["target"])["name"] for e in kg.edges("TARGETS_INDUSTRY")}
    assert targets == {"集成电路", "电子商务", "数字经济"}
    source = kg.node(next(iter(next(kg.edges("PARTNERS_WITH"))["sources"])))
    assert source["name"] == "绍兴中专官网"


def test_the_first_sheet_is_read_when_no_sheet_is_named(load_graph: Loader, tables: Path) -> None:
    kg = load_graph(tables / "partnerships.xlsx")
    assert kg.graph.number_of_edges() > 0


def test_loading_twice_changes_nothing(load_graph: Loader, tables: Path) -> None:
    kg = load_graph(tables / "partnerships.xlsx", sheet="2023年")
    before = kg.to_dict()
    for batch in load_path(tables / "partnerships.xlsx", sheet="2023年"):
        kg.add(batch.records)
    assert kg.to_dict() == before


def test_an_official_code_merges_two_spellings(tmp_path: Path, load_graph: Loader) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text(
        "学校,企业,统一社会信用代码\n"
        "绍兴中专,绍兴中科通信设备有限公司,91330600MA2D000001\n"
        "绍兴职业技术学院,中科通信（绍兴）,91330600MA2D000001\n",
        encoding="utf-8",
    )
    kg = load_graph(sheet)
    (enterprise,) = kg.nodes("Enterprise")
    assert (enterprise["name"], enterprise["aliases"]) == (
        "绍兴中科通信设备有限公司",
        ["中科通信（绍兴）"],
    )
    assert enterprise["props"]["code"] == "91330600MA2D000001"


def test_full_and_half_width_spellings_are_one_node_shown_as_first_written(
    tmp_path: Path, load_graph: Loader
) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text(
        "学校,企业\n"
        "绍兴中专,浙江时立态合科技（绍兴）有限公司\n"
        "绍兴职业技术学院,浙江时立态合科技(绍兴)有限公司 \n"
        "绍兴文理学院,浙江时立态合科技（绍兴）有限公司\n",
        encoding="utf-8",
    )
    kg = load_graph(sheet)
    (enterprise,) = kg.nodes("Enterprise")
    assert enterprise["name"] == "浙江时立态合科技（绍兴）有限公司"
    assert enterprise["aliases"] == ["浙江时立态合科技(绍兴)有限公司"]
    assert kg.graph.degree(enterprise["id"]) == 3


def test_a_dataset_folder_reads_its_partnerships_sheet_and_refuses_strangers(
    tmp_path: Path, load_graph: Loader
) -> None:
    (tmp_path / "organizations.csv").write_text("name,kind\n绍兴中专,中职\n", encoding="utf-8")
    (tmp_path / "合作.csv").write_text("学校,企业\n绍兴中专,绍兴中科通信设备有限公司\n", "utf-8")
    kg = load_graph(tmp_path)
    (edge,) = kg.edges("PARTNERS_WITH")
    ends = {kg.node(edge["source"])["name"], kg.node(edge["target"])["name"]}
    assert ends == {"绍兴中专", "绍兴中科通信设备有限公司"}
    (tmp_path / "备注.csv").write_text("说明,日期\n测试,2023\n", encoding="utf-8")
    (batch,) = load_path(tmp_path)
    assert [str(e) for e in batch.errors] == [
        f"{tmp_path / '备注.csv'}: not a sheet of the documented format, nor a partnerships "
        "sheet (name it after a sheet (sources (来源), regions (地区), organizations (组织), "
        "people (人物), projects (项目), events (活动), members (成员), relationships (关系), "
        "designations (认定)) or move it out of the folder)"
    ]


def test_json_lines_load_one_object_per_line(tmp_path: Path, load_graph: Loader) -> None:
    lines = tmp_path / "partnerships.jsonl"
    lines.write_text(
        '{"school": "绍兴中专", "enterprise": "绍兴中科通信设备有限公司", "date": "2023年11月"}\n'
        "\n"
        '{"school": "绍兴职业技术学院", "enterprise": "浙江时立态合科技有限公司"}\n',
        encoding="utf-8",
    )
    kg = load_graph(lines)
    assert sorted(e["props"].get("since", "") for e in kg.edges("PARTNERS_WITH")) == ["", "2023-11"]


def _open_handles(path: Path) -> list[str]:
    """This process's file descriptors open on ``path`` (Linux: /proc/self/fd)."""
    fds = Path("/proc/self/fd")
    found = []
    for fd in fds.iterdir():
        try:
            if Path(os.readlink(fd)) == path.resolve():
                found.append(fd.name)
        except OSError:  # the descriptor listing itself, closed meanwhile
            continue
    return found


@pytest.mark.parametrize(
    "name", ["external_entity.xlsx", "truncated.xlsx", "random_bytes.xlsx", "empty_zip.xlsx"]
)
def test_a_refused_workbook_is_closed_at_once(name: str) -> None:
    """A damaged workbook is refused and its file closed there and then.

    Not when Python's cycle collector gets round to it (paused while iekg
    loads): an analyst loading a folder in a notebook would otherwise keep
    every refused workbook open, and Excel or Windows could not replace it.
    """
    damaged = Path(__file__).parents[2] / "fixtures" / "bad" / "xlsx" / name
    with collector_paused():
        with pytest.raises(LoadError, match="not a readable Excel workbook"):
            read_table(damaged)
        assert _open_handles(damaged) == []
