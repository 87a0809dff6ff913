"""``iekg query``: ask a question of the catalogue, on the embedded store or Neo4j."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click
import pandas as pd

from graph.errors import QueryError
from graph.store import BACKENDS, open_store
from iekg.commands.options import chosen_format, format_option, output_option, store_option
from iekg.output import counted, format_frame, write_frame
from iekg.process_end import keep_until_exit
from queries import REGISTRY, ask, find_question

__all__ = ["catalogue_text", "command"]


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise QueryError(f"--param {pair!r}: write it as name=value, e.g. --param k=3")
        params[name.strip()] = value
    return params


def catalogue_text() -> str:
    """The ``--list`` text: every question with its words, parameters and notes.

    The notes say what an answer rests on (how ``brokers`` estimates
    betweenness and how close it is); an analyst should read them before
    quoting a figure, so they are shown here and not only in the .cypher files.
    """
    blocks = []
    for q in REGISTRY.values():
        params = ", ".join(p.name + ("*" if p.required else "") for p in q.params) or "none"
        block = f"{q.name}\n  {q.zh}\n  {q.en}\n  params: {params}"
        if q.notes:
            block += "\n" + textwrap.fill(
                q.notes, width=88, initial_indent="  note: ", subsequent_indent="        "
            )
        blocks.append(block)
    return "\n\n".join(blocks) + "\n\n(* required)  iekg query NAME --param name=value"


TABLE_ROWS = 100
"""Rows a terminal table shows by default: a national answer has hundreds of
thousands, which take minutes to lay out and nobody reads on a screen."""


def _table(frame: pd.DataFrame) -> str:
    """Table text without ids; long explanations printed once per path below it."""
    explain = [c for c in frame.columns if c.startswith("explanation")]
    shown = frame.drop(
        columns=[c for c in frame.columns if c.endswith(("Id", "Ids")) or c in explain]
    )
    text = format_frame(shown, "table")
    paragraphs = [p for c in explain for p in dict.fromkeys(frame[c]) if p]
    if "path" in frame.columns and explain:
        paragraphs = [
            p for _, part in frame.groupby("path", sort=True) for c in explain for p in
            dict.fromkeys(part[c])
        ]  # fmt: skip
    return "\n\n".join([text, *paragraphs])


@click.command("query")
@click.argument("name", required=False)
@click.option("--param", "-p", "pairs", multiple=True, help="A parameter as name=value.")
@click.option("--school", default=None, help="Shortcut for --param school=…")
@click.option("--enterprise", default=None, help="Shortcut for --param enterprise=…")
@click.option("--kind", default=None, help="Shortcut for --param kind=…")
@click.option("--list", "list_", is_flag=True, help="List the questions and their parameters.")
@click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default=None,
    help="Where the graph is: embedded (default, or $IEKG_BACKEND) or neo4j.",
)
@click.option(
    "--rows",
    "max_rows",
    type=click.IntRange(min=0),
    default=TABLE_ROWS,
    show_default=True,
    help="A table on the terminal shows at most this many rows (0: all); "
    "-o FILE and the csv, json and xlsx formats always get every row.",
)
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
    backend: str | None,
    fmt: str | None,
    output: str | None,
    store_path: str | None,
    max_rows: int,
) -> None:
    """Answer a question from the catalogue as a table, CSV, JSON or XLSX.

    Names are found by exact name, alias or a unique part of one; an
    ambiguous name lists the candidates.

    \b
    Examples:
      iekg query --list
      iekg query connections --param school=绍兴中专 --format csv -o links.csv
      iekg query path --param a=绍兴中科通信设备有限公司 --param b=浙江工业职业技术学院
      iekg query connections --format xlsx -o links.xlsx --backend neo4j
    """
    if list_ or not name:
        click.echo(catalogue_text())
        return
    shortcuts = (("school", school), ("enterprise", enterprise), ("kind", kind))
    params = {**_params(pairs), **{k: v for k, v in shortcuts if v}}
    question = find_question(name)
    question.bind(params)  # refuse bad parameters before opening a store
    fmt = chosen_format(fmt, output)
    if fmt == "xlsx" and not output:
        raise QueryError("--format xlsx needs -o FILE.xlsx")
    store = open_store(store_path, backend, must_exist=True)
    source = store.read_graph() if store.backend == "embedded" else store
    keep_until_exit(source)  # freeing a national graph here took 3.5 s of the command
    frame = ask(question.name, source, **params)
    if output:
        click.echo(f"Wrote {counted(len(frame), 'row')} to {write_frame(frame, fmt, Path(output))}")
    else:
        cut = fmt == "table" and 0 < max_rows < len(frame)
        if fmt == "table":
            text = _table(frame.head(max_rows) if cut else frame)
        else:
            text = format_frame(frame, fmt)
        click.echo(text, nl=not text.endswith("\n"))
        if cut:
            click.echo(
                f"\n前 {max_rows:,} 行，共 {len(frame):,} 行 · the first {max_rows:,} of "
                f"{len(frame):,} rows, in the question's order; --rows 0 shows them all, "
                "--format csv -o FILE writes them all"
            )
