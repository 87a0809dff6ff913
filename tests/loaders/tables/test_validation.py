"""Validation before anything is written: every error listed, the store untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.embedded_store import EmbeddedStore
from graph.errors import LoadError
from graph.ingest import ingest
from loaders import SAMPLE_PATH, load_path
from loaders.mapping import load_mapping
from loaders.rejects import write_rejects

DATE = "a date such as 2023-11-10, 2023/11/10, 2023年11月10日, 2023.11 or 2023年"
KINDS = "中职、中专、职高、技工、技工学校、技师学院、高职、高校、高职院校、本科、大学、职业本科"


def _store(tmp_path: Path) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path / "store")
    ingest(store, load_path(SAMPLE_PATH), progress=False)
    return store


def test_three_kinds_of_error_are_all_named_and_the_store_is_unchanged(
    tmp_path: Path, tables: Path
) -> None:
    store = _store(tmp_path)
    before = store.file.read_bytes()
    bad = tables / "bad.csv"
    with pytest.raises(LoadError) as caught:
        ingest(store, load_path(bad), progress=False)
    assert str(caught.value).splitlines() == [
        f"{bad}: refused, nothing was written (3 error(s)):",
        f"  {bad}, row 2, column '日期': found '2023-13-01', expected {DATE}",
        f"  {bad}, row 3, column '学校': empty, expected a name (this column is required)",
        f"  {bad}, row 4, column '学校类型': found '幼儿园', expected one of {KINDS} "
        "(fix the rows named above, or pass --skip-invalid to load the rest)",
    ]
    assert store.file.read_bytes() == before


def test_skip_invalid_loads_the_good_row_and_writes_the_bad_ones_beside_a_report(
    tmp_path: Path, tables: Path
) -> None:
    store = _store(tmp_path)
    batches = list(load_path(tables / "bad.csv"))
    (report,) = ingest(store, batches, skip_invalid=True, progress=False)
    kg = store.read_graph()
    assert kg.resolve("绍兴文理学院") is not None
    assert kg.label_of(kg.resolve("绍兴职业技术学院")) == "HigherEducationInstitution"  # sample
    pairs = {frozenset((e["source"], e["target"])) for e in kg.edges("PARTNERS_WITH")}
    assert pairs == {
        frozenset((kg.resolve("绍兴文理学院"), kg.resolve("浙江时立态合科技有限公司")))
    }
    written, rejected = write_rejects(batches[0], report, tmp_path / "out")
    assert [p.name for p in rejected] == ["bad.csv.rejects.csv"]
    lines = rejected[0].read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "row,学校,学校类型,企业,项目,日期,problems"
    assert [line.split(",")[0] for line in lines[1:]] == ["2", "3", "4"]
    assert lines[2] == (
        "3,,中职,浙江时立态合科技有限公司,,2023-11-10,"
        '"学校: empty, expected a name (this column is required)"'
    )
    text = written.read_text(encoding="utf-8")
    assert "problems: 3 (these rows were not loaded)" in text
    assert f"- {tables / 'bad.csv'}, row 4, column '学校类型': found '幼儿园'" in text


def test_a_missing_column_names_the_mapping_key_and_the_columns_seen(
    tmp_path: Path, tables: Path
) -> None:
    sheet = tmp_path / "x.csv"
    sheet.write_text("学校,企业\n绍兴中专,绍兴中科通信设备有限公司\n", encoding="utf-8")
    (batch,) = load_path(sheet, mapping=tables / "hezuo.mapping.yaml")
    first = str(batch.errors[0])
    assert first == (
        f"{sheet}, row 1, column '学校名称': empty, expected a column headed '学校名称' "
        f"(named by nodes.school.name in {tables / 'hezuo.mapping.yaml'}) "
        "(the columns are 学校, 企业)"
    )
    assert len(batch.errors) == 8  # every missing column, not just the first
    assert batch.records == []


def test_a_row_naming_an_unknown_node_is_refused_and_skipped_whole(tmp_path: Path) -> None:
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "organizations.csv").write_text(
        "name,kind\n绍兴中专,中职\n绍兴中科通信设备有限公司,企业\n", encoding="utf-8"
    )
    (folder / "relationships.csv").write_text(
        "from,type,to,since\n"
        "绍兴中科通信设备有限公司,SIGNED,绍兴中专,2023-11-10\n"
        "绍兴中科通信设备有限公司,MEMBER_OF,不存在的联盟,2023-11-10\n",
        encoding="utf-8",
    )
    store = EmbeddedStore(tmp_path / "store")
    with pytest.raises(LoadError) as caught:
        ingest(store, load_path(folder), progress=False)
    assert (
        "  ds/relationships.csv, row 3: MEMBER_OF: no node called '不存在的联盟' in the "
        "graph; add it as a node first" in str(caught.value)
    )
    assert not store.exists()
    ingest(store, load_path(folder), skip_invalid=True, progress=False)
    assert [e["type"] for e in store.read_graph().edges()] == ["SIGNED"]


def test_bad_cells_in_documented_sheets_name_the_header_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "组织.csv").write_text("名称,类型\n绍兴中专,幼儿园\n,企业\n", encoding="utf-8")
    (folder / "关系.csv").write_text(
        "起点,关系,终点,签约时间,状态\n绍兴中专,合作过,某公司,2023-02-30,open\n", encoding="utf-8"
    )
    (batch,) = load_path(folder)
    assert [str(e).removeprefix(f"{folder}/") for e in batch.errors] == [
        "组织.csv, row 2, column '类型': found '幼儿园', expected an organisation kind: "
        "中职、高校、政府、园区、企业、行业组织、联盟",
        "组织.csv, row 3, column '名称': empty, expected a value (this column is required)",
        "关系.csv, row 2, column '关系': found '合作过', expected a relationship type: "
        "WORKS_AT, MEMBER_OF, GUIDES, SUPPORTS, HOSTED, ATTENDED, ESTABLISHED, PARTICIPATES_IN, "
        "SIGNED, PARTNERS_WITH, LEADS, TARGETS_INDUSTRY, IN_INDUSTRY, LOCATED_IN, DESIGNATED_AS, "
        "PART_OF",
        f"关系.csv, row 2, column '签约时间': found '2023-02-30', expected {DATE}",
        "关系.csv, row 2, column '状态': found 'open', expected one of current, ended, unknown",
    ]


def test_a_mapping_is_checked_against_the_schema_with_every_mistake_listed(
    tmp_path: Path,
) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "nodes:\n"
        "  school: {label: 幼儿园, name: 学校}\n"
        "  firm: {label: Enterprise, name: 企业, props: {colour: 颜色}}\n"
        "  person: {label: Person, name: 姓名}\n"
        "edges:\n"
        "  - [person, MEMBER_OF, firm]\n"
        "  - [firm, KNOWS, school]\n"
        "sheeet: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as caught:
        load_mapping(mapping)
    lines = str(caught.value).splitlines()
    assert lines[0] == f"{mapping}: mapping refused (5 problem(s)):"
    assert lines[1].startswith("  sheeet: unknown key; use ")
    assert lines[2].startswith("  nodes.school.label: '幼儿园' is not a label; use one of ")
    assert lines[3] == (
        "  nodes.firm.props.colour: Enterprise has no property 'colour'; "
        "it has region, code, kind, founded"
    )
    assert lines[4] == (
        "  edges[0]: person -[MEMBER_OF]-> firm never fits the schema; "
        "MEMBER_OF connects Organization→Alliance"
    )
    assert lines[5].startswith("  edges[1].type: 'KNOWS' is not a relationship type; use one of ")
