"""The graph as CSV files for ``neo4j-admin database import full``.

``iekg push`` merges a graph into a live database, batch by batch, and can
run again and again; it is the way to keep a shared database up to date.
The offline importer is the way to create a large database from nothing: it
writes the store files directly, without transactions (a million
relationships took 0.4 times as long as ``iekg push`` in BENCHMARKS.md), but
only into an empty (or new) database on a stopped server. This module
writes what it needs: one node file per kind, one relationship file per
(type, source family, target family), an argument file, and the
constraints to create afterwards.

The rows are :mod:`graph.neo4j_rows`' rows, the very ones ``iekg push``
sends, so an imported database reads back (:meth:`Neo4jStore.read_graph`) as
the same graph. One difference is visible from Cypher: the importer cannot
store an empty list, so a node without aliases has no ``aliases`` property
instead of an empty one.

Examples
--------
>>> import tempfile
>>> export = export_neo4j_admin(shaoxing, Path(tempfile.mkdtemp()))
>>> export.nodes == len(shaoxing), export.relationships == shaoxing.graph.number_of_edges()
(True, True)
>>> export.arguments()[:2]
['--array-delimiter=U+001F', '--id-type=string']
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.cypher import key_label, schema_queries
from graph.errors import StoreError
from graph.knowledge_graph import KnowledgeGraph
from graph.neo4j_rows import edge_rows, node_rows
from graph.schema import SCHEMA

__all__ = ["ARGS_FILE", "AdminExport", "ImportReport", "export_neo4j_admin", "import_into"]

ARGS_FILE = "import.args"
SCHEMA_FILE = "schema.cypher"
# The importer splits list values on this character. Provenance JSON escapes
# every control character and names are single-line text, so U+001F (the
# ASCII unit separator) never occurs in a value; the export checks anyway.
ARRAY_DELIMITER = "\x1f"
_NEWLINE = re.compile(r"[\r\n]")
_DEFAULT_READ_BUFFER = 4 * 2**20


@dataclass(frozen=True)
class AdminExport:
    """What :func:`export_neo4j_admin` wrote, and how to import it."""

    folder: Path
    node_files: tuple[str, ...]
    relationship_files: tuple[str, ...]
    nodes: int
    relationships: int
    multiline_files: tuple[str, ...] = field(default=())
    longest_line: int = 0
    """Bytes in the longest CSV line: a node cited by every row of a big sheet
    (an industry, the source) carries all those citations on one line."""

    def arguments(self) -> list[str]:
        """The importer's options, file names relative to :attr:`folder`."""
        args = [f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}", "--id-type=string"]
        args += [f"--nodes={name}" for name in self.node_files]
        args += [f"--relationships={name}" for name in self.relationship_files]
        if self.longest_line * 2 > _DEFAULT_READ_BUFFER:
            # The importer reads in chunks that must hold whole lines.
            size = _DEFAULT_READ_BUFFER
            while size < self.longest_line * 2:
                size *= 2
            args.append(f"--read-buffer-size={size}")
        if self.multiline_files:
            # v2 names the files whose fields span lines; the others keep the fast parser.
            args += ["--multiline-fields-format=v2",
                     "--multiline-fields=" + ",".join(self.multiline_files)]  # fmt: skip
        return args

    def command(self, database: str = "neo4j") -> str:
        """The shell command to run in :attr:`folder` once the server is stopped."""
        # The database comes first: --nodes and --relationships take any
        # number of files and would swallow a name that followed them.
        return f"neo4j-admin database import full {database} @{ARGS_FILE}"


