"""The templates in ``data/templates/``, written from the format's own declaration.

Templates that drift from what the loader accepts are worse than none, so
they are generated from :data:`loaders.table_format.SHEETS` and the built-in
partnerships mapping, in English and in Chinese headers, as CSV folders and
as workbooks; a test regenerates them and compares. Each sheet has an
example row taken from the Shaoxing sample, which loads as it is. The
designation and its list are made up: their cells are placeholders
(``示例…``, ``（文号）``) that the loader refuses, so an example row left in
place can never load as a fact.

Regenerate with ``python -m loaders.templates data/templates``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from loaders.partnerships import partnerships_mapping
from loaders.table_format import SHEETS, Sheet
from loaders.validation import is_placeholder

__all__ = [
    "EXAMPLES",
    "MADE_UP",
    "PARTNERSHIP_COLUMNS",
    "TEMPLATES_PATH",
    "template_rows",
    "write_templates",
]

TEMPLATES_PATH = Path(__file__).resolve().parent.parent / "data" / "templates"
_SEED = "绍兴数字工匠“中高政园企”共育联盟成立大会召开"
_ALLIANCE = "绍兴数字工匠“中高政园企”共育联盟"
_ZHONGKE = "绍兴中科通信设备有限公司"
_HOLDER, _DOCUMENT, _ISSUER, _LIST = (
    "示例科技有限公司",
    "（文号）",
    "（发布单位）",
    "（认定名单标题）",
)
#: The made-up cells: each must be a placeholder the loader refuses.
MADE_UP = (_HOLDER, _DOCUMENT, _ISSUER, _LIST)
#: sheet -> example rows ({canonical column: value}); all from the Shaoxing sample
#: except the designation and its list, whose placeholders make their rows unloadable.
EXAMPLES: dict[str, list[dict[str, str]]] = {
    "sources": [
        {
            "key": "seed",
            "title": _SEED,
            "publisher": "蓝媒教育",
            "date": "2023-11",
            "kind": "media",
        },
        {"key": "list", "title": _LIST, "kind": "official list"},
    ],
    "regions": [
        {"name": "浙江省", "level": "province", "source": "seed"},
        {"name": "绍兴市", "level": "city", "parent": "浙江省", "source": "seed"},
    ],
    "organizations": [
        {"name": "绍兴中专", "kind": "中职", "region": "绍兴市", "source": "seed"},
        {"name": _ZHONGKE, "kind": "企业", "region": "绍兴市", "source": "seed"},
        {"name": _ALLIANCE, "kind": "联盟", "aliases": "绍兴数字工匠共育联盟", "source": "seed"},
    ],
    "people": [{"name": "於芳", "organization": "绍兴中专", "title": "党委书记", "source": "seed"}],
    "projects": [
        {"name": "王苗庆创新工作站", "kind": "创新工作站", "since": "2023-11-10", "source": "seed"}
    ],
    "events": [
        {
            "name": "绍兴数字工匠“中高政园企”共育联盟成立大会",
            "kind": "成立大会",
            "date": "2023-11-10",
            "place": "绍兴中专",
            "source": "seed",
        }
    ],
    "members": [
        {"alliance": _ALLIANCE, "member": "绍兴中专", "since": "2023-11-10", "source": "seed"}
    ],
    "relationships": [
        {
            "from": _ZHONGKE,
            "type": "SIGNED",
            "to": "绍兴中专",
            "since": "2023-11-10",
            "status": "current",
            "agreement": "王苗庆创新工作站揭牌",
            "source": "seed",
        }
    ],
    "designations": [
        {
            "name": _HOLDER,
            "designation": "国家产教融合型企业",
            "kind": "企业",
            "batch": "第一批",
            "document": _DOCUMENT,
            "date": "2023-06",
            "issuer": _ISSUER,
            "source": "list",
        }
    ],
}
#: (English header, Chinese header, example) for the partnerships sheet.
PARTNERSHIP_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("school", "学校", "绍兴中专"),
    ("school kind", "学校类型", "中职"),
    ("enterprise", "企业", _ZHONGKE),
    ("enterprise code", "统一社会信用代码", ""),
    ("project", "项目", "王苗庆创新工作站"),
    ("project kind", "项目类型", "创新工作站"),
    ("industry", "产业", ""),
    ("date", "日期", "2023-11-10"),
    ("source", "来源", _SEED),
    ("source kind", "来源类型", "媒体"),
)


def _header(sheet: Sheet, zh: bool) -> list[str]:
    return [c.headers[0] if zh and c.headers else c.name for c in sheet.columns]


def template_rows(zh: bool) -> dict[str, list[list[str]]]:
    """file stem -> rows (header first) for every template sheet."""
    _check_placeholders()
    out = {}
    for sheet in SHEETS:
        rows = [[row.get(c.name, "") for c in sheet.columns] for row in EXAMPLES[sheet.name]]
        out[sheet.zh if zh else sheet.name] = [_header(sheet, zh), *rows]
    headers = [zh_name if zh else en for en, zh_name, _ in PARTNERSHIP_COLUMNS]
    _check_partnership_headers(headers)
    out["校企合作" if zh else "partnerships"] = [headers, [e for *_, e in PARTNERSHIP_COLUMNS]]
    return out


def _check_placeholders() -> None:
    loadable = [v for v in MADE_UP if not is_placeholder(v)]
    if loadable:  # pragma: no cover - a bug in MADE_UP
        raise ValueError(f"made-up template cells the loader would take as data: {loadable}")


def _check_partnership_headers(headers: list[str]) -> None:
    accepted = {c for _, spec in partnerships_mapping().column_specs() for c in spec.columns}
    unknown = [h for h in headers if h not in accepted]
    if unknown:  # pragma: no cover - a bug in PARTNERSHIP_COLUMNS
        raise ValueError(f"partnerships template headers not accepted: {unknown}")


def write_templates(folder: Path = TEMPLATES_PATH) -> list[Path]:
    """Write ``en/`` and ``zh/`` CSV folders and the two workbooks; return the paths."""
    import openpyxl

    written = []
    for zh, name in ((False, "en"), (True, "zh")):
        target = folder / name
        target.mkdir(parents=True, exist_ok=True)
        book = openpyxl.Workbook()
        book.remove(book.active)
        for stem, rows in template_rows(zh).items():
            path = target / f"{stem}.csv"
            with path.open("w", encoding="utf-8-sig", newline="") as handle:
                csv.writer(handle, lineterminator="\n").writerows(rows)
            written.append(path)
            sheet = book.create_sheet(stem)
            for row in rows:
                sheet.append(row)
        workbook = folder / f"iekg-template-{name}.xlsx"
        book.save(workbook)
        written.append(workbook)
    return written


if __name__ == "__main__":  # pragma: no cover
    for path in write_templates(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATES_PATH):
        print(path)
