"""The Neo4j store: the same graph as the embedded store, in a Neo4j database.

Analysts share and query the graph in Neo4j (Browser, cypher-shell, their
own Cypher); this store keeps it there exactly as the embedded store keeps it
on disk. Writes are ``UNWIND $rows … MERGE`` in fixed-size batches, one
managed transaction per batch (the driver retries transient errors), all
nodes before any relationship, with the database name always given. Several
batches may be in flight at once (``workers``) for a server with cores to spare. Every label and
type comes from the schema (:mod:`graph.cypher`), every value is a parameter.
Writing the same graph twice leaves the database as writing it once.

An unreachable server is reported within ``timeout`` seconds with the URI
that was tried; the password never appears in a message.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import time
import weakref
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, LiteralString, cast

from graph import cypher
from graph.bulk import collector_paused
from graph.errors import StoreError
from graph.knowledge_graph import KnowledgeGraph
from graph.neo4j_rows import (
    edge_from_neo4j,
    edge_keys,
    edge_rows,
    node_from_neo4j,
    node_rows,
)
from graph.schema import SCHEMA

if TYPE_CHECKING:
    import pandas as pd
    from neo4j import Driver

__all__ = ["DEFAULT_BATCH_SIZE", "DEFAULT_TIMEOUT", "DEFAULT_WORKERS", "Neo4jStore", "PushReport"]

DEFAULT_BATCH_SIZE = 2_000
DEFAULT_WORKERS = 1
"""Write transactions in flight at once during a push.

