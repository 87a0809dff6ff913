"""Where a Neo4j server is and how to log in: the records other modules pass around.

Two records, kept apart on purpose. :class:`ServerInfo` describes a managed
server and is written to ``server.json`` for other processes to find; it never
holds the password. :class:`ConnectionSettings` is what a store needs to
connect and does hold it, so its ``repr`` hides it: settings end up in logs,
tracebacks and pytest failure reports.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from graph.errors import StoreError

__all__ = [
    "ConnectionSettings",
    "ServerInfo",
    "default_state_dir",
    "read_password",
    "read_server_info",
    "write_server_info",
]

SERVER_FILE = "server.json"
PASSWORD_FILE = "password"
LOG_FILE = "server.log"


def default_state_dir() -> Path:
    """The managed server's data, config and password: ``$IEKG_NEO4J_STATE`` or
    ``~/.local/state/iekg/neo4j``.

    State, not cache: it holds the database, so it lives apart from the jars.
    """
    override = os.environ.get("IEKG_NEO4J_STATE")
    if override:
        return Path(override).expanduser()
    return Path.home() / ".local" / "state" / "iekg" / "neo4j"


@dataclass(frozen=True)
class ConnectionSettings:
    """How to reach a Neo4j database.

    ``password`` is ``None`` for a server with authentication off; pass
    :attr:`auth` straight to ``neo4j.GraphDatabase.driver``.
    """

    uri: str
    user: str = "neo4j"
    password: str | None = field(default=None, repr=False)
    database: str = "neo4j"

    @property
    def auth(self) -> tuple[str, str] | None:
        """The driver's ``auth=`` argument."""
        return None if self.password is None else (self.user, self.password)


@dataclass(frozen=True)
class ServerInfo:
    """A managed server as recorded in ``state_dir/server.json`` (no password)."""

    uri: str
    user: str
    database: str
    pid: int
    port: int
    auth: bool
    version: str
    state_dir: Path

    @property
    def log_path(self) -> Path:
        """The server's console log: read it when the server misbehaves."""
        return self.state_dir / LOG_FILE


def write_server_info(info: ServerInfo) -> None:
    """Write ``server.json`` atomically, so a reader never sees half a file."""
    data = asdict(info)
    data["state_dir"] = str(info.state_dir)
    target = info.state_dir / SERVER_FILE
    partial = target.with_suffix(".json.partial")
    partial.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    partial.replace(target)


def read_server_info(state_dir: Path) -> ServerInfo | None:
    """The recorded server, or ``None`` when ``server.json`` is absent.

    Says nothing about whether the process still runs; see ``neo4j_server.status``.
    """
    path = Path(state_dir) / SERVER_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise StoreError(f"{path}: unreadable ({exc}); run `iekg neo4j stop` to clear it") from exc
    try:
        return ServerInfo(**{**data, "state_dir": Path(data["state_dir"])})
    except (KeyError, TypeError) as exc:  # written by another version of iekg
        raise StoreError(f"{path}: unexpected content ({exc}); run `iekg neo4j stop`") from exc


def read_password(state_dir: Path) -> str:
    """The managed server's password for user ``neo4j``, from ``state_dir/password``."""
    path = Path(state_dir) / PASSWORD_FILE
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise StoreError(
            f"{path} is missing, so the password of the server in {state_dir} is unknown; "
            "stop the server and delete that folder to start afresh"
        ) from None
