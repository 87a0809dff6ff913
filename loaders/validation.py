"""Checking cells before anything is built, and saying exactly what is wrong.

A refused file must list every problem at once (file, row, column, what was
found and what was expected), so the analyst fixes the sheet in one pass
instead of one error per run. Checks therefore run on whole rows and collect
:class:`RowError` values instead of stopping at the first.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from graph.dates import implausible_year, parse_partial_date
from graph.errors import LoadError
from graph.schema import SCHEMA, STATUSES
from graph.text import match_key

__all__ = [
    "DATE_EXPECTED",
    "RowError",
    "cell_problems",
    "check_cell",
    "expected_kinds",
    "is_placeholder",
    "without_columns",
]

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
        reason: str | None = None,
    ) -> None:
        self.found = found
        self.expected = expected
        if reason is None:
            reason = (
                f"found {found!r}, expected {expected}" if found else f"empty, expected {expected}"
            )
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


#: The made-up cells of the templates (``loaders/templates.MADE_UP``, checked
#: against this when they are written) and the mapping draft's source title.
#: Only these exact texts: an analyst's own （待定） or a firm whose name
#: begins 示例 is data.
TEMPLATE_PLACEHOLDERS = frozenset(
    {"示例科技有限公司", "（文号）", "（发布单位）", "（认定名单标题）", "（填写来源标题）"}
)
_PLACEHOLDER = (
    "a placeholder: this is the template's example row: replace it with your data or delete it"
)
_FORMULA = (
    "a formula with no saved value ({formula}); "
    "open the file in Excel/WPS and save it, or type the value"
)


def is_placeholder(value: str) -> bool:
    """True for template text that is not data: ``（文号）`` or the example name
    ``示例科技有限公司`` (:data:`TEMPLATE_PLACEHOLDERS`).

    Such a cell would load as a real document number or organisation if the
    analyst forgets to replace the example row, and nothing later could tell.

    >>> is_placeholder("（文号）"), is_placeholder("示例科技有限公司")
    (True, True)
    >>> is_placeholder("绍兴中专（集团）"), is_placeholder("（待定）"), is_placeholder("示例仪器厂")
    (False, False, False)
    """
    return value in TEMPLATE_PLACEHOLDERS


def cell_problems(
    where: str,
    row: int,
    cells: list[str],
    columns: Mapping[int, str],
    formulas: Mapping[tuple[int, int], str],
) -> list[RowError]:
    """Cells of a row that hold no data to check: unsaved formulas, template placeholders.

    ``columns`` maps the positions the loader reads to their headers as the
    file writes them; ``formulas`` maps (row, position) to the formula of a
    cell whose value was never saved (a workbook written by a program, not by Excel),
    which every reader sees as empty and would report as missing.

    >>> [str(e) for e in cell_problems("t.csv", 2, ["（文号）", "x"], {0: "文号", 1: "n"},
    ...  {})]
    ["t.csv, row 2, column '文号': found '（文号）', a placeholder: this is the template's example row: replace it with your data or delete it"]
    """  # noqa: E501
    if not formulas and TEMPLATE_PLACEHOLDERS.isdisjoint(cells):
        return []  # nearly every row: one set test over its cells, in C
    problems = []
    for i, header in columns.items():
        formula = formulas.get((row, i)) if formulas else None
        if formula is not None:
            shown = formula if len(formula) <= 80 else formula[:79] + "…"
            reason = _FORMULA.format(formula=shown)
            problems.append(RowError(where, row, header, formula, "", reason=reason))
        elif i < len(cells) and is_placeholder(cells[i]):
            reason = f"found {cells[i]!r}, {_PLACEHOLDER}"
            problems.append(RowError(where, row, header, cells[i], "", reason=reason))
    return problems


def without_columns(problems: list[LoadError], unreadable: list[RowError]) -> list[LoadError]:
    """``problems`` less those about a column already reported by :func:`cell_problems`.

    Other checks see such a cell as empty (a formula) or as a value to
    judge (a placeholder); a second message about it would mislead.
    """
    taken = {match_key(e.field or "") for e in unreadable}
    return [p for p in problems if match_key(p.field or "") not in taken]