One by one by default: on a 2-core server two in flight were no faster
(100k relationships: 10.5 s either way), and batches that add relationships
to the same busy node deadlock, each retry waiting a second or more (10k:
3.5 s with two in flight against 1.6 s one by one; ``BENCHMARKS.md``). More
may pay on a server with cores to spare.
"""
DEFAULT_TIMEOUT = 5.0
"""Seconds to wait for a server before saying it cannot be reached."""


@dataclass(frozen=True)
class PushReport:
    """What a write did: rows sent, batches (transactions) and seconds taken.

    ``retried`` counts batches the server refused with a deadlock between
    two of the push's own transactions (both adding relationships to the same
    busy node) and the driver ran again; each was rolled back whole first.
    """

    nodes: int
    relationships: int
    batches: int
    seconds: float
    retried: int = 0


class Neo4jStore:
    """A Neo4j database holding the graph (a local server, a cluster or a hosted one).

    Parameters
    ----------
    uri : ``bolt://host:port`` or a routing ``neo4j://`` / ``neo4j+s://`` URI.
    user, password : credentials; ``password=None`` connects without auth
        (the managed test server on loopback).
    database : the database to use, always named explicitly.
    batch_size : rows per write transaction.
    workers : write transactions in flight at once during a push.
    timeout : seconds to wait for a connection before giving up.
    """

    backend = "neo4j"

    def __init__(
        self,
        uri: str,
        user: str | None = "neo4j",
        password: str | None = None,
        database: str = "neo4j",
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        workers: int = DEFAULT_WORKERS,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.uri = _refuse_credentials(uri)
        self.user = user
        self.database = database
        self.batch_size = batch_size
        self.workers = workers
        self.timeout = timeout
        self._password = password
        self._driver: Driver | None = None
        self._finalizer: weakref.finalize[Any, Any] | None = None
        self._schema_ready = False

    @classmethod
    def from_environment(cls, **options: Any) -> Neo4jStore:
        """The store NEO4J_URI/USER/PASSWORD/DATABASE name, else the managed server."""
        from graph.neo4j_server import connection_from_environment

        conn = connection_from_environment()
        return cls(conn.uri, conn.user, conn.password, conn.database, **options)

    def describe(self) -> str:
        who = f" as {self.user}" if self._password and self.user else ""
        return f"Neo4j {self.uri} database {self.database}{who}"

    def __repr__(self) -> str:
        return f"<Neo4jStore {self.describe()}>"

    # -- connection --------------------------------------------------------
    @property
    def driver(self) -> Driver:
        """The driver, connected and checked on first use."""
        if self._driver is None:
            from neo4j import GraphDatabase

            auth = (self.user or "neo4j", self._password) if self._password else None
            driver = GraphDatabase.driver(
                self.uri,
                auth=auth,
                connection_timeout=self.timeout,
                connection_acquisition_timeout=self.timeout,
                user_agent="iekg",
                # Our own queries need no advice; an analyst's query collects
                # its notifications itself (graph.neo4j_cypher).
                notifications_min_severity="OFF",
                warn_notification_severity="OFF",
            )
            with self.errors("connecting"):
                try:
                    driver.verify_connectivity()
                except BaseException:
                    driver.close()
                    raise
            self._driver = driver
            # Closed when the store is garbage-collected or Python exits, so a
            # command that never calls close() leaves no open pool behind.
            self._finalizer = weakref.finalize(self, driver.close)
        return self._driver

    def close(self) -> None:
        """Close the connection pool (the store can be used again afterwards)."""
        if self._finalizer is not None:
            self._finalizer()
        self._driver = self._finalizer = None

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def errors(self, doing: str) -> Iterator[None]:
        """Turn driver errors into StoreError naming the URI (never the password)."""
        from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable

        try:
            yield
        except (ServiceUnavailable, OSError) as exc:
            reason = " ".join(str(exc).split())
            raise StoreError(
                f"cannot reach Neo4j at {self.uri} while {doing} ({reason}); start the "
                "managed server with `iekg neo4j start`, or set NEO4J_URI to a running server"
            ) from None
        except AuthError:
            raise StoreError(
                f"Neo4j at {self.uri} refused user {self.user!r} ({doing}): wrong or missing "
                "password; set NEO4J_USER and NEO4J_PASSWORD "
                "(`iekg neo4j status` says where the managed server's password is)"
            ) from None
        except (Neo4jError, DriverError) as exc:
            message = getattr(exc, "message", None) or str(exc)
            raise StoreError(f"Neo4j at {self.uri} failed while {doing}: {message}") from None

    def execute(
        self, query: str, parameters: Mapping[str, Any] | None = None, *, write: bool = False
    ) -> list[Any]:
        """Run one of our own queries in a managed transaction; return its records."""
        from neo4j import RoutingControl

        routing = RoutingControl.WRITE if write else RoutingControl.READ
        result = self.driver.execute_query(
            cast(LiteralString, query),
            dict(parameters or {}),
            routing_=routing,
            database_=self.database,
        )
        return list(result.records)

    # -- schema ------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Create the id constraints and name indexes (IF NOT EXISTS: safe to repeat)."""
        with self.errors("creating constraints"):
            existing = {
                record["name"]
                for query in cypher.existing_schema_queries()
                for record in self.execute(query)
            }
            for query in cypher.schema_queries():
                if cypher.schema_name(query) not in existing:
                    self.execute(query, write=True)
        self._schema_ready = True

    def constraints(self) -> list[str]:
        """Names of the constraints in the database, sorted."""
        with self.errors("listing constraints"):
            records = self.execute(cypher.existing_schema_queries()[0])
        return sorted(record["name"] for record in records)

    # -- the Store protocol ------------------------------------------------
    def read_graph(self) -> KnowledgeGraph:
        """The graph held in the database (nodes without an iekg key label are left out)."""
        params = {"keys": list(cypher.key_labels()), "types": list(SCHEMA.relationships)}
        with self.errors("reading the graph"):
            nodes = [
                node_from_neo4j(record["labels"], record["props"])
                for record in self.execute(cypher.read_nodes_query(), params)
            ]
            edges = [
                edge_from_neo4j(record["source"], record["type"], record["target"], record["props"])
                for record in self.execute(cypher.read_edges_query(), params)
            ]
        return KnowledgeGraph.from_dict({"nodes": nodes, "edges": edges})

    def write_graph(
        self, kg: KnowledgeGraph, *, changed: Collection[str] = (), removed: Collection[str] = ()
    ) -> None:
        """Store ``kg``: every node and relationship merged, batch by batch.

        With ``changed`` or ``removed`` (what a merge or its undo touched,
        kg having been read from this database), only those are written, in
        one transaction that also deletes the ``removed`` nodes
        (:mod:`graph.neo4j_replace`): MERGE alone never deletes, and a node
        folded into another would stay in the database.
        """
        if changed or removed:
            from graph.neo4j_replace import replace_nodes

            replace_nodes(self, kg, changed, removed)
        else:
            self.push(kg)

    def push(self, kg: KnowledgeGraph, *, progress: bool = False) -> PushReport:
        """Merge ``kg`` into the database and say what was sent.

        Nodes and relationships of ``kg`` end up exactly as in ``kg``
        (properties replaced, stale kind labels removed); anything else in
        the database is left alone. Each batch is one transaction: an
        interrupted push leaves whole batches, and running it again completes it.
        Every node batch is committed before the first relationship batch
        starts, so a relationship always finds both of its ends.
        """
        from tqdm import tqdm

        started = time.perf_counter()
        with collector_paused():
            nodes = node_rows(kg)
            # Build every query before sending anything: a label or type the
            # schema lacks is refused with the database untouched.
            node_jobs = [(cypher.merge_nodes_query(labels), rows) for labels, rows in nodes.items()]
            edge_counts = edge_keys(kg)
            edge_queries = {key: cypher.merge_edges_query(*key) for key in edge_counts}
            n_nodes = sum(len(rows) for rows in nodes.values())
            n_edges = sum(edge_counts.values())
            if not self._schema_ready:
                self.ensure_schema()
            # The relationship rows are built while the node batches are
            # written: the client would otherwise build them (a tenth of a
            # push's time) while the server waits.
            prepare = ThreadPoolExecutor(1, thread_name_prefix="iekg-push-rows")
            try:
                edges_later = prepare.submit(edge_rows, kg)
                with (
                    tqdm(
                        total=n_nodes + n_edges,
                        unit="row",
                        desc="push",
                        file=sys.stderr,
                        disable=not progress,
                    ) as bar,
                    _hidden_deadlock_retries() as retries,
                    self.errors("writing the graph"),
                ):
                    batches = self._send(node_jobs, bar.update)
                    edges = edges_later.result()
                    edge_jobs = [(edge_queries[key], rows) for key, rows in edges.items()]
                    batches += self._send(edge_jobs, bar.update)
            finally:
                # After a failed batch, do not wait for rows that will not be sent.
                prepare.shutdown(wait=False, cancel_futures=True)
        return PushReport(
            n_nodes, n_edges, batches, time.perf_counter() - started, retried=retries.count
        )

    def _send(
        self, jobs: Sequence[tuple[str, list[dict[str, Any]]]], done: Callable[[int], object]
    ) -> int:
        """Write ``jobs`` (query, rows) in batches of :attr:`batch_size`; return the batch count."""
        chunks = [
            (query, _Rows(rows[start : start + self.batch_size]))
            for query, rows in jobs
            for start in range(0, len(rows), self.batch_size)
        ]
        _run_bounded(self.workers, chunks, self._write_batch, done)
        return len(chunks)

    def _write_batch(self, query: str, rows: list[dict[str, Any]]) -> int:
        from neo4j import Result, RoutingControl

        def check(result: Result) -> None:
            # Raised inside the transaction, so the driver rolls the batch back.
            written = result.single(strict=True)["written"]
            if written != len(rows):
                raise StoreError(
                    f"Neo4j at {self.uri}: only {written} of {len(rows)} rows found their "
                    "end nodes (deleted while pushing?); the batch was rolled back; push again"
                )

        self.driver.execute_query(
            cast(LiteralString, query),
            {"rows": rows},
            routing_=RoutingControl.WRITE,
            database_=self.database,
            result_transformer_=check,
        )
        return len(rows)

    # -- counts and Cypher for analysts -------------------------------------
    def counts(self) -> tuple[int, int]:
        """(nodes, relationships) in the whole database."""
        with self.errors("counting"):
            nodes = self.execute("MATCH (n) RETURN count(n) AS c")[0]["c"]
            rels = self.execute("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
        return int(nodes), int(rels)

    def revision(self) -> tuple[str, ...]:
        """Which committed state the database is in: equal revisions, equal data.

        Neo4j Community gives Cypher no transaction id (``SHOW DATABASES``
        leaves ``lastCommittedTxn`` null on a single server), but every
        transaction ends with a bookmark naming the last transaction the
        database has committed, read-only ones included. Any write that
        commits, whoever makes it, moves the bookmark; a query that changes
        nothing does not. What a whole-graph question reads can therefore be
        kept until the revision moves (:mod:`queries.kept`).
        """
        from neo4j import READ_ACCESS

        driver = self.driver
        with (
            self.errors("reading the database's revision"),
            driver.session(
                database=self.database,
                default_access_mode=READ_ACCESS,
                # after our own writes, on a cluster too (a lagging member waits)
                bookmark_manager=driver.execute_query_bookmark_manager,
            ) as session,
        ):
            session.run("RETURN 1").consume()
            return tuple(sorted(session.last_bookmarks().raw_values))

    def run_cypher(
        self, query: str, params: Mapping[str, Any] | None = None, *, write: bool = False
    ) -> pd.DataFrame:
        """Run an analyst's Cypher; read-only unless ``write=True``.

        See :func:`graph.neo4j_cypher.run_cypher` for how writes are refused.
        """
        from graph.neo4j_cypher import run_cypher

        return run_cypher(self, query, params, write=write)

    def run_own_read(self, query: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run one of iekg's own read queries, not planned first (:func:`run_own_read`)."""
        from graph.neo4j_cypher import run_own_read

        return run_own_read(self, query, params)


class _Rows(list[dict[str, Any]]):
    """A batch's rows, shown by their count.

    The driver (neo4j 6.x) formats every query's parameters for its debug log
    line even when nothing is logged; for a batch of thousands of rows that
    repr took as long as encoding the rows. Both of the driver's encoders
    send this list exactly as a plain one.
    """

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


def _run_bounded(
    workers: int,
    chunks: Sequence[tuple[str, list[dict[str, Any]]]],
    send: Callable[[str, list[dict[str, Any]]], int],
    done: Callable[[int], object],
) -> None:
    """Send ``chunks`` with at most ``workers`` in flight; stop at the first error.

    A failed batch cancels the batches not yet started and is raised once
    those in flight have finished (each is its own transaction, committed or
    rolled back whole), so the database holds whole batches only.
    """
    if workers == 1:
        for query, rows in chunks:
            done(send(query, rows))
        return
    with ThreadPoolExecutor(workers, thread_name_prefix="iekg-push") as pool:
        pending: set[Future[int]] = set()
        try:
            for query, rows in chunks:
                if len(pending) >= workers:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        done(future.result())
                pending.add(pool.submit(send, query, rows))
            for future in wait(pending).done:
                done(future.result())
        except BaseException:
            for future in pending:
                future.cancel()
            raise


class _DeadlockRetries(logging.Filter):
    """Counts, and keeps off the console, the driver's notes on retried deadlocks.

    Two batches in flight may both add relationships to one busy node; the
    server then refuses one with a transient deadlock error, and the driver
    rolls it back and runs it again. That is expected and harmless, so it is
    counted (:attr:`PushReport.retried`) rather than shown as a warning.
    """

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if "DeadlockDetected" in record.getMessage():
            self.count += 1
            return False
        return True


@contextlib.contextmanager
def _hidden_deadlock_retries() -> Iterator[_DeadlockRetries]:
    log = logging.getLogger("neo4j.session")
    retries = _DeadlockRetries()
    log.addFilter(retries)
    try:
        yield retries
    finally:
        log.removeFilter(retries)


def _refuse_credentials(uri: str) -> str:
    """``uri``, refused if it holds a user or password: every message shows the URI."""
    from urllib.parse import urlsplit

    parts = urlsplit(uri)
    if parts.username is None and parts.password is None:
        return uri
    host = parts.netloc.rpartition("@")[2]
    raise StoreError(
        f"{parts.scheme}://{host}: give the user and password in NEO4J_USER and "
        "NEO4J_PASSWORD, not in the URI, where messages and process listings would show them"
    )
