"""``iekg viz``: offline HTML maps, one subcommand per view (connections by default)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from graph.store import open_store
from iekg.commands.options import store_option
from iekg.output import counted
from viz import build_view, write_map

__all__ = ["command"]

LINK_KINDS = ("stated", "project", "person", "alliance", "event")


def _output(default: str) -> Callable[..., Any]:
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path(default),
        show_default=True,
        help="HTML file to write.",
    )


def _filters(kind_help: str) -> Callable[..., Any]:
    """--region, --industry, --kind and --as-of, as the questions take them."""

    def wrap(func: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(
            [
                click.option("--region", default=None, help="Only what lies in this region."),
                click.option("--industry", default=None, help="Only what is in this industry."),
                click.option("--kind", default=None, help=kind_help),
                click.option("--as-of", "as_of", default=None, help="As it stood on this date."),
            ]
        ):
            func = option(func)
        return store_option(func)

    return wrap


_NODE_KINDS = "Only nodes of these kinds, e.g. 企业,中职,高校 (the named ones stay)."


def _write(view_name: str, output: Path, store_path: str | None, **params: Any) -> None:
    kg = open_store(store_path, must_exist=True).read_graph()
    view = build_view(kg, view_name, **params)
    path = write_map(view, output)
    what = (
        counted(view.edge_count, "connected pair")
        if view_name == "connections"
        else f"{counted(view.node_count, 'node')} and {counted(view.edge_count, 'line')}"
    )
    big = " (layout precomputed: a big view)" if view.big else ""
    click.echo(f"Map of {what} written to {path.resolve()}{big}")


def _connections_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--school", default=None, help="Only this school (name, alias or part).")(
        func
    )
    func = click.option("--enterprise", default=None, help="Only this enterprise.")(func)
    func = click.option("--min-depth", "min_depth", type=int, default=None, help="Rung 0–6.")(func)
    return _filters("Only pairs linked this way: " + ", ".join(LINK_KINDS) + ".")(func)


@click.group("viz", invoke_without_command=True)
@_output("out/shaoxing.html")
@_connections_options
@click.pass_context
def command(ctx: click.Context, output: Path, store_path: str | None, **params: Any) -> None:
    """Write an offline map; without a view name, the connections map.

    Each page is one UTF-8 file that works offline (no request leaves it):
    open it in any browser or send it as an attachment. It carries a legend,
    a search box for names and aliases, kind filters, a year slider where the
    view has dates, tooltips citing sources, a Save PNG button, and the
    command that made it.

    \b
    Example:
      iekg viz -o out/shaoxing.html
      iekg viz ego 绍兴中专 --depth 2 -o out/ego.html
    """
    if ctx.invoked_subcommand is None:
        _write("connections", output, store_path, **params)


@command.command("connections")
@_output("out/connections.html")
@_connections_options
def connections(output: Path, store_path: str | None, **params: Any) -> None:
    """Enterprises and schools, one line per pair (width = strength, colour = depth).

    \b
    Example:
      iekg viz connections --region 绍兴市 --min-depth 3 -o out/deep.html
    """
    _write("connections", output, store_path, **params)


@command.command("ego")
@click.argument("name")
@click.option("--depth", type=int, default=1, show_default=True, help="Steps out from NAME.")
@click.option("--hubs", is_flag=True, default=None, help="Also expand through supernodes.")
@_output("out/ego.html")
@_filters(_NODE_KINDS)
def ego(name: str, output: Path, store_path: str | None, **params: Any) -> None:
    """Everything within --depth relationships of NAME.

    \b
    Example:
      iekg viz ego 绍兴中专 --depth 2 -o out/ego.html
    """
    _write("ego", output, store_path, name=name, **params)


@command.command("alliance")
@click.argument("name")
@_output("out/alliance.html")
@_filters(_NODE_KINDS)
def alliance(name: str, output: Path, store_path: str | None, **params: Any) -> None:
    """An alliance with its members, founders, guides and industries.

    \b
    Example:
      iekg viz alliance 共育联盟 -o out/alliance.html
    """
    _write("alliance", output, store_path, name=name, **params)


@command.command("path")
@click.argument("a")
@click.argument("b")
@click.option("--k", type=int, default=None, help="At most this many steps.")
@click.option("--n", type=int, default=None, help="How many paths to draw.")
@click.option("--hubs", is_flag=True, default=None, help="Allow paths through supernodes.")
@_output("out/path.html")
@_filters(_NODE_KINDS)
def path(a: str, b: str, output: Path, store_path: str | None, **params: Any) -> None:
    """The shortest chains of relationships between A and B.

    \b
    Example:
      iekg viz path 中科通信 绍兴文理学院 -o out/path.html
    """
    _write("path", output, store_path, a=a, b=b, **params)


@command.command("industry")
@click.argument("name")
@_output("out/industry.html")
@_filters(_NODE_KINDS)
def industry(name: str, output: Path, store_path: str | None, **params: Any) -> None:
    """An industry, the projects and alliances aimed at it, and who takes part.

    \b
    Example:
      iekg viz industry 集成电路 -o out/industry.html
    """
    params.pop("industry", None)
    _write("industry", output, store_path, name=name, **params)


@command.command("overview")
@_output("out/overview.html")
@_filters(_NODE_KINDS)
def overview(output: Path, store_path: str | None, **params: Any) -> None:
    """The whole graph (sources aside); refused when too big, with what to filter.

    \b
    Example:
      iekg viz overview --region 绍兴市 -o out/overview.html
    """
    _write("overview", output, store_path, **params)
