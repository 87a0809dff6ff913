"""Column mappings: how any spreadsheet's columns become nodes and relationships.

An analyst's sheet has its own headers (学校名称, 合作企业, 签约时间 …). A
small YAML file says which column gives which node's name, label and
properties, and which relationships join the nodes of one row; so the sheet
loads as it is, without editing. The mapping is checked against
:data:`graph.schema.SCHEMA` when it is read, with every mistake named by its
key, before a single row is looked at. ``data/templates/README.md`` documents
the format; ``iekg inspect FILE`` writes a first draft.

Conventions: under ``nodes`` and ``edges`` a plain string is a *column*
header (a list gives alternative headers); ``{value: …}`` is a fixed value.
A node's ``label`` is the other way round: a plain string is a fixed label
(``Enterprise`` or ``企业``), ``{column: …, values: {…}}`` reads it from a
column. Under ``source`` plain strings are fixed values describing the
document, ``{column: …}`` reads them per row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.errors import LoadError
from graph.schema import SCHEMA
from graph.text import match_key
from loaders.table_format import kind_label, rel_type, source_kind

__all__ = [
    "PLACEHOLDER_TITLE",
    "EdgeSpec",
    "NodeSpec",
    "TableMapping",
    "ValueSpec",
    "load_mapping",
    "parse_mapping",
]

#: What ``iekg inspect`` writes where only the analyst knows the answer. A
#: mapping still holding it is refused: loaded, it became a Source node
#: literally named （填写来源标题）, cited as the origin of every fact.
PLACEHOLDER_TITLE = "（填写来源标题）"
SOURCE_FIELDS = ("title", "url", "publisher", "date", "kind", "tier")
_TOP = {"description", "sheet", "header_row", "encoding", "source", "nodes", "edges"}
_NODE = {"label", "guess", "name", "required", "aliases", "code", "props", "split"}
_VALUE = {"column", "value", "values", "default", "split", "optional"}


@dataclass(frozen=True)
class ValueSpec:
    """Where a value comes from: a column (or alternatives), or a fixed value."""

    columns: tuple[str, ...] = ()
    value: str | None = None
    values: Mapping[str, str] = field(default_factory=dict)
    default: str | None = None
    optional: bool = False

    def translate(self, cell: str) -> str | None:
        """The cell through the ``values`` table (None when the table lacks it).

        >>> ValueSpec(values={"高职": "高校"}).translate("高职 ")
        '高校'
        """
        if not self.values:
            return cell
        key = match_key(cell)
        return next((v for k, v in self.values.items() if match_key(k) == key), None)


@dataclass(frozen=True)
class NodeSpec:
    """One node a row may state."""

    key: str
    name: ValueSpec
    label: ValueSpec
    labels: tuple[str, ...]
    guess: str | None = None
    required: bool = False
    split: bool = False
    aliases: ValueSpec | None = None
    code: ValueSpec | None = None
    props: Mapping[str, ValueSpec] = field(default_factory=dict)


@dataclass(frozen=True)
class EdgeSpec:
    """One relationship between two nodes of the same row."""

    source: str
    type: str
    target: str
    props: Mapping[str, ValueSpec] = field(default_factory=dict)


@dataclass(frozen=True)
class TableMapping:
    """A whole mapping: which sheet, where its header is, the source, nodes and edges."""

    path: str
    nodes: Mapping[str, NodeSpec]
    edges: tuple[EdgeSpec, ...]
    source: Mapping[str, ValueSpec] = field(default_factory=dict)
    sheet: str | None = None
    header_row: int | None = None
    encoding: str | None = None

    def column_specs(self) -> list[tuple[str, ValueSpec]]:
        """Every (key path, spec) that reads a column, for checking headers."""
        specs: list[tuple[str, ValueSpec]] = []
        for key, node in self.nodes.items():
            for part, spec in (("name", node.name), ("label", node.label)):
                specs.append((f"nodes.{key}.{part}", spec))
            for part, opt in (("aliases", node.aliases), ("code", node.code)):
                if opt:
                    specs.append((f"nodes.{key}.{part}", opt))
            specs.extend((f"nodes.{key}.props.{p}", s) for p, s in node.props.items())
        for i, edge in enumerate(self.edges):
            specs.extend((f"edges[{i}].props.{p}", s) for p, s in edge.props.items())
        specs.extend((f"source.{f}", s) for f, s in self.source.items())
        return [(k, s) for k, s in specs if s.columns]


def load_mapping(path: Path) -> TableMapping:
    """Read and check a mapping file; LoadError lists every mistake by key."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(str(path), f"cannot read the mapping ({exc})") from None
    except yaml.YAMLError as exc:
        raise LoadError(str(path), f"not valid YAML: {exc}") from None
    return parse_mapping(raw, str(path))


