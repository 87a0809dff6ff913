"""Looking at an unknown sheet: its columns, sample values, and a draft mapping.

``iekg inspect FILE`` is where an analyst starts with a spreadsheet the
loader cannot read on its own. It shows what the reader sees (sheet,
encoding, header row, columns with examples) and drafts a mapping from the
headers' words and the values' name endings, to be checked and edited,
never trusted blindly: the draft always passes the schema checks, so once
its source title is filled in ``iekg build FILE --mapping draft.yaml`` runs,
but a wrong guess loads wrong facts. The title is left as a placeholder the
build refuses, because only the analyst knows which document the sheet is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from graph.schema import SCHEMA
from graph.text import match_key
from loaders.mapping import PLACEHOLDER_TITLE
from loaders.partnerships import is_partnerships, partnerships_mapping
from loaders.readers import list_sheets, read_table
from loaders.table_files import ALL_HEADERS, sheet_for_header
from loaders.tables import dataset_sheets

__all__ = ["ColumnInfo", "Inspection", "inspect_table"]

SAMPLE_ROWS = 200
#: header words -> (node key, label, role of the column). Remarks come first:
#: a 备注 cell is free text that may end like a name (共建订单班), and a column
#: headed 项目说明 describes a project rather than naming one.
_HINTS: tuple[tuple[tuple[str, ...], str, str, str], ...] = (
    (("备注", "说明", "注释", "附注", "描述", "简介"), "", "", "remarks"),
    (("简称", "别名"), "", "", "aliases"),
    (("代码", "标识码"), "", "", "code"),
    (("学校类型", "院校类型", "学校类别"), "school", "", "label"),
    (("学校", "院校", "学院"), "school", "School", "name"),
    (("企业", "公司"), "enterprise", "Enterprise", "name"),
    (("联盟", "联合体", "共同体", "集团"), "alliance", "Alliance", "name"),
    (("项目类型", "合作形式", "合作类型"), "project", "", "kind"),
    (("项目",), "project", "Project", "name"),
    (("产业", "行业", "专业群"), "industry", "Industry", "name"),
    (("时间", "日期", "年份"), "", "", "since"),
    (("地区", "所在地", "区县", "城市"), "", "", "region"),
    (("来源", "出处", "链接"), "", "", "source"),
)


@dataclass
class ColumnInfo:
    """One column as seen: header, how many rows fill it, a few examples."""

    header: str
    filled: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass
class Inspection:
    """What ``iekg inspect`` reports."""

    where: str
    sheets: list[str]
    encoding: str | None
    header_row: int
    rows: int
    columns: list[ColumnInfo]
    format: str
    mapping: str


def inspect_table(
    path: Path, *, sheet: str | None = None, encoding: str | None = None
) -> Inspection:
    """Read the head of ``path`` and describe it (see the module docstring)."""
    path = Path(path)
    sheets = list_sheets(path)
    documented = [r.sheet.name for r in dataset_sheets(path)] if sheet is None else []
    table = read_table(path, sheet=sheet, encoding=encoding, known_headers=ALL_HEADERS)
    columns = [ColumnInfo(h) for h in table.header]
    rows = 0
    for _, cells in table.rows:
        rows += 1
        for info, cell in zip(columns, cells, strict=False):
            if cell:
                info.filled += 1
                if len(info.examples) < 3 and cell not in info.examples and rows <= SAMPLE_ROWS:
                    info.examples.append(cell)
    if documented:
        fmt = f"documented dataset (sheets: {', '.join(documented)}); loads without a mapping"
    elif is_partnerships(table.header):
        fmt = "partnerships sheet; loads without a mapping"
    elif (found := sheet_for_header(table.header)) is not None:
        fmt = f"documented '{found.name}' sheet; loads without a mapping"
    else:
        fmt = "unknown; load it with a mapping (draft below)"
    draft = draft_mapping(columns, table.sheet or sheet, table.header_row)
    return Inspection(
        table.where, sheets, table.encoding, table.header_row, rows, columns, fmt, draft
    )


def _label_from_values(examples: list[str]) -> str | None:
    kinds = [SCHEMA.kind_of(v) for v in examples]
    known = [k for k in kinds if k]
    return max(set(known), key=known.count) if known else None


def draft_mapping(columns: list[ColumnInfo], sheet: str | None, header_row: int) -> str:
    """A mapping YAML guessed from headers and values, with a comment per guess."""
    nodes: dict[str, dict[str, object]] = {}
    props: list[tuple[str, str]] = []
    for info in columns:
        if not info.header:
            continue
        key = match_key(info.header)
        hint = next((h for h in _HINTS if any(w in key for w in h[0])), None)
        by_value = _label_from_values(info.examples)
        if hint and hint[3] == "name" and hint[1] not in nodes:
            label = hint[2]
            spec: dict[str, object] = {"name": info.header}
            if SCHEMA.label(label).abstract:
                spec["guess"] = label
            else:
                spec["label"] = label
            nodes[hint[1]] = spec
        elif hint is None and by_value:
            # A known key (school, enterprise …) lets _draft_edges join it to the others.
            key = _key_for(by_value)
            key = key if key and key not in nodes else f"node{len(nodes) + 1}"
            spec = {"label": by_value, "name": info.header}
            if key == "school":
                spec = {"name": info.header, "guess": "School"}
            nodes[key] = spec
        elif hint:
            props.append((hint[3], info.header))
    first = next(iter(nodes), None)
    for role, header in props:
        if role == "label" and "school" in nodes:
            values = dict(partnerships_mapping().nodes["school"].label.values)
            nodes["school"]["label"] = {"column": header, "values": values, "optional": True}
            nodes["school"].setdefault("guess", "School")
        elif role == "code" and "enterprise" in nodes and "信用" in header:
            nodes["enterprise"].setdefault(role, header)
        elif role in ("aliases", "code") and first:
            nodes[first].setdefault(role, header)
        elif role == "kind" and "project" in nodes:
            nodes["project"].setdefault("props", {})["kind"] = header  # type: ignore[index]
        elif role == "region" and first and first != "project" and first != "industry":
            nodes[first].setdefault("props", {})["region"] = header  # type: ignore[index]
    edges = _draft_edges(nodes, next((h for r, h in props if r == "since"), None))
    doc: dict[str, object] = {}
    if sheet:
        doc["sheet"] = sheet
    if header_row > 1:
        doc["header_row"] = header_row
    source = next((h for r, h in props if r == "source"), None)
    doc["source"] = {"title": {"column": source}} if source else {"title": PLACEHOLDER_TITLE}
    doc["nodes"] = nodes or {"node1": {"label": "Enterprise", "name": "（列名）"}}
    head = (
        "# Draft mapping written by `iekg inspect`: check every guess before loading.\n"
        "# Format: data/templates/README.md, section 'Mapping any spreadsheet'.\n"
    )
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    lines = [f"  - {_flow(edge)}" for edge in edges]
    return head + body + "edges:" + ("\n" + "\n".join(lines) if lines else " []") + "\n"


def _key_for(label: str) -> str | None:
    """The draft's node key for a label told by the values (SecondaryVocationalSchool → school)."""
    for key, root in (
        ("school", "School"),
        ("enterprise", "Enterprise"),
        ("alliance", "Alliance"),
        ("project", "Project"),
        ("industry", "Industry"),
    ):
        if SCHEMA.label(label).is_a(root):
            return key
    return None


def _flow(value: object) -> str:
    """One YAML value on one line, e.g. ``[school, PARTNERS_WITH, enterprise]``."""
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000).strip()


def _draft_edges(nodes: dict[str, dict[str, object]], since: str | None) -> list[list[object]]:
    dated = [{"since": since}] if since else []
    edges: list[list[object]] = []
    if "school" in nodes and "enterprise" in nodes:
        edges.append(["school", SCHEMA.rel("PARTNERS_WITH").name, "enterprise", *dated])
    if "project" in nodes:
        for org in ("school", "enterprise", "alliance"):
            if org in nodes:
                edges.append([org, SCHEMA.rel("PARTICIPATES_IN").name, "project", *dated])
        if "industry" in nodes:
            edges.append(["project", SCHEMA.rel("TARGETS_INDUSTRY").name, "industry"])
    elif "industry" in nodes:
        for org in ("enterprise", "school"):
            if org in nodes:
                edges.append([org, SCHEMA.rel("IN_INDUSTRY").name, "industry"])
    if "alliance" in nodes:
        for org in ("school", "enterprise"):
            if org in nodes:
                edges.append([org, SCHEMA.rel("MEMBER_OF").name, "alliance", *dated])
    return edges
