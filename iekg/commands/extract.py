"""``iekg extract`` and ``iekg eval-extract``: facts from news articles, and their quality."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pandas as pd

from iekg.commands.options import encoding_option, published_option
from iekg.output import counted, format_table
from loaders.article_records import extract_file
from loaders.review import write_review


@click.command("extract")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table"]),
    default="json",
    show_default=True,
    help="JSON for programs, a table for reading.",
)
@click.option(
    "--review",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write a CSV with one row per fact and a keep column.",
)
@encoding_option("File encoding when not detected (e.g. gbk).")
@published_option
def command(
    files: tuple[Path, ...],
    fmt: str,
    review: Path | None,
    encoding: str | None,
    published: str | None,
) -> None:
    """Show the organisations, people, projects, events and relations an article states.

    Each fact carries the sentence it was read from. Nothing is loaded: use
    `iekg build ARTICLE` to load, or review first.

    \b
    Example:
      iekg extract data/seeds/000_dda3a32338a80fe7.txt --format table
      iekg extract news/*.txt --review review.csv   # then: iekg build --reviewed review.csv
      iekg extract report.txt --published 2023-11-10   # a report that states no date
    """
    found = [(p, extract_file(p, encoding=encoding, published=published)) for p in files]
    if review:
        rows = write_review(found, review)
        click.echo(
            f"Wrote {counted(rows, 'fact')} to {review}; set keep to no where a fact is "
            f"wrong, then run: iekg build --reviewed {review}",
            err=True,
        )
    if fmt == "json":
        out = [
            {"file": str(p), "title": ex.title, "published": ex.published, **ex.to_json()}
            for p, ex in found
        ]
        click.echo(json.dumps(out[0] if len(out) == 1 else out, ensure_ascii=False, indent=2))
        return
    for path, ex in found:
        click.echo(f"{path}  {ex.title or ''}  {ex.published or ''}")
        entities = pd.DataFrame(
            [(e.type, e.name, "、".join(e.aliases)) for e in ex.entities],
            columns=["type", "name", "aliases"],
        )
        relations = pd.DataFrame(
            [(r.source, r.type, r.target, r.evidence.sentence) for r in ex.relations],
            columns=["source", "type", "target", "sentence"],
        )
        click.echo(format_table(entities))
        click.echo()
        click.echo(format_table(relations))
        click.echo()


@click.command("eval-extract")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def eval_command(gold_dir: Path) -> None:
    """Score the extractor against hand-annotated articles (NAME.txt + NAME.gold.json).

    Prints entity and relation precision, recall and F1 per file and overall.

    \b
    Example:
      iekg eval-extract tests/fixtures/articles
    """
    from loaders.articles.scoring import micro, score_folder

    results = score_folder(gold_dir)
    rows = [(name, r["entities"], r["relations"]) for name, r in results.items()]
    rows.append(("overall", micro(results, "entities"), micro(results, "relations")))
    table = pd.DataFrame(
        [
            (
                name,
                f"{e.precision:.2f}",
                f"{e.recall:.2f}",
                f"{e.f1:.2f}",
                f"{r.precision:.2f}",
                f"{r.recall:.2f}",
                f"{r.f1:.2f}",
            )
            for name, e, r in rows
        ],
        columns=[
            "article",
            "entity P",
            "entity R",
            "entity F1",
            "relation P",
            "relation R",
            "relation F1",
        ],
    )
    click.echo(format_table(table))
