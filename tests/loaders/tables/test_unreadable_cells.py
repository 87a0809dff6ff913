"""Cells that hold no data are named, not read as empty or as data.

A workbook written by a program keeps a formula without its value, which
reads like a blank cell; a template's example row left in place reads like
real facts. Both are refused with the file, sheet, row and column.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl

from loaders import load_path

PARTNERSHIPS = ["学校", "学校类型", "企业", "日期"]
PLACEHOLDER = (
    "a placeholder: this is the template's example row: replace it with your data or delete it"
)
FORMULA = "open the file in Excel/WPS and save it, or type the value"


def _workbook(path: Path, rows: list[list[str]], sheet: str = "2023年") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in [PARTNERSHIPS, *rows]:
        ws.append(row)
    book.save(path)
    return path


def _saved(book: Path, saved: Path, cell: str, value: str) -> Path:
    """``book`` as Excel saves it: the text ``value`` kept beside the formula in ``cell``,
    where a program that never calculated wrote an empty ``<v/>``."""
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(saved, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(
                    rb'<c r="' + cell.encode() + rb'"><f>(.*?)</f><v\s*/>',
                    rb'<c r="'
                    + cell.encode()
                    + rb'" t="str"><f>\1</f><v>'
                    + value.encode()
                    + b"</v>",
                    data,
                )
            out.writestr(item, data)
    return saved


def _errors(path: Path) -> list[str]:
    return [str(e) for batch in load_path(path) for e in batch.errors]


def _names(path: Path) -> set[str]:
    return {r.name for batch in load_path(path) for r in batch.records if hasattr(r, "name")}


def test_a_formula_without_a_saved_value_names_the_file_sheet_row_and_column(
    tmp_path: Path,
) -> None:
    book = _workbook(
        tmp_path / "合作.xlsx",
        [
            ["绍兴中专", "中职", "绍兴中科通信设备有限公司", "2023-11-10"],
            ["绍兴中专", "中职", '=CONCAT("绍兴","科技有限公司")', "2023-11-10"],
        ],
    )
    assert _errors(book) == [  # one sheet: the file names it
        f"{book}, row 3, column '企业': a formula with no saved value "
        f'(=CONCAT("绍兴","科技有限公司")); {FORMULA}'
    ]


def test_a_formula_with_its_saved_value_loads_the_value(tmp_path: Path) -> None:
    """What Excel and WPS write: the formula and the value it last gave."""
    book = _workbook(
        tmp_path / "unsaved.xlsx",
        [["绍兴中专", "中职", '=CONCAT("绍兴","科技有限公司")', "2023-11-10"]],
    )
    saved = _saved(book, tmp_path / "saved.xlsx", "C2", "绍兴科技有限公司")
    assert _errors(saved) == []
    assert "绍兴科技有限公司" in _names(saved)


def test_a_formula_whose_saved_value_is_empty_text_is_an_empty_cell(tmp_path: Path) -> None:
    """=IF(…,"",…) saved by Excel: <v></v> on a text result. The cell is blank on purpose."""
    rows = [["绍兴中专", "中职", "绍兴中科通信设备有限公司", '=IF(1>2,"2023","")']]
    book = _workbook(tmp_path / "unsaved.xlsx", rows)
    saved = _saved(book, tmp_path / "saved.xlsx", "D2", "")
    assert _errors(saved) == []
    assert "绍兴中科通信设备有限公司" in _names(saved)


def test_the_template_example_row_is_refused_in_a_partnerships_sheet(tmp_path: Path) -> None:
    book = _workbook(
        tmp_path / "合作.xlsx",
        [
            ["绍兴中专", "中职", "绍兴中科通信设备有限公司", "2023-11-10"],
            ["绍兴中专", "中职", "示例科技有限公司", "2023-11-10"],
        ],
    )
    assert _errors(book) == [  # one sheet: the file names it
        f"{book}, row 3, column '企业': found '示例科技有限公司', {PLACEHOLDER}"
    ]
    assert "示例科技有限公司" not in _names(book)
    assert "绍兴中科通信设备有限公司" in _names(book)  # the other row loads with --skip-invalid


def test_the_template_example_row_is_refused_in_a_designations_list(tmp_path: Path) -> None:
    path = tmp_path / "认定.csv"
    path.write_text(
        "名称,认定类型,文号,发布单位\n"
        "浙江时立态合科技有限公司,国家产教融合型企业,发改社会〔2023〕1号,国家发展改革委\n"
        "浙江示范科技有限公司,国家产教融合型企业,（文号）,（发布单位）\n",
        encoding="utf-8",
    )
    assert _errors(path) == [
        f"{path}, row 3, column '文号': found '（文号）', {PLACEHOLDER}",
        f"{path}, row 3, column '发布单位': found '（发布单位）', {PLACEHOLDER}",
    ]
    assert "浙江时立态合科技有限公司" in _names(path)
    assert "浙江示范科技有限公司" not in _names(path)


def test_brackets_inside_a_cell_are_data(tmp_path: Path) -> None:
    path = tmp_path / "合作.csv"
    path.write_text(
        "学校,学校类型,企业\n绍兴中专,中职,浙江（绍兴）精工科技有限公司\n", encoding="utf-8"
    )
    assert _errors(path) == []
    assert "浙江（绍兴）精工科技有限公司" in _names(path)
