"""The managed Neo4j server, started for real: password handling, loopback only, stop.

One server with auth is shared by the module (a start costs 10 to 40 seconds
on two cores); the last test using it stops it and starts it again.
"""

from __future__ import annotations

import ipaddress
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from neo4j.exceptions import AuthError

from graph.errors import StoreError
from graph.neo4j_fetch import fetch
from graph.neo4j_server import (
    ConnectionSettings,
    ServerInfo,
    connection_from_environment,
    start,
    status,
    stop,
)
from tests.neo4j_fixture import scratch_neo4j

NEO4J_VARIABLES = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")


@pytest.fixture(autouse=True)
def _no_external_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the managed server, whatever the caller's NEO4J_URI."""
    for name in NEO4J_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerInfo]:
    state_dir = tmp_path_factory.mktemp("neo4j-auth")
    try:
        yield start(state_dir, auth=True)
    finally:
        stop(state_dir)


def run(settings: ConnectionSettings, query: str, **parameters: object) -> list[neo4j.Record]:
    with neo4j.GraphDatabase.driver(settings.uri, auth=settings.auth) as driver:
        records, _, _ = driver.execute_query(
            query, parameters_=parameters, database_=settings.database
        )
    return records


def password_of(info: ServerInfo) -> str:
    return (info.state_dir / "password").read_text(encoding="utf-8")


@pytest.mark.neo4j
def test_password_file_is_private(server: ServerInfo) -> None:
    mode = (server.state_dir / "password").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600
    assert stat.S_IMODE(server.state_dir.stat().st_mode) == 0o700
    assert len(password_of(server)) >= 24


@pytest.mark.neo4j
def test_password_is_in_no_other_file(server: ServerInfo) -> None:
    password = password_of(server)
    others = [
        path
        for path in server.state_dir.rglob("*")
        if path.is_file() and path.name != "password" and "databases" not in path.parts
    ]
    assert server.state_dir / "server.json" in others
    assert server.state_dir / "server.log" in others
    assert server.state_dir / "conf" / "neo4j.conf" in others
    assert [path for path in others if password.encode() in path.read_bytes()] == []


@pytest.mark.neo4j
def test_server_json_tells_other_processes_where_the_server_is(server: ServerInfo) -> None:
    recorded = json.loads((server.state_dir / "server.json").read_text(encoding="utf-8"))
    assert recorded == {
        "uri": f"neo4j://127.0.0.1:{server.port}",
        "user": "neo4j",
        "database": "neo4j",
        "pid": server.pid,
        "port": server.port,
        "auth": True,
        "version": server.version,
        "state_dir": str(server.state_dir),
    }
    assert status(server.state_dir) == server


@pytest.mark.neo4j
def test_the_only_listening_socket_is_bolt_on_loopback(server: ServerInfo) -> None:
    assert listening_sockets(server.pid) == {("127.0.0.1", server.port)}


@pytest.mark.neo4j
def test_a_query_runs_with_the_password_on_file(server: ServerInfo) -> None:
    settings = connection_from_environment(server.state_dir)
    assert settings == ConnectionSettings(
        uri=server.uri, user="neo4j", password=password_of(server), database="neo4j"
    )
    run(settings, "MERGE (n:IekgTest {id: $id})", id="probe")
    assert [r["id"] for r in run(settings, "MATCH (n:IekgTest) RETURN n.id AS id")] == ["probe"]


@pytest.mark.neo4j
def test_a_wrong_password_is_refused(server: ServerInfo) -> None:
    wrong = ConnectionSettings(uri=server.uri, password="not-the-password")
    with pytest.raises(AuthError):
        run(wrong, "RETURN 1")
    with pytest.raises(AuthError):
        run(ConnectionSettings(uri=server.uri, password="neo4j"), "RETURN 1")


@pytest.mark.neo4j
def test_settings_repr_hides_the_password(server: ServerInfo) -> None:
    settings = connection_from_environment(server.state_dir)
    assert password_of(server) not in repr(settings)
    assert repr(settings) == (
        f"ConnectionSettings(uri='{server.uri}', user='neo4j', database='neo4j')"
    )


@pytest.mark.neo4j
def test_starting_a_running_server_again_returns_it(server: ServerInfo) -> None:
    assert start(server.state_dir, auth=True) == server
    with pytest.raises(StoreError, match="auth on is already running"):
        start(server.state_dir, auth=False)


