"""Fixtures shared by the tests and the docstring examples.

``shaoxing`` is the bundled sample loaded into an in-memory graph; doctests
get it in their namespace so examples stay three lines long.
"""

from __future__ import annotations

import pytest

from graph.knowledge_graph import KnowledgeGraph
from loaders import SAMPLE_PATH
from loaders.tables import read_table_folder


def load_sample() -> KnowledgeGraph:
    """A fresh in-memory graph holding the Shaoxing sample."""
    kg = KnowledgeGraph()
    kg.add(read_table_folder(SAMPLE_PATH).records)
    return kg


@pytest.fixture
def shaoxing() -> KnowledgeGraph:
    return load_sample()


@pytest.fixture(autouse=True, scope="session")
def _doctest_namespace(doctest_namespace: dict[str, object]) -> None:
    doctest_namespace["shaoxing"] = load_sample()
