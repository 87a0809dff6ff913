"""Typed records: the contract between loaders and the graph.

Loaders turn files and articles into these records and never touch a store;
the graph consumes them. Records check themselves against the schema when
built, so a bad value is refused where its file, row or sentence is still
known.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from json.encoder import encode_basestring as _quote  # type: ignore[attr-defined]
from types import MappingProxyType
from typing import Any

from graph.dates import date_end, parse_partial_date
from graph.errors import SchemaError
from graph.ids import event_scope
from graph.schema import SCHEMA, STATUSES, Property
from graph.text import clean_display, match_key

__all__ = ["EdgeRecord", "NodeRecord", "NodeRef", "Provenance"]


@dataclass(frozen=True)
class Provenance:
    """Where a fact came from: a source document plus a file row or a sentence.

    ``source`` is the id of the Source node; ``path``/``row`` locate a table
    row; ``sentence``/``start``/``end`` locate a sentence in an article.
    """

    source: str
    path: str | None = None
    row: int | None = None
    sentence: str | None = None
    start: int | None = None
    end: int | None = None

    def describe(self) -> str:
        """A short human-readable citation, e.g. ``people.csv row 4``."""
        if self.row is not None:
            return f"{self.path or self.source} row {self.row}"
        if self.sentence is not None:
            where = f"{self.path}: " if self.path else ""
            return f"{where}“{self.sentence}”"
        return self.path or self.source

    def to_json(self) -> str:
        """Compact JSON (stable key order), the form stores keep; computed once per row.

        Kept in the instance's ``__dict__`` rather than a ``cached_property``,
        whose lock costs more than the look-up: every record of a row asks.
        """
        text: str | None = self.__dict__.get("_json")
        if text is None:
            text = self.__dict__["_json"] = _provenance_json(self)
        return text

    @classmethod
    def from_json(cls, text: str) -> Provenance:
        return cls(**json.loads(text))


_PROVENANCE_FIELDS = ("source", "path", "row", "sentence", "start", "end")


def _provenance_json(prov: Provenance) -> str:
    """What ``json.dumps(fields, ensure_ascii=False, sort_keys=True)`` gives, faster.

    A table row's provenance (path, row, source and nothing else) is written
    directly, with the C string encoder ``json.dumps`` itself uses: building
    and encoding a dict per row was a third of the time to build a graph.
    Any other shape goes through ``json.dumps``.
    """
    path, row, source = prov.path, prov.row, prov.source
    if (
        type(path) is str
        and type(row) is int
        and type(source) is str
        and prov.sentence is None
        and prov.start is None
        and prov.end is None
    ):
        return f'{{"path": {_quote(path)}, "row": {row}, "source": {_quote(source)}}}'
    data = {k: getattr(prov, k) for k in _PROVENANCE_FIELDS if getattr(prov, k) is not None}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class NodeRef:
    """A reference to a node by label and name (or alias), resolved by the graph.

    ``label`` may be abstract (``Organization``) or None when the loader does
    not know the exact kind; the graph then finds the node by name among that
    label's descendants (or among all nodes).
    """

    label: str | None
    name: str
    #: what tells the node apart from namesakes, as its NodeRecord gives it
    #: (see :mod:`graph.ids`): a loader passes it when it knows the node it means
    scope: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.label is not None:
            SCHEMA.label(self.label)
        object.__setattr__(self, "name", clean_display(self.name))
        object.__setattr__(self, "scope", _clean_scope(self.scope))


def _clean_scope(scope: tuple[str, ...]) -> tuple[str, ...]:
    if not scope:
        return ()  # most records and references: no namesakes to tell apart
    parts = tuple(clean_display(str(part or "")) for part in scope)
    return parts if any(parts) else ()


def _freeze(props: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(props))


def _check_props(
    props: Mapping[str, Any], allowed: Mapping[str, Property], what: str, prov: Provenance | None
) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for key, value in props.items():
        if value is None or value == "":
            continue
        if key not in allowed:
            raise SchemaError(
                _cite(prov, f"{what}: unknown property {key!r}; allowed: {', '.join(allowed)}")
            )
        kind = allowed[key].type
        if kind == "date":
            try:
                value = parse_partial_date(str(value))
            except ValueError as exc:
                raise SchemaError(_cite(prov, f"{what}.{key}: {exc}")) from None
        elif kind == "status" and value not in STATUSES:
            raise SchemaError(
                _cite(prov, f"{what}.status: {value!r}; expected one of {', '.join(STATUSES)}")
            )
        elif kind == "string":
            value = clean_display(str(value))
        checked[key] = value
    return checked


def _cite(prov: Provenance | None, message: str) -> str:
    return f"{prov.describe()}: {message}" if prov else message


@dataclass(frozen=True)
class NodeRecord:
    """One node as a source states it: label, name, aliases, properties, origin.

    ``scope`` tells the node apart from namesakes (:mod:`graph.ids`): for a
    Person, the organisation the source states them with; for a Source, its
    URL, text hash or path. An Event's scope is its date and place, taken
    from its properties.
    """

    label: str
    name: str
    aliases: tuple[str, ...] = ()
    props: Mapping[str, Any] = field(default_factory=dict)
    code: str | None = None
    provenance: Provenance | None = None
    scope: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        label = SCHEMA.label(self.label)
        if label.abstract:
            raise SchemaError(
                _cite(
                    self.provenance,
                    f"label {self.label!r} is abstract; use one of "
                    f"{', '.join(SCHEMA.descendants(self.label))}",
                )
            )
        name = clean_display(self.name)
        if not name:
            raise SchemaError(_cite(self.provenance, f"{self.label}: empty name"))
        if not match_key(name):
            raise SchemaError(
                _cite(self.provenance, f"{self.label}: name {name!r} has no letter or digit")
            )
        object.__setattr__(self, "name", name)
        aliases = tuple(
            dict.fromkeys(a for a in map(clean_display, self.aliases) if a and a != name)
        )
        object.__setattr__(self, "aliases", aliases)
        props = _check_props(
            self.props, SCHEMA.node_properties(self.label), self.label, self.provenance
        )
        object.__setattr__(self, "props", _freeze(props))
        scope = event_scope(props) if self.label == _EVENT else _clean_scope(self.scope)
        object.__setattr__(self, "scope", scope)


_EVENT = SCHEMA.label("Event").name


@dataclass(frozen=True)
class EdgeRecord:
    """One relationship as a source states it, checked against the schema's types."""

    source: NodeRef
    type: str
    target: NodeRef
    props: Mapping[str, Any] = field(default_factory=dict)
    provenance: Provenance | None = None

    def __post_init__(self) -> None:
        try:
            SCHEMA.rel(self.type)
        except SchemaError as exc:
            raise SchemaError(_cite(self.provenance, str(exc))) from None
        props = _check_props(
            self.props, SCHEMA.rel_properties(self.type), self.type, self.provenance
        )
        since, until = props.get("since"), props.get("until")
        if since and until and date_end(until) < since:
            raise SchemaError(
                _cite(self.provenance, f"{self.type}.until: {until!r} is before since {since!r}")
            )
        object.__setattr__(self, "props", _freeze(props))
