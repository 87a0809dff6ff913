"""Stable, content-derived node ids.

An id must be the same on every machine and every run, so loading the same
facts twice lands on the same nodes. It comes from an official code when one
is known (统一社会信用代码 for enterprises, 学校标识码 for schools) and
otherwise from the label's id namespace, the normalised name and, for the
kinds whose names are not unique, the facts that tell namesakes apart (the
record's *scope*):

- an Event by its date and place: 签约仪式 is held every week somewhere, so
  two ceremonies of one name on different days are two events;
- a Person by the organisation a source states them with: 张伟 at a company
  and 张伟 at a college are two people;
- a Source by what identifies the document (its URL, a hash of its text, or
  a table's path), not by its title, which two different reports may share.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from graph.schema import SCHEMA
from graph.text import clean_display, match_key

__all__ = ["EVENT_SCOPE", "KEYED_BY_SCOPE", "SCOPED_BY_ORGANIZATION", "event_scope", "make_id"]

_CODE = re.compile(r"[^0-9A-Za-z]")

#: Event properties that are part of an event's identity, in this order.
EVENT_SCOPE = ("date", "place")
#: The label whose scope is the organisation a source states the node with.
SCOPED_BY_ORGANIZATION = SCHEMA.label("Person").name
#: Labels whose scope alone identifies them (their name is only displayed).
KEYED_BY_SCOPE = frozenset({SCHEMA.label("Source").name})


def event_scope(props: Mapping[str, Any]) -> tuple[str, ...]:
    """An event's scope from its properties: (date, place), or () when neither is known.

    >>> event_scope({"date": "2024-05-10", "kind": "签约仪式"})
    ('2024-05-10', '')
    >>> event_scope({})
    ()
    """
    parts = tuple(clean_display(str(props.get(name) or "")) for name in EVENT_SCOPE)
    return parts if any(parts) else ()


def make_id(
    label: str, name: str | None, code: str | None = None, scope: Sequence[str] = ()
) -> str | None:
    """The id of a ``label`` node called ``name`` (or with official ``code``).

    ``scope`` holds what tells the node apart from its namesakes (see the
    module docstring); without one, the id is the one a name alone gives.
    Returns None, never a random id, when there is nothing to key on.

    >>> make_id("SecondaryVocationalSchool", "绍兴中专") == make_id("Enterprise", "绍兴中专")
    True
    >>> make_id("Person", "  ") is None
    True
    >>> make_id("Enterprise", "任意公司", code="91330600-MA2BXXXX1X")
    'org-code-91330600MA2BXXXX1X'
    >>> make_id("Event", "签约仪式", scope=("2024-05-10", "")) == make_id("Event", "签约仪式")
    False
    >>> key = ("绍兴/合作.csv",)
    >>> make_id("Source", "合作", scope=key) == make_id("Source", "协议", scope=key)
    True
    """
    prefix = SCHEMA.label(label).id_prefix
    if code:
        cleaned = _CODE.sub("", code).upper()
        if cleaned:
            return f"{prefix}-code-{cleaned}"
    key = match_key(name or "")
    if not key:
        return None
    parts = [match_key(part) for part in scope]
    if any(parts):
        # \x1f cannot occur in a match key; empty parts keep their place, so
        # ("", "绍兴中专") (a place, no date) differs from ("绍兴中专", "").
        key = "\x1f".join(["" if label in KEYED_BY_SCOPE else key, *parts])
    return f"{prefix}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"
