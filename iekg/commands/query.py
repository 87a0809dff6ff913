"""``iekg query``: ask a question of the catalogue."""

from __future__ import annotations

from pathlib import Path

import click

from graph.errors import QueryError
from graph.store import open_store
from iekg.commands.options import format_option, output_option, store_option
from iekg.output import format_frame, write_frame
from queries import REGISTRY, ask


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise QueryError(f"--param {pair!r}: write it as name=value")
        params[name.strip()] = value
    return params


@click.command("query")
@click.argument("name", required=False)
@click.option("--param", "-p", "pairs", multiple=True, help="A parameter as name=value.")
@click.option("--school", default=None, help="Shortcut for --param school=…")
@click.option("--enterprise", default=None, help="Shortcut for --param enterprise=…")
@click.option("--kind", default=None, help="Shortcut for --param kind=…")
@click.option("--list", "list_", is_flag=True, help="List the questions.")
@format_option
@output_option
@store_option
def command(
    name: str | None,
    pairs: tuple[str, ...],
    school: str | None,
    enterprise: str | None,
    kind: str | None,
    list_: bool,
    fmt: str,
    output: str | None,
    store_path: str | None,
) -> None:
    """Answer a question from the catalogue as a table, CSV, JSON or XLSX.

    \b
    Example:
      iekg query connections
      iekg query connections --school 绍兴中专 --format csv -o links.csv
    """
    if list_ or not name:
        for question in REGISTRY.values():
            click.echo(f"{question.name:<14} {question.zh}\n{'':<14} {question.en}")
        return
    params = {
        **_params(pairs),
        **{k: v for k, v in (("school", school), ("enterprise", enterprise), ("kind", kind)) if v},
    }
    frame = ask(name, open_store(store_path).read_graph(), **params)
    if output:
        click.echo(f"Wrote {len(frame)} rows to {write_frame(frame, fmt, Path(output))}")
    elif fmt == "xlsx":
        raise QueryError("--format xlsx needs -o FILE.xlsx")
    else:
        shown = frame.drop(columns=[c for c in frame.columns if c.endswith("Id")])
        text = format_frame(shown if fmt == "table" else frame, fmt)
        click.echo(text, nl=not text.endswith("\n"))
