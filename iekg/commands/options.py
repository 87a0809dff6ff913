"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from iekg.output import FORMATS

__all__ = ["format_option", "output_option", "store_option"]


def store_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--store PATH``: the embedded store folder (default ./.iekg or $IEKG_STORE)."""
    return click.option(
        "--store",
        "store_path",
        type=click.Path(file_okay=False),
        default=None,
        help="Embedded store folder (default: $IEKG_STORE or ./.iekg).",
    )(func)


def format_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format (xlsx needs -o).",
    )(func)


def output_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False),
        default=None,
        help="Write to this file instead of the terminal.",
    )(func)
