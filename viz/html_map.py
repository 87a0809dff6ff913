"""One offline, self-contained HTML file per map.

pyvis gives the vis-network options and ships the vis-network library; the
page itself comes from our own template because pyvis's pulls Bootstrap from
a CDN and pastes some texts unescaped (see the project notes). Data travels
as one JSON block (``tojson`` escapes ``<``, ``>`` and ``&``), the page's
script only ever sets text with ``textContent``, and a Content-Security-Policy
forbids every network request.

Big views stay usable: above :data:`LAYOUT_THRESHOLD` nodes the positions are
computed in Python (:mod:`viz.layout`) and physics, the improved layout and
smooth lines are off; above :data:`MAX_NODES` the view is refused with a
message saying how to narrow it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import IekgError

__all__ = [
    "LAYOUT_THRESHOLD",
    "MAX_EDGES",
    "MAX_NODES",
    "MapTooLarge",
    "MapView",
    "check_size",
    "render_map",
    "write_map",
]

TEMPLATES = Path(__file__).with_name("templates")
#: Above this many nodes the browser gets positions instead of physics.
LAYOUT_THRESHOLD = 1000
#: Above these, a map is refused: it would take minutes to open and show a hairball.
MAX_NODES = 10_000
MAX_EDGES = 30_000
# In a big view, names are drawn only once zoomed in enough to read them:
# drawing thousands of unreadable Chinese labels was most of every frame.
_LABELS_BIG = {"enabled": True, "min": 14, "max": 14, "drawThreshold": 7}
_URL = re.compile(r"https?://([^\s\"'()<>]+)")
_KEEP = frozenset({"http://www.w3.org/2000/svg"})


class MapTooLarge(IekgError):
    """A view has more nodes or lines than a browser can show usefully."""


@dataclass
class MapView:
    """Everything a map shows: nodes, lines, legends, filters, and what produced it."""

    title: str
    subtitle: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    legend: list[dict[str, Any]]
    query: str
    params: dict[str, Any] = field(default_factory=dict)
    edge_legend: list[dict[str, str]] = field(default_factory=list)
    edge_filters: list[dict[str, Any]] = field(default_factory=list)
    made: str = field(default_factory=lambda: dt.datetime.now().strftime("%Y-%m-%d %H:%M"))

    @property
    def node_count(self) -> int:
        return len(self.nodes)

    @property
    def edge_count(self) -> int:
        return len(self.edges)

    @property
    def big(self) -> bool:
        """Whether the layout is computed in Python rather than by the browser."""
        return self.node_count > LAYOUT_THRESHOLD


def check_size(nodes: int, edges: int, what: str, narrow: str) -> None:
    """Refuse a view above :data:`MAX_NODES` / :data:`MAX_EDGES`, saying what to filter.

    >>> check_size(20_000, 5, "overview", "use --region")
    Traceback (most recent call last):
    ...
    viz.html_map.MapTooLarge: the overview would draw 20,000 nodes and 5 lines; a map stays \
usable up to 10,000 nodes and 30,000 lines. Narrow it: use --region
    """
    if nodes > MAX_NODES or edges > MAX_EDGES:
        raise MapTooLarge(
            f"the {what} would draw {nodes:,} nodes and {edges:,} lines; a map stays usable "
            f"up to {MAX_NODES:,} nodes and {MAX_EDGES:,} lines. Narrow it: {narrow}"
        )


def _options(view: MapView) -> dict[str, Any]:
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")
    if view.big:
        net.toggle_physics(False)
    else:
        net.barnes_hut(gravity=-6000, spring_length=160)
    options: dict[str, Any] = json.loads(net.options.to_json())
    options.setdefault("interaction", {}).update(
        hover=True, tooltipDelay=150, hideEdgesOnDrag=view.big, hideEdgesOnZoom=view.big
    )
    options.setdefault("edges", {}).update(smooth=not view.big, color={"inherit": False})
    options.setdefault("layout", {}).update(improvedLayout=not view.big and view.node_count < 500)
    options.setdefault("nodes", {}).update(
        font={"size": 14, "face": "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"},
        scaling={"min": 10, "max": 40, "label": _LABELS_BIG if view.big else {"enabled": False}},
    )
    return options


def _placed(view: MapView) -> list[dict[str, Any]]:
    """The nodes, with fixed positions when the view is big."""
    if not view.big:
        return view.nodes
    from viz.layout import positions

    pos = positions([n["id"] for n in view.nodes], [(e["from"], e["to"]) for e in view.edges])
    return [{**n, "x": pos[n["id"]][0], "y": pos[n["id"]][1]} for n in view.nodes]


def _lean(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items without empty fields or a label equal to the name (the page fills them in).

    A big map carries tens of thousands of items; every byte is parsed before
    the first picture.
    """
    out = []
    for item in items:
        lean = {k: v for k, v in item.items() if v is not None and v != []}
        if "name" in lean and lean.get("label") == lean["name"]:
            del lean["label"]
        out.append(lean)
    return out


def _thinned(view: MapView) -> list[dict[str, Any]]:
    """The lines, at most 3 px wide in a big view: thick lines cost more on every frame."""
    if not view.big:
        return view.edges
    return [{**e, "width": round(1 + (e.get("width", 1) - 1) / 3.5, 2)} for e in view.edges]


def _shared_sources(items: list[dict[str, Any]], table: dict[str, int]) -> list[dict[str, Any]]:
    """Items whose tooltip sources point into one table (a source is cited thousands of times)."""
    out = []
    for item in items:
        tip = item.get("tip")
        if not tip or not tip.get("sources"):
            out.append(item)
            continue
        refs = []
        for source in tip["sources"]:
            fields = {k: v for k, v in source.items() if k != "where" and v}
            key = json.dumps(fields, ensure_ascii=False, sort_keys=True)
            ref = {"ref": table.setdefault(key, len(table))}
            if source.get("where"):
                ref["where"] = source["where"]
            refs.append(ref)
        out.append({**item, "tip": {**tip, "sources": refs}})
    return out


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

    check_size(view.node_count, view.edge_count, "map", "filter the view")
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    # Chinese as UTF-8, not \uXXXX: half the bytes to parse. tojson still
    # escapes < > & ' so no text can end the script element.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    vis_js, vis_css = _vis_assets()
    sources: dict[str, int] = {}
    data = {
        "nodes": _lean(_shared_sources(_placed(view), sources)),
        "edges": _lean(_shared_sources(_thinned(view), sources)),
        "legend": view.legend,
        "edge_legend": view.edge_legend,
        "edge_filters": view.edge_filters,
        "options": _options(view),
        "big": view.big,
        "file_stem": file_stem,
        "sources": [json.loads(key) for key in sources],
    }
    map_js = (TEMPLATES / "map.js").read_text(encoding="utf-8")
    return env.get_template("map.html").render(
        view=view,
        params=json.dumps(view.params, ensure_ascii=False, indent=1, default=str),
        data=data,
        vis_js=vis_js,
        vis_css=vis_css,
        map_js=map_js,
    )


def write_map(view: MapView, path: Path) -> Path:
    """Write the page to ``path`` as UTF-8 (pyvis would use the platform encoding)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_map(view, path.stem), encoding="utf-8")
    return path
