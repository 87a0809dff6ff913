"""Map test data: the sample with an alias to search for, and where screenshots go.

The browser and the ``watched`` page come from ``tests/browser_fixture.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.knowledge_graph import KnowledgeGraph
from graph.records import NodeRecord
from loaders import SAMPLE_PATH
from loaders.tables import read_table_folder
from tests.browser_fixture import Watched, wait_ready

__all__ = ["ALIAS", "Watched", "wait_ready"]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
#: The alias the search test looks for; the sample gives 绍兴中专 none.
ALIAS = "绍兴市中等专业学校"


@pytest.fixture(scope="session")
def sample_with_alias() -> KnowledgeGraph:
    """The Shaoxing sample, with 绍兴中专 also known by its full name."""
    kg = KnowledgeGraph()
    kg.add(read_table_folder(SAMPLE_PATH).records)
    kg.add_node(NodeRecord("SecondaryVocationalSchool", "绍兴中专", aliases=(ALIAS,)))
    return kg


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
