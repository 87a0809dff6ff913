"""The documented table format: sheets, their columns, and accepted headers.

One dataset is a folder (or workbook, or JSON object) of sheets that refer
to each other by name. Each column accepts an English and a Chinese header,
so analysts can keep the headers they already use. Kinds accept the schema's
label names and their Chinese names (中职, 高校, 政府, 园区, 企业, 行业组织, 联盟 …).
``data/templates/README.md`` documents the same tables for analysts; a test
keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from graph.schema import SCHEMA
from graph.text import match_key

__all__ = ["SHEETS", "SOURCE_KINDS", "Column", "Sheet", "find_sheet", "kind_label", "rel_type"]


@dataclass(frozen=True)
class Column:
    """One column: canonical name, other accepted headers, required, value check.

    ``check`` names the kind of value the column holds (``date``, ``status``,
    ``kind``, ``type``, ``sourceKind``, ``tier``), checked before any record
    is built so that every bad cell of a row is reported, not just the first.
    """

    name: str
    headers: tuple[str, ...]
    required: bool = False
    check: str | None = None


@dataclass(frozen=True)
class Sheet:
    """One sheet of the format, read in the order of :data:`SHEETS`."""

    name: str
    zh: str
    columns: tuple[Column, ...]

    def header_map(self) -> dict[str, str]:
        """match key of every accepted header -> canonical column name."""
        table = {}
        for column in self.columns:
            for header in (column.name, *column.headers):
                table[match_key(header)] = column.name
        return table

    def headers(self) -> list[str]:
        """Every header text this sheet accepts."""
        return [h for c in self.columns for h in (c.name, *c.headers)]


def _c(name: str, *headers: str, required: bool = False, check: str | None = None) -> Column:
    return Column(name, headers, required, check)


_SOURCE = _c("source", "来源", "出处", "source_ref", "来源编号")
_SINCE = _c("since", "开始", "开始时间", "签约时间", "任职时间", check="date")
_UNTIL = _c("until", "结束", "结束时间", check="endDate")
_STATUS = _c("status", "状态", check="status")
SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "sources",
        "来源",
        (
            _c("key", "编号", "来源编号", required=True),
            _c("title", "标题", required=True),
            _c("url", "网址", "链接"),
            _c("publisher", "发布者", "发布单位"),
            _c("date", "日期", "发布日期", check="date"),
            _c("kind", "类型", "来源类型", check="sourceKind"),
            _c("tier", "等级", "可信等级", check="tier"),
            _c("path", "文件"),
        ),
    ),
    Sheet(
        "regions",
        "地区",
        (
            _c("name", "名称", "地区", required=True),
            _c("level", "层级"),
            _c("parent", "上级", "上级地区"),
            _SOURCE,
        ),
    ),
    Sheet(
        "organizations",
        "组织",
        (
            _c("name", "名称", "单位名称", required=True),
            _c("kind", "类型", "类别", required=True, check="kind"),
            _c("aliases", "别名", "简称"),
            _c("region", "地区", "所在地"),
            _c("code", "统一代码", "统一社会信用代码", "学校标识码"),
            _c("industries", "产业", "行业"),
            _SOURCE,
        ),
    ),
    Sheet(
        "people",
        "人物",
        (
            _c("name", "姓名", required=True),
            _c("organization", "单位", "任职单位"),
            _c("title", "职务"),
            _SINCE,
            _UNTIL,
            _c("role", "身份"),
            _SOURCE,
        ),
    ),
    Sheet(
        "projects",
        "项目",
        (
            _c("name", "名称", "项目名称", required=True),
            _c("kind", "类型", "项目类型"),
            _c("industries", "产业", "面向产业"),
            _c("since", "开始", "时间", "开始时间", check="date"),
            _SOURCE,
        ),
    ),
    Sheet(
        "events",
        "活动",
        (
            _c("name", "名称", "活动名称", required=True),
            _c("kind", "类型"),
            _c("date", "日期", "时间", check="date"),
            _c("place", "地点"),
            _SOURCE,
        ),
    ),
    Sheet(
        "members",
        "成员",
        (
            _c("alliance", "联盟", "联合体", "共同体", "联盟名称", required=True),
            _c("member", "成员", "成员单位", required=True),
            _c("role", "角色", "成员角色"),
            _SINCE,
            _UNTIL,
            _STATUS,
            _SOURCE,
        ),
    ),
    Sheet(
        "relationships",
        "关系",
        (
            _c("from", "起点", "主体", required=True),
            _c("type", "关系", "关系类型", required=True, check="type"),
            _c("to", "终点", "对象", required=True),
            _c("role", "角色"),
            _c("title", "职务"),
            _SINCE,
            _UNTIL,
            _STATUS,
            _c("agreement", "协议"),
            _c("date", "日期", check="date"),
            _SOURCE,
        ),
    ),
    Sheet(
        "designations",
        "认定",
        (
            _c("name", "名称", "单位名称", "企业名称", "城市", required=True),
            _c("designation", "认定类型", "称号", "名单", required=True),
            _c("kind", "类型", "单位类型", check="designatedKind"),
            _c("batch", "批次"),
            _c("document", "文号", "发文字号", "文件"),
            _c("date", "日期", "公布日期", "认定时间", check="date"),
            _c("issuer", "发布单位", "认定机关"),
            _c("level", "级别"),
            _SOURCE,
        ),
    ),
)

#: Source kinds (English canonical name, Chinese names) and their default tier:
#: 1 official (a government notice or official list), 2 an organisation
#: speaking for itself, 3 media, 4 anything else (an analyst's own table).
SOURCE_KINDS: dict[str, tuple[tuple[str, ...], int]] = {
    "official list": (("官方名单", "公示名单", "名单"), 1),
    "government notice": (("政府通知", "政府公告", "通知", "公告", "政府文件"), 1),
    "school news": (("学校新闻", "学校官网", "校园新闻"), 2),
    "enterprise announcement": (("企业公告", "企业新闻", "企业官网"), 2),
    "media": (("媒体", "媒体报道", "新闻报道", "新闻"), 3),
    "table": (("表格", "统计表", "汇总表"), 4),
    "article": (("文章",), 3),
}


@cache  # called for every row of big files; the answer depends on the text only
def source_kind(value: str) -> tuple[str, int] | None:
    """The canonical source kind and its default tier, or None.

    >>> source_kind("政府通知"), source_kind("Media")
    (('government notice', 1), ('media', 3))
    """
    key = match_key(value)
    for kind, (names, tier) in SOURCE_KINDS.items():
        if key in {match_key(n) for n in (kind, *names)}:
            return kind, tier
    return None


def find_sheet(name: str) -> Sheet | None:
    """The sheet a file stem or workbook sheet name stands for (English or Chinese)."""
    key = match_key(name)
    return next((s for s in SHEETS if key in (match_key(s.name), match_key(s.zh))), None)


@cache
def kind_label(value: str) -> str | None:
    """The schema label a kind cell names (label, zh, short or en name), or None.

    >>> kind_label("中职"), kind_label("Enterprise"), kind_label("高校")
    ('SecondaryVocationalSchool', 'Enterprise', 'HigherEducationInstitution')
    """
    key = match_key(value)
    for name in SCHEMA.concrete_labels:
        label = SCHEMA.labels[name]
        names = (name, label.zh, label.short, label.en, *label.zh.split("/"))
        if key in {match_key(n) for n in names}:
            return name
    return None


@cache
def rel_type(value: str) -> str | None:
    """The relationship type a cell names (TYPE, lower case, zh or en), or None.

    >>> rel_type("member_of"), rel_type("合作"), rel_type("works at")
    ('MEMBER_OF', 'PARTNERS_WITH', 'WORKS_AT')
    """
    key = match_key(value)
    for name, rel in SCHEMA.relationships.items():
        if key in {match_key(n) for n in (name, rel.zh, rel.en, *rel.zh.split("/"))}:
            return name
    return None
