"""Fixtures for the table loader tests: the fixture folder and a loading helper."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph.knowledge_graph import KnowledgeGraph
from loaders import load_path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "tables"


def load(path: Path, **options: object) -> KnowledgeGraph:
    """A fresh graph holding every batch found at ``path`` (errors must be empty)."""
    kg = KnowledgeGraph()
    for batch in load_path(path, **options):  # type: ignore[arg-type]
        assert [str(e) for e in batch.errors] == []
        kg.add(batch.records)
    return kg


def facts(kg: KnowledgeGraph) -> set[tuple[object, ...]]:
    """Nodes and relationships as comparable facts (names, labels, properties)."""
    names = {n["id"]: n["name"] for n in kg.nodes()}
    nodes = {(n["label"], n["name"], tuple(sorted(n["props"].items()))) for n in kg.nodes()}
    edges = {
        (names[e["source"]], e["type"], names[e["target"]], tuple(sorted(e["props"].items())))
        for e in kg.edges()
    }
    return nodes | edges


@pytest.fixture
def tables() -> Path:
    """The folder of table fixtures."""
    return FIXTURES


@pytest.fixture
def load_graph() -> Callable[..., KnowledgeGraph]:
    """``load_graph(path, **options)``: a fresh graph from a clean file."""
    return load


@pytest.fixture
def facts_of() -> Callable[[KnowledgeGraph], set[tuple[object, ...]]]:
    """``facts_of(kg)``: the graph as comparable facts."""
    return facts
