"""An analyst's own Cypher, run read-only unless they opt in to writing.

The access mode of a session is only a routing hint: a single server runs a
``CREATE`` in a "read" session. So before a query runs, the server is asked
to plan it (``EXPLAIN``), and anything whose plan is not read-only (query
type ``r``) is refused with nothing executed. As a second net, a read query
runs in a transaction that is rolled back if the server reports any change.
Server errors become :class:`~graph.errors.QueryError` carrying the server's
own message, which says where in the query the problem is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from itertools import chain
from typing import TYPE_CHECKING, Any, LiteralString, cast

from graph.errors import QueryError

if TYPE_CHECKING:
    import pandas as pd
    from neo4j import ManagedTransaction, Result

    from graph.neo4j_store import Neo4jStore

__all__ = ["QUERY_KINDS", "query_kind", "run_cypher", "run_own_read", "to_plain"]

QUERY_KINDS = {
    "r": "only reads",
    "rw": "reads and writes data",
    "w": "writes data",
    "s": "changes the schema or the server (indexes, constraints, DBMS procedures)",
}
"""What each of Neo4j's query types means, in the words the refusal uses."""

# A query may start with comments and with EXPLAIN or PROFILE; PROFILE runs it.
_LEADING = re.compile(r"^(?:\s+|//[^\n]*(?:\n|$)|/\*.*?\*/)*", re.S)
_PLAN_WORD = re.compile(r"(EXPLAIN|PROFILE)\b", re.I)
# EXPLAIN goes on a line of its own, so the server's positions are off by
# exactly one line and len(_PLAN_PREFIX) characters, and its quoted line is
# the analyst's own.
_PLAN_PREFIX = "EXPLAIN\n"
_IMPLICIT = re.compile(r"\bIN\s+(?:\d+\s+)?(?:CONCURRENT\s+)?TRANSACTIONS\b", re.I)
_POSITION = re.compile(r"\(line (\d+), column (\d+) \(offset: (\d+)\)\)")


_OPT_IN = "iekg cypher --write, or write=True"
_CHANGE_COUNTERS = (
    "nodes_created",
    "nodes_deleted",
    "relationships_created",
    "relationships_deleted",
    "properties_set",
    "labels_added",
    "labels_removed",
    "indexes_added",
    "indexes_removed",
    "constraints_added",
    "constraints_removed",
)


class _ChangedData(Exception):
    """Raised inside the transaction so that the driver rolls it back."""


def _plan_text(query: str) -> str | None:
    """The text to EXPLAIN, or None when the query is an EXPLAIN already.

    A leading PROFILE (which would run the query) is blanked out with spaces
    so positions in the server's messages stay where the analyst wrote them.
    """
    start = _LEADING.match(query)
    word = _PLAN_WORD.match(query, start.end() if start else 0)
    if word and word.group(1).upper() == "EXPLAIN":
        return None
    if word:
        query = query[: word.start()] + " " * len(word.group(1)) + query[word.end() :]
    return _PLAN_PREFIX + query


def _unshift(message: str) -> str:
    """Positions in a message about the EXPLAIN-prefixed text, as in the analyst's query."""

    def fix(match: re.Match[str]) -> str:
        line, column, offset = (int(g) for g in match.groups())
        offset = max(offset - len(_PLAN_PREFIX), 0)
        return f"(line {max(line - 1, 1)}, column {column} (offset: {offset}))"

    return _POSITION.sub(fix, message)


def query_kind(store: Neo4jStore, query: str, params: Mapping[str, Any]) -> str:
    """Neo4j's query type for ``query`` ('r', 'rw', 'w' or 's'), without running it."""
    from neo4j import RoutingControl
    from neo4j.exceptions import ClientError

    text = _plan_text(query)
    if text is None:
        return "r"  # EXPLAIN only plans; nothing runs.
    try:
        result = store.driver.execute_query(
            cast(LiteralString, text),
            dict(params),
            routing_=RoutingControl.READ,
            database_=store.database,
        )
    except ClientError as exc:
        raise QueryError(_server_message(exc, _unshift)) from None
    return str(result.summary.query_type)


_SCALARS = frozenset({str, int, float, bool, type(None)})


def to_plain(value: Any) -> Any:
    """Nodes, relationships, paths, dates and points as plain Python values.

    Nodes become their property maps, relationships ``{"type": …, **props}``,
    paths lists of both, temporal values ISO text; so every result prints
    as a table and serialises as JSON.
    """
    if type(value) in _SCALARS:  # most cells: answer before the import and type tests
        return value
    if type(value) is list:
        if _plain_lists(value):
            return value
        return [v if type(v) in _SCALARS else to_plain(v) for v in value]
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return dict(value)
    if isinstance(value, Relationship):
        return {"type": value.type, **dict(value)}
    if isinstance(value, Path):
        out: list[Any] = [to_plain(value.start_node)]
        for rel in value.relationships:
            out += [to_plain(rel), to_plain(rel.end_node)]
        return out
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _plain_lists(values: list[Any]) -> bool:
    """Whether ``values`` holds only scalars and lists of them, at any depth.

    Such a list is already plain and is returned as it is. A packed read
    (:mod:`queries.packed`) is one record of columns of 650,000 values, many
    of them lists, and copying them value by value made the first national
    ``connections`` at 136,000 organisations 1.6 s slower (32.8 s, now
    31.2 s); the types of one level are read at C speed (``set(map(type, …))``).
    """
    level = values
    while level:
        types = set(map(type, level))
        if types <= _SCALARS:
            return True
        if not types <= _SCALARS | {list}:
            return False
        inner = level if types == {list} else [v for v in level if type(v) is list]
        level = list(chain.from_iterable(inner))
    return True


