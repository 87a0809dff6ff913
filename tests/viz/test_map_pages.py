"""Every map view, opened offline in headless Chromium, does what the reader expects."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from graph.knowledge_graph import KnowledgeGraph
from graph.records import EdgeRecord, NodeRef
from graph.schema import SCHEMA
from viz import build_view, write_map

from .conftest import ALIAS, Watched

pytestmark = pytest.mark.browser

VIEWS = {
    "connections": {},
    "ego": {"name": "绍兴中专", "depth": 1},
    "alliance": {"name": "共育联盟"},
    "path": {"a": "绍兴中专", "b": "绍兴文理学院"},
    "industry": {"name": "高端装备"},
    "overview": {},
}


@pytest.fixture(scope="module")
def graph(sample_with_alias: KnowledgeGraph) -> KnowledgeGraph:
    # The sample names no industry for 绍兴中专; give it one so the industry view shows it.
    kg = KnowledgeGraph.from_dict(sample_with_alias.to_dict())
    industry = NodeRef("Industry", "高端装备")
    kg.add_edge(EdgeRecord(NodeRef(None, "绍兴中专"), "IN_INDUSTRY", industry))
    return kg


@pytest.fixture(params=list(VIEWS), scope="module")
def page_file(request: Any, graph: KnowledgeGraph, tmp_path_factory: Any) -> tuple[str, Any, Path]:
    name = request.param
    view = build_view(graph, name, **VIEWS[name])
    path = write_map(view, tmp_path_factory.mktemp("maps") / f"{name}.html")
    return name, view, path


def _school(view: Any) -> str:
    return next(n["id"] for n in view.nodes if n["name"] == "绍兴中专")


def test_the_page_shows_the_views_nodes_lines_and_kinds(
    page_file: tuple[str, Any, Path], watched: Watched, artifacts: Path
) -> None:
    name, view, path = page_file
    page = watched.open(path)
    counts = page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]")
    assert counts == [view.node_count, view.edge_count]
    legend = page.locator("#legend .legend-row").all_inner_texts()
    present = {n["group"] for n in view.nodes}
    assert [t.strip() for t in legend] == [
        f"{lab.zh} {lab.en} ({sum(n['group'] == key for n in view.nodes)})"
        for key, lab in SCHEMA.labels.items()
        if key in present
    ]
    assert page.locator("#map-title").inner_text() == view.title
    assert "生成于 Made on" in page.locator("#map-made").inner_text()
    assert page.locator("#query").inner_text() == view.query
    page.wait_for_timeout(600)
    page.screenshot(path=str(artifacts / f"map-{name}.png"))


def test_search_finds_the_school_by_its_alias_and_focuses_it(
    page_file: tuple[str, Any, Path], watched: Watched
) -> None:
    _, view, path = page_file
    page = watched.open(path)
    page.fill("#search", ALIAS[2:6])  # part of the alias: 中等专业
    school = _school(view)
    assert page.evaluate("network.getSelectedNodes()") == [school]
    assert page.locator("#search-result button").first.inner_text() == "绍兴中专"
    centre = page.evaluate("network.getViewPosition()")
    node = page.evaluate(f"network.getPositions([{school!r}])[{school!r}]")
    assert abs(centre["x"] - node["x"]) < 1 and abs(centre["y"] - node["y"]) < 1


def test_a_kind_filter_hides_exactly_that_kind(
    page_file: tuple[str, Any, Path], watched: Watched
) -> None:
    _, view, path = page_file
    page = watched.open(path)
    kind = view.legend[0]["label"]
    page.locator(f'#legend input[data-kind="{kind}"]').uncheck()
    hidden = page.evaluate(
        "network.body.data.nodes.get({filter: n => n.hidden}).map(n => n.id).sort()"
    )
    assert hidden == sorted(n["id"] for n in view.nodes if n["group"] == kind)
    page.locator(f'#legend input[data-kind="{kind}"]').check()
    assert page.evaluate("network.body.data.nodes.get({filter: n => n.hidden}).length") == 0


def test_the_png_button_saves_a_picture(page_file: tuple[str, Any, Path], watched: Watched) -> None:
    _, _, path = page_file
    page = watched.open(path)
    with page.expect_download() as download:
        page.click("#save-png")
    assert download.value.suggested_filename == f"{path.stem}.png"
    url = page.evaluate("window.iekgLastPng")
    assert url.startswith("data:image/png;base64,")
    png = base64.b64decode(url.split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000
