"""The templates match the format, load their real rows, and are documented header by header."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl

from graph.knowledge_graph import KnowledgeGraph
from loaders import load_path
from loaders.table_format import SHEETS
from loaders.templates import MADE_UP, TEMPLATES_PATH, write_templates
from loaders.validation import RowError

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


def _load_refusing_placeholders(path: Path) -> tuple[KnowledgeGraph, set[str]]:
    """The template's facts (what --skip-invalid loads) and the placeholder cells refused."""
    kg, refused = KnowledgeGraph(), set()
    for batch in load_path(path):
        for error in batch.errors:
            assert isinstance(error, RowError), str(error)
            assert error.reason.endswith(
                "a placeholder: this is the template's example row: "
                "replace it with your data or delete it"
            ), str(error)
            refused.add(error.found)
        kg.add(batch.records)
    return kg, refused


def test_every_template_loads_the_same_facts_and_refuses_its_made_up_rows(
    load_graph: Loader, facts_of: Facts
) -> None:
    """The sample's rows load; the made-up designation and its list are refused by name."""
    english, refused = _load_refusing_placeholders(TEMPLATES_PATH / "en")
    assert (len(english), english.graph.number_of_edges()) == (9, 9)
    assert refused == set(MADE_UP)
    sample = load_graph(Path(__file__).parents[3] / "data" / "samples" / "shaoxing")
    real = {data["name"] for _, data in sample.graph.nodes(data=True)}
    assert {data["name"] for _, data in english.graph.nodes(data=True)} <= real
    for other in ("zh", "iekg-template-en.xlsx", "iekg-template-zh.xlsx"):
        kg, refused = _load_refusing_placeholders(TEMPLATES_PATH / other)
        assert (facts_of(kg), refused) == (facts_of(english), set(MADE_UP)), other


def test_the_format_document_names_every_sheet_column_and_header() -> None:
    text = (TEMPLATES_PATH / "README.md").read_text(encoding="utf-8")
    for sheet in SHEETS:
        line = next(x for x in text.splitlines() if x.startswith(f"**{sheet.name} ({sheet.zh})**"))
        missing = [c.name for c in sheet.columns if c.name not in line]
        missing += [h for c in sheet.columns for h in c.headers if h not in text]
        assert missing == [], sheet.name


def test_the_format_document_names_the_template_rows_that_are_not_from_the_sample() -> None:
    """A row that is not real (the designation's holder, the list's title) is named as
    made up in the README, and said to be refused, so no analyst is surprised."""
    text = " ".join((TEMPLATES_PATH / "README.md").read_text(encoding="utf-8").split())
    said = text.split("The templates in this folder are ready to fill in.", 1)[1]
    said = said.split("| file | what |", 1)[0]
    assert "are made up" in said
    assert "refuses" in said
    for name in MADE_UP:
        assert name in said, name
