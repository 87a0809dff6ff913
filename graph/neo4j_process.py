"""The operating-system side of the managed Neo4j server: config, password, process.

Kept apart from :mod:`graph.neo4j_server` so that module reads as the
start/stop story while this one holds the details that make it safe: a
loopback-only config, a password that never appears on a command line, and
process checks that cannot mistake a recycled pid for the server.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import time
from collections import deque
from pathlib import Path

from graph.errors import StoreError
from graph.neo4j_settings import LOG_FILE, PASSWORD_FILE, ServerInfo

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"

# Servers this process launched. Keeping the Popen objects lets the server be
# reaped once it exits: an unreaped child lingers as a zombie that looks alive.
LAUNCHED: dict[int, subprocess.Popen[bytes]] = {}


# The 5.x launcher's default JVM flags. Started directly, the JVM never reads
# `server.jvm.additional`, so they are passed here. -XX:+AlwaysPreTouch is left
# out: it makes every small test server commit its whole heap at start.
_JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
)


def server_command(
    java: str, home: Path, state_dir: Path, conf_dir: Path, *, heap: str
) -> list[str]:
    """The command line the official launcher would run, in console mode."""
    return [
        java,
        "-cp",
        f"{home}/lib/*:{conf_dir}/*",
        *_JVM_FLAGS,
        f"-Xmx{heap}",
        "-Dfile.encoding=UTF-8",
        ENTRY_POINT,
        f"--home-dir={state_dir}",
        f"--config-dir={conf_dir}",
        "--console-mode",
    ]


def free_port() -> int:
    """A loopback port that was free a moment ago (the OS picks it for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def port_open(port: int) -> bool:
    """Whether something accepts TCP connections on the loopback port.

    Checked before the driver is tried, because a driver polling a port that
    is still closed logs a routing warning on every attempt.
    """
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


def write_config(state_dir: Path, home: Path, port: int, *, auth: bool, pagecache: str) -> Path:
    """Write ``state_dir/conf/neo4j.conf`` afresh and return the conf folder.

    Rewritten on every start because the port changes. Neo4j validates the
    file strictly, so a misspelt setting stops the server instead of being
    ignored.
    """
    conf_dir = state_dir / "conf"
    conf_dir.mkdir(exist_ok=True)
    data = state_dir / "data"
    settings = {
        # Loopback only, Bolt only: nothing here is meant to be reachable
        # from another machine, and the HTTP API would be a second door.
        "server.default_listen_address": "127.0.0.1",
        "server.default_advertised_address": "127.0.0.1",
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": f"127.0.0.1:{port}",
        "server.bolt.advertised_address": f"127.0.0.1:{port}",
        "server.http.enabled": "false",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "true" if auth else "false",
        # No calls home from a test machine or an analyst's laptop.
        "dbms.usage_report.enabled": "false",
        "server.directories.data": str(data),
        "server.directories.transaction.logs.root": str(data / "transactions"),
        "server.directories.dumps.root": str(data / "dumps"),
        "server.directories.logs": str(state_dir / "logs"),
        "server.directories.run": str(state_dir / "run"),
        "server.directories.import": str(state_dir / "import"),
        "server.directories.plugins": str(state_dir / "plugins"),
        "server.directories.licenses": str(state_dir / "licenses"),
        "server.directories.lib": str(home / "lib"),
        "server.memory.pagecache.size": pagecache,
        # By default each database preallocates 256 MiB of transaction log and
        # keeps two days of them: a test server would take half a gigabyte.
        "db.tx_log.preallocate": "false",
        "db.tx_log.rotation.size": "16m",
        "db.tx_log.rotation.retention_policy": "2 files",
        # Netty waits a 5 s quiet period (in whole seconds) per event loop group before Bolt
        # shuts down, which makes every stop take 10 s; nothing here needs it.
        "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
    }
    text = "# Written by iekg on every start of the managed server; edits are overwritten.\n"
    text += "".join(f"{key}={value}\n" for key, value in settings.items())
    (conf_dir / "neo4j.conf").write_text(text, encoding="utf-8")
    return conf_dir


def ensure_password(state_dir: Path, conf_dir: Path, java: str, home: Path) -> None:
    """Give user ``neo4j`` a random password before the first start with auth.

    Neo4j applies an initial password only while the system database does
    not exist yet; after that the password file is simply reused.
    """
    path = state_dir / PASSWORD_FILE
    if (state_dir / "data" / "databases" / "system").exists():
        if not path.exists():
            raise StoreError(
                f"{state_dir} holds a database first started with authentication off, so no "
                f"password can be set for it now; start it with auth off, or stop the server "
                f"and delete {state_dir} to start afresh"
            )
        return
    if not path.exists():
        # O_EXCL with mode 0600: the file is never readable by others, not even
        # for a moment between creation and a chmod.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(_new_password())
    # `@file` makes picocli read the argument from the file, so the password
    # never shows on a command line, where every local user can read it.
    result = subprocess.run(
        [
            java,
            "-cp",
            f"{home}/lib/*",
            "org.neo4j.cli.AdminTool",
            "dbms",
            "set-initial-password",
            f"@{path}",
        ],
        env={**os.environ, "NEO4J_HOME": str(state_dir), "NEO4J_CONF": str(conf_dir)},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        output = (result.stdout + result.stderr).replace(path.read_text(encoding="utf-8"), "***")
        raise StoreError(f"could not set the initial Neo4j password:\n{output.strip()}")


def _new_password() -> str:
    while True:
        password = secrets.token_urlsafe(24)
        # A leading "-" would be read as an option once picocli expands @file.
        if password[0].isalnum():
            return password


def launch(argv: list[str], state_dir: Path) -> subprocess.Popen[bytes]:
    """Run the server detached, its console output going to ``state_dir/server.log``."""
    with (state_dir / LOG_FILE).open("wb") as out:
        # A session of its own: Ctrl-C in the terminal that ran
        # `iekg neo4j start` must not reach the server.
        proc = subprocess.Popen(
            argv,
            cwd=state_dir,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    LAUNCHED[proc.pid] = proc
    return proc


def is_running(info: ServerInfo) -> bool:
    """Whether ``info.pid`` is alive *and* is the server of ``info.state_dir``.

    The command-line check guards against a recycled pid: stop() must never
    signal an unrelated process.
    """
    proc = LAUNCHED.get(info.pid)
    if proc is not None:
        return proc.poll() is None
    proc_dir = Path("/proc")
    if not proc_dir.is_dir():  # not Linux: the pid is all there is to go on
        try:
            os.kill(info.pid, 0)
        except ProcessLookupError:
            return False
        return True
    try:
        args = (proc_dir / str(info.pid) / "cmdline").read_bytes().split(b"\0")
    except (FileNotFoundError, ProcessLookupError):
        return False
    return ENTRY_POINT.encode() in args and f"--home-dir={info.state_dir}".encode() in args


def wait_gone(info: ServerInfo, timeout: float) -> bool:
    """Wait up to ``timeout`` seconds for the server to exit; report whether it did."""
    proc = LAUNCHED.get(info.pid)
    if proc is not None:
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return False
        return True
    deadline = time.monotonic() + timeout
    while is_running(info):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def log_tail(state_dir: Path, lines: int = 40) -> str:
    """The last lines of the server's console log, for error messages."""
    try:
        with (state_dir / LOG_FILE).open(encoding="utf-8", errors="replace") as handle:
            return "".join(deque(handle, maxlen=lines)).rstrip()
    except FileNotFoundError:
        return "(no log was written)"