@pytest.mark.neo4j
def test_an_external_database_with_data_is_refused(
    server: ServerInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_URI", server.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", password_of(server))
    run(connection_from_environment(), "MERGE (:IekgTest {id: 'guard'})")
    with pytest.raises(StoreError) as caught, scratch_neo4j(tmp_path):
        pass
    assert str(caught.value).startswith(f"NEO4J_URI={server.uri} database 'neo4j' already holds ")
    assert "point NEO4J_URI at an empty database" in str(caught.value)


@pytest.mark.neo4j
def test_stop_ends_the_process_and_a_restart_keeps_the_password(server: ServerInfo) -> None:
    # Runs last in this module: it stops the shared server.
    settings = connection_from_environment(server.state_dir)
    assert stop(server.state_dir) is True
    assert not Path(f"/proc/{server.pid}").exists()
    assert not (server.state_dir / "server.json").exists()
    assert status(server.state_dir) is None
    assert stop(server.state_dir) is False
    with pytest.raises(StoreError, match="no Neo4j server is running in"):
        connection_from_environment(server.state_dir)

    again = start(server.state_dir, auth=True)
    try:
        assert again.pid != server.pid
        restarted = connection_from_environment(server.state_dir)
        assert restarted.password == settings.password
        assert len(run(restarted, "MATCH (n:IekgTest) RETURN n")) >= 1
    finally:
        assert stop(server.state_dir) is True


@pytest.mark.neo4j
def test_the_scratch_server_runs_without_auth_and_is_stopped(tmp_path: Path) -> None:
    with scratch_neo4j(tmp_path) as settings:
        assert settings.password is None
        assert [r["x"] for r in run(settings, "RETURN 1 AS x")] == [1]
        pid = json.loads((tmp_path / "server.json").read_text(encoding="utf-8"))["pid"]
        assert not (tmp_path / "password").exists()
    assert not Path(f"/proc/{pid}").exists()


def test_no_server_and_no_uri_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        connection_from_environment(tmp_path)
    assert str(caught.value) == (
        f"no Neo4j server is running in {tmp_path}: run `iekg neo4j start`, or set NEO4J_URI "
        "(with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) to use another server"
    )


def test_neo4j_uri_wins_over_the_managed_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j://db.example:7687")
    monkeypatch.setenv("NEO4J_USER", "analyst")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-value")
    monkeypatch.setenv("NEO4J_DATABASE", "iekg")
    settings = connection_from_environment()
    assert settings == ConnectionSettings(
        "neo4j://db.example:7687", "analyst", "s3cret-value", "iekg"
    )
    assert settings.auth == ("analyst", "s3cret-value")
    assert "s3cret-value" not in repr(settings)


@pytest.mark.parametrize(
    ("command", "package"), [("java", "openjdk-17-jre-headless"), ("mvn", "maven")]
)
def test_a_missing_tool_is_named_with_its_debian_package(
    command: str, package: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph import neo4j_fetch

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    if command == "mvn":  # java present, maven absent
        (bin_dir / "java").symlink_to(neo4j_fetch.java_executable())
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    neo4j_fetch.java_executable.cache_clear()
    try:
        with pytest.raises(StoreError) as caught:
            fetch(tmp_path / "home")
    finally:
        neo4j_fetch.java_executable.cache_clear()
    assert str(caught.value) == (
        f"`{command}` is not on PATH; the managed Neo4j server needs it "
        f"(on Debian/Ubuntu: apt-get install {package})"
    )


def listening_sockets(pid: int) -> set[tuple[str, int]]:
    """(address, port) of every TCP socket in LISTEN state owned by ``pid``, from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    found = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and inode in inodes:  # 0A: LISTEN
                address, port = local.split(":")
                found.add((str(_address(address)), int(port, 16)))
    return found


def _address(hex_address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    # /proc/net prints addresses as 32-bit words in host (little-endian) order.
    raw = b"".join(
        bytes.fromhex(hex_address[i : i + 8])[::-1] for i in range(0, len(hex_address), 8)
    )
    if len(raw) == 4:
        return ipaddress.IPv4Address(raw)
    v6 = ipaddress.IPv6Address(raw)
    return v6.ipv4_mapped or v6