def parse_mapping(raw: Any, where: str) -> TableMapping:
    """Build a :class:`TableMapping` from parsed YAML, checking it against the schema."""
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise LoadError(where, "a mapping file is a YAML mapping with nodes: and edges:")
    problems += [f"{k}: unknown key; use {', '.join(sorted(_TOP))}" for k in raw if k not in _TOP]
    nodes_raw = raw.get("nodes") or {}
    if not isinstance(nodes_raw, dict) or not nodes_raw:
        problems.append(
            "nodes: missing; name at least one node, e.g. school: {label: 中职, name: 学校名称}"
        )
        nodes_raw = {}
    nodes = {}
    for key, spec in nodes_raw.items():
        node = _node(str(key), spec, problems)
        if node:
            nodes[str(key)] = node
    built = [_edge(i, e, nodes, problems) for i, e in enumerate(raw.get("edges") or [])]
    edges = tuple(e for e in built if e is not None)
    source = _source(raw.get("source"), problems)
    if problems:
        raise LoadError(
            where,
            f"mapping refused ({len(problems)} problem(s)):\n  " + "\n  ".join(problems),
            hint="see data/templates/README.md, section 'Mapping any spreadsheet'",
        )
    header_row = raw.get("header_row")
    return TableMapping(
        where,
        nodes,
        edges,
        source,
        str(raw["sheet"]) if raw.get("sheet") is not None else None,
        int(header_row) if header_row is not None else None,
        raw.get("encoding"),
    )


def _value(raw: Any, at: str, problems: list[str], *, fixed: bool = False) -> ValueSpec:
    if isinstance(raw, str | int | float) and not isinstance(raw, bool):
        return ValueSpec(value=str(raw)) if fixed else ValueSpec(columns=(str(raw),))
    if isinstance(raw, list) and raw and all(isinstance(c, str) for c in raw):
        return ValueSpec(columns=tuple(raw))
    if isinstance(raw, dict):
        unknown = [k for k in raw if k not in _VALUE]
        problems += [f"{at}.{k}: unknown key; use {', '.join(sorted(_VALUE))}" for k in unknown]
        column = raw.get("column")
        columns = (column,) if isinstance(column, str) else tuple(column or ())
        values = raw.get("values") or {}
        if not isinstance(values, dict):
            problems.append(f"{at}.values: expected a table of cell text: value")
            values = {}
        if not columns and raw.get("value") is None:
            problems.append(f"{at}: give a column or a value")
        value = raw.get("value")
        default = raw.get("default")
        return ValueSpec(
            tuple(map(str, columns)),
            None if value is None else str(value),
            {str(k): str(v) for k, v in values.items()},
            None if default is None else str(default),
            bool(raw.get("optional", False)),
        )
    problems.append(f"{at}: expected a column header, a list of headers, or {{column: …}}")
    return ValueSpec()


def _label_name(text: str, at: str, problems: list[str]) -> str | None:
    label = kind_label(text)
    if label is None:
        problems.append(
            f"{at}: {text!r} is not a label; use one of {', '.join(SCHEMA.concrete_labels)} "
            "(or their Chinese names)"
        )
    return label


def _node(key: str, spec: Any, problems: list[str]) -> NodeSpec | None:
    at = f"nodes.{key}"
    if not isinstance(spec, dict):
        problems.append(f"{at}: expected a mapping with label: and name:")
        return None
    problems += [
        f"{at}.{k}: unknown key; use {', '.join(sorted(_NODE))}" for k in spec if k not in _NODE
    ]
    if "name" not in spec:
        problems.append(f"{at}.name: missing; which column holds the name?")
    guess = spec.get("guess")
    if guess is not None and guess not in SCHEMA.labels:
        problems.append(
            f"{at}.guess: unknown label {guess!r}; use one of {', '.join(SCHEMA.labels)}"
        )
        guess = None
    label_raw = spec.get("label")
    if label_raw is None and guess is None:
        problems.append(
            f"{at}.label: missing; give a label (e.g. Enterprise) or guess: Organization"
        )
    label = (
        ValueSpec() if label_raw is None else _value(label_raw, f"{at}.label", problems, fixed=True)
    )
    labels = _possible_labels(label, guess, f"{at}.label", problems)
    props = {}
    for name, prop in (spec.get("props") or {}).items():
        props[str(name)] = _value(prop, f"{at}.props.{name}", problems)
        for lab in labels:
            allowed = SCHEMA.node_properties(lab)
            if name not in allowed:
                problems.append(
                    f"{at}.props.{name}: {lab} has no property {name!r}; "
                    f"it has {', '.join(allowed) or 'none'}"
                )
                break
    return NodeSpec(
        key,
        _value(spec.get("name", ""), f"{at}.name", problems),
        label,
        labels,
        guess,
        bool(spec.get("required", False)),
        bool(spec.get("split", False)),
        _value(spec["aliases"], f"{at}.aliases", problems) if spec.get("aliases") else None,
        _value(spec["code"], f"{at}.code", problems) if spec.get("code") else None,
        props,
    )