def export_neo4j_admin(kg: KnowledgeGraph, folder: Path) -> AdminExport:
    """Write ``kg`` as ``neo4j-admin database import full`` input into ``folder``.

    Returns
    -------
    AdminExport
        The files written, the counts, and :meth:`AdminExport.command`.

    Raises
    ------
    StoreError
        When a property holds values of two types in one kind (the importer
        types a whole column), or a list value contains U+001F.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    node_files, rel_files, multiline = [], [], []
    n_nodes = n_rels = longest = 0
    for labels, rows in sorted(node_rows(kg).items()):
        concrete = _concrete(labels)
        root = key_label(concrete)
        name = f"nodes-{concrete}.csv"
        head = [f"id:ID({root})", ":LABEL"]
        props = _columns(rows, skip={"id"}, where=concrete)
        lists = [ARRAY_DELIMITER.join(SCHEMA.labels[concrete].labels)]
        table = ([r["id"], *lists, *(_cell(r.get(p), concrete, p) for p in props)] for r in rows)
        head += [_header(p, t) for p, t in props.items()]
        spans, width = _write(folder / name, head, table)
        if spans:
            multiline.append(name)
        longest = max(longest, width)
        node_files.append(name)
        n_nodes += len(rows)
    for (rel_type, source, target), rows in sorted(edge_rows(kg).items()):
        name = f"relationships-{rel_type}-{source}-{target}.csv"
        head = [f":START_ID({source})", f":END_ID({target})", ":TYPE"]
        props = _columns([r["props"] for r in rows], skip=set(), where=rel_type)
        table = (
            [r["source"], r["target"], rel_type]
            + [_cell(r["props"].get(p), rel_type, p) for p in props]
            for r in rows
        )
        head += [_header(p, t) for p, t in props.items()]
        spans, width = _write(folder / name, head, table)
        if spans:
            multiline.append(name)
        longest = max(longest, width)
        rel_files.append(name)
        n_rels += len(rows)
    export = AdminExport(
        folder, tuple(node_files), tuple(rel_files), n_nodes, n_rels, tuple(multiline), longest
    )
    (folder / ARGS_FILE).write_text("\n".join(export.arguments()) + "\n", encoding="utf-8")
    (folder / SCHEMA_FILE).write_text(
        "".join(f"{query};\n" for query in schema_queries()), encoding="utf-8"
    )
    return export


def _concrete(labels: Sequence[str]) -> str:
    for name in SCHEMA.concrete_labels:
        if tuple(SCHEMA.labels[name].labels) == tuple(labels):
            return name
    raise StoreError(f"labels {', '.join(labels)} are not one kind's label set")


_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def _columns(rows: Iterable[Mapping[str, Any]], skip: set[str], where: str) -> dict[str, str]:
    """property -> importer type (``string``, ``long``, ``string[]`` …), in first-seen order."""
    found: dict[str, set[str]] = {}
    for row in rows:
        for key, value in row.items():
            if key in skip or value is None:
                continue
            found.setdefault(key, set()).add(_type_of(value, where, key))
    out = {}
    for key, kinds in found.items():
        if kinds == {"long", "double"}:
            kinds = {"double"}
        elif kinds == {"long[]", "double[]"}:
            kinds = {"double[]"}
        if len(kinds) != 1:
            raise StoreError(
                f"{where}.{key}: values of types {', '.join(sorted(kinds))}; the importer needs "
                "one type per property and kind. Push the graph with `iekg push` instead"
            )
        out[key] = kinds.pop()
    return out


def _type_of(value: Any, where: str, key: str) -> str:
    if isinstance(value, list):
        inner = {_TYPES.get(type(v), "string") for v in value} or {"string"}
        return (inner.pop() if len(inner) == 1 else "string") + "[]"
    kind = _TYPES.get(type(value))
    if kind is None:
        raise StoreError(f"{where}.{key}: a {type(value).__name__} value cannot be imported")
    return kind


def _header(prop: str, kind: str) -> str:
    return prop if kind == "string" else f"{prop}:{kind}"


def _cell(value: Any, where: str, key: str) -> Any:
    if isinstance(value, list):
        items = [str(v) for v in value]
        if any(ARRAY_DELIMITER in item for item in items):
            raise StoreError(f"{where}.{key}: a list item contains U+001F and cannot be imported")
        return ARRAY_DELIMITER.join(items) if items else None
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _write(path: Path, header: list[str], rows: Iterable[list[Any]]) -> tuple[bool, int]:
    """Write one CSV file; return whether a value spans lines, and the longest line's bytes."""
    multiline, longest = False, 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            if not multiline and any(isinstance(v, str) and _NEWLINE.search(v) for v in row):
                multiline = True
            # An upper bound (each character up to 3 bytes in UTF-8, plus quoting) is enough.
            longest = max(longest, 3 * sum(len(str(v)) + 3 for v in row if v is not None))
            writer.writerow(row)
    return multiline, longest


# -- running the importer with the managed server's jars ------------------------------
@dataclass(frozen=True)
class ImportReport:
    """What the importer said it imported, and how long it took.

    ``seconds`` is the whole run, JVM start included; ``tool_seconds`` is the
    importer's own "IMPORT DONE in …" figure.
    """

    nodes: int
    relationships: int
    properties: int
    seconds: float
    tool_seconds: float
    output: str


_DONE = re.compile(
    r"IMPORT DONE in ([^.]*?)\.\s*Imported:\s*"
    r"(\d+) nodes\s*(\d+) relationships\s*(\d+) properties",
    re.S,
)


def import_into(
    export: AdminExport, state_dir: Path, *, database: str = "neo4j", home: Path | None = None,
    max_memory: str = "1g",
) -> ImportReport:  # fmt: skip
    """Import ``export`` into the managed server's ``state_dir`` (server stopped).

    The database folder must not exist yet: this is for creating a database,
    not for adding to one. Start the server on ``state_dir`` afterwards with
    :func:`graph.neo4j_server.start`, then create the constraints (``iekg
    push`` does, or run ``schema.cypher``).
    """
    from graph.neo4j_fetch import default_home, fetch, java_executable
    from graph.neo4j_process import free_port, write_config

    state_dir = Path(state_dir).resolve()
    if (state_dir / "data" / "databases" / database).exists():
        raise StoreError(
            f"{state_dir} already holds database {database!r}; import only into a new state "
            "folder (or stop the server and delete that database first)"
        )
    home = fetch(default_home() if home is None else home).resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    conf_dir = write_config(state_dir, home, free_port(), auth=False, pagecache="64m")
    argv = [
        java_executable(), f"-Xmx{max_memory}", "-cp", f"{home}/lib/*",
        "org.neo4j.cli.AdminTool", "database", "import", "full",
        f"--report-file={state_dir / 'import.report'}", database, f"@{ARGS_FILE}",
    ]  # fmt: skip
    env = {**os.environ, "NEO4J_HOME": str(state_dir), "NEO4J_CONF": str(conf_dir)}
    started = time.perf_counter()
    result = subprocess.run(
        argv, cwd=export.folder, env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    output = result.stdout + result.stderr
    done = _DONE.search(output)
    if result.returncode != 0 or done is None:
        raise StoreError(f"neo4j-admin import failed ({result.returncode}):\n{output[-3000:]}")
    took, *counts = done.groups()
    nodes, rels, props = (int(x) for x in counts)
    return ImportReport(nodes, rels, props, seconds, _seconds(took), output)


def _seconds(text: str) -> float:
    """``1m 2s 345ms`` -> 62.345, the importer's way of writing a duration."""
    units = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
    return sum(float(n) * units[u] for n, u in re.findall(r"(\d+)(ms|h|m|s)\b", text))
