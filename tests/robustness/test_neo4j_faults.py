"""A server that goes away in the middle of a push, and faults the driver retries.

Stopping the server during ``iekg push`` gives one clear error and no
traceback; after a restart the next push completes, with nothing twice.
A connection cut in the middle of a write, and an error the server marks
transient, are retried by the driver's managed transactions, so the push
completes without the analyst noticing.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graph.embedded_store import EmbeddedStore
from graph.knowledge_graph import KnowledgeGraph
from graph.neo4j_server import connection_from_environment, start, stop
from graph.neo4j_settings import ConnectionSettings
from graph.neo4j_store import Neo4jStore
from iekg.cli import cli

from .conftest import AuthServer
from .corpus import IEKG
from .kill_load import command_env, make_dataset

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 1,200 nodes and 4,400 relationships in an embedded store."""
    folder = tmp_path_factory.mktemp("big")
    parts = make_dataset(folder / "data")
    result = CliRunner().invoke(cli, ["build", *map(str, parts), "--store", str(folder / "store")])
    assert result.exit_code == 0, result.output
    return folder / "store"


def _store(settings: ConnectionSettings) -> Neo4jStore:
    return Neo4jStore(settings.uri, settings.user, settings.password, settings.database)


def test_a_server_stopped_during_a_push_gives_a_clear_error_and_the_next_push_completes(
    auth_server: AuthServer, big_store: Path
) -> None:
    kg = EmbeddedStore(big_store).read_graph()
    env = command_env(IEKG_NEO4J_STATE=str(auth_server.state))
    # 25 rows a transaction: some 230 transactions, so the stop lands inside the push.
    argv = [IEKG, "push", "--store", str(big_store), "--batch-size", "25"]
    with _store(connection_from_environment(auth_server.state)) as watch:
        watch.execute("MATCH (n) DETACH DELETE n", write=True)
        with subprocess.Popen(
            argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        ) as push:
            deadline = time.monotonic() + 300
            while watch.counts()[0] == 0:
                assert push.poll() is None, "the push ended before writing anything"
                assert time.monotonic() < deadline, "the push wrote nothing in 5 minutes"
                time.sleep(0.2)
            uri = watch.uri
            stop(auth_server.state)
            out, err = push.communicate(timeout=300)
    assert push.returncode == 1, out + err
    assert "Traceback" not in out + err
    assert auth_server.password not in out + err
    message = err.strip().splitlines()[-1]  # after the progress bar
    assert message.startswith(f"Error: cannot reach Neo4j at {uri} while writing the graph ("), (
        message
    )
    assert message.endswith(
        "; start the managed server with `iekg neo4j start`, or set NEO4J_URI to a running server"
    ), message

    start(auth_server.state, auth=True)  # the same data, on a new port
    with _store(connection_from_environment(auth_server.state)) as store:
        partial = store.counts()
        assert 0 < partial[0] <= len(kg)  # whole transactions were kept
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert store.counts() == (kg.graph.number_of_nodes(), kg.graph.number_of_edges())
        assert store.read_graph() == kg
        store.execute("MATCH (n) DETACH DELETE n", write=True)


class CuttingProxy:
    """A loopback TCP relay to a Bolt server that cuts the first ``cuts`` writes.

    A connection is cut, both ways and with nothing forwarded, when the
    client sends a batch write (``UNWIND``) through it: the driver sees the
    server vanish in the middle of a transaction.
    """

    def __init__(self, port: int, cuts: int) -> None:
        self.target = port
        self.left = cuts
        self.cut = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            pair = (client, server)
            threading.Thread(
                target=self._pump, args=(client, server, pair, True), daemon=True
            ).start()
            threading.Thread(
                target=self._pump, args=(server, client, pair, False), daemon=True
            ).start()

    def _pump(self, src: socket.socket, dst: socket.socket, pair: Any, upward: bool) -> None:
        try:
            while data := src.recv(65536):
                if upward and b"UNWIND" in data:
                    with self.lock:
                        cut = self.left > 0
                        self.left -= cut
                        self.cut += cut
                    if cut:
                        break
                dst.sendall(data)
        except OSError:
            pass
        for sock in pair:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def proxy(neo4j_server: ConnectionSettings) -> Iterator[CuttingProxy]:
    relay = CuttingProxy(int(neo4j_server.uri.rsplit(":", 1)[1]), cuts=2)
    yield relay
    relay.close()


def test_a_connection_cut_in_the_middle_of_a_write_is_retried(
    proxy: CuttingProxy,
    neo4j_store: Neo4jStore,
    shaoxing: KnowledgeGraph,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="neo4j")
    # bolt:// talks to the relay itself (neo4j:// would route around it).
    with Neo4jStore(f"bolt://127.0.0.1:{proxy.port}", None, None, "neo4j") as store:
        store.push(shaoxing)
    assert proxy.cut == 2
    retries = [r for r in caplog.records if "will be retried" in r.getMessage()]
    assert len(retries) == 2
    assert neo4j_store.read_graph() == shaoxing
    assert neo4j_store.counts() == (len(shaoxing), shaoxing.graph.number_of_edges())


@pytest.mark.parametrize(
    ("code", "warned"),
    [
        # A deadlock between batches is expected and counted, not shown.
        ("Neo.TransientError.Transaction.DeadlockDetected", False),
        # Any other transient error is retried and shown as the driver's warning.
        ("Neo.TransientError.Database.DatabaseUnavailable", True),
    ],
)
def test_an_error_the_server_marks_transient_is_retried(
    neo4j_store: Neo4jStore,
    shaoxing: KnowledgeGraph,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    code: str,
    warned: bool,
) -> None:
    import neo4j._sync.driver as driver_module
    from neo4j.exceptions import Neo4jError, TransientError

    work = driver_module._work
    raised: list[Neo4jError] = []

    def failed_twice(tx: Any, query: str, *args: Any) -> Any:
        if "UNWIND" in query and len(raised) < 2:
            # What the driver builds from the server's FAILURE message.
            raised.append(Neo4jError._hydrate_neo4j(code=code, message="(injected)"))
            raise raised[-1]
        return work(tx, query, *args)

    monkeypatch.setattr(driver_module, "_work", failed_twice)
    caplog.set_level(logging.WARNING, logger="neo4j")
    report = neo4j_store.push(shaoxing)
    assert len(raised) == 2 and all(isinstance(e, TransientError) for e in raised)
    warnings = [r for r in caplog.records if "will be retried" in r.getMessage()]
    assert len(warnings) == (2 if warned else 0)
    assert report.retried == (0 if warned else 2)
    assert neo4j_store.read_graph() == shaoxing
    assert neo4j_store.counts() == (len(shaoxing), shaoxing.graph.number_of_edges())
