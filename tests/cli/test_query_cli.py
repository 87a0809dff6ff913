"""`iekg query` as an analyst uses it: the catalogue, a path, a workbook, errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner, Result

from iekg.cli import cli


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("store")
    result = CliRunner().invoke(cli, ["build", "--store", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def query(store: Path, *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, ["query", *args, "--store", str(store)])
    assert result.exit_code == code, result.output
    return result


def test_list_shows_every_question_with_its_parameters(store: Path) -> None:
    text = query(store, "--list").output
    for name in ("connections", "partners", "path", "alliance-composition", "industry-coverage",
                 "brokers", "communities", "people", "timeline", "changes", "ego"):  # fmt: skip
        assert f"\n{name}\n" in f"\n{text}"
    assert "  params: a*, b*, k, n, hubs, max_degree" in text
    assert text.rstrip().endswith("(* required)  iekg query NAME --param name=value")


def test_list_says_how_brokers_estimates_betweenness(store: Path) -> None:
    text = query(store, "--list").output
    brokers = text.split("\nbrokers\n", 1)[1].split("\n\n", 1)[0]
    note = " ".join(line.strip() for line in brokers.splitlines() if line.startswith("  "))
    assert "estimated from the routes that start at 100 of them" in note
    assert "17 of the top 20" in note
    assert "read the order of the top few, not the numbers" in note


def test_list_notes_speak_to_an_analyst_not_a_developer(store: Path) -> None:
    """Notes say what the answer means; no algorithm internals, no timings that go stale."""
    text = query(store, "--list").output
    for word in ("Brandes", "numpy", "2-core", "136,000", "bookmark", "packed record", " s at "):
        assert word not in text, word


def test_path_prints_the_hops_and_the_cited_explanation(store: Path) -> None:
    out = query(
        store, "path", "--param", "a=绍兴中科通信设备有限公司", "--param", "b=浙江工业职业技术学院"
    ).output
    lines = out.splitlines()
    assert lines[0].split() == ["path", "step", "from", "relation", "to", "since", "sources",
                                "cost"]  # fmt: skip
    assert "↔ 签约 SIGNED（王苗庆创新工作站揭牌）" in lines[2]
    assert "绍兴数字工匠“中高政园企”共育联盟" in lines[3]
    assert (
        "绍兴中科通信设备有限公司与浙江工业职业技术学院相隔3步：绍兴中科通信设备有限公司与绍兴中专签约"
        "（王苗庆创新工作站揭牌）；绍兴中专是绍兴数字工匠“中高政园企”共育联盟的成员；"
        "浙江工业职业技术学院是绍兴数字工匠“中高政园企”共育联盟的成员（成员单位）。"
        "来源：《绍兴数字工匠“中高政园企”共育联盟成立大会召开》（蓝媒教育，2023-11）。"
    ) in out
    assert "王苗庆创新工作站（共建单位）" in out  # the third path, through the workstation
    assert "org-" not in out  # ids stay out of the terminal table


def test_connections_as_a_workbook(store: Path, tmp_path: Path) -> None:
    target = tmp_path / "links.xlsx"
    out = query(store, "connections", "--format", "xlsx", "-o", str(target)).output
    assert out == f"Wrote 12 rows to {target}\n"
    sheet = openpyxl.load_workbook(target).active
    assert [c.value for c in sheet[1]][:5] == ["enterprise", "school", "schoolKind", "kinds",
                                               "depthLevel"]  # fmt: skip
    assert [c.value for c in sheet[2]][:2] == ["绍兴中科通信设备有限公司", "绍兴中专"]
    assert sheet.max_row == 13


def test_the_output_file_s_extension_names_the_format_unless_format_is_given(
    store: Path, tmp_path: Path
) -> None:
    """``-o links.csv`` is a CSV file a spreadsheet reads, not the terminal's table."""
    csv_path, json_path, text_path = (tmp_path / f"links.{x}" for x in ("csv", "JSON", "txt"))
    for path in (csv_path, json_path, text_path):
        query(store, "connections", "-o", str(path))
    every_row = query(store, "connections", "--format", "csv").output
    written = pd.read_csv(csv_path, encoding="utf-8-sig")
    pd.testing.assert_frame_equal(written, pd.read_csv(io.StringIO(every_row)))
    assert len(written) == 12 and list(written.columns[:2]) == ["enterprise", "school"]
    assert json.loads(json_path.read_text(encoding="utf-8"))[0]["school"] == "绍兴中专"
    assert text_path.read_text(encoding="utf-8").splitlines()[1].startswith("───")
    workbook = tmp_path / "links.xlsx"
    query(store, "connections", "-o", str(workbook))
    assert openpyxl.load_workbook(workbook).active.max_row == 13
    table_path = tmp_path / "table.csv"
    query(store, "connections", "--format", "table", "-o", str(table_path))
    assert table_path.read_text(encoding="utf-8").splitlines()[1].startswith("───")


