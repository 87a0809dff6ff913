"""The year slider, big views with a precomputed layout, and the inline notebook map."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from graph.knowledge_graph import KnowledgeGraph
from graph.records import EdgeRecord, NodeRecord, NodeRef
from viz import build_view, show, write_map
from viz.html_map import LAYOUT_THRESHOLD

from .conftest import Watched, wait_ready

pytestmark = pytest.mark.browser


def _partnerships(pairs: list[tuple[str, str, str]]) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    for firm, school, since in pairs:
        kg.add_node(NodeRecord("Enterprise", firm))
        kg.add_node(NodeRecord("HigherEducationInstitution", school))
        kg.add_edge(
            EdgeRecord(NodeRef(None, firm), "SIGNED", NodeRef(None, school), {"since": since})
        )
    return kg


def test_the_year_slider_hides_links_made_later(watched: Watched, tmp_path: Path) -> None:
    kg = _partnerships(
        [("甲有限公司", "一职业技术学院", "2019-05"), ("乙有限公司", "二职业技术学院", "2023")]
    )
    view = build_view(kg, "connections")
    page = watched.open(write_map(view, tmp_path / "years.html"))
    slider = page.locator("#year")
    assert [slider.get_attribute("min"), slider.get_attribute("max")] == ["2019", "2023"]
    assert slider.input_value() == "2023"
    slider.fill("2020")
    assert (
        page.locator("#year-label").inner_text()
        == "截至 up to 2020（无日期的始终显示 undated always shown）"
    )
    hidden = page.evaluate("network.body.data.edges.get({filter: e => e.hidden}).map(e => e.year)")
    assert hidden == [2023]
    slider.fill("2023")
    assert page.evaluate("network.body.data.edges.get({filter: e => e.hidden}).length") == 0


def test_a_big_view_arrives_laid_out_with_physics_off(watched: Watched, tmp_path: Path) -> None:
    pairs = [
        (f"企业{i:04d}有限公司", f"学校{i % 150:03d}职业技术学院", "2023") for i in range(1000)
    ]
    view = build_view(_partnerships(pairs), "connections")
    assert view.node_count == 1150 > LAYOUT_THRESHOLD and view.big
    path = write_map(view, tmp_path / "big.html")
    block = re.search(
        r'<script id="iekg-data" type="application/json">(.*?)</script>',
        path.read_text(encoding="utf-8"),
        re.S,
    )
    data = json.loads(block.group(1))
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert data["options"]["physics"]["enabled"] is False
    assert data["options"]["layout"]["improvedLayout"] is False
    assert data["options"]["edges"]["smooth"] is False
    page = watched.open(path)
    assert page.evaluate("network.body.data.nodes.length") == 1150
    first = data["nodes"][0]
    where = page.evaluate(f"network.getPositions([{first['id']!r}])[{first['id']!r}]")
    # vis-network reports positions rounded to whole pixels.
    assert abs(where["x"] - first["x"]) <= 1 and abs(where["y"] - first["y"]) <= 1
    assert "布局已预先计算 layout precomputed" in page.locator("#map-made").inner_text()


def test_the_notebook_map_is_an_escaped_iframe_that_works(
    shaoxing: KnowledgeGraph, watched: Watched, tmp_path: Path
) -> None:
    shown = show(shaoxing, "ego", name="绍兴中专", depth=1)
    tag = shown.data
    assert tag.startswith('<div class="iekg-map"><iframe srcdoc="&lt;!DOCTYPE html&gt;')
    page_text = html.unescape(re.search(r'srcdoc="([^"]*)"', tag).group(1))
    assert 'http-equiv="Content-Security-Policy"' in page_text
    host = tmp_path / "notebook.html"
    host.write_text(f"<!DOCTYPE html><meta charset='utf-8'><body>{tag}</body>", encoding="utf-8")
    watched.page.goto(host.as_uri())
    frame = watched.page.frame_locator("iframe")
    assert frame.locator("#map-title").inner_text() == "周边 Around one name: 绍兴中专 (1 步 hops)"
    inner = watched.page.frames[1]
    wait_ready(inner)
    expected = build_view(shaoxing, "ego", name="绍兴中专", depth=1).node_count
    assert inner.evaluate("network.body.data.nodes.length") == expected
