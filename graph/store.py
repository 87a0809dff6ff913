"""The small interface every store implements, and how a store is chosen.

The embedded store is the default and needs no server. Neo4j is chosen with
``--backend neo4j`` or ``IEKG_BACKEND=neo4j``: an analyst switches stores by
changing an environment variable, never code.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path
from typing import Protocol

from graph.errors import StoreError
from graph.knowledge_graph import KnowledgeGraph

__all__ = ["BACKENDS", "DEFAULT_STORE_PATH", "Store", "open_store", "store_path"]

DEFAULT_STORE_PATH = Path(".iekg")
BACKENDS = ("embedded", "neo4j")


class Store(Protocol):
    """What ingest, queries and maps need from a store."""

    backend: str

    def describe(self) -> str:
        """Where the graph lives, for messages (never includes a password)."""
        ...

    def read_graph(self) -> KnowledgeGraph:
        """The whole stored graph."""
        ...

    def write_graph(
        self, kg: KnowledgeGraph, *, changed: Collection[str] = (), removed: Collection[str] = ()
    ) -> None:
        """Store ``kg``: idempotent, and all-or-nothing per batch.

        After a merge (or its undo), ``changed`` names the nodes whose
        relationships changed and ``removed`` the nodes folded away; a store
        that merges rather than replaces (Neo4j) must delete what kg no
        longer holds, or the folded node stays beside the one it became.
        """
        ...


def store_path(path: str | Path | None = None) -> Path:
    """The embedded store folder: ``--store``, else ``IEKG_STORE``, else ``./.iekg``."""
    return Path(path or os.environ.get("IEKG_STORE") or DEFAULT_STORE_PATH)


def open_store(
    path: str | Path | None = None, backend: str | None = None, *, must_exist: bool = False
) -> Store:
    """Open the embedded store (default) or Neo4j (``backend='neo4j'``).

    ``must_exist`` is for reading: an embedded store that was never built
    would read as an empty graph, and every question would answer "no
    rows" for a mistyped ``--store`` instead of saying that nothing is
    there. Writing creates the folder, so build leaves it false.
    """
    backend = backend or os.environ.get("IEKG_BACKEND") or "embedded"
    if backend == "embedded":
        from graph.embedded_store import EmbeddedStore

        folder = store_path(path)
        if folder.exists() and not folder.is_dir():
            raise StoreError(f"{folder} is a file; a store is a folder (--store / IEKG_STORE)")
        store = EmbeddedStore(folder)
        if must_exist and not store.exists():
            raise StoreError(
                f"no store at {folder}; run `iekg build … --store {folder}` first "
                "(or give the --store / IEKG_STORE of one that was built)"
            )
        return store
    if backend == "neo4j":
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore.from_environment()
    raise StoreError(f"unknown backend {backend!r}; use one of {', '.join(BACKENDS)}")
