"""``iekg build``: load tables and articles into the store."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import click

from graph.errors import IekgError, LoadError
from graph.ingest import Batch, BatchReport, ingest_each
from graph.store import open_store
from graph.store import store_path as store_folder
from iekg.commands.build_run import PathRun
from iekg.commands.options import encoding_option, published_option, store_option
from loaders import SAMPLE_PATH, load_path
from loaders.article_records import known_names
from loaders.rejects import write_rejects
from loaders.replay import Replay
from loaders.review import read_review


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@store_option
@click.option(
    "--skip-invalid", is_flag=True, help="Load the valid rows; write the rest beside a report."
)
@encoding_option("File encoding when not UTF-8 (e.g. gb18030).")
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="YAML column mapping for a table file (draft one with iekg inspect).",
)
@click.option("--sheet", default=None, help="Workbook sheet (or JSON key) to load.")
@click.option(
    "--rejects-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where --skip-invalid writes rejected rows and a report (default: beside the file).",
)
@click.option(
    "--reviewed",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Load only the facts kept in a review CSV (iekg extract --review).",
)
@published_option
@click.option("--neo4j", is_flag=True, help="Load into Neo4j (iekg neo4j start, or NEO4J_URI).")
def command(
    paths: tuple[Path, ...],
    store_path: str | None,
    skip_invalid: bool,
    encoding: str | None,
    mapping: Path | None,
    sheet: str | None,
    rejects_dir: Path | None,
    reviewed: Path | None,
    published: str | None,
    neo4j: bool,
) -> None:
    """Load sources into the store; with no PATH, the bundled Shaoxing sample.

    Each PATH is a table (CSV, XLSX, JSON: a partnerships sheet, a
    designations list, a documented workbook, or any sheet with --mapping),
    a folder of tables in the documented format, an article (.txt, .html,
    .md), or a folder of them. A file with a bad cell is refused whole,
    every problem listed. Loading the same files again changes nothing.

    \b
    Example:
      iekg build                               # the Shaoxing sample
      iekg build data/samples/shaoxing --store /tmp/g
      iekg build 合作.xlsx --sheet 2023年 --skip-invalid
      iekg build 汇总.csv --mapping mapping.yaml --encoding gb18030
      iekg build --neo4j                       # straight into Neo4j
      iekg build report.txt --published 2023-11-10   # an article that states no date
    """
    if published and (reviewed or not paths):
        raise click.UsageError(
            "--published applies to the article files given; a review CSV has its own "
            "published column (edit it there)"
            if reviewed
            else "--published applies to article files: give them, e.g. iekg build report.txt "
            "--published 2023-11-10"
        )
    store = open_store(store_path, backend="neo4j" if neo4j else None)
    replayed = Replay(store_folder(store_path))  # refuses a bad judgement before any load
    run = PathRun(paths or (SAMPLE_PATH,))
    if reviewed:
        batches: Iterable[Batch] = read_review(reviewed)
    else:
        names = known_names(store.read_graph()) if paths else None  # helps articles
        skip = _skipped if skip_invalid else None
        batches = run.batches(
            lambda p: load_path(
                p,
                encoding=encoding,
                mapping=mapping,
                sheet=sheet,
                gazetteer=names,
                published=published,
                on_error=skip,
            )
        )
    seen: dict[str, Batch] = {}
    batches = (seen.setdefault(b.name, b) for b in replayed(batches))
    try:
        _report(ingest_each(store, batches, skip_invalid=skip_invalid), seen, rejects_dir, run)
    except IekgError as exc:
        if isinstance(exc, LoadError):
            exc = replayed.explain(exc)  # names the judgements replayed on the refused batch
        if os.environ.get("IEKG_DEBUG"):
            raise exc  # the traceback, as iekg.cli gives it for every other error
        raise click.ClickException(run.failure(exc)) from exc
    click.echo(f"Stored in {store.describe()}.")


def _skipped(exc: LoadError) -> None:
    """--skip-invalid: a file that cannot be read at all is reported and passed over."""
    text = str(exc)
    if exc.path and text.startswith(f"{exc.path}: "):
        text = text[len(f"{exc.path}: ") :]
    click.echo(f"{exc.path}: skipped, nothing from it was loaded: {text}")


def _report(
    reports: Iterable[BatchReport],
    seen: dict[str, Batch],
    rejects_dir: Path | None,
    run: PathRun,
) -> None:
    """Print each batch's report as soon as it is written (see build_run)."""
    for report in reports:
        run.loaded.append(report.name)
        added = (report.nodes_after - report.nodes_before, report.edges_after - report.edges_before)
        click.echo(
            f"{report.name}: {report.nodes_after} nodes (+{added[0]}), "
            f"{report.edges_after} relationships (+{added[1]})"
            + (f", {len(report.rejected)} rejected" if report.rejected else "")
        )
        for warning in report.warnings:
            click.echo(f"  warning: {warning}")
        for reason in report.rejected:
            click.echo(f"  rejected: {reason}", err=True)
        if report.problems:
            written, rejected = write_rejects(
                seen[report.name], report, rejects_dir or Path(report.name).parent
            )
            click.echo(f"  report: {written}")
            for path in rejected:
                click.echo(f"  rejected rows: {path}")
