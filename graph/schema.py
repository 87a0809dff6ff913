"""Load ``graph/schema.yaml`` into one frozen, validated :data:`SCHEMA`.

The YAML is the only place a label or relationship type is declared. This
module checks it at import and names the exact key that is wrong, so a typo
in the declaration fails loudly before any data is touched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from graph.errors import SchemaError

__all__ = ["SCHEMA", "Label", "Property", "RelType", "Schema", "load_schema"]

SCHEMA_PATH = Path(__file__).with_name("schema.yaml")
PROPERTY_TYPES = frozenset({"string", "date", "status", "int", "float", "list"})
STATUSES = ("current", "ended", "unknown")

_CAMEL = re.compile(r"^[A-Z][A-Za-z]+$")
_SNAKE = re.compile(r"^[A-Z]+(?:_[A-Z]+)*$")
_PROP = re.compile(r"^[a-z][A-Za-z]*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Property:
    """A declared property: its name, value type and Chinese display name."""

    name: str
    type: str
    zh: str
    doc: str = ""
    multi: bool = False


@dataclass(frozen=True)
class Label:
    """A node label with its ancestors, display names, colour and suffixes."""

    name: str
    zh: str
    en: str
    colour: str
    shape: str
    id_prefix: str
    parents: tuple[str, ...] = ()
    ancestors: tuple[str, ...] = ()
    abstract: bool = False
    short: str = ""
    properties: Mapping[str, Property] = field(default_factory=dict)
    suffixes: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """All labels a node of this kind carries, most general first."""
        return (*reversed(self.ancestors), self.name)

    def is_a(self, other: str) -> bool:
        """True when this label is ``other`` or descends from it."""
        return other == self.name or other in self.ancestors


@dataclass(frozen=True)
class RelType:
    """A relationship type with its allowed (source, target) label patterns."""

    name: str
    zh: str
    en: str
    patterns: tuple[tuple[str, str], ...]
    properties: Mapping[str, Property] = field(default_factory=dict)
    symmetric: bool = False


@dataclass(frozen=True)
class Schema:
    """The whole schema; look things up here instead of spelling names."""

    version: int
    labels: Mapping[str, Label]
    relationships: Mapping[str, RelType]
    relationship_common: Mapping[str, Property]
    path: str = str(SCHEMA_PATH)
    # Lookups below run once per record on every load; the schema never
    # changes after import, so each answer is computed once and kept here.
    _memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, compare=False, repr=False)

    def _cached(self, key: tuple[Any, ...], compute: Any) -> Any:
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    def label(self, name: str) -> Label:
        """The label called ``name``; raise SchemaError naming the choices."""
        try:
            return self.labels[name]
        except KeyError:
            raise SchemaError(
                f"unknown label {name!r}; the schema has {', '.join(self.concrete_labels)}"
            ) from None

    def rel(self, name: str) -> RelType:
        """The relationship type called ``name``; raise SchemaError naming the choices."""
        try:
            return self.relationships[name]
        except KeyError:
            raise SchemaError(
                f"unknown relationship type {name!r}; the schema has "
                f"{', '.join(self.relationships)}"
            ) from None

    @property
    def concrete_labels(self) -> tuple[str, ...]:
        """Labels a node can have as its own kind (not abstract)."""
        return self._cached(
            ("concrete",),
            lambda: tuple(n for n, lab in self.labels.items() if not lab.abstract),
        )

    def descendants(self, name: str) -> tuple[str, ...]:
        """Concrete labels that are ``name`` or inherit from it."""
        return self._cached(
            ("descendants", name),
            lambda: tuple(n for n in self.concrete_labels if self.labels[n].is_a(name)),
        )

    def allows(self, source: str, rel: str, target: str) -> bool:
        """Whether ``(source)-[rel]->(target)`` matches a declared pattern."""
        return self._cached(
            ("allows", source, rel, target), lambda: self._allows(source, rel, target)
        )

    def _allows(self, source: str, rel: str, target: str) -> bool:
        rel_type = self.rel(rel)
        src, tgt = self.label(source), self.label(target)
        if any(src.is_a(a) and tgt.is_a(b) for a, b in rel_type.patterns):
            return True
        return rel_type.symmetric and any(tgt.is_a(a) and src.is_a(b) for a, b in rel_type.patterns)

    def rel_properties(self, rel: str) -> Mapping[str, Property]:
        """Properties a relationship of this type may carry, common ones included."""
        return self._cached(
            ("relprops", rel),
            lambda: MappingProxyType({**self.relationship_common, **self.rel(rel).properties}),
        )

    def node_properties(self, label: str) -> Mapping[str, Property]:
        """Properties a node of this label may carry, inherited ones included."""

        def compute() -> Mapping[str, Property]:
            merged: dict[str, Property] = {}
            for name in self.label(label).labels:
                merged.update(self.labels[name].properties)
            return MappingProxyType(merged)

        return self._cached(("nodeprops", label), compute)

    def id_prefixes(self, label: str | None) -> tuple[str, ...]:
        """The id namespaces nodes of ``label`` (or of any label, for None) live in."""
        return self._cached(
            ("prefixes", label),
            lambda: tuple(
                sorted(
                    {
                        self.labels[n].id_prefix
                        for n in (self.descendants(label) if label else self.concrete_labels)
                    }
                )
            ),
        )

    def suffix_table(self) -> list[tuple[str, str]]:
        """(suffix, label) pairs, longest suffix first, for recognising kinds."""

        def compute() -> list[tuple[str, str]]:
            pairs = [(s, n) for n, lab in self.labels.items() for s in lab.suffixes]
            return sorted(pairs, key=lambda p: -len(p[0]))

        return list(self._cached(("suffixes",), compute))

    def kind_of(self, name: str, among: tuple[str, ...] | None = None) -> str | None:
        """Guess a label from a name's suffix (longest match), or None.

        >>> SCHEMA.kind_of("浙江工业职业技术学院"), SCHEMA.kind_of("绍兴中科通信设备有限公司")
        ('HigherEducationInstitution', 'Enterprise')
        """
        for suffix, label in self.suffix_table():
            if name.endswith(suffix) and (among is None or label in among):
                return label
        return None


def load_schema(path: Path = SCHEMA_PATH) -> Schema:
    """Read and validate a schema file; raise SchemaError naming the bad key."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SchemaError(f"{path}: not valid YAML: {exc}") from exc
    return _build(raw, str(path))


