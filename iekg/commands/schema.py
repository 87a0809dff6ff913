"""``iekg schema``: the schema as a terminal table or as Markdown."""

from __future__ import annotations

import click
import pandas as pd

from graph.schema_doc import schema_markdown, schema_rows
from iekg.output import format_table


@click.command("schema")
@click.option("--markdown", is_flag=True, help="Print the README's schema section.")
def command(markdown: bool) -> None:
    """Show the node labels and relationship types the graph allows.

    \b
    Example:
      iekg schema              # tables in the terminal
      iekg schema --markdown   # the README section, generated
    """
    if markdown:
        click.echo(schema_markdown())
        return
    labels, rels = schema_rows()
    click.echo(format_table(pd.DataFrame(labels).drop(columns=["name suffixes"])))
    click.echo()
    click.echo(format_table(pd.DataFrame(rels), max_cell=80))
