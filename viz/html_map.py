"""One offline, self-contained HTML file per map.

pyvis builds the vis-network options and ships the vis-network library; the
page itself comes from our own template because pyvis's pulls Bootstrap from
a CDN and pastes some texts unescaped (see the project notes). Data travels
as one JSON block (``tojson`` escapes ``<``, ``>`` and ``&``), and the page's
script only ever sets text with ``textContent``; a Content-Security-Policy
forbids every network request.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["MapView", "render_map", "write_map"]

TEMPLATES = Path(__file__).with_name("templates")
_URL = re.compile(r"https?://([^\s\"'()<>]+)")
_KEEP = frozenset({"http://www.w3.org/2000/svg"})


@dataclass
class MapView:
    """Everything a map shows: nodes, edges, legend, and what produced it."""

    title: str
    subtitle: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    legend: list[dict[str, Any]]
    query: str
    edge_legend: list[dict[str, str]] = field(default_factory=list)
    physics: bool = True
    made: str = field(default_factory=lambda: dt.datetime.now().strftime("%Y-%m-%d %H:%M"))

    @property
    def node_count(self) -> int:
        return len(self.nodes)

    @property
    def edge_count(self) -> int:
        return len(self.edges)


def _options(view: MapView) -> dict[str, Any]:
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")
    if view.physics:
        net.barnes_hut(gravity=-6000, spring_length=160)
    else:
        net.toggle_physics(False)
    options: dict[str, Any] = json.loads(net.options.to_json())
    options.setdefault("interaction", {}).update(hover=True, tooltipDelay=150)
    options.setdefault("edges", {}).update(smooth=view.physics)
    options.setdefault("layout", {}).update(improvedLayout=view.physics and len(view.nodes) < 500)
    options.setdefault("nodes", {}).update(font={"size": 14, "face": "sans-serif"})
    return options


def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # Keep the inlined script from ending the <script> element early, and take
    # the scheme off the URLs in its licence comments and error texts so the
    # page names no address a reader's browser could be sent to. The SVG
    # namespace is an identifier, not a request, and must stay as it is.
    js = _URL.sub(lambda m: m.group(0) if m.group(0) in _KEEP else m.group(1), js)
    return js.replace("</script", "<\\/script"), css.replace("</style", "<\\/style")


def render_map(view: MapView, file_stem: str = "iekg-map") -> str:
    """The page as a string."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    vis_js, vis_css = _vis_assets()
    data = {
        "nodes": view.nodes,
        "edges": view.edges,
        "legend": view.legend,
        "edge_legend": view.edge_legend,
        "options": _options(view),
        "file_stem": file_stem,
    }
    map_js = (TEMPLATES / "map.js").read_text(encoding="utf-8")
    return env.get_template("map.html").render(
        view=view, data=data, vis_js=vis_js, vis_css=vis_css, map_js=map_js
    )


def write_map(view: MapView, path: Path) -> Path:
    """Write the page to ``path`` as UTF-8 (pyvis would use the platform encoding)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_map(view, path.stem), encoding="utf-8")
    return path
