"""Charts for reports: the tables of :mod:`viz.chart_data`, drawn with matplotlib.

matplotlib is imported only when a chart is drawn. Chinese needs a CJK font:
without one matplotlib draws empty boxes and merely warns, so
:func:`cjk_font` refuses to draw and says which package to install. SVG
output keeps text as paths, so a reader's computer needs no Chinese font.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from graph.errors import IekgError, QueryError
from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from viz.chart_data import alliance_composition, depth_ladder, industry_coverage, links_per_year
from viz.filters import restrict
from viz.style import DEPTH_COLOURS

__all__ = ["CHARTS", "FONT_FAMILIES", "chart", "cjk_font", "save_chart"]

#: CJK font families tried in order (Debian's fonts-noto-cjk first).
FONT_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei")
SUFFIXES = (".png", ".svg")


def cjk_font() -> str:
    """Set matplotlib up for Chinese and return the font family used."""
    import matplotlib
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    family = next((f for f in FONT_FAMILIES if f in installed), None)
    if family is None:
        raise IekgError(
            "no Chinese font found for charts (tried "
            + ", ".join(FONT_FAMILIES)
            + "); install one: sudo apt-get install fonts-noto-cjk"
        )
    matplotlib.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["svg.fonttype"] = "path"
    return family


def _figure(width: float, height: float) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    cjk_font()
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.subplots()


def _empty(what: str) -> QueryError:
    return QueryError(f"nothing to chart: {what}; load more data or loosen the filters")


def _alliance(kg: KnowledgeGraph, **params: Any) -> Any:
    frame = alliance_composition(restrict(kg, **params))
    if frame.empty:
        raise _empty("no alliance has members in this graph")
    fig, ax = _figure(10, 1.6 + 0.5 * len(frame))
    colours = {lab.short or lab.zh: lab.colour for lab in SCHEMA.labels.values()}
    left = [0] * len(frame)
    for kind in frame.columns:
        values = frame[kind].tolist()
        ax.barh(frame.index, values, left=left, height=0.7, color=colours[kind], label=kind)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel("成员数 members")
    ax.set_title("联盟构成 Alliance composition")
    ax.legend(title="类别 kind", loc="upper left", bbox_to_anchor=(1.01, 1))
    return fig


def _coverage(kg: KnowledgeGraph, **params: Any) -> Any:
    frame = industry_coverage(restrict(kg, **params))
    if frame.empty:
        raise _empty("no school is tied to an industry in this graph")
    fig, ax = _figure(max(7.0, 2.5 + 0.7 * frame.shape[1]), 2 + 0.45 * frame.shape[0])
    image = ax.imshow(frame.to_numpy(), cmap="Blues", aspect="auto", vmin=0)
    ax.set_xticks(range(frame.shape[1]), frame.columns, rotation=40, ha="right")
    ax.set_yticks(range(frame.shape[0]), frame.index)
    for (row, col), value in pd.DataFrame(frame.to_numpy()).stack().items():
        if value:
            ax.text(col, row, str(value), ha="center", va="center", fontsize=9)
    ax.set_title("学校 × 产业覆盖\nSchool × industry coverage")
    fig.colorbar(image, ax=ax, label="联系数 links")
    return fig


def _depth(kg: KnowledgeGraph, **params: Any) -> Any:
    frame = depth_ladder(kg, **params)
    fig, ax = _figure(9, 4.5)
    colours = [DEPTH_COLOURS[min(lv, len(DEPTH_COLOURS) - 1)] for lv in frame["level"]]
    ax.barh(frame["rung"], frame["pairs"], color=colours)
    for y, value in enumerate(frame["pairs"]):
        ax.text(value, y, f" {value}", va="center", fontsize=9)
    ax.set_xlabel("企业—学校对数 enterprise–school pairs")
    ax.set_title("合作深度分布 Depth-ladder distribution")
    return fig


def _years(kg: KnowledgeGraph, **params: Any) -> Any:
    frame = links_per_year(kg, **params)
    if frame.empty:
        raise _empty("no enterprise–school link has a date")
    fig, ax = _figure(max(6, 1 + 0.6 * len(frame)), 4.5)
    bottom = [0] * len(frame)
    for level in frame.columns:
        values = frame[level].tolist()
        ax.bar(
            [str(y) for y in frame.index],
            values,
            bottom=bottom,
            color=DEPTH_COLOURS[min(int(level), len(DEPTH_COLOURS) - 1)],
            label=f"深度 depth {level}",
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel("新增联系 new links")
    ax.set_title("每年新增企业—学校联系 Enterprise–school links per year")
    ax.legend()
    return fig


#: Chart name -> (drawing function, what it shows).
CHARTS: dict[str, tuple[Callable[..., Any], str]] = {
    "alliance": (_alliance, "联盟构成 members of each alliance by kind"),
    "coverage": (_coverage, "学校×产业覆盖 school × industry coverage heatmap"),
    "depth": (_depth, "合作深度分布 pairs per rung of the depth ladder"),
    "years": (_years, "每年新增联系 enterprise–school links per year"),
}
_ALIASES = {
    "alliance-composition": "alliance",
    "industry-coverage": "coverage",
    "depth-ladder": "depth",
    "links-per-year": "years",
}


def chart(kg: KnowledgeGraph, name: str, **params: Any) -> Any:
    """The matplotlib Figure of chart ``name`` (a Figure displays itself in notebooks).

    Filters: ``region``, ``industry`` and ``as_of`` for every chart (passed to
    the connections question for depth and years).
    """
    key = _ALIASES.get(name, name)
    if key not in CHARTS:
        choices = ", ".join([*CHARTS, *_ALIASES])
        raise QueryError(f"{name!r} is not a chart; choose one of: {choices}")
    given = {k: v for k, v in params.items() if v not in (None, "")}
    return CHARTS[key][0](kg, **given)


def save_chart(fig: Any, path: Path) -> Path:
    """Write a Figure as PNG or SVG, chosen by the file's suffix."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise QueryError(f"{path}: write charts as .png or .svg (got {path.suffix or 'none'})")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=150)
    return path
