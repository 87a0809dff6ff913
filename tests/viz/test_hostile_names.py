"""Names and titles taken from hostile pages are shown as text and never run."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graph.knowledge_graph import KnowledgeGraph
from graph.records import EdgeRecord, NodeRecord, NodeRef, Provenance
from iekg.cli import cli
from viz import build_view, write_map

from .conftest import Watched

pytestmark = pytest.mark.browser

IMG = "<img src=x onerror=alert(1)>有限公司"
SCRIPT = "</script><script>alert(1)</script>中专"
TEMPLATE = "{{7*7}}联盟"
HREF = 'a href="javascript:alert(1)" 职业技术学院'
LINK = "javascript:alert(1)"


@pytest.fixture(scope="module")
def hostile() -> KnowledgeGraph:
    source = NodeRecord(
        "Source", "<b onmouseover=alert(1)>通知</b>", props={"title": SCRIPT, "url": LINK}
    )
    kg = KnowledgeGraph()
    sid = kg.add_node(source)
    prov = Provenance(sid, sentence='<a href="javascript:alert(1)">点此</a>')
    for label, name in (
        ("Enterprise", IMG),
        ("SecondaryVocationalSchool", SCRIPT),
        ("Alliance", TEMPLATE),
        ("HigherEducationInstitution", HREF),
    ):
        kg.add_node(NodeRecord(label, name, aliases=(name + "别名",), provenance=prov))
    for name in (IMG, SCRIPT, HREF):
        kg.add_edge(EdgeRecord(NodeRef(None, name), "MEMBER_OF", NodeRef(None, TEMPLATE), {}, prov))
    kg.add_edge(
        EdgeRecord(NodeRef(None, IMG), "SIGNED", NodeRef(None, SCRIPT), {"agreement": IMG}, prov)
    )
    return kg


def _no_injected_elements(page: Any) -> None:
    found = page.evaluate(
        """() => {
        const bad = [];
        for (const e of document.querySelectorAll('*')) {
          const tags = ['IMG', 'IFRAME', 'OBJECT', 'EMBED', 'A', 'B'];
          if (tags.includes(e.tagName)) bad.push(e.tagName);
          for (const a of e.attributes) if (a.name.startsWith('on')) bad.push(a.name);
        }
        return [bad, document.scripts.length];
    }"""
    )
    assert found == [[], 3]


@pytest.mark.parametrize(
    ("view", "params"),
    [("connections", {}), ("ego", {"name": IMG, "depth": 2}), ("alliance", {"name": TEMPLATE})],
)
def test_payloads_render_as_text(
    hostile: KnowledgeGraph, view: str, params: dict[str, Any], watched: Watched, tmp_path: Path
) -> None:
    built = build_view(hostile, view, **params)
    page = watched.open(write_map(built, tmp_path / "hostile.html"))
    _no_injected_elements(page)
    assert page.locator("#map-title").inner_text() == built.title
    assert page.title() == built.title
    assert page.locator("#query").inner_text() == built.query
    # The search box finds a payload by its alias, as text.
    page.fill("#search", IMG + "别名")
    assert page.locator("#search-result button").first.inner_text() == IMG
    # Hovering the node shows its name and its source's link as plain text.
    node = next(n["id"] for n in built.nodes if n["name"] == IMG)
    page.evaluate("network.moveTo({scale: 1})")
    spot = page.evaluate(f"network.canvasToDOM(network.getPositions([{node!r}])[{node!r}])")
    box = page.locator("#graph").bounding_box()
    page.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])
    tip = page.locator("div.vis-tooltip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert IMG in text and LINK in text and SCRIPT in text
    _no_injected_elements(page)
    page.wait_for_timeout(300)  # an onerror handler would have fired by now


def test_the_template_expression_is_not_evaluated(hostile: KnowledgeGraph, tmp_path: Path) -> None:
    html = write_map(build_view(hostile, "alliance", name=TEMPLATE), tmp_path / "t.html")
    text = html.read_text(encoding="utf-8")
    assert "{{7*7}}联盟" in text and "49联盟" not in text
    assert "<img src=x" not in text and "<script>alert" not in text


def test_the_demo_map_names_no_external_address(tmp_path: Path) -> None:
    runner = CliRunner()
    for args in (["build"], ["viz", "-o", str(tmp_path / "shaoxing.html")]):
        result = runner.invoke(cli, [*args, "--store", str(tmp_path / "store")])
        assert result.exit_code == 0, result.output
    page = (tmp_path / "shaoxing.html").read_text(encoding="utf-8")
    assert set(re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s\"'<>()]*", page)) <= {
        "http://www.w3.org/2000/svg"
    }
