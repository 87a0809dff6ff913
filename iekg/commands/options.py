"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from iekg.output import FORMATS

__all__ = [
    "chosen_format",
    "encoding_option",
    "format_option",
    "output_option",
    "published_option",
    "store_option",
]


def store_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--store PATH``: the embedded store folder (default ./.iekg or $IEKG_STORE).

    IEKG_STORE is read here, as the option's environment variable, so it is
    checked exactly like ``--store`` (a file is refused, naming the variable)
    instead of being taken on trust further down.
    """
    return click.option(
        "--store",
        "store_path",
        type=click.Path(),
        envvar="IEKG_STORE",
        default=None,
        callback=_folder_only,
        help="Embedded store folder (default: $IEKG_STORE or ./.iekg).",
    )(func)


def _folder_only(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and Path(value).exists() and not Path(value).is_dir():
        from_env = ctx.get_parameter_source(param.name or "") is ParameterSource.ENVIRONMENT
        given = f"IEKG_STORE={value}" if from_env else repr(value)
        raise click.BadParameter(f"{given} is a file; a store is a folder", ctx, param)
    return value


def encoding_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--encoding NAME``, checked when the command starts, before any file is read.

    An unknown name used to surface only once a file was opened, as
    ``unknown encoding 'x'`` naming neither the file nor the option (and an
    article reader fails on it outright).
    """

    def check(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        from graph.errors import LoadError
        from loaders.encoding import normalise_encoding

        if value is not None:
            try:
                normalise_encoding(value)
            except LoadError as exc:
                raise click.BadParameter(f"{exc.reason}; {exc.hint}", ctx, param) from None
        return value

    return click.option("--encoding", default=None, metavar="NAME", callback=check, help=help)


def published_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--published YYYY-MM-DD``: the publication date of the articles given.

    Month-day dates in a report (11月10日) take their year from it; without
    one, a report that states no date loads with undated events.
    """

    def check(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        from loaders.articles.datelines import parse_published

        try:
            return parse_published(value) if value is not None else None
        except ValueError as exc:
            raise click.BadParameter(str(exc), ctx, param) from None

    return click.option(
        "--published",
        default=None,
        metavar="YYYY-MM-DD",
        callback=check,
        help="Publication date of the articles, for reports that do not state it "
        "(wins over a date found in the text).",
    )(func)


def format_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default=None,
        help="Output format: table, csv, json or xlsx (xlsx needs -o). Default: from the "
        "-o file's extension (.csv, .json, .xlsx), else table.",
    )(func)


def chosen_format(fmt: str | None, output: str | None) -> str:
    """``--format`` as given, else the one ``-o``'s extension names, else ``table``.

    ``-o pairs.csv`` alone used to write an aligned text table into the .csv
    file, which a spreadsheet then opens as one column of padded text. Any
    other extension (``.txt``, none) gets the table.
    """
    if fmt:
        return fmt
    suffix = Path(output).suffix.lstrip(".").lower() if output else ""
    return suffix if suffix in FORMATS else "table"


def output_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False),
        default=None,
        help="Write to this file instead of the terminal.",
    )(func)
