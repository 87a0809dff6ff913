"""The documented table format: sheets, their columns, and accepted headers.

One dataset is a folder (or workbook) of sheets that refer to each other by
name. Each column accepts an English and a Chinese header, so analysts can
keep the headers they already use. Kinds accept the schema's label names and
their Chinese names (中职, 高校, 政府, 园区, 企业, 行业组织, 联盟 …).
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.schema import SCHEMA
from graph.text import match_key

__all__ = ["SHEETS", "Column", "Sheet", "kind_label"]


@dataclass(frozen=True)
class Column:
    """One column: its canonical name, other accepted headers, and whether required."""

    name: str
    headers: tuple[str, ...]
    required: bool = False


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


def _c(name: str, *headers: str, required: bool = False) -> Column:
    return Column(name, headers, required)


_SOURCE = _c("source", "来源", "出处", "source_ref")
SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "sources",
        "来源",
        (
            _c("key", "编号", "来源编号", required=True),
            _c("title", "标题", required=True),
            _c("url", "网址", "链接"),
            _c("publisher", "发布者", "发布单位"),
            _c("date", "日期", "发布日期"),
            _c("kind", "类型"),
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
            _c("kind", "类型", "类别", required=True),
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
            _c("since", "开始", "任职时间"),
            _c("until", "结束"),
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
            _c("since", "开始", "时间"),
            _SOURCE,
        ),
    ),
    Sheet(
        "events",
        "活动",
        (
            _c("name", "名称", "活动名称", required=True),
            _c("kind", "类型"),
            _c("date", "日期", "时间"),
            _c("place", "地点"),
            _SOURCE,
        ),
    ),
    Sheet(
        "relationships",
        "关系",
        (
            _c("from", "起点", "主体", required=True),
            _c("type", "关系", "关系类型", required=True),
            _c("to", "终点", "对象", required=True),
            _c("role", "角色"),
            _c("title", "职务"),
            _c("since", "开始", "签约时间"),
            _c("until", "结束"),
            _c("status", "状态"),
            _c("agreement", "协议"),
            _c("date", "日期"),
            _SOURCE,
        ),
    ),
)


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
