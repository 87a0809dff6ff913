"""Checking cells before anything is built, and saying exactly what is wrong.

A refused file must list every problem at once (file, row, column, what was
found and what was expected), so the analyst fixes the sheet in one pass
instead of one error per run. Checks therefore run on whole rows and collect
:class:`RowError` values instead of stopping at the first.
"""

from __future__ import annotations

import functools

from graph.dates import implausible_year, parse_partial_date
from graph.errors import LoadError
from graph.schema import SCHEMA, STATUSES

__all__ = ["DATE_EXPECTED", "RowError", "check_cell", "expected_kinds"]

DATE_EXPECTED = "a date such as 2023-11-10, 2023/11/10, 2023年11月10日, 2023.11 or 2023年"


class RowError(LoadError):
    """One bad cell (or row): where it is, what was found, what was expected.

    >>> str(RowError("p.csv", 4, "签约时间", "2023-13-01", DATE_EXPECTED))
    "p.csv, row 4, column '签约时间': found '2023-13-01', expected a date such as 2023-11-10, 2023/11/10, 2023年11月10日, 2023.11 or 2023年"
    """  # noqa: E501

    def __init__(
        self,
        path: str | None,
        row: int | None,
        column: str | None,
        found: str,
        expected: str,
        *,
        hint: str | None = None,
    ) -> None:
        self.found = found
        self.expected = expected
        reason = f"found {found!r}, expected {expected}" if found else f"empty, expected {expected}"
        super().__init__(path, reason, row=row, field=column, hint=hint)

    def __str__(self) -> str:
        where = [str(self.path)] if self.path else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"column '{self.field}'")
        text = f"{', '.join(where)}: {self.reason}"
        return f"{text} ({self.hint})" if self.hint else text


def expected_kinds(root: str = "Organization") -> str:
    """The kind names an analyst may write for ``root`` and its descendants."""
    return "、".join(SCHEMA.labels[n].short for n in SCHEMA.descendants(root))


@functools.lru_cache(maxsize=1 << 14)
def check_cell(check: str, value: str) -> str | None:
    """What ``value`` should have been for a column of kind ``check``, or None if fine.

    Cached: a column's values repeat (kinds, types, statuses, dates) down
    a sheet of any length.

    >>> check_cell("date", "2023.11"), check_cell("status", "open")
    (None, 'one of current, ended, unknown')
    >>> check_cell("date", "2999-06")[:22], check_cell("endDate", "2999-06")
    ('a year from 1900 to 20', None)
    """
    from loaders.table_format import kind_label, rel_type, source_kind

    if check in ("date", "endDate"):
        try:
            date = parse_partial_date(value)
        except ValueError:
            return DATE_EXPECTED
        # an agreement may run for years to come: an end is only refused when too early
        return implausible_year(date, future=check == "endDate")
    if check == "status":
        return None if value in STATUSES else f"one of {', '.join(STATUSES)}"
    if check == "kind":
        label = kind_label(value)
        ok = label is not None and SCHEMA.label(label).is_a("Organization")
        return None if ok else f"an organisation kind: {expected_kinds()}"
    if check == "designatedKind":
        label = kind_label(value)
        ok = label is not None and (
            SCHEMA.label(label).is_a("Organization") or label == SCHEMA.label("Region").name
        )
        return None if ok else f"an organisation kind or 地区: {expected_kinds()}、地区"
    if check == "type":
        return (
            None if rel_type(value) else f"a relationship type: {', '.join(SCHEMA.relationships)}"
        )
    if check == "sourceKind":
        from loaders.table_format import SOURCE_KINDS

        return None if source_kind(value) else f"a source kind: {', '.join(SOURCE_KINDS)}"
    if check == "tier":
        return None if value in ("1", "2", "3", "4") else "a tier from 1 (official) to 4"
    raise ValueError(f"unknown check {check!r}")  # pragma: no cover - a bug in SHEETS
