"""The ``iekg`` command: a click group whose commands each call one library function.

Errors from the library (:class:`graph.errors.IekgError`) become short
messages that say what went wrong and what to do; no traceback reaches the
analyst unless ``IEKG_DEBUG=1``.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import sys

import click

from graph.errors import IekgError
from iekg.commands import build, extract, inspect, neo4j, query, resolve, schema, stats, synth, viz
from iekg.commands import chart as chart_command
from iekg.commands import export as export_command
from iekg.process_end import end_at_once

__all__ = ["cli", "main"]


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except IekgError as exc:
            if os.environ.get("IEKG_DEBUG"):
                raise
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="iekg")
@click.option("-v", "--verbose", is_flag=True, help="Log what is being done.")
def cli(verbose: bool) -> None:
    """iekg: a knowledge graph of industry–education partnerships (产教融合).

    \b
    Start with the bundled Shaoxing sample:
      iekg build                      load it into ./.iekg
      iekg query connections          which enterprises connect to which schools
      iekg viz -o out/shaoxing.html   an offline map to open or share

    The graph lives in ./.iekg unless --store PATH or IEKG_STORE says otherwise.
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


for module in (build, stats, query, viz, schema, extract):
    cli.add_command(module.command)
cli.add_command(extract.eval_command)
cli.add_command(chart_command.command)
for module in (inspect, resolve, synth, export_command):
    cli.add_command(module.command)
for command in (neo4j.command, neo4j.push_command, neo4j.pull_command, neo4j.cypher_command):
    cli.add_command(command)


def main() -> None:
    """Console-script entry point: run the command, then end the process at once.

    A process that held a national graph spent 7.7 s after printing its
    answer in Python's teardown (a last full garbage collection over every
    object, then freeing them one by one) at 136,000 organisations. The
    operating system takes the memory back in one go, so once the command
    is done the process ends without that teardown (as mypy does): the
    exit handlers still run (the Neo4j driver closes, logging flushes), then
    the standard streams are flushed, in the order Python itself keeps.
    Threads still running are not waited for: none outlives a finished
    command (a push's reading thread has ended or failed by then). A file a
    command left open and unflushed would lose its tail; every write in
    iekg goes through ``with`` or an atomic rename.
    """
    code: object = 0
    end_at_once()
    try:
        cli(prog_name="iekg")
    except SystemExit as done:
        code = done.code
    _end_now(code)


def _end_now(code: object) -> None:
    """What ``sys.exit(code)`` does (None is 0; anything but a number is printed and
    exits 1), without the teardown."""
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # the reader has gone, or it is closed
            stream.flush()
    os._exit(code)
