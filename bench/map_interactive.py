"""How fast a big connections map opens in headless Chromium: ours against pyvis defaults.

A seeded synthetic graph (:mod:`loaders.synth`) is loaded and its
``connections`` view written twice: by :func:`viz.write_map` (layout computed
in Python, physics off) and by pyvis with its default settings
(``cdn_resources="in_line"`` so it can load offline; its Bootstrap links are
aborted like every other non-file request). Each page is opened in Debian's
headless Chromium and timed from navigation start:

* ``drawn_s``: the first time vis-network finished drawing the graph;
* ``settled_s``: when the layout stopped being computed (physics off, or
  stabilisation done);
* ``interactive_s``: the later of the two;
* ``redraw_ms``: median time of one full redraw afterwards (the cost of
  every pan or zoom frame).

Run: ``.venv/bin/python bench/map_interactive.py`` (about 3–6 minutes on two
cores); results go to ``bench/results/map_interactive.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.knowledge_graph import KnowledgeGraph  # noqa: E402
from loaders.synth import write_synthetic  # noqa: E402
from loaders.tables import read_table_folder  # noqa: E402
from tests.browser_fixture import ARGS, CHROMIUM  # noqa: E402  (the tests' offline browser)
from viz import build_view, write_map  # noqa: E402
from viz.html_map import MapView  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "map_interactive.json"
# Report when the page's network exists, is first drawn, and stops laying out.
# ``network`` is set by both pages (a global ``var`` in pyvis's template,
# ``window.network`` in ours); a setter catches it the moment it is assigned.
# Marks travel as console messages: a page whose main thread is busy laying
# out cannot answer an evaluate() call, but its messages arrive when sent.
PROBE = """
(() => {
  const mark = (what) => console.log("__bench " + what + " " + performance.now());
  let net;
  Object.defineProperty(window, "network", {
    configurable: true,
    get() { return net; },
    set(n) {
      net = n;
      mark("created");
      n.once("afterDrawing", () => mark("drawn"));
      const physics = n.physics;
      if (!physics.options.enabled || !physics.physicsEnabled) { mark("settled"); }
      else { n.once("stabilizationIterationsDone", () => mark("settled")); }
    },
  });
})();
"""


def load_graph(orgs: int, seed: int) -> tuple[KnowledgeGraph, dict[str, Any]]:
    folder = Path(tempfile.mkdtemp(prefix="iekg-bench-"))
    started = time.perf_counter()
    report = write_synthetic(folder, orgs, seed=seed)
    kg = KnowledgeGraph()
    kg.add(read_table_folder(folder).records)
    return kg, {
        "orgs": orgs,
        "seed": seed,
        "graphNodes": len(kg),
        "graphRelationships": kg.graph.number_of_edges(),
        "rows": report.rows,
        "loadSeconds": round(time.perf_counter() - started, 1),
    }


def write_pyvis_default(view: MapView, path: Path) -> float:
    """The same nodes and lines through pyvis with its default settings.

    Lines go straight into ``net.edges``: pyvis's ``add_edge`` scans every
    existing line for a duplicate, which takes minutes at this size and says
    nothing about the page.
    """
    from pyvis.network import Network

    started = time.perf_counter()
    net = Network(cdn_resources="in_line")
    for n in view.nodes:
        net.add_node(n["id"], label=n["label"], color=n["color"], value=n["value"])
    net.edges = [
        {"from": e["from"], "to": e["to"], "width": e["width"], "color": e["color"]}
        for e in view.edges
    ]
    path.write_text(net.generate_html(), encoding="utf-8")
    return time.perf_counter() - started


def time_page(browser: Any, path: Path, limit_s: float) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    blocked: list[str] = []
    marks: dict[str, float] = {}

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    def console(message: Any) -> None:
        words = message.text.split()
        if len(words) == 3 and words[0] == "__bench":
            marks.setdefault(words[1], float(words[2]))

    page.route("**/*", route)
    page.on("console", console)
    page.add_init_script(PROBE)
    page.goto(path.as_uri(), wait_until="commit")
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline and not {"drawn", "settled"} <= set(marks):
        page.wait_for_timeout(100)  # lets Playwright deliver the console messages
    done = {"drawn", "settled"} <= set(marks)
    result: dict[str, Any] = {"blockedRequests": len(blocked), "pageBytes": path.stat().st_size}
    for key in ("created", "drawn", "settled"):
        result[f"{key}_s"] = round(marks[key] / 1000, 2) if key in marks else None
    ready = max(marks["drawn"], marks["settled"]) / 1000 if done else None
    result["interactive_s"] = round(ready, 2) if ready is not None else None
    result["gaveUpAfter_s"] = None if done else limit_s
    if done:  # the page answers now; a page still laying out would not
        result["nodesOnPage"] = page.evaluate("window.network.body.data.nodes.length")
        result["edgesOnPage"] = page.evaluate("window.network.body.data.edges.length")
        redraws = page.evaluate(
            "Array.from({length: 5}, () => { const t = performance.now();"
            " window.network.redraw(); return performance.now() - t; })"
        )
        result["redraw_ms"] = round(statistics.median(redraws), 1)
    context.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=9000, help="organisations to generate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--min-depth", type=int, default=1, help="connections filter")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds to wait per page")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(f"generating and loading {args.orgs} organisations …", flush=True)
    kg, graph_info = load_graph(args.orgs, args.seed)
    started = time.perf_counter()
    view = build_view(kg, "connections", min_depth=args.min_depth)
    viewed = time.perf_counter()
    out = Path(tempfile.mkdtemp(prefix="iekg-bench-maps-"))
    ours_path = write_map(view, out / "ours.html")
    ours_python = time.perf_counter() - started
    ours_render = time.perf_counter() - viewed
    pyvis_python = write_pyvis_default(view, out / "pyvis_default.html")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        version = browser.version
        print(f"timing {view.node_count} nodes, {view.edge_count} lines …", flush=True)
        ours = time_page(browser, ours_path, args.limit)
        print(f"ours: {ours}", flush=True)
        theirs = time_page(browser, out / "pyvis_default.html", args.limit)
        browser.close()
    results = {
        "what": "connections view of a synthetic graph opened in headless Chromium",
        "command": f"bench/map_interactive.py --orgs {args.orgs} --seed {args.seed} "
        f"--min-depth {args.min_depth}",
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "chromium": version,
            "load": os.getloadavg()[0],
        },
        "graph": graph_info,
        "view": {"nodes": view.node_count, "lines": view.edge_count, "params": view.params},
        "ours": {
            "python_s": round(ours_python, 1),
            "layoutAndPage_s": round(ours_render, 1),
            **ours,
        },
        "pyvisDefault": {"python_s": round(pyvis_python, 1), **theirs},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
