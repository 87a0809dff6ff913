"""iekg build / inspect / resolve on the analyst's own tables, as an analyst runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import iekg_ok as ok
from conftest import run_iekg as invoke
from graph.embedded_store import EmbeddedStore
from iekg.cli import cli
from loaders import SAMPLE_PATH

TABLES = Path(__file__).resolve().parents[1] / "fixtures" / "tables"
KINDS = "中职、中专、职高、技工、技工学校、技师学院、高职、高校、高职院校、本科、大学、职业本科"
DATE = "a date such as 2023-11-10, 2023/11/10, 2023年11月10日, 2023.11 or 2023年"


def test_build_with_a_mapping_loads_a_gb18030_sheet(tmp_path: Path) -> None:
    out = ok(
        "build",
        str(TABLES / "hezuo_gb18030.csv"),
        "--mapping",
        str(TABLES / "hezuo.mapping.yaml"),
        "--store",
        str(tmp_path),
    )
    assert out.splitlines() == [
        f"{TABLES / 'hezuo_gb18030.csv'}: 10 nodes (+10), 10 relationships (+10)",
        f"Stored in embedded store {tmp_path}.",
    ]


def test_a_bad_file_is_refused_with_every_error_and_the_store_unchanged(tmp_path: Path) -> None:
    ok("build", "--store", str(tmp_path))
    before = (tmp_path / "graph.json").read_bytes()
    result = invoke("build", str(TABLES / "bad.csv"), "--store", str(tmp_path))
    bad = TABLES / "bad.csv"
    assert result.exit_code == 1
    assert result.output.splitlines()[:4] == [
        f"Error: {bad}: refused, nothing was written (3 error(s)):",
        f"  {bad}, row 2, column '日期': found '2023-13-01', expected {DATE}",
        f"  {bad}, row 3, column '学校': empty, expected a name (this column is required)",
        f"  {bad}, row 4, column '学校类型': found '幼儿园', expected one of {KINDS} "
        "(fix the rows named above, "
        "or pass --skip-invalid to load the rest)",
    ]
    assert (tmp_path / "graph.json").read_bytes() == before


def test_skip_invalid_writes_the_rejects_beside_a_report(tmp_path: Path) -> None:
    store, out_dir = tmp_path / "store", tmp_path / "out"
    args = ["build", str(TABLES / "bad.csv"), "--skip-invalid", "--rejects-dir", str(out_dir)]
    result = CliRunner().invoke(cli, [*args, "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{TABLES / 'bad.csv'}: 3 nodes (+3), 1 relationships (+1), 3 rejected",
        f"  report: {out_dir / 'bad.csv.report.txt'}",
        f"  rejected rows: {out_dir / 'bad.csv.rejects.csv'}",
        f"Stored in embedded store {store}.",
    ]
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "bad.csv.rejects.csv",
        "bad.csv.report.txt",
    ]


def test_a_csv_and_a_workbook_of_one_name_keep_separate_reports(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(TABLES / "bad.csv", folder / "a.csv")
    book = openpyxl.Workbook()
    book.active.append(["学校", "企业", "日期"])
    book.active.append(["绍兴中专", "浙江甲科技有限公司", "2023-13-01"])
    book.save(folder / "a.xlsx")
    ok("build", str(folder), "--skip-invalid", "--store", str(tmp_path / "store"))
    assert sorted(p.name for p in folder.iterdir()) == [
        "a.csv",
        "a.csv.rejects.csv",
        "a.csv.report.txt",
        "a.xlsx",
        "a.xlsx.rejects.csv",
        "a.xlsx.report.txt",
    ]


def test_building_the_current_folder_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(SAMPLE_PATH, tmp_path / "shaoxing")
    monkeypatch.chdir(tmp_path / "shaoxing")
    out = ok("build", ".", "--store", str(tmp_path / "store"))
    assert out.splitlines()[0] == "shaoxing: 48 nodes (+48), 74 relationships (+74)"
    kg = EmbeddedStore(tmp_path / "store").read_graph()
    cited = {json.loads(e)["path"] for n in kg.nodes() for e in n["evidence"]}
    assert "shaoxing/organizations.csv" in cited
    assert not [c for c in cited if c.startswith("/")]


def test_inspect_shows_the_columns_and_drafts_a_mapping_that_builds(tmp_path: Path) -> None:
    draft = tmp_path / "m.yaml"
    out = ok("inspect", str(TABLES / "hezuo_gb18030.csv"), "-o", str(draft))
    lines = out.splitlines()
    assert lines[:3] == [
        f"{TABLES / 'hezuo_gb18030.csv'}: 4 rows below the header in row 1",
        "encoding: gb18030",
        "format: partnerships sheet; loads without a mapping",
    ]
    assert lines[6].split() == ["序号", "4", "1", "|", "2", "|", "3"]
    assert "  - [school, PARTNERS_WITH, enterprise, {since: 签约时间}]" in draft.read_text("utf-8")
    fill_in_title(draft)
    built = ok(
        "build",
        str(TABLES / "hezuo_gb18030.csv"),
        "--mapping",
        str(draft),
        "--store",
        str(tmp_path),
    )
    assert "10 nodes (+10), 10 relationships (+10)" in built


def fill_in_title(draft: Path) -> None:
    """What the analyst does before building a draft: name the source document."""
    text = draft.read_text("utf-8")
    draft.write_text(text.replace("（填写来源标题）", "2023年校企合作汇总表"), "utf-8")


def test_a_drafted_school_and_enterprise_sheet_builds_partnerships(tmp_path: Path) -> None:
    sheet = tmp_path / "m.csv"
    sheet.write_text(
        "合作院校,合作单位名称,合作时间,备注\n"
        "绍兴市中等专业学校,浙江越芯集成电路有限公司,2023-05-12,共建订单班\n"
        "浙江工业职业技术学院,卧龙电气驱动集团股份有限公司,2022-09-01,现代学徒制\n"
        "绍兴职业技术学院,浙江晶盛机电股份有限公司,2024-03-15,\n",
        "utf-8",
    )
    draft, store = tmp_path / "map.yaml", str(tmp_path / "store")
    ok("inspect", str(sheet), "-o", str(draft))
    text = draft.read_text("utf-8")
    assert "  - [school, PARTNERS_WITH, enterprise, {since: 合作时间}]" in text
    assert "备注" not in text  # free text, not a project's name
    refused = invoke("build", str(sheet), "--mapping", str(draft), "--store", store)
    assert refused.exit_code == 1
    assert refused.output.splitlines()[:2] == [
        f"Error: {draft}: mapping refused (1 problem(s)):",
        "  source.title: still the draft's placeholder '（填写来源标题）'; write the title of "
        "the document the sheet comes from (or {column: …} for a column holding it) "
        "(see data/templates/README.md, section 'Mapping any spreadsheet')",
    ]
    assert not (tmp_path / "store").exists()
    fill_in_title(draft)
    built = ok("build", str(sheet), "--mapping", str(draft), "--store", store)
    assert built.splitlines()[0] == f"{sheet}: 7 nodes (+7), 3 relationships (+3)"
    links = ok("query", "connections", "--store", store, "--format", "csv")
    assert "浙江越芯集成电路有限公司,绍兴市中等专业学校" in links
    assert "《2023年校企合作汇总表》" in links and "填写" not in links


def test_a_mapping_without_relationships_is_loaded_with_a_warning(tmp_path: Path) -> None:
    sheet, mapping = tmp_path / "m.csv", tmp_path / "nodes.yaml"
    sheet.write_text("院校,单位\n绍兴中专,浙江甲科技有限公司\n", "utf-8")
    mapping.write_text(
        "source: {title: 汇总}\nnodes:\n  a: {guess: School, name: 院校}\n"
        "  b: {label: Enterprise, name: 单位}\nedges: []\n",
        "utf-8",
    )
    out = ok("build", str(sheet), "--mapping", str(mapping), "--store", str(tmp_path / "s"))
    assert out.splitlines()[:2] == [
        f"{sheet}: 3 nodes (+3), 0 relationships (+0)",
        f"  warning: no relationships: the mapping {mapping} joins none of its 2 nodes, so "
        "questions such as `iekg query connections` will not find them; add edges to it, "
        "e.g. edges: [[school, PARTNERS_WITH, enterprise]]",
    ]


def partnership_files(folder: Path) -> list[Path]:
    """A GBK file that loads, a file with a bad date, a file that would load."""
    good, bad, later = folder / "p_gbk.csv", folder / "p1.csv", folder / "p_dup.csv"
    good.write_bytes("学校,企业,日期\n绍兴中专,浙江甲科技有限公司,2023-05-01\n".encode("gbk"))
    bad.write_text("学校,企业,日期\n绍兴中专,浙江乙科技有限公司,2023-13-01\n", "utf-8")
    later.write_text("学校,企业,日期\n绍兴职业技术学院,浙江丙科技有限公司,2023\n", "utf-8")
    return [good, bad, later]


def test_several_files_say_which_were_loaded_and_which_not_tried(tmp_path: Path) -> None:
    good, bad, later = partnership_files(tmp_path)
    store = tmp_path / "store"
    result = invoke("build", str(good), str(bad), str(later), "--store", str(store))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{good}: 3 nodes (+3), 1 relationships (+1)",
        f"Error: {bad}: refused, nothing from it was written (1 error(s)):",
        f"  {bad}, row 2, column '日期': found '2023-13-01', expected {DATE} "
        "(fix the rows named above, or pass --skip-invalid to load the rest)",
        f"{good} was loaded before it; not tried: {later}; fix {bad} and run the same "
        "command again (loading is idempotent)",
    ]
    names = ok("query", "connections", "--store", str(store), "--format", "csv")
    assert "浙江甲科技有限公司" in names and "浙江丙科技有限公司" not in names


def test_skip_invalid_passes_over_an_unreadable_article(tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    article = Path(__file__).resolve().parents[1] / "fixtures" / "articles" / "d01.txt"
    (news / "01.txt").write_text(article.read_text("utf-8"), "utf-8")
    (news / "02.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)))
    (news / "03.txt").write_text(article.read_text("utf-8"), "utf-8")
    store = str(tmp_path / "store")
    out = ok("build", str(news), "--skip-invalid", "--store", store)
    lines = out.splitlines()
    assert lines[1] == (
        f"{news / '02.txt'}: skipped, nothing from it was loaded: not a text file "
        "(give the article as .txt, .md or .html)"
    )
    assert lines[2].startswith(f"{news / '03.txt'}: ")
    refused = invoke("build", str(news), "--store", store)
    assert refused.exit_code == 1
    assert refused.output.splitlines()[-1] == (
        f"{news / '01.txt'} was loaded before it; not tried: the files after "
        f"{news / '02.txt'} in {news}; fix {news / '02.txt'} and run the same command again "
        "(loading is idempotent)"
    )


def test_inspect_names_the_sheets_of_a_workbook() -> None:
    out = ok("inspect", str(TABLES / "partnerships.xlsx"), "--sheet", "2023年")
    assert out.splitlines()[:3] == [
        f"{TABLES / 'partnerships.xlsx'}[2023年]: 3 rows below the header in row 3",
        "sheets: 2023年, 说明",
        "format: partnerships sheet; loads without a mapping",
    ]
    assert "header_row: 3" in out


def test_resolve_proposes_accepts_replays_and_undoes(tmp_path: Path) -> None:
    store = ["--store", str(tmp_path)]
    ok("build", *store)
    ok("build", str(TABLES / "dataset.xlsx"), *store)
    proposals = ok("resolve", *store).splitlines()
    assert proposals[2].split() == [
        "p2f25abd7",
        "绍兴市中等专业学校",
        "绍兴中专",
        "abbreviation",
        "0.72",
    ]
    assert ok("resolve", "--accept", "p2f25abd7", "--note", "同一学校", *store) == (
        "j1: 绍兴中专 merged into 绍兴市中等专业学校.\n"
    )
    assert ok("resolve", *store) == "No likely duplicates.\n"
    # the judgement is replayed: loading the sample again adds no second school
    assert "(+0)" in ok("build", *store)
    log = ok("resolve", "--log", *store).splitlines()
    assert log[2].split()[:6] == [
        "j1",
        "accept",
        "绍兴市中等专业学校",
        "绍兴中专",
        "same",
        "同一学校",
    ]
    # reloading the same facts left the merged node as it was, so the undo is exact
    undone = ok("resolve", "--undo", "j1", *store)
    assert undone == "j2: j1 undone; the store has both nodes again.\n"
    refused = invoke("resolve", "--accept", "nope", *store)
    assert refused.exit_code == 1
    assert refused.output == "Error: no open proposal 'nope'; open proposals: p2f25abd7\n"


def test_an_undo_right_after_a_merge_restores_both_nodes(tmp_path: Path) -> None:
    store = ["--store", str(tmp_path)]
    ok("build", *store)
    ok("build", str(TABLES / "dataset.xlsx"), *store)
    stats = ok("stats", *store)
    ok("resolve", "--merge", "绍兴中专", "--into", "绍兴市中等专业学校", *store)
    assert ok("resolve", "--undo", "j1", *store) == (
        "j2: j1 undone; the store has both nodes again.\n"
    )
    assert ok("stats", *store) == stats


def test_the_installed_command_inspects_a_gb18030_file() -> None:
    iekg = Path(sys.executable).with_name("iekg")
    out = subprocess.run(
        [str(iekg), "inspect", str(TABLES / "hezuo_gb18030.csv")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "encoding: gb18030" in out.stdout
    assert "学校名称" in out.stdout


def refusal(tmp_path: Path, name: str, text: str) -> tuple[Path, list[str]]:
    sheet = tmp_path / name
    sheet.write_text(text, "utf-8")
    result = invoke("build", str(sheet), "--store", str(tmp_path / "store"))
    assert result.exit_code == 1
    return sheet, result.output.splitlines()


def test_an_unknown_school_ending_names_the_school_column_and_the_kind_column_to_add(
    tmp_path: Path,
) -> None:
    sheet, lines = refusal(tmp_path, "sk.csv", "学校,企业\n绍兴创新中心,甲有限公司\n")
    assert lines[1] == (
        f"  {sheet}, row 2, column '学校': found '绍兴创新中心', expected a 学校 name with a "
        "telling ending (中等专业学校、中等职业学校、职业技术大学、职业技术学院 …) or a kind "
        "column (add a '学校类型' column: 中职、高职 …) (fix the rows named above, or pass "
        "--skip-invalid to load the rest)"
    )


def test_county_vocational_centres_and_technician_colleges_are_secondary_schools(
    tmp_path: Path,
) -> None:
    sheet = tmp_path / "sk.csv"
    sheet.write_text(
        "学校,企业\n绍兴市柯桥区职业教育中心,甲有限公司\n新昌县职教中心,乙有限公司\n"
        "浙江交通技师学院,丙有限公司\n绍兴市技工学校,丁有限公司\n",
        "utf-8",
    )
    store = str(tmp_path / "store")
    ok("build", str(sheet), "--store", store)
    links = ok("query", "connections", "--store", store, "--format", "csv")
    for school in (
        "绍兴市柯桥区职业教育中心",
        "新昌县职教中心",
        "浙江交通技师学院",
        "绍兴市技工学校",
    ):
        assert f",{school},中职," in links


def test_an_unclosed_quote_is_reported_by_its_line(tmp_path: Path) -> None:
    sheet, lines = refusal(
        tmp_path,
        "q.csv",
        '学校,企业,日期\n绍兴中专,乙有限公司,2023\n"多行\n学校"",x",丙有限公司,\n"绍兴中专,甲有限公司,2024\n',
    )
    assert lines == [
        f"Error: {sheet}: a quote opened on line 5 is never closed (close it, or delete it if "
        "it is stray; a file cut short needs copying again)"
    ]


def test_a_row_longer_than_the_header_is_refused_with_its_cell_count(tmp_path: Path) -> None:
    sheet, lines = refusal(
        tmp_path,
        "w.csv",
        "学校,企业\n绍兴中专,浙江(绍兴),甲有限公司\n绍兴职业技术学院,乙有限公司,,\n",
    )
    assert lines == [
        f"Error: {sheet}: refused, nothing was written (1 error(s)):",
        f"  {sheet}, row 2: 3 cells where the header has 2 (beyond it: '甲有限公司') (a comma "
        "inside a cell splits it in two: put that cell in double quotes, or write the name "
        "without the comma) (fix the rows named above, or pass --skip-invalid to load the rest)",
    ]


@pytest.mark.parametrize("command", ["build", "inspect", "extract"])
def test_an_unknown_encoding_is_refused_before_anything_is_read(
    tmp_path: Path, command: str
) -> None:
    store = tmp_path / "store"
    args = [command, str(TABLES / "hezuo_gb18030.csv"), "--encoding", "nosuch"]
    result = invoke(*args, *(["--store", str(store)] if command == "build" else []))
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: Invalid value for '--encoding': unknown encoding 'nosuch'; "
        "use one of utf-8, utf-8-sig, gbk, gb2312, gb18030, big5, utf-16"
    )
    assert not store.exists()


@pytest.mark.parametrize(
    "action",
    [
        [],
        ["--log"],
        ["--accept", "p2f25abd7"],
        ["--reject", "p2f25abd7"],
        ["--merge", "绍兴职院", "--into", "绍兴职业技术学院"],
        ["--undo", "j1"],
    ],
)
def test_resolve_on_a_store_never_built_says_so(tmp_path: Path, action: list[str]) -> None:
    missing = tmp_path / "typo"
    result = invoke("resolve", *action, "--store", str(missing))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: no store at {missing}; run `iekg build … --store {missing}` first "
        "(or give the --store / IEKG_STORE of one that was built)\n"
    )
    assert not missing.exists()
