"""``iekg chart``: a chart for a report, as PNG or SVG."""

from __future__ import annotations

from pathlib import Path

import click

from graph.store import open_store
from iekg.commands.options import store_option
from viz.charts import CHARTS, chart, save_chart

__all__ = ["command"]


@click.command("chart")
@click.argument("name", required=False)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="PNG or SVG file to write (default: out/NAME.png).",
)
@click.option("--region", default=None, help="Only what lies in this region.")
@click.option("--industry", default=None, help="Only what is in this industry.")
@click.option("--as-of", "as_of", default=None, help="As it stood on this date.")
@click.option("--list", "list_", is_flag=True, help="List the charts.")
@store_option
def command(
    name: str | None,
    output: Path | None,
    region: str | None,
    industry: str | None,
    as_of: str | None,
    list_: bool,
    store_path: str | None,
) -> None:
    """Draw a chart: alliance, coverage, depth or years.

    \b
    Example:
      iekg chart depth -o out/depth.svg
      iekg chart coverage --region 绍兴市 -o out/coverage.png
    """
    if list_ or not name:
        for key, (_, what) in CHARTS.items():
            click.echo(f"{key:<10} {what}")
        return
    figure = chart(
        open_store(store_path, must_exist=True).read_graph(),
        name,
        region=region,
        industry=industry,
        as_of=as_of,
    )
    path = save_chart(figure, output or Path(f"out/{name}.png"))
    click.echo(f"Chart {name} written to {path.resolve()}")
