"""The default store: the graph as one versioned JSON-lines file in a folder.

JSON keeps the store readable and diffable by people and by any language. The
file holds one line per node and per relationship after a header line, so a
save writes as it goes and a load builds the graph line by line, instead of
holding the whole graph twice as one document. A save writes a temporary file
beside the old one, flushes it to disk and renames it over the old one, which
POSIX makes atomic: a crash or an exception mid-save leaves the previous store
intact and readable. Stores of version 1 (one JSON document) are still read.

The header also records the schema version the graph was built under. A store
from an older schema version is read (questions and maps still work), but
nothing is added to it: its ids mean something else (see graph/schema.yaml),
so the same facts loaded again would land beside their old nodes.

Lines are encoded and parsed by orjson: the standard library's encoder took
half of a save and its parser a quarter of a load (36,414 nodes and 103,489
relationships: 1.0 s and 0.6 s); the JSON is the same, compact and UTF-8.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import tempfile
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

import orjson

from graph.bulk import collector_paused
from graph.errors import StoreError
from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA

__all__ = ["FORMAT", "FORMAT_VERSION", "EmbeddedStore"]

FORMAT = "iekg-graph"
#: 2: a header line, then one JSON line per node and per relationship.
#: 1: one JSON document holding the whole graph (read, no longer written).
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
GRAPH_FILE = "graph.json"
#: lines written or parsed at once: few calls, little memory. Small enough that
#: what a chunk frees (each line's bytes, allocated by malloc: orjson starts a
#: line at 1 KiB) stays below glibc's threshold for handing the heap's top back
#: to the kernel, which then faulted it in again for the next chunk. At 100,000
#: relationships, encoding took 1.07 s with chunks of 4,096 lines and 0.52 s
#: with 256, and parsing 0.74-0.84 s and 0.63 s.
_CHUNK = 256
T = TypeVar("T")


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
            with self.file.open("rb") as handle, collector_paused(keep=True):
                header = orjson.loads(handle.readline())
                _check_header(header, self.file)
                if header["version"] == 1:
                    return KnowledgeGraph.from_dict(header["graph"])
                return _read_lines(handle, header, self.file)
        except (OSError, UnicodeDecodeError, orjson.JSONDecodeError, KeyError, TypeError) as exc:
            # a KeyError or TypeError: a line that is no node or relationship
            raise StoreError(
                f"{self.file}: cannot be read ({exc}); restore it from a backup or delete "
                "the folder and run `iekg build` again"
            ) from exc

    def write_graph(
        self, kg: KnowledgeGraph, *, changed: Collection[str] = (), removed: Collection[str] = ()
    ) -> None:
        """Replace the stored graph with ``kg`` atomically.

        ``changed`` and ``removed`` (what a merge touched) need no special
        care here: the whole file is replaced, so folded nodes are gone.
        """
        _check_schema_version(self.file)
        header = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "schemaVersion": SCHEMA.version,
            "nodes": kg.graph.number_of_nodes(),
            "relationships": kg.relationship_count(),
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        _remove_stale_copies(self.file)
        with _atomic_file(self.file) as handle, collector_paused():
            handle.write(_line(header))
            for chunk in _chunks(itertools.chain(kg.iter_nodes(), kg.iter_edges())):
                handle.write(b"".join(map(_line, chunk)))


#: keys that are not text are written as text, as the standard library's ``json`` does
_LINE_OPTIONS = orjson.OPT_APPEND_NEWLINE | orjson.OPT_NON_STR_KEYS


def _line(item: dict[str, Any]) -> bytes:
    """One item as one line: compact UTF-8 JSON (newlines inside strings are escaped)."""
    return orjson.dumps(item, option=_LINE_OPTIONS)


def _chunks(items: Iterator[T]) -> Iterator[list[T]]:
    """``items`` in lists of ``_CHUNK`` (the last one shorter)."""
    while chunk := list(itertools.islice(items, _CHUNK)):
        yield chunk


def _read_lines(handle: IO[bytes], header: dict[str, Any], path: Path) -> KnowledgeGraph:
    """The nodes and relationships after a version-2 header, counted against it."""
    counts = {"nodes": 0, "relationships": 0}
    expected = {key: header.get(key) for key in counts}
    if not all(isinstance(n, int) and n >= 0 for n in expected.values()):
        raise StoreError(f"{path}: the header does not say how many nodes and relationships follow")

    def items(kind: str) -> Iterator[dict[str, Any]]:
        for chunk in _chunks(itertools.islice(handle, expected[kind])):
            # one parse per chunk, as a JSON array: a parse per line costs twice as much
            parsed = orjson.loads(b"[" + b",".join(chunk) + b"]")
            if len(parsed) != len(chunk):
                raise StoreError(f"{path}: a line holds other than one node or relationship")
            counts[kind] += len(chunk)
            yield from parsed

    kg = KnowledgeGraph.from_items(items("nodes"), items("relationships"))
    if counts != expected or handle.readline().strip():
        raise StoreError(
            f"{path}: cut short or added to (the header announces {expected['nodes']} nodes and "
            f"{expected['relationships']} relationships); restore it from a backup or delete "
            "the folder and run `iekg build` again"
        )
    return kg


def _check_header(data: Any, path: Path) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StoreError(f"{path}: not an iekg store (no '{FORMAT}' header)")
    if data.get("version") not in READABLE_VERSIONS:
        readable = " and ".join(str(v) for v in READABLE_VERSIONS)
        raise StoreError(
            f"{path}: store format version {data.get('version')}, this iekg reads "
            f"versions {readable}; rebuild it with `iekg build`"
        )


def _check_schema_version(path: Path) -> None:
    """Refuse to write over a store built under an older schema version.

    Only the header line is read. A store with no schema version predates
    versioning and is of version 1.
    """
    try:
        with path.open("rb") as handle:
            header = orjson.loads(handle.readline())
    except (OSError, orjson.JSONDecodeError):
        return  # nothing (readable) there: nothing to keep apart from
    stored = header.get("schemaVersion", 1) if isinstance(header, dict) else SCHEMA.version
    if isinstance(stored, int) and stored < SCHEMA.version:
        raise StoreError(
            f"{path}: built under schema version {stored}, and this iekg identifies events, "
            f"people and sources differently (schema version {SCHEMA.version}); adding to it "
            "would put the same facts beside their old nodes. Nothing was written: build it "
            "again into a new folder (or delete this one) with `iekg build` and the same files"
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
        with os.fdopen(fd, "wb") as handle:
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
