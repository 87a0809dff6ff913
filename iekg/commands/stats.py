"""``iekg stats``: counts by label and relationship type."""

from __future__ import annotations

import click
import pandas as pd

from graph.schema import SCHEMA
from graph.store import open_store
from iekg.commands.options import store_option
from iekg.output import format_table


@click.command("stats")
@store_option
def command(store_path: str | None) -> None:
    """Count nodes by label and relationships by type.

    \b
    Example:
      iekg stats
    """
    store = open_store(store_path, must_exist=True)
    counts = store.read_graph().stats()
    nodes = pd.DataFrame(
        [(n, SCHEMA.labels[n].zh, c) for n, c in sorted(counts["nodes"].items())],
        columns=["label", "中文", "count"],
    )
    rels = pd.DataFrame(
        [(t, SCHEMA.relationships[t].zh, c) for t, c in sorted(counts["relationships"].items())],
        columns=["type", "中文", "count"],
    )
    click.echo(
        f"{store.describe()}: {nodes['count'].sum()} nodes, {rels['count'].sum()} relationships"
    )
    click.echo(format_table(nodes))
    click.echo()
    click.echo(format_table(rels))