def _possible_labels(
    label: ValueSpec, guess: str | None, at: str, problems: list[str]
) -> tuple[str, ...]:
    names: list[str | None] = []
    if label.value is not None:
        names.append(_label_name(label.value, at, problems))
    for cell, target in label.values.items():
        names.append(_label_name(target, f"{at}.values.{cell}", problems))
    if label.default is not None:
        names.append(_label_name(label.default, f"{at}.default", problems))
    if guess:
        names.extend(SCHEMA.descendants(guess))
    if label.columns and not label.values:
        names.extend(SCHEMA.concrete_labels)  # any kind the cell may name
    return tuple(dict.fromkeys(n for n in names if n))


def _edge(i: int, raw: Any, nodes: Mapping[str, NodeSpec], problems: list[str]) -> EdgeSpec | None:
    at = f"edges[{i}]"
    if isinstance(raw, list) and len(raw) in (3, 4):
        raw = {
            "from": raw[0],
            "type": raw[1],
            "to": raw[2],
            "props": raw[3] if len(raw) == 4 else {},
        }
    if not isinstance(raw, dict):
        problems.append(f"{at}: expected [from, TYPE, to] or {{from: …, type: …, to: …}}")
        return None
    rel = rel_type(str(raw.get("type", "")))
    if rel is None:
        problems.append(
            f"{at}.type: {raw.get('type')!r} is not a relationship type; use one of "
            f"{', '.join(SCHEMA.relationships)}"
        )
    ends = []
    for end in ("from", "to"):
        name = str(raw.get(end, ""))
        if name not in nodes:
            problems.append(
                f"{at}.{end}: {name!r} is not a node of this mapping ({', '.join(nodes)})"
            )
        ends.append(name)
    props = {
        str(k): _value(v, f"{at}.props.{k}", problems) for k, v in (raw.get("props") or {}).items()
    }
    if rel is None or any(e not in nodes for e in ends):
        return None
    src, tgt = nodes[ends[0]].labels, nodes[ends[1]].labels
    if src and tgt and not any(SCHEMA.allows(a, rel, b) for a in src for b in tgt):
        allowed = ", ".join(f"{a}→{b}" for a, b in SCHEMA.rel(rel).patterns)
        problems.append(
            f"{at}: {ends[0]} -[{rel}]-> {ends[1]} never fits the schema; {rel} connects {allowed}"
        )
    allowed_props = SCHEMA.rel_properties(rel)
    for name in props:
        if name not in allowed_props:
            problems.append(
                f"{at}.props.{name}: {rel} has no property {name!r}; "
                f"it has {', '.join(allowed_props)}"
            )
    return EdgeSpec(ends[0], rel, ends[1], props)


def _source(raw: Any, problems: list[str]) -> dict[str, ValueSpec]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append("source: expected a mapping of title, url, publisher, date, kind, tier")
        return {}
    specs = {}
    for name, value in raw.items():
        if name not in SOURCE_FIELDS:
            problems.append(f"source.{name}: unknown field; use {', '.join(SOURCE_FIELDS)}")
            continue
        spec = _value(value, f"source.{name}", problems, fixed=True)
        if spec.value is not None and spec.value.startswith("（填写"):
            problems.append(
                f"source.{name}: still the draft's placeholder {spec.value!r}; write the "
                f"{'title of the document' if name == 'title' else name} the sheet comes from"
                + (" (or {column: …} for a column holding it)" if name == "title" else "")
            )
        if name == "kind" and spec.value is not None and source_kind(spec.value) is None:
            problems.append(f"source.kind: {spec.value!r} is not a source kind")
        specs[name] = spec
    if specs and "title" not in specs and "url" not in specs:
        problems.append("source: give a title (or url) so the source can be named")
    return specs