def _build(raw: Any, where: str) -> Schema:
    if not isinstance(raw, dict):
        raise SchemaError(f"{where}: expected a mapping at the top level")
    for key in ("version", "labels", "relationships"):
        if key not in raw:
            raise SchemaError(f"{where}: missing top-level key '{key}'")
    labels_raw = raw["labels"] or {}
    _check_parents(labels_raw, where)
    labels = {name: _label(name, spec, labels_raw, where) for name, spec in labels_raw.items()}
    rels_raw = dict(raw["relationships"] or {})
    common_raw = rels_raw.pop("common", {}) or {}
    common = _properties(common_raw, f"{where}: relationships.common")
    rels = {
        name: _rel(name, spec, labels, f"{where}: relationships.{name}")
        for name, spec in rels_raw.items()
    }
    return Schema(int(raw["version"]), labels, rels, common, where)


def _check_parents(labels_raw: dict[str, Any], where: str) -> None:
    for name, spec in labels_raw.items():
        if not _CAMEL.match(str(name)):
            raise SchemaError(f"{where}: labels.{name}: label names are CamelCase")
        for i, parent in enumerate((spec or {}).get("extends", [])):
            if parent not in labels_raw:
                raise SchemaError(f"{where}: labels.{name}.extends[{i}]: unknown label {parent!r}")


def _ancestors(name: str, labels_raw: dict[str, Any], where: str) -> tuple[str, ...]:
    seen: list[str] = []
    todo = list(labels_raw[name].get("extends", []))
    while todo:
        parent = todo.pop(0)
        if parent == name:
            raise SchemaError(f"{where}: labels.{name}.extends: inheritance cycle")
        if parent not in seen:
            seen.append(parent)
            todo.extend(labels_raw[parent].get("extends", []))
    return tuple(seen)


def _label(name: str, spec: Any, labels_raw: dict[str, Any], where: str) -> Label:
    at = f"{where}: labels.{name}"
    if not isinstance(spec, dict):
        raise SchemaError(f"{at}: expected a mapping")
    for key in ("zh", "en", "colour", "idPrefix"):
        if not spec.get(key):
            raise SchemaError(f"{at}.{key}: missing")
    if not _COLOUR.match(str(spec["colour"])):
        raise SchemaError(f"{at}.colour: {spec['colour']!r} is not a #rrggbb colour")
    return Label(
        name=name,
        zh=str(spec["zh"]),
        en=str(spec["en"]),
        colour=str(spec["colour"]),
        shape=str(spec.get("shape", "dot")),
        id_prefix=str(spec["idPrefix"]),
        parents=tuple(spec.get("extends", [])),
        ancestors=_ancestors(name, labels_raw, where),
        abstract=bool(spec.get("abstract", False)),
        short=str(spec.get("short", spec["zh"])),
        properties=_properties(spec.get("properties") or {}, f"{at}.properties"),
        suffixes=tuple(str(s) for s in spec.get("suffixes", [])),
    )


def _properties(raw: dict[str, Any], at: str) -> dict[str, Property]:
    props = {}
    for name, spec in raw.items():
        if not _PROP.match(str(name)):
            raise SchemaError(f"{at}.{name}: property names are camelCase")
        spec = spec or {}
        ptype = spec.get("type", "string")
        if ptype not in PROPERTY_TYPES:
            raise SchemaError(
                f"{at}.{name}.type: unknown type {ptype!r}; use {', '.join(sorted(PROPERTY_TYPES))}"
            )
        if not spec.get("zh"):
            raise SchemaError(f"{at}.{name}.zh: missing")
        props[name] = Property(
            name, ptype, str(spec["zh"]), str(spec.get("doc", "")), bool(spec.get("multi", False))
        )
    return props


def _rel(name: str, spec: Any, labels: dict[str, Label], at: str) -> RelType:
    if not _SNAKE.match(str(name)):
        raise SchemaError(f"{at}: relationship types are UPPER_SNAKE")
    if not isinstance(spec, dict):
        raise SchemaError(f"{at}: expected a mapping")
    for key in ("zh", "en", "patterns"):
        if not spec.get(key):
            raise SchemaError(f"{at}.{key}: missing")
    patterns = []
    for i, pattern in enumerate(spec["patterns"]):
        if not (isinstance(pattern, list) and len(pattern) == 2):
            raise SchemaError(f"{at}.patterns[{i}]: expected [SourceLabel, TargetLabel]")
        for j, label in enumerate(pattern):
            if label not in labels:
                raise SchemaError(f"{at}.patterns[{i}][{j}]: unknown label {label!r}")
        patterns.append((pattern[0], pattern[1]))
    return RelType(
        name=name,
        zh=str(spec["zh"]),
        en=str(spec["en"]),
        patterns=tuple(patterns),
        properties=_properties(spec.get("properties") or {}, f"{at}.properties"),
        symmetric=bool(spec.get("symmetric", False)),
    )


SCHEMA: Schema = load_schema()
