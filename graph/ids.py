"""Stable, content-derived node ids.

An id must be the same on every machine and every run, so loading the same
facts twice lands on the same nodes. It comes from an official code when one
is known (统一社会信用代码 for enterprises, 学校标识码 for schools) and
otherwise from the label's id namespace and the normalised name.
"""

from __future__ import annotations

import hashlib
import re

from graph.schema import SCHEMA
from graph.text import match_key

__all__ = ["make_id"]

_CODE = re.compile(r"[^0-9A-Za-z]")


def make_id(label: str, name: str | None, code: str | None = None) -> str | None:
    """The id of a ``label`` node called ``name`` (or with official ``code``).

    Returns None, never a random id, when there is nothing to key on.

    >>> make_id("SecondaryVocationalSchool", "绍兴中专") == make_id("Enterprise", "绍兴中专")
    True
    >>> make_id("Person", "  ") is None
    True
    >>> make_id("Enterprise", "任意公司", code="91330600-MA2BXXXX1X")
    'org-code-91330600MA2BXXXX1X'
    """
    prefix = SCHEMA.label(label).id_prefix
    if code:
        cleaned = _CODE.sub("", code).upper()
        if cleaned:
            return f"{prefix}-code-{cleaned}"
    key = match_key(name or "")
    if not key:
        return None
    return f"{prefix}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"
