"""The project's own Neo4j Community 5.26 server: start, stop, status, connect.

The server runs straight from the jars :func:`fetch` puts in a cache folder,
with everything it writes (config, data, logs, password) under one *state
folder*. It listens on 127.0.0.1 only, on a free port, with HTTP off, so two
test sessions, or a test session and an analyst's server, never collide.

The ``iekg neo4j start|stop|status`` commands call :func:`start`,
:func:`stop` and :func:`status`; stores call :func:`connection_from_environment`.

Examples
--------
>>> from graph.neo4j_server import default_state_dir, start, stop
>>> info = start(default_state_dir())  # doctest: +SKIP
>>> info.uri  # doctest: +SKIP
'neo4j://127.0.0.1:40123'
>>> stop(default_state_dir())  # doctest: +SKIP
True
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import StoreError
from graph.neo4j_fetch import NEO4J_VERSION, default_home, fetch, java_executable
from graph.neo4j_process import (
    LAUNCHED,
    ensure_password,
    free_port,
    is_running,
    launch,
    log_tail,
    port_open,
    server_command,
    wait_gone,
    write_config,
)
from graph.neo4j_settings import (
    PASSWORD_FILE,
    SERVER_FILE,
    ConnectionSettings,
    ServerInfo,
    default_state_dir,
    read_password,
    read_server_info,
    write_server_info,
)

if TYPE_CHECKING:
    import neo4j

__all__ = [
    "NEO4J_VERSION",
    "ConnectionSettings",
    "ServerInfo",
    "connection_from_environment",
    "default_home",
    "default_state_dir",
    "fetch",
    "start",
    "status",
    "stop",
]

log = logging.getLogger(__name__)

READY_TIMEOUT = 180.0  # seconds; generous because a cold start on 2 busy cores is slow
STOP_TIMEOUT = 60.0


def start(
    state_dir: Path,
    *,
    auth: bool = True,
    heap: str = "512m",
    pagecache: str = "64m",
    home: Path | None = None,
) -> ServerInfo:
    """Start the managed server in ``state_dir`` and wait until it answers queries.

    Parameters
    ----------
    state_dir : folder for config, data, logs, password and ``server.json``;
        usually :func:`default_state_dir`. Created with mode 0700.
    auth : require a password. On the first start with auth a random password
        is set for user ``neo4j`` and kept in ``state_dir/password`` (mode 0600);
        it is never printed or logged. Loopback-only test servers may turn it off.
    heap : the JVM's ``-Xmx``.
    pagecache : ``server.memory.pagecache.size``; Neo4j's default takes half the RAM.
    home : the jars (default :func:`default_home`), fetched first if needed.

    Returns
    -------
    ServerInfo
        As written to ``state_dir/server.json``. If a server with the same
        ``auth`` already answers there, it is returned untouched.

    Raises
    ------
    StoreError
        Java or Maven missing, the process exiting early, or no answer within
        180 s; the message carries the tail of ``state_dir/server.log``.
    """
    state_dir = Path(state_dir).expanduser().resolve()
    running = _already_running(state_dir, auth)
    if running is not None:
        log.info("Neo4j is already running at %s (pid %d)", running.uri, running.pid)
        return running
    home = fetch(default_home() if home is None else home).resolve()
    java = java_executable()
    state_dir.mkdir(parents=True, exist_ok=True)
    state_dir.chmod(0o700)
    port = free_port()
    conf_dir = write_config(state_dir, home, port, auth=auth, pagecache=pagecache)
    if auth:
        ensure_password(state_dir, conf_dir, java, home)
    argv = server_command(java, home, state_dir, conf_dir, heap=heap)
    log.info("starting Neo4j %s on 127.0.0.1:%d (state in %s)", NEO4J_VERSION, port, state_dir)
    proc = launch(argv, state_dir)
    info = ServerInfo(
        uri=f"neo4j://127.0.0.1:{port}",
        user="neo4j",
        database="neo4j",
        pid=proc.pid,
        port=port,
        auth=auth,
        version=NEO4J_VERSION,
        state_dir=state_dir,
    )
    # Written before waiting, so a server left behind by an interrupted start
    # can still be found and stopped.
    write_server_info(info)
    try:
        _wait_until_ready(info, proc)
    except BaseException:
        stop(state_dir)
        raise
    log.info("Neo4j is ready at %s (pid %d)", info.uri, info.pid)
    return info


def stop(state_dir: Path) -> bool:
    """Stop the managed server in ``state_dir``: SIGTERM, up to 60 s, then SIGKILL.

    Returns whether a server was running. ``server.json`` is removed either
    way, so the stale record of a crashed server is cleared too.
    """
    state_dir = Path(state_dir).expanduser().resolve()
    info = read_server_info(state_dir)
    if info is None:
        return False
    running = is_running(info)
    if running:
        log.info("stopping Neo4j (pid %d)", info.pid)
        os.kill(info.pid, signal.SIGTERM)
        if not wait_gone(info, STOP_TIMEOUT):
            log.warning(
                "Neo4j (pid %d) ignored SIGTERM for %.0f s; killing it", info.pid, STOP_TIMEOUT
            )
            os.kill(info.pid, signal.SIGKILL)
            wait_gone(info, 10.0)
    LAUNCHED.pop(info.pid, None)
    (state_dir / SERVER_FILE).unlink(missing_ok=True)
    return running


def status(state_dir: Path) -> ServerInfo | None:
    """The server in ``state_dir`` if its process is alive and Bolt answers, else ``None``.

    Raises
    ------
    StoreError
        When the server answers but rejects the password on file.
    """
    from neo4j.exceptions import AuthError, DriverError, Neo4jError

    info = read_server_info(Path(state_dir).expanduser().resolve())
    if info is None or not is_running(info):
        return None
    try:
        with _driver(_settings(info)) as driver:
            driver.verify_connectivity()
    except AuthError:
        raise StoreError(
            f"the server in {info.state_dir} rejects the password in "
            f"{info.state_dir / PASSWORD_FILE}"
        ) from None
    except (DriverError, Neo4jError):
        return None
    return info


def connection_from_environment(state_dir: Path | None = None) -> ConnectionSettings:
    """Where to connect: ``NEO4J_URI`` and friends if set, else the managed server.

    ``NEO4J_URI`` selects an external server, with ``NEO4J_USER`` (default
    ``neo4j``), ``NEO4J_PASSWORD`` (default: none, for a server without auth)
    and ``NEO4J_DATABASE`` (default ``neo4j``). Without it, the server running
    in ``state_dir`` (default :func:`default_state_dir`) is used, with the
    password from its password file.

    Raises
    ------
    StoreError
        When neither is available, saying how to get one.
    """
    uri = os.environ.get("NEO4J_URI")
    if uri:
        return ConnectionSettings(
            uri=uri,
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD"),
            database=os.environ.get("NEO4J_DATABASE", "neo4j"),
        )
    state_dir = default_state_dir() if state_dir is None else Path(state_dir)
    info = read_server_info(state_dir.expanduser().resolve())
    if info is None or not is_running(info):
        raise StoreError(
            f"no Neo4j server is running in {state_dir}: run `iekg neo4j start`, or set "
            "NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) to use another server"
        )
    return _settings(info)


def _already_running(state_dir: Path, auth: bool) -> ServerInfo | None:
    """The server already answering in ``state_dir``, or ``None`` if a new one may start."""
    info = read_server_info(state_dir)
    if info is None or not is_running(info):
        (state_dir / SERVER_FILE).unlink(missing_ok=True)  # the record of a dead server
        return None
    if info.auth != auth:
        raise StoreError(
            f"a server with auth {'on' if info.auth else 'off'} is already running in "
            f"{state_dir} (pid {info.pid}); run `iekg neo4j stop` first"
        )
    if status(state_dir) is None:
        raise StoreError(
            f"a server is running in {state_dir} (pid {info.pid}) but does not answer; "
            f"wait for it, or run `iekg neo4j stop`. Its log: {info.log_path}"
        )
    return info


def _wait_until_ready(info: ServerInfo, proc: subprocess.Popen[bytes]) -> None:
    """Poll until Bolt answers and ``RETURN 1`` runs on the database.

    Bolt accepts connections before the ``neo4j`` database is online, so
    connectivity alone is not enough.
    """
    deadline = time.monotonic() + READY_TIMEOUT
    with _driver(_settings(info)) as driver:
        while True:
            code = proc.poll()
            if code is not None:
                raise StoreError(
                    f"Neo4j exited with code {code} while starting. "
                    f"Last lines of {info.log_path}:\n{log_tail(info.state_dir)}"
                )
            problem = _not_ready_because(driver, info)
            if problem is None:
                return
            if time.monotonic() > deadline:
                raise StoreError(
                    f"Neo4j did not answer within {READY_TIMEOUT:.0f} s ({problem}). "
                    f"Last lines of {info.log_path}:\n{log_tail(info.state_dir)}"
                )
            time.sleep(0.5)


def _not_ready_because(driver: neo4j.Driver, info: ServerInfo) -> str | None:
    """Why the server cannot run a query yet, or ``None`` when it can."""
    from neo4j.exceptions import AuthError, DriverError, Neo4jError

    # A driver polling a closed port logs a routing warning on every attempt.
    if not port_open(info.port):
        return "the Bolt port is not open yet"
    try:
        driver.verify_connectivity()
        driver.execute_query("RETURN 1", database_=info.database)
    except AuthError:
        raise StoreError(
            f"Neo4j rejects the password in {info.state_dir / PASSWORD_FILE}; stop the "
            f"server and delete {info.state_dir} to start afresh"
        ) from None
    except (DriverError, Neo4jError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _settings(info: ServerInfo) -> ConnectionSettings:
    password = read_password(info.state_dir) if info.auth else None
    return ConnectionSettings(
        uri=info.uri, user=info.user, password=password, database=info.database
    )


def _driver(settings: ConnectionSettings) -> neo4j.Driver:
    import neo4j

    return neo4j.GraphDatabase.driver(settings.uri, auth=settings.auth, connection_timeout=5.0)
