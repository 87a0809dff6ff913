"""``iekg export --format neo4j-admin``: files for Neo4j's offline bulk importer."""

from __future__ import annotations

from pathlib import Path

import click

from graph.errors import StoreError
from graph.neo4j_admin_export import export_neo4j_admin
from graph.store import open_store
from iekg.commands.options import store_option
from iekg.output import counted


@click.command("export")
@store_option
@click.option("--format", "fmt", type=click.Choice(["neo4j-admin"]), required=True,
              help="neo4j-admin: CSV files for `neo4j-admin database import full`.")  # fmt: skip
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the files into.")  # fmt: skip
def command(store_path: str | None, fmt: str, output: Path) -> None:
    """Export the graph for creating a new Neo4j database in one go.

    Use it for a first load of a large graph (hundreds of thousands of
    relationships or more) into an empty database: with a million
    relationships, export and import took 0.4 times as long as `iekg push`
    in BENCHMARKS.md. It needs a stopped server and an empty or new
    database. To keep an existing database up to date, use `iekg push`,
    which merges and can run again.

    \b
    Example:
      iekg export --format neo4j-admin -o out/neo4j-import
      cd out/neo4j-import && neo4j-admin database import full neo4j @import.args
    """
    source = open_store(store_path, backend="embedded", must_exist=True)
    kg = source.read_graph()
    if not len(kg):
        raise StoreError(f"{source.describe()} is empty; load something first with `iekg build`")
    export = export_neo4j_admin(kg, output)
    click.echo(
        f"Wrote {counted(export.nodes, 'node')} and "
        f"{counted(export.relationships, 'relationship')} to {output}.\n"
        f"With the Neo4j server stopped, run in that folder:\n  {export.command()}\n"
        "then start the server and create the constraints and indexes in schema.cypher\n"
        "(cypher-shell -f schema.cypher, or paste them into Neo4j Browser)."
    )
