"""The one-sheet partnerships format, for the common case.

Most analysts start from a list of school–enterprise partnerships: 学校,
企业, 项目, 项目类型, 产业, 日期, 来源. Rather than a second reader, the format
is a built-in mapping (``loaders/partnerships.yaml``), so it behaves exactly
like a mapping an analyst writes: same checks, same messages.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from graph.ingest import Batch
from graph.text import match_key
from loaders.mapping import TableMapping, parse_mapping
from loaders.readers import Table

__all__ = ["MAPPING_PATH", "is_partnerships", "partnerships_mapping", "read_partnerships"]

MAPPING_PATH = Path(__file__).with_name("partnerships.yaml")


@cache
def partnerships_mapping() -> TableMapping:
    """The built-in mapping (read and checked once)."""
    raw = yaml.safe_load(MAPPING_PATH.read_text(encoding="utf-8"))
    return parse_mapping(raw, str(MAPPING_PATH))


def is_partnerships(header: list[str]) -> bool:
    """True when a header has a school column and an enterprise column.

    >>> is_partnerships(["学校名称", "合作企业", "签约时间"]), is_partnerships(["名称", "类型"])
    (True, False)
    """
    keys = {match_key(h) for h in header}
    mapping = partnerships_mapping()
    return all(
        any(match_key(c) in keys for c in mapping.nodes[n].name.columns)
        for n in ("school", "enterprise")
    )


def read_partnerships(table: Table) -> Batch:
    """A partnerships sheet → one batch."""
    from loaders.mapped import read_with_mapping

    return read_with_mapping(table, partnerships_mapping())
