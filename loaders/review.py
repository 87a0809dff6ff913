"""Review before load: one CSV row per extracted fact, a keep column, and back.

An analyst opens the CSV in a spreadsheet, reads each fact beside the
sentence it came from, sets ``keep`` to ``no`` where the extractor was
wrong, and loads only what was kept with ``iekg build --reviewed FILE``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from graph.errors import LoadError
from graph.ingest import Batch
from loaders.article_records import extraction_records, text_digest
from loaders.articles import Entity, Evidence, Extraction, Relation, read_article
from loaders.articles.datelines import parse_published
from loaders.articles.text import redate

__all__ = ["REVIEW_COLUMNS", "read_review", "write_review"]

REVIEW_COLUMNS = (
    "keep",
    "file",
    "title",
    "url",
    "published",
    "fact",
    "type",
    "name",
    "target",
    "aliases",
    "props",
    "sentence",
    "start",
    "end",
)
_YES = {"yes", "y", "1", "true", "是", "保留", "x", "✓"}
_NO = {"no", "n", "0", "false", "否", "删除", ""}


def write_review(extractions: list[tuple[Path, Extraction]], path: Path) -> int:
    """Write one row per entity and relation; return the number of rows."""
    rows = 0
    with Path(path).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REVIEW_COLUMNS)
        for file, ex in extractions:
            head = [str(file), ex.title or "", ex.url or "", ex.published or ""]
            for e in ex.entities:
                writer.writerow(
                    [
                        "yes",
                        *head,
                        "entity",
                        e.type,
                        e.name,
                        "",
                        "；".join(e.aliases),
                        _props(e.props),
                        *_evidence(e.evidence),
                    ]
                )
                rows += 1
            for r in ex.relations:
                writer.writerow(
                    [
                        "yes",
                        *head,
                        "relation",
                        r.type,
                        r.source,
                        r.target,
                        "",
                        _props(r.props),
                        *_evidence(r.evidence),
                    ]
                )
                rows += 1
    return rows


def read_review(path: Path) -> list[Batch]:
    """One batch per article, holding only the facts marked keep."""
    by_file: dict[str, dict[str, object]] = {}
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(REVIEW_COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise LoadError(
                str(path),
                f"missing column(s) {', '.join(sorted(missing))}",
                row=1,
                hint="write the file with `iekg extract --review`",
            )
        for row_no, row in enumerate(reader, start=2):
            keep = row["keep"].strip().lower()
            if keep not in _YES | _NO:
                raise LoadError(
                    str(path), f"keep is {row['keep']!r}; write yes or no", row=row_no, field="keep"
                )
            article = by_file.setdefault(row["file"], {"row": row, "entities": [], "relations": []})
            _published(path, row_no, row, article)
            if keep in _NO:
                continue
            ev = Evidence(row["sentence"], int(row["start"]), int(row["end"]))
            props = json.loads(row["props"] or "{}")
            if row["fact"] == "entity":
                aliases = tuple(a for a in row["aliases"].split("；") if a)
                article["entities"].append(Entity(row["name"], row["type"], ev, aliases, props))
            else:
                article["relations"].append(
                    Relation(row["name"], row["type"], row["target"], ev, props)
                )
    batches = []
    for file, article in by_file.items():
        first = article["row"]
        published = article.get("published")
        entities = article["entities"]
        if published:
            entities = [_redated(e, published) for e in entities]
        ex = Extraction(
            entities,
            article["relations"],
            published,
            first["title"] or None,
            first["url"] or None,
            _digest(Path(file)),
        )
        batches.append(Batch(f"{file} (reviewed)", extraction_records(ex, Path(file))))
    return batches


def _published(path: Path, row_no: int, row: dict[str, str], article: dict[str, object]) -> None:
    """Check a row's published date and keep it as its article's; rows must agree.

    A reviewer who corrects or adds the date may do so in one row of the
    article or in all of them; two different dates for one article are
    refused rather than one of them silently winning.
    """
    value = (row.get("published") or "").strip()
    if not value:
        return
    try:
        iso = parse_published(value)
    except ValueError as exc:
        raise LoadError(str(path), str(exc), row=row_no, field="published") from None
    earlier = article.get("published")
    if earlier is not None and earlier != iso:
        raise LoadError(
            str(path),
            f"published is {iso} here but {earlier} in row {article['published_row']} "
            f"for the same article {row['file']}",
            row=row_no,
            field="published",
            hint="give every row of an article the same date (or leave the others empty)",
        )
    article["published"] = iso
    article.setdefault("published_row", row_no)


def _redated(entity: Entity, published: str) -> Entity:
    """An event's date worked out again from its sentence and the reviewed date."""
    if entity.type != "Event":
        return entity
    date = redate(entity.props.get("date"), entity.evidence.sentence, published)
    if date is None or date == entity.props.get("date"):
        return entity
    return Entity(
        entity.name, entity.type, entity.evidence, entity.aliases, {**entity.props, "date": date}
    )


def _digest(path: Path) -> str | None:
    """The article's text hash, so reviewed facts cite the Source a direct load makes.

    None when the article is no longer where the review says (the Source is
    then keyed by its path).
    """
    try:
        return text_digest(read_article(path).body)
    except (OSError, UnicodeError, LookupError, LoadError):
        return None


def _props(props: dict[str, object]) -> str:
    return json.dumps(props, ensure_ascii=False, sort_keys=True) if props else ""


def _evidence(ev: Evidence) -> list[object]:
    return [ev.sentence, ev.start, ev.end]
