"""``iekg viz``: an offline HTML map of the enterprise–school connections."""

from __future__ import annotations

from pathlib import Path

import click

from graph.store import open_store
from iekg.commands.options import store_option
from queries import ask
from viz import connections_view, write_map


@click.command("viz")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("out/shaoxing.html"),
    show_default=True,
    help="HTML file to write.",
)
@click.option("--school", default=None, help="Only schools whose name contains this.")
@click.option("--enterprise", default=None, help="Only enterprises whose name contains this.")
@click.option("--kind", default=None, help="Only links of this kind.")
@store_option
def command(
    output: Path,
    school: str | None,
    enterprise: str | None,
    kind: str | None,
    store_path: str | None,
) -> None:
    """Write a map of which enterprises connect to which schools.

    The page is one UTF-8 file that works offline (no request leaves it):
    open it in any browser or send it as an attachment.

    \b
    Example:
      iekg viz -o out/shaoxing.html
    """
    kg = open_store(store_path).read_graph()
    params = {"school": school, "enterprise": enterprise, "kind": kind}
    frame = ask("connections", kg, **params)
    path = write_map(
        connections_view(kg, frame, query="iekg query connections", params=params), output
    )
    click.echo(f"Map of {len(frame)} connected pairs written to {path.resolve()}")
