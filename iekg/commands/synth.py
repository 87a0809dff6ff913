"""``iekg synth``: write a synthetic dataset in the documented table format."""

from __future__ import annotations

from pathlib import Path

import click

from iekg.output import counted
from loaders.synth import write_synthetic

#: a sheet whose singular is not its name less the s
_ONE = {"people": "person"}


@click.command("synth")
@click.option("--orgs", type=click.IntRange(min=20), default=1_000, show_default=True,
              help="Number of organisations to generate.")  # fmt: skip
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same files.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the CSV sheets into.")  # fmt: skip
def command(orgs: int, seed: int, output: Path) -> None:
    """Generate a clearly labelled synthetic graph for tests and benchmarks.

    Every name starts with 合成 (synthetic) and every row cites a source that
    says the data are not real. Load it with `iekg build DIR`.

    \b
    Example:
      iekg synth --orgs 5000 --seed 1 -o data/synth-5k
    """
    report = write_synthetic(output, orgs, seed)
    counts = ", ".join(counted(n, _ONE.get(sheet, sheet.removesuffix("s")), sheet)
                       for sheet, n in report.rows.items())  # fmt: skip
    click.echo(f"Wrote {counts} to {report.folder}")
