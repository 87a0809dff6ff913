"""The default store: the graph as one versioned JSON file in a folder.

JSON keeps the store readable and diffable by people and by any language. A
save writes a temporary file beside the old one, flushes it to disk and
renames it over the old one, which POSIX makes atomic: a crash or an
exception mid-save leaves the previous store intact and readable.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.errors import StoreError
from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA

__all__ = ["FORMAT", "FORMAT_VERSION", "EmbeddedStore"]

FORMAT = "iekg-graph"
FORMAT_VERSION = 1
GRAPH_FILE = "graph.json"


class EmbeddedStore:
    """A folder holding ``graph.json``; no server, nothing to install."""

    backend = "embedded"

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.file = self.folder / GRAPH_FILE

    def describe(self) -> str:
        return f"embedded store {self.folder}"

    def exists(self) -> bool:
        return self.file.exists()

    def read_graph(self) -> KnowledgeGraph:
        """The stored graph, or an empty one when nothing was saved yet."""
        if not self.file.exists():
            return KnowledgeGraph()
        try:
            with self.file.open(encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StoreError(
                f"{self.file}: cannot be read ({exc}); restore it from a backup or delete "
                "the folder and run `iekg build` again"
            ) from exc
        _check_header(data, self.file)
        return KnowledgeGraph.from_dict(data["graph"])

    def write_graph(self, kg: KnowledgeGraph) -> None:
        """Replace the stored graph with ``kg`` atomically."""
        payload = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "schemaVersion": SCHEMA.version,
            "graph": kg.to_dict(),
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        _remove_stale_copies(self.file)
        with _atomic_file(self.file) as handle:
            json.dump(payload, handle, ensure_ascii=False, separators=(",", ":"))


def _check_header(data: Any, path: Path) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StoreError(f"{path}: not an iekg store (no '{FORMAT}' header)")
    if data.get("version") != FORMAT_VERSION:
        raise StoreError(
            f"{path}: store format version {data.get('version')}, this iekg reads "
            f"version {FORMAT_VERSION}; rebuild it with `iekg build`"
        )


def _remove_stale_copies(path: Path) -> None:
    """Delete the temporary copies of saves whose process was killed mid-save.

    Each is as big as the graph, and nothing else would ever remove them. The
    writer's pid is in the name, so a save still running is left alone.
    """
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        pid = tmp.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


@contextlib.contextmanager
def _atomic_file(path: Path) -> Iterator[Any]:
    prefix = f".{path.name}.{os.getpid()}."
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
