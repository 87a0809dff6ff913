"""``iekg inspect``: what a spreadsheet looks like to the loader, and a draft mapping."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from iekg.commands.options import encoding_option
from iekg.output import format_table
from loaders.inspect_table import inspect_table
from loaders.mapping import PLACEHOLDER_TITLE


@click.command("inspect")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--sheet", default=None, help="Workbook sheet (or JSON key) to look at.")
@encoding_option("Text encoding of a CSV (e.g. gb18030).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the draft mapping to this YAML file.",
)
def command(path: Path, sheet: str | None, encoding: str | None, output: Path | None) -> None:
    """Show the columns of a CSV, XLSX or JSON file and suggest a mapping.

    \b
    Example:
      iekg inspect 合作企业.xlsx --sheet 2023年
      iekg inspect 合作企业.xlsx -o mapping.yaml && iekg build 合作企业.xlsx --mapping mapping.yaml
    """
    seen = inspect_table(path, sheet=sheet, encoding=encoding)
    click.echo(f"{seen.where}: {seen.rows} rows below the header in row {seen.header_row}")
    if seen.sheets:
        click.echo(f"sheets: {', '.join(seen.sheets)}")
    if seen.encoding:
        click.echo(f"encoding: {seen.encoding}")
    click.echo(f"format: {seen.format}\n")
    rows = [(c.header, c.filled, " | ".join(c.examples)) for c in seen.columns]
    click.echo(format_table(pd.DataFrame(rows, columns=["column", "filled", "examples"])))
    if output:
        output.write_text(seen.mapping, encoding="utf-8")
        click.echo(
            f"\nDraft mapping written to {output}; check it"
            + (", fill in source.title" if PLACEHOLDER_TITLE in seen.mapping else "")
            + ", then:\n"
            f"  iekg build {path} --mapping {output}"
        )
    else:
        click.echo("\n" + seen.mapping)
