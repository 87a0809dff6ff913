"""Source files → records with provenance. Loaders never talk to a store.

:func:`load_path` picks the reader by what a path is: a folder of tables in
the documented format, an article, or a folder holding either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
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
    on_error: Callable[[LoadError], None] | None = None,
) -> Iterator[Batch]:
    """Yield one batch per dataset or file found at ``path``.

    ``mapping`` (a YAML column mapping) and ``sheet`` apply to table files;
    ``gazetteer`` (known name → label, e.g. from the graph) helps articles;
    ``published`` (ISO) is the publication date of every article found.
    ``on_error``, when given, is told of a file that cannot be read at all
    (binary, undecodable) and the files after it are still read: one broken
    file in a folder of articles need not stop the others (--skip-invalid).
    """
    path = Path(path)
    if not path.exists():
        raise LoadError(str(path), "no such file or folder")
    if path.is_dir() and not is_table_folder(path):
        for child in sorted(path.iterdir()):
            if not child.name.startswith("."):
                yield from load_path(
                    child,
                    encoding=encoding,
                    mapping=mapping,
                    sheet=sheet,
                    gazetteer=gazetteer,
                    published=published,
                    on_error=on_error,
                )
        return
    try:
        batch = _load_one(path, encoding, mapping, sheet, gazetteer, published)
    except LoadError as exc:
        if on_error is None or (mapping is not None and exc.path == str(mapping)):
            raise  # a bad mapping would refuse every file alike: stop at once
        on_error(exc)
        return
    yield batch


def _load_one(
    path: Path,
    encoding: str | None,
    mapping: Path | None,
    sheet: str | None,
    gazetteer: Mapping[str, str] | None,
    published: str | None,
) -> Batch:
    """The one batch of a table folder or a single file."""
    if is_table_folder(path):
        return read_table_folder(path, encoding=encoding)
    if path.is_file() and path.suffix.lower() in TABLE_SUFFIXES:
        from loaders.table_files import read_table_file

        return read_table_file(path, encoding=encoding, sheet=sheet, mapping=mapping)
    if path.suffix.lower() in ARTICLE_SUFFIXES:
        from loaders.article_records import read_article_batch

        return read_article_batch(path, encoding=encoding, gazetteer=gazetteer, published=published)
    raise LoadError(
        str(path),
        f"unsupported file type {path.suffix or '(none)'}",
        hint="give a table (" + ", ".join(TABLE_SUFFIXES) + "), a folder of tables in "
        f"the documented format, or an article ({', '.join(ARTICLE_SUFFIXES)})",
    )