_Outcome = tuple[list[str], list[Any], list[str], dict[str, int]]


def _collect(result: Result, write: bool) -> _Outcome:
    """Columns, plain rows, the server's notes and what changed, from one result."""
    keys = list(result.keys())
    rows = [[to_plain(v) for v in record.values()] for record in result]
    summary = result.consume()
    counters = summary.counters
    if not write and (counters.contains_updates or counters.contains_system_updates):
        raise _ChangedData
    notes = [
        _note(status.status_description, status.position)
        for status in summary.gql_status_objects
        if status.is_notification
    ]
    changes = {
        name.replace("_", " "): getattr(counters, name)
        for name in _CHANGE_COUNTERS
        if getattr(counters, name)
    }
    return keys, rows, notes, changes


def _work(query: str, params: dict[str, Any], write: bool) -> Any:
    def work(tx: ManagedTransaction) -> _Outcome:
        return _collect(tx.run(cast(LiteralString, query), params), write)

    return work


def _note(text: str, position: Any) -> str:
    where = f" (line {position.line}, column {position.column})" if position else ""
    return text.removeprefix("warn: ").removeprefix("info: ") + where


def run_cypher(
    store: Neo4jStore, query: str, params: Mapping[str, Any] | None = None, *, write: bool = False
) -> pd.DataFrame:
    """Run ``query`` with ``params`` on ``store``; one row per record.

    Read-only unless ``write=True``: a query that would write is refused
    before it runs, and QueryError says so. The server's advice about the
    query (an unknown label, say) is kept in ``frame.attrs["notifications"]``,
    and what a write changed in ``frame.attrs["changes"]`` (``{"nodes created": 1}``).
    """
    params = dict(params or {})
    if not query.strip():
        raise QueryError(
            "the query is empty; write Cypher such as: MATCH (e:Enterprise) RETURN e.name"
        )
    with store.errors("running your query"):
        store.driver  # noqa: B018 - connect first: an unreachable server is a StoreError
        if not write:
            kind = query_kind(store, query, params)
            if kind != "r":
                raise QueryError(
                    f"refused: this query {QUERY_KINDS.get(kind, kind)}, and queries are "
                    f"read-only unless you ask to write ({_OPT_IN}); nothing was run"
                )
        return _run(store, query, params, write)


def run_own_read(
    store: Neo4jStore, query: str, params: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Run one of iekg's own read queries (a question's Cypher, a name lookup).

    As :func:`run_cypher` without asking the server to plan the text first:
    these texts are written in iekg, take every value as a parameter, and are
    checked read-only on a real server by the tests
    (``tests/queries/test_parity.py``). That check made the server plan each
    text twice (the ``EXPLAIN`` and the run are kept apart in its plan cache),
    and the first national ``connections`` waited for both. The second net
    stays: a read that changed anything is rolled back and refused.
    """
    with store.errors("running a question"):
        store.driver  # noqa: B018 - connect first: an unreachable server is a StoreError
        return _run(store, query, dict(params or {}), write=False)


def _run(store: Neo4jStore, query: str, params: dict[str, Any], write: bool) -> pd.DataFrame:
    """The query run in a managed transaction (or auto-commit for an implicit one)."""
    import pandas as pd
    from neo4j import READ_ACCESS, WRITE_ACCESS
    from neo4j.exceptions import ClientError

    session = store.driver.session(
        database=store.database,
        default_access_mode=WRITE_ACCESS if write else READ_ACCESS,
        notifications_min_severity="WARNING",
    )
    try:
        with session:
            if write and _IMPLICIT.search(query):
                # CALL … IN TRANSACTIONS commits as it goes, so it cannot
                # run inside a managed transaction; the driver's
                # auto-commit run is the only way (and is not retried).
                outcome = _collect(session.run(cast(LiteralString, query), params), write)
            else:
                run = session.execute_write if write else session.execute_read
                outcome = run(_work(query, params, write))
            keys, rows, notes, changes = outcome
    except _ChangedData:
        raise QueryError(
            "refused: this query changed data while running, so its changes were rolled "
            f"back; queries are read-only unless you ask to write ({_OPT_IN})"
        ) from None
    except ClientError as exc:
        raise QueryError(_server_message(exc)) from None
    frame = pd.DataFrame(rows, columns=keys)
    frame.attrs["notifications"] = notes
    frame.attrs["changes"] = changes
    return frame


def _server_message(exc: Exception, fix: Callable[[str], str] | None = None) -> str:
    message = str(getattr(exc, "message", None) or exc).strip()
    return f"Neo4j could not run the query: {fix(message) if fix else message}"
