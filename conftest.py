"""Fixtures shared by the tests and the docstring examples.

``shaoxing`` is the bundled sample loaded into an in-memory graph; doctests
get it in their namespace so examples stay three lines long. ``neo4j_store``
is a store on the session's one real Neo4j server, empty at the start of
each test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graph.knowledge_graph import KnowledgeGraph
from graph.neo4j_settings import ConnectionSettings
from graph.neo4j_store import Neo4jStore
from loaders import SAMPLE_PATH
from loaders.tables import read_table_folder

# The session's one Neo4j server (fixture `neo4j_server`), started on first use.
pytest_plugins = ["tests.neo4j_fixture", "tests.browser_fixture"]


def load_sample() -> KnowledgeGraph:
    """A fresh in-memory graph holding the Shaoxing sample."""
    kg = KnowledgeGraph()
    kg.add(read_table_folder(SAMPLE_PATH).records)
    return kg


def load_synthetic(folder: Path, orgs: int, seed: int) -> KnowledgeGraph:
    """A fresh in-memory graph of ``orgs`` generated organisations, written to ``folder`` first."""
    from loaders.synth import write_synthetic

    kg = KnowledgeGraph()
    kg.add(read_table_folder(write_synthetic(folder, orgs, seed).folder).records)
    return kg


def run_iekg(*args: str) -> Result:
    """The ``iekg`` command run in this process, as an analyst would type it (exceptions raised)."""
    from iekg.cli import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def iekg_ok(*args: str) -> str:
    """:func:`run_iekg`'s output, which must have succeeded (else its output is shown)."""
    result = run_iekg(*args)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def shaoxing() -> KnowledgeGraph:
    return load_sample()


@pytest.fixture
def neo4j_store(neo4j_server: ConnectionSettings) -> Iterator[Neo4jStore]:
    """A Neo4jStore on the session's server, emptied before and after the test."""
    with Neo4jStore(
        neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database
    ) as store:
        store.execute("MATCH (n) DETACH DELETE n", write=True)
        yield store
        store.execute("MATCH (n) DETACH DELETE n", write=True)


@pytest.fixture
def neo4j_in_env(
    neo4j_server: ConnectionSettings, monkeypatch: pytest.MonkeyPatch
) -> ConnectionSettings:
    """The session's server named by the NEO4J_* variables, as an analyst would set them."""
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_server.user)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_server.database)
    if neo4j_server.password is None:
        monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    return neo4j_server


@pytest.fixture(autouse=True, scope="session")
def _doctest_namespace(doctest_namespace: dict[str, object]) -> None:
    doctest_namespace["shaoxing"] = load_sample()
