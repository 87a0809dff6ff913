"""``iekg neo4j start|stop|status``, ``iekg push``, ``iekg pull`` and ``iekg cypher``.

The managed server is found by every command while it runs; ``NEO4J_URI``
(with ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) points them at
any other server instead. Passwords are never printed: the managed server's
lives in a file only the user can read, and these commands say where.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from graph.errors import QueryError, StoreError
from graph.neo4j_server import default_state_dir, start, status, stop
from graph.neo4j_settings import PASSWORD_FILE, ServerInfo
from graph.neo4j_store import DEFAULT_BATCH_SIZE, DEFAULT_WORKERS, Neo4jStore
from graph.store import open_store
from graph.store import store_path as store_folder
from iekg.commands.options import chosen_format, format_option, output_option, store_option
from iekg.output import counted, format_frame, write_frame
from loaders.judgements import LOG_NAME, JudgementLog

__all__ = ["command", "cypher_command", "pull_command", "push_command"]


def _quiet_driver() -> None:
    # The driver logs routing retries and the server's notifications as
    # warnings, and an unreachable server as an error; these commands report
    # all of them in their own words.
    if logging.getLogger().getEffectiveLevel() > logging.INFO:
        logging.getLogger("neo4j").setLevel(logging.CRITICAL)


def _describe(info: ServerInfo) -> str:
    lines = [
        f"Neo4j {info.version} is running at {info.uri} (pid {info.pid}).",
        "iekg commands use it while it runs. For Neo4j Browser, cypher-shell or your code:",
        f"  NEO4J_URI={info.uri}",
    ]
    if info.auth:
        lines += [
            f"  NEO4J_USER={info.user}",
            f"  the password is in {info.state_dir / PASSWORD_FILE} (only you can read it):",
            f'  export NEO4J_PASSWORD="$(cat {info.state_dir / PASSWORD_FILE})"',
        ]
    else:
        lines.append("  (authentication is off: it listens on 127.0.0.1 only)")
    if os.environ.get("NEO4J_URI"):
        lines.append("Note: NEO4J_URI is set, so iekg commands use that server instead.")
    return "\n".join(lines)


@click.group("neo4j")
def command() -> None:
    """Start, stop or check the project's own Neo4j server.

    The first start fetches Neo4j Community 5.26 with Maven (needs Java 17
    and mvn) into ~/.cache/iekg; data and password live in
    ~/.local/state/iekg/neo4j (or $IEKG_NEO4J_STATE).

    \b
    Example:
      iekg neo4j start && iekg push
      iekg neo4j status
      iekg neo4j stop
    """


@command.command("start")
def start_command() -> None:
    """Start the server (with a password) and print how to connect.

    \b
    Example:
      iekg neo4j start
    """
    _quiet_driver()
    click.echo(_describe(start(default_state_dir(), auth=True)))


@command.command("stop")
def stop_command() -> None:
    """Stop the server (SIGTERM, then wait); the data stays for the next start.

    \b
    Example:
      iekg neo4j stop
    """
    state = default_state_dir()
    if stop(state):
        click.echo(f"Stopped Neo4j (data kept in {state}).")
    else:
        click.echo("No managed Neo4j server was running.")


@command.command("status")
def status_command() -> None:
    """Say whether the server runs and how to connect; exit code 1 if it does not.

    \b
    Example:
      iekg neo4j status
    """
    _quiet_driver()
    info = status(default_state_dir())
    if info is None:
        click.echo(
            f"No managed Neo4j server is running (state folder {default_state_dir()}). "
            "Start one with: iekg neo4j start"
        )
        sys.exit(1)
    click.echo(_describe(info))


@click.command("push")
@store_option
@click.option(
    "--batch-size",
    type=click.IntRange(1),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Rows per transaction.",
)
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=DEFAULT_WORKERS,
    show_default=True,
    help="Transactions in flight at once (1 sends them one by one).",
)
def push_command(store_path: str | None, batch_size: int, workers: int) -> None:
    """Copy the embedded store into Neo4j; pushing twice changes nothing.

    Nodes and relationships are merged on their ids, with their labels,
    properties, aliases, dates and sources; nodes that `iekg resolve` merged
    away in this store are deleted from the database; other data in the
    database is left alone.

    \b
    Example:
      iekg build && iekg neo4j start && iekg push
      NEO4J_URI=neo4j://db.example.org:7687 NEO4J_PASSWORD=… iekg push --store /tmp/g
    """
    _quiet_driver()
    source = open_store(store_path, backend="embedded", must_exist=True)
    kg = source.read_graph()
    if not len(kg):
        raise StoreError(f"{source.describe()} is empty; load something first with `iekg build`")
    gone, apart = JudgementLog(store_folder(store_path) / LOG_NAME).merged_ids()
    with Neo4jStore.from_environment(batch_size=batch_size, workers=workers) as target:
        report = target.push(kg, progress=True)
        # MERGE never deletes: the nodes iekg resolve folded away must be removed,
        # and an undone merge's two nodes given back exactly their own relationships.
        changed, removed = sorted(apart & set(kg.graph)), sorted(gone - set(kg.graph))
        if changed or removed:
            target.write_graph(kg, changed=changed, removed=removed)
        retried = f", {report.retried} retried after a deadlock" if report.retried else ""
        click.echo(
            f"Pushed {report.nodes} nodes and {report.relationships} relationships from "
            f"{source.describe()} to {target.describe()} "
            f"({report.batches} transactions{retried}, {report.seconds:.1f} s)."
        )


@click.command("pull")
@store_option
def pull_command(store_path: str | None) -> None:
    """Read the graph from Neo4j into the embedded store, replacing what it held.

    \b
    Example:
      iekg pull --store /tmp/from-neo4j && iekg query connections --store /tmp/from-neo4j
    """
    _quiet_driver()
    with Neo4jStore.from_environment() as source:
        kg = source.read_graph()
        target = open_store(store_path, backend="embedded")
        target.write_graph(kg)
        counts = kg.graph.number_of_nodes(), kg.graph.number_of_edges()
        click.echo(
            f"Pulled {counts[0]} nodes and {counts[1]} relationships from "
            f"{source.describe()} into {target.describe()}."
        )


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {pair!r}: write it as name=value and use it as $name")
        params[name.strip()] = value
    return params


@click.command("cypher")
@click.argument("query")
@click.option(
    "--param", "-p", "pairs", multiple=True, help="A parameter as name=value (text), used as $name."
)
@click.option("--write", is_flag=True, help="Allow the query to change the database.")
@format_option
@output_option
def cypher_command(
    query: str, pairs: tuple[str, ...], write: bool, fmt: str | None, output: str | None
) -> None:
    """Run your own Cypher on Neo4j, read-only unless you pass --write.

    QUERY is the Cypher text, or - to read it from standard input. Values
    go in as parameters (text; convert with toInteger($n) where a number is
    needed). A query that would write is refused before it runs.

    \b
    Example:
      iekg cypher "MATCH (e:Enterprise)-[]-(x)-[]-(s:School) RETURN DISTINCT e.name, s.name"
      iekg cypher "MATCH (s:School) WHERE s.name CONTAINS \\$q RETURN s.name" -p q=绍兴
      iekg cypher "MATCH (p:Person)-[w:WORKS_AT]->(o) RETURN p.name, w.title, o.name" --format csv
    """
    _quiet_driver()
    fmt = chosen_format(fmt, output)
    if fmt == "xlsx" and not output:  # before the query runs, and before it writes
        raise QueryError("--format xlsx needs -o FILE.xlsx")
    text = sys.stdin.read() if query == "-" else query
    with Neo4jStore.from_environment() as store:
        frame = store.run_cypher(text, _params(pairs), write=write)
    for note in frame.attrs.get("notifications", []):
        click.echo(f"Neo4j: {note}", err=True)
    changes = frame.attrs.get("changes") or {}
    if changes:
        click.echo("Changed: " + ", ".join(f"{k} {v}" for k, v in changes.items()), err=True)
    if output:
        click.echo(f"Wrote {counted(len(frame), 'row')} to {write_frame(frame, fmt, Path(output))}")
    else:
        text = format_frame(frame, fmt)
        click.echo(text, nl=not text.endswith("\n"))
