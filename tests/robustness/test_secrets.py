"""The managed server's password stays in its file, and the server on loopback.

The password appears in no command line (not the server's, not the one that
set it), no log, no error, no map and not in ``server.json``; its file is
readable by its owner alone; the server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import logging
import os
import stat
import subprocess
from pathlib import Path

import pytest

from graph.errors import StoreError
from graph.neo4j_server import connection_from_environment
from graph.neo4j_settings import PASSWORD_FILE, SERVER_FILE, read_server_info
from graph.neo4j_store import Neo4jStore

from .conftest import AuthServer
from .corpus import IEKG
from .kill_load import command_env

pytestmark = pytest.mark.neo4j


def _pid(server: AuthServer) -> int:
    info = read_server_info(server.state)
    assert info is not None
    return info.pid


def test_the_password_file_is_the_owners_alone(auth_server: AuthServer) -> None:
    assert stat.S_IMODE((auth_server.state / PASSWORD_FILE).stat().st_mode) == 0o600
    assert stat.S_IMODE(auth_server.state.stat().st_mode) == 0o700
    assert len(auth_server.password) >= 24


def test_no_command_line_holds_the_password(auth_server: AuthServer) -> None:
    password = auth_server.password.encode()
    java = (Path("/proc") / str(_pid(auth_server)) / "cmdline").read_bytes()
    assert b"CommunityEntryPoint" in java and password not in java
    # What `ps` shows for every process there is, the server's included.
    listed = 0
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            assert password not in cmdline.read_bytes(), cmdline
            listed += 1
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    assert listed > 1
    # The commands that set the password and started the server.
    assert len(auth_server.argv) >= 2
    assert any("set-initial-password" in argv for argv in auth_server.argv)
    assert not any(auth_server.password in arg for argv in auth_server.argv for arg in argv)


def test_no_file_the_server_writes_holds_the_password(auth_server: AuthServer) -> None:
    password = auth_server.password.encode()
    info = (auth_server.state / SERVER_FILE).read_text("utf-8")
    assert '"auth": true' in info and auth_server.password not in info
    searched = 0
    for path in auth_server.state.rglob("*"):
        if path.is_file() and path.name != PASSWORD_FILE and "databases" not in path.parts:
            assert password not in path.read_bytes(), path
            searched += 1
    assert searched >= 3  # server.json, neo4j.conf, server.log at least


def _listening(pid: int) -> list[str]:
    """Local addresses of the TCP sockets process ``pid`` listens on."""
    inodes = set()
    for fd in (Path("/proc") / str(pid) / "fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table in ("tcp", "tcp6"):
        for line in (Path("/proc/net") / table).read_text().splitlines()[1:]:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and inode in inodes:  # 0A: LISTEN
                found.append(local)
    return found


LOOPBACK = {
    "0100007F",  # 127.0.0.1
    "00000000000000000000000001000000",  # ::1
    "0000000000000000FFFF00000100007F",  # ::ffff:127.0.0.1
}


def test_the_server_listens_on_loopback_only(auth_server: AuthServer) -> None:
    addresses = _listening(_pid(auth_server))
    info = read_server_info(auth_server.state)
    assert info is not None
    assert f"{info.port:04X}" in {a.split(":")[1] for a in addresses}  # the Bolt port
    assert {a.split(":")[0] for a in addresses} <= LOOPBACK, addresses


@pytest.fixture
def server_env(auth_server: AuthServer, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "IEKG_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("IEKG_NEO4J_STATE", str(auth_server.state))
    return command_env(IEKG_NEO4J_STATE=str(auth_server.state))


def test_commands_logs_and_maps_never_show_the_password(
    auth_server: AuthServer, server_env: dict[str, str], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    outputs = []
    for args in (
        ["build", "--store", str(store)],
        ["-v", "push", "--store", str(store)],
        ["-v", "neo4j", "status"],
        ["-v", "cypher", "MATCH (n:School) RETURN n.name AS name LIMIT 3"],
        ["-v", "query", "connections", "--backend", "neo4j"],
        ["-v", "viz", "-o", str(tmp_path / "map.html")],
    ):
        env = {**server_env, "IEKG_BACKEND": "neo4j"} if args[1] == "viz" else server_env
        done = subprocess.run([IEKG, *args], env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout + done.stderr)
    assert "the password is in" in outputs[2]  # status says where it is, not what
    page = (tmp_path / "map.html").read_text("utf-8")
    for text in [*outputs, page]:
        assert auth_server.password not in text


def test_errors_and_driver_debug_logs_never_show_a_password(
    auth_server: AuthServer, server_env: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    settings = connection_from_environment(auth_server.state)
    assert auth_server.password not in repr(settings)
    caplog.set_level(logging.DEBUG, logger="neo4j")
    with Neo4jStore(settings.uri, settings.user, settings.password) as store:
        assert auth_server.password not in repr(store) + store.describe()
        store.counts()
    assert "HELLO" in caplog.text or "LOGON" in caplog.text  # the handshake was logged
    assert auth_server.password not in caplog.text

    secret = "not-the-password-7Qx"
    cases = [
        {"NEO4J_URI": settings.uri, "NEO4J_PASSWORD": secret},  # wrong password
        {"NEO4J_URI": "neo4j://127.0.0.1:9", "NEO4J_PASSWORD": secret},  # nothing there
        {"NEO4J_URI": f"neo4j://neo4j:{secret}@127.0.0.1:9"},  # credentials in the URI
    ]
    for extra in cases:
        done = subprocess.run(
            [IEKG, "cypher", "RETURN 1"],
            env={**server_env, **extra},
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 1, done.stdout
        assert done.stderr.startswith("Error: ") and "Traceback" not in done.stderr
        assert secret not in done.stdout + done.stderr, done.stderr
    with pytest.raises(StoreError) as caught:
        Neo4jStore(settings.uri, "neo4j", secret).counts()
    assert secret not in str(caught.value)
