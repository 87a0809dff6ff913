"""One exception family for the whole project.

Library code raises these and never swallows them into status values; the CLI
turns them into messages that say what went wrong and what to do next.
"""

from __future__ import annotations

__all__ = ["IekgError", "LoadError", "QueryError", "SchemaError", "StoreError"]


class IekgError(Exception):
    """Base class: every error a user can cause or fix."""


class SchemaError(IekgError):
    """The schema declaration, or data checked against it, is wrong.

    The message starts with the exact location, e.g.
    ``graph/schema.yaml: relationships.MEMBER_OF.patterns[0][1]: unknown label 'Aliance'``.
    """


class LoadError(IekgError):
    """A source file could not be loaded; names the file, row or line, and field.

    Parameters
    ----------
    path : the file (or article) being read.
    row : 1-based row (tables) or line/sentence number (articles), when known.
    field : the column or property concerned, when known.
    reason : what was found and what was expected.
    hint : what the user can do about it.
    """

    def __init__(
        self,
        path: str | None,
        reason: str,
        *,
        row: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.path = path
        self.row = row
        self.field = field
        self.reason = reason
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [p for p in (self.path, _fmt("row", self.row), _fmt("field", self.field)) if p]
        text = f"{', '.join(where)}: {self.reason}" if where else self.reason
        return f"{text} ({self.hint})" if self.hint else text


class StoreError(IekgError):
    """A store could not be read or written (missing server, corrupt file, …)."""


class QueryError(IekgError):
    """A question or Cypher query was asked wrongly or refused."""


def _fmt(name: str, value: object) -> str | None:
    if value is None:
        return None
    return f"{name} {value}" if name == "row" else f"{name} '{value}'"
