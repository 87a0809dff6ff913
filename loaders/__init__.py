"""Source files → records with provenance. Loaders never talk to a store.

:func:`load_path` picks the reader by what a path is: a folder of tables in
the documented format, an article, or a folder holding either.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from graph.errors import LoadError
from graph.ingest import Batch
from loaders.readers import TABLE_SUFFIXES
from loaders.tables import is_table_folder, read_table_folder

__all__ = ["ARTICLE_SUFFIXES", "SAMPLE_PATH", "load_path"]

SAMPLE_PATH = Path(__file__).resolve().parent.parent / "data" / "samples" / "shaoxing"
ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".md")


def load_path(
    path: Path,
    *,
    encoding: str | None = None,
    mapping: Path | None = None,
    sheet: str | None = None,
    gazetteer: Mapping[str, str] | None = None,
    published: str | None = None,
) -> Iterator[Batch]:
    """Yield one batch per dataset or file found at ``path``.

    ``mapping`` (a YAML column mapping) and ``sheet`` apply to table files;
    ``gazetteer`` (known name → label, e.g. from the graph) helps articles;
    ``published`` (ISO) is the publication date of every article found.
    """
    path = Path(path)
    if not path.exists():
        raise LoadError(str(path), "no such file or folder")
    if is_table_folder(path):
        yield read_table_folder(path, encoding=encoding)
    elif path.is_file() and path.suffix.lower() in TABLE_SUFFIXES:
        from loaders.table_files import read_table_file

        yield read_table_file(path, encoding=encoding, sheet=sheet, mapping=mapping)
    elif path.is_dir():
        for child in sorted(path.iterdir()):
            if not child.name.startswith("."):
                yield from load_path(
                    child,
                    encoding=encoding,
                    mapping=mapping,
                    sheet=sheet,
                    gazetteer=gazetteer,
                    published=published,
                )
    elif path.suffix.lower() in ARTICLE_SUFFIXES:
        from loaders.article_records import read_article_batch

        yield read_article_batch(path, encoding=encoding, gazetteer=gazetteer, published=published)
    else:
        raise LoadError(
            str(path),
            f"unsupported file type {path.suffix or '(none)'}",
            hint="give a table (" + ", ".join(TABLE_SUFFIXES) + "), a folder of tables in "
            f"the documented format, or an article ({', '.join(ARTICLE_SUFFIXES)})",
        )
