"""Charts draw Chinese with a real CJK font, as PNG and SVG, from the command line too."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.knowledge_graph import KnowledgeGraph
from graph.records import EdgeRecord, NodeRef
from iekg.cli import cli
from viz.chart_data import alliance_composition, depth_ladder, industry_coverage
from viz.charts import CHARTS, chart, cjk_font, save_chart

# A missing glyph is drawn as an empty box and only warned about: make it fail.
pytestmark = pytest.mark.filterwarnings("error:Glyph:UserWarning")

TITLES = {
    "alliance": "联盟构成 Alliance composition",
    "coverage": "学校 × 产业覆盖\nSchool × industry coverage",
    "depth": "合作深度分布 Depth-ladder distribution",
    "years": "每年新增企业—学校联系 Enterprise–school links per year",
}


@pytest.fixture(scope="module")
def graph(sample_with_alias: KnowledgeGraph) -> KnowledgeGraph:
    """The sample plus two schools taking part in industry projects (for coverage)."""
    kg = KnowledgeGraph.from_dict(sample_with_alias.to_dict())
    for school, project in (
        ("绍兴中专", "高端装备产业数字工匠共育项目"),
        ("绍兴文理学院", "生命健康产业数字工匠共育项目"),
    ):
        kg.add_edge(EdgeRecord(NodeRef(None, school), "PARTICIPATES_IN", NodeRef(None, project)))
    return kg


def test_charts_use_a_chinese_font() -> None:
    assert cjk_font() == "Noto Sans CJK SC"


@pytest.mark.parametrize("name", list(CHARTS))
@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_each_chart_draws_without_missing_glyphs(
    graph: KnowledgeGraph, name: str, suffix: str, tmp_path: Path, artifacts: Path
) -> None:
    figure = chart(graph, name)
    assert figure.axes[0].get_title() == TITLES[name]
    path = save_chart(figure, tmp_path / f"{name}{suffix}")
    head = path.read_bytes()[:8]
    assert head == b"\x89PNG\r\n\x1a\n" if suffix == ".png" else head.startswith(b"<?xml")
    if suffix == ".png":
        save_chart(figure, artifacts / f"chart-{name}.png")


def test_chart_tables_count_what_the_sample_says(graph: KnowledgeGraph) -> None:
    assert alliance_composition(graph).loc["绍兴数字工匠“中高政园企”共育联盟"].to_dict() == {
        "中职": 1,
        "高校": 2,
        "园区": 1,
        "企业": 1,
    }
    coverage = industry_coverage(graph)
    assert coverage.loc["绍兴中专", "高端装备"] == 1
    assert coverage.loc["绍兴文理学院", "生命健康"] == 1
    ladder = depth_ladder(graph).set_index("level")["pairs"].to_dict()
    assert ladder == {0: 11, 1: 0, 2: 0, 3: 0, 4: 0, 5: 1, 6: 0}


def _run(*args: str, store: Path) -> object:
    return CliRunner().invoke(cli, [*args, "--store", str(store)])


def test_iekg_chart_writes_png_and_svg_and_explains_mistakes(tmp_path: Path) -> None:
    assert _run("build", store=tmp_path).exit_code == 0
    out = tmp_path / "depth.svg"
    result = _run("chart", "depth", "-o", str(out), store=tmp_path)
    assert result.output == f"Chart depth written to {out.resolve()}\n"
    assert out.read_text(encoding="utf-8").startswith("<?xml")
    wrong = _run("chart", "depth", "-o", str(tmp_path / "d.pdf"), store=tmp_path)
    assert wrong.exit_code == 1
    assert f"Error: {tmp_path / 'd.pdf'}: write charts as .png or .svg (got .pdf)" in wrong.output
    unknown = _run("chart", "pie", store=tmp_path)
    assert "Error: 'pie' is not a chart; choose one of: alliance, coverage, depth, years" in (
        unknown.output
    )
    empty = _run("chart", "coverage", "-o", str(tmp_path / "c.png"), store=tmp_path)
    assert empty.output == (
        "Error: nothing to chart: no school is tied to an industry in this graph; "
        "load more data or loosen the filters\n"
    )