def test_json_is_plain_utf8_with_slashes_as_written(store: Path, tmp_path: Path) -> None:
    """A reader of the JSON sees 同处联盟/活动/人员, not pandas' ``同处联盟\\/活动\\/人员``."""
    printed = query(store, "connections", "--format", "json").output
    target = tmp_path / "links.json"
    query(store, "connections", "-o", str(target))
    for text in (printed, target.read_text(encoding="utf-8")):
        assert '"depth": "0 同处联盟/活动/人员 co-presence only"' in text
        assert "\\/" not in text and "\\u" not in text
        assert json.loads(text)[0]["depth"] == "5 联合研发 joint R&D"


def test_a_long_table_shows_its_first_rows_and_says_how_many_there_are(store: Path) -> None:
    every = query(store, "connections", "--rows", "0").output.splitlines()
    assert len(every) == 2 + 12  # header, rule, every pair
    out = query(store, "connections", "--rows", "5").output
    assert out.splitlines()[:7] == every[:7]
    assert "\n前 5 行，共 12 行 · the first 5 of 12 rows" in out
    assert every[7] not in out
    csv_text = query(store, "connections", "--rows", "5", "--format", "csv").output
    assert len(csv_text.splitlines()) == 1 + 12  # other formats get every row


def test_errors_say_what_to_do(store: Path) -> None:
    out = query(store, "connections", "--param", "school=绍兴", code=1).output
    assert "Error: school='绍兴' is ambiguous: 3 matches: 绍兴中专（中职）" in out
    assert (
        "Error: --param 'k3': write it as name=value"
        in query(store, "path", "--param", "k3", code=1).output
    )
    assert (
        "Error: --format xlsx needs -o FILE.xlsx"
        in query(store, "connections", "--format", "xlsx", code=1).output
    )
    assert "Error: path: parameter a is required" in query(store, "path", code=1).output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("connections", "min_depth=9"), "connections: min_depth=9; give a number from 0 to 6"),
        (("connections", "min_depth=-1"), "connections: min_depth=-1; give a number from 0 to 6"),
        (("ego", "name=绍兴中专", "depth=-1"), "ego: depth=-1; give a number from 1 to 3"),
        (("ego", "name=绍兴中专", "depth=4"), "ego: depth=4; give a number from 1 to 3"),
        (("brokers", "top=-1"), "brokers: top=-1; give a number of at least 1"),
        (("communities", "min_size=0"), "communities: min_size=0; give a number of at least 1"),
        (("path", "a=中科通信", "b=绍兴中专", "k=0"), "path: k=0; give a number from 1 to 5"),
        (("path", "a=中科通信", "b=绍兴中专", "n=0"), "path: n=0; give a number of at least 1"),
    ],
)
def test_a_number_out_of_range_is_refused_not_answered_with_no_rows(
    store: Path, args: tuple[str, ...], message: str
) -> None:
    name, *params = args
    given = [arg for param in params for arg in ("--param", param)]
    assert query(store, name, *given, code=1).output == f"Error: {message}\n"


def test_a_workbook_without_a_file_is_refused_before_any_cypher_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``iekg cypher … --write --format xlsx`` with no -o must not write and then fail."""
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")  # nothing listens: never reached
    result = CliRunner().invoke(
        cli, ["cypher", "CREATE (:Marker {x: 1})", "--write", "--format", "xlsx"]
    )
    assert result.exit_code == 1
    assert "Error: --format xlsx needs -o FILE.xlsx" in result.output


def test_a_command_run_in_process_keeps_no_graph_after_it(store: Path) -> None:
    """Only the console script, which ends at once, may leave its graph to the operating
    system; a command run in a program that goes on (here CliRunner) must let go of it."""
    from iekg import process_end

    query(store, "connections")
    assert process_end._KEPT == []


UNDATED = Path(__file__).parents[1] / "fixtures" / "tables" / "undated"


def test_as_of_dates_an_undated_link_by_the_source_reporting_it(tmp_path: Path) -> None:
    """An undated link from a 2024 report is not listed as of 2020, and is new since then."""
    built = CliRunner().invoke(cli, ["build", str(UNDATED), "--store", str(tmp_path)])
    assert built.exit_code == 0, built.output

    def enterprises(*args: str) -> list[str]:
        out = query(tmp_path, *args, "--format", "csv").output
        return sorted(pd.read_csv(io.StringIO(out)).enterprise)

    assert enterprises("connections", "--param", "as_of=2020") == [
        "越州丙材料有限公司",  # undated, from an undated summary: nothing says otherwise
        "越州乙制造有限公司",  # since 2019-05
    ]
    assert len(enterprises("connections", "--param", "as_of=2024")) == 3
    out = query(tmp_path, "changes", "--param", "start=2020", "--param", "end=2024",
                "--param", "change=new", "--format", "csv").output  # fmt: skip
    assert pd.read_csv(io.StringIO(out)).enterprise.tolist() == ["越州甲科技有限公司"]
