"""A session-wide Neo4j server for tests that need the real thing.

Import the fixture from ``conftest.py``::

    from tests.neo4j_fixture import neo4j_server  # noqa: F401

By default it starts the project's managed server without auth in a temporary
state folder (reusing the jars already fetched) and stops it at the end of the
session. With ``NEO4J_URI`` set it uses that server instead, but only if its
database holds no node at all: tests write and wipe, and must never do so on
somebody's real data.

A server that cannot start fails the tests that need it, with its log. It
never skips them: a skipped Neo4j suite looks green while testing nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import neo4j
import pytest

from graph.errors import StoreError
from graph.neo4j_server import ConnectionSettings, connection_from_environment, start, stop
from graph.neo4j_settings import LOG_FILE

__all__ = ["neo4j_server", "scratch_neo4j"]


@contextmanager
def scratch_neo4j(state_dir: Path) -> Iterator[ConnectionSettings]:
    """A Neo4j database tests may write to and wipe.

    With ``NEO4J_URI`` set, that server, checked to be empty, left running on
    exit. Otherwise a managed server without auth in ``state_dir``, stopped on
    exit.
    """
    if os.environ.get("NEO4J_URI"):
        settings = connection_from_environment(state_dir)
        _refuse_if_not_empty(settings)
        yield settings
        return
    start(state_dir, auth=False)
    try:
        yield connection_from_environment(state_dir)
    finally:
        stop(state_dir)


def _refuse_if_not_empty(settings: ConnectionSettings) -> None:
    with neo4j.GraphDatabase.driver(settings.uri, auth=settings.auth) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n) RETURN count(n) AS nodes", database_=settings.database
        )
    nodes = records[0]["nodes"]
    if nodes:
        raise StoreError(
            f"NEO4J_URI={settings.uri} database {settings.database!r} already holds {nodes} "
            "nodes, and the tests would wipe them; point NEO4J_URI at an empty database, "
            "or unset it to let the tests start their own server"
        )


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConnectionSettings]:
    """Connection settings for an empty Neo4j database, shared by the whole session."""
    state_dir = tmp_path_factory.mktemp("neo4j")
    with ExitStack() as stack:
        problem = None
        try:
            settings = stack.enter_context(scratch_neo4j(state_dir))
        except StoreError as exc:
            problem = exc
        if problem is not None:  # failed outside the except block, to keep the report short
            pytest.fail(_failure_report(problem, state_dir / LOG_FILE), pytrace=False)
        yield settings


def _failure_report(problem: StoreError, log: Path) -> str:
    report = f"the Neo4j test server is not available: {problem}"
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    if len(lines) > 40:  # the error above quotes only the last 40 lines
        report += f"\n\n--- the whole of {log} ---\n" + "\n".join(lines)
    return report
