"""Fixtures for the robustness tests.

``auth_server`` is a managed Neo4j of their own, with a password: the tests
that stop a server in the middle of a push, or look for its password in
process listings and files, cannot use the shared test server (it runs
without auth, and others use it). The browser comes from tests/browser_fixture.py,
shared with the map tests.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from graph.errors import StoreError
from graph.neo4j_server import start, stop
from graph.neo4j_settings import read_password

__all__ = ["AuthServer", "auth_server"]


@dataclass
class AuthServer:
    """A managed server's state folder, and every command line used to set it up."""

    state: Path
    argv: list[list[str]] = field(default_factory=list)

    @property
    def password(self) -> str:
        return read_password(self.state)


@pytest.fixture(scope="session")
def auth_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AuthServer]:
    """A managed Neo4j with auth on (its port changes when a test restarts it)."""
    server = AuthServer(tmp_path_factory.mktemp("neo4j-auth"))

    def recording(original: Any) -> Any:
        def call(args: Any, *rest: Any, **kwargs: Any) -> Any:
            server.argv.append([str(a) for a in args])
            return original(args, *rest, **kwargs)

        return call

    problem = None
    with pytest.MonkeyPatch.context() as patch:
        # The password is set with one command and the server started with
        # another: both command lines are kept, to be searched for it.
        patch.setattr(subprocess, "run", recording(subprocess.run))
        patch.setattr(subprocess, "Popen", recording(subprocess.Popen))
        try:
            start(server.state, auth=True)
        except StoreError as exc:
            problem = exc
    if problem is not None:
        pytest.fail(f"the Neo4j server with a password did not start: {problem}", pytrace=False)
    try:
        yield server
    finally:
        stop(server.state)
