"""The templates match the format, load as they are, and the format document lists every header."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl

from graph.knowledge_graph import KnowledgeGraph
from loaders.table_format import SHEETS
from loaders.templates import TEMPLATES_PATH, write_templates

Loader = Callable[..., KnowledgeGraph]
Facts = Callable[[KnowledgeGraph], set[tuple[object, ...]]]


def _cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_the_checked_in_templates_are_the_generated_ones(tmp_path: Path) -> None:
    fresh = write_templates(tmp_path)
    for path in fresh:
        shipped = TEMPLATES_PATH / path.relative_to(tmp_path)
        if path.suffix == ".csv":
            assert shipped.read_bytes() == path.read_bytes(), shipped
        else:
            assert _cells(shipped) == _cells(path), shipped
    assert len(fresh) == 2 * (len(SHEETS) + 1) + 2


def test_every_template_loads_the_same_facts(load_graph: Loader, facts_of: Facts) -> None:
    english = load_graph(TEMPLATES_PATH / "en")
    assert (len(english), english.graph.number_of_edges()) == (12, 10)
    for other in ("zh", "iekg-template-en.xlsx", "iekg-template-zh.xlsx"):
        assert facts_of(load_graph(TEMPLATES_PATH / other)) == facts_of(english), other


def test_the_format_document_names_every_sheet_column_and_header() -> None:
    text = (TEMPLATES_PATH / "README.md").read_text(encoding="utf-8")
    for sheet in SHEETS:
        line = next(x for x in text.splitlines() if x.startswith(f"**{sheet.name} ({sheet.zh})**"))
        missing = [c.name for c in sheet.columns if c.name not in line]
        missing += [h for c in sheet.columns for h in c.headers if h not in text]
        assert missing == [], sheet.name


def test_the_format_document_names_the_template_rows_that_are_not_from_the_sample(
    load_graph: Loader,
) -> None:
    """A row that is not real (the designation's holder, the list's title) is named as
    made up in the README, so no analyst loads it as data."""
    templates = load_graph(TEMPLATES_PATH / "en")
    sample = load_graph(Path(__file__).parents[3] / "data" / "samples" / "shaoxing")
    real = {data["name"] for _, data in sample.graph.nodes(data=True)}
    made_up = {
        data["name"]
        for _, data in templates.graph.nodes(data=True)
        if data["name"] not in real and data["label"] != "Designation"  # a real title
    }
    assert made_up == {"示例科技有限公司", "（认定名单标题）"}
    text = " ".join((TEMPLATES_PATH / "README.md").read_text(encoding="utf-8").split())
    said = text.split("The templates in this folder are ready to fill in.", 1)[1]
    said = said.split("| file | what |", 1)[0]
    assert "are made up" in said
    for name in made_up:
        assert name in said, name
