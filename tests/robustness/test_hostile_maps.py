"""Every map view renders the corpus's hostile names as text in a real browser.

The names come from the bad-input corpus, loaded with ``iekg build`` as an
analyst would, and every map is written with ``iekg viz``. In headless
Chromium each page must make no request, open no dialog, log no error, add
no element or attribute the same view of harmless names lacks, and show each
hostile name as the very text it is: in the title, the search results and
the tooltips.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from iekg.cli import cli

from .corpus import BAD, CASES, hostile_names
from .test_injection import HOSTILE_FILES

pytestmark = pytest.mark.browser

SCHOOL = "<script>alert(1)</script>职业技术学院"
FIRM = "'}) MATCH (m) DETACH DELETE m //有限公司"
IMG = "<img src=x onerror=alert(document.cookie)>有限公司"
ALLIANCE = '<svg onload=alert(1)>"联盟'
INDUSTRY = "集成电路`) DELETE n //"
#: view -> (its arguments, the hostile names it must show)
VIEWS: dict[str, tuple[list[str], list[str]]] = {
    "connections": ([], [SCHOOL, FIRM, IMG]),
    "ego": ([IMG, "--depth", "2"], [IMG, ALLIANCE]),
    "alliance": ([ALLIANCE], [ALLIANCE, IMG, "{{7*7}}有限公司"]),
    "path": ([SCHOOL, FIRM], [SCHOOL, FIRM]),
    "industry": ([INDUSTRY], [INDUSTRY]),
    "overview": ([], [SCHOOL, FIRM, IMG, ALLIANCE, INDUSTRY]),
}
#: The same views over harmless names, for the page structure to compare with.
PLAIN: dict[str, list[str]] = {
    "connections": [],
    "ego": ["绍兴中专", "--depth", "2"],
    "alliance": ["共育联盟"],
    "path": ["绍兴中专", "绍兴文理学院"],
    "industry": ["集成电路"],
    "overview": [],
}


def iekg(*args: str) -> None:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """(hostile page, plain page) per view, written by ``iekg viz``."""
    folder = tmp_path_factory.mktemp("hostile-maps")
    store = str(folder / "store")
    iekg("build", "--store", store)
    for name in HOSTILE_FILES:
        iekg("build", str(BAD / name), "--store", store)
    # A hostile alliance whose members are the corpus's hostile enterprises.
    extra = folder / "alliance"
    extra.mkdir()
    _write(extra / "organizations.csv", ["name", "kind"], [[ALLIANCE, "联盟"]])
    members = [name for label, name in hostile_names(HOSTILE_FILES) if label == "Enterprise"]
    members += [SCHOOL, "绍兴中专"]  # schools too, so the members connect in the first view
    _write(extra / "members.csv", ["alliance", "member"], [[ALLIANCE, m] for m in members])
    iekg("build", str(extra), "--store", store)
    pages = {}
    for view, (args, _) in VIEWS.items():
        hostile, plain = folder / f"{view}.html", folder / f"{view}-plain.html"
        iekg("viz", view, *args, "-o", str(hostile), "--store", store)
        iekg("viz", view, *PLAIN[view], "-o", str(plain), "--store", store)
        pages[view] = (hostile, plain)
    return pages


_STRUCTURE = """() => {
    const tags = new Set(), handlers = [];
    for (const e of document.querySelectorAll('*')) {
        tags.add(e.tagName);
        for (const a of e.attributes)
            if (a.name.startsWith('on')) handlers.push(e.tagName + ' ' + a.name);
    }
    return {tags: [...tags].sort(), handlers, scripts: document.scripts.length,
            title: document.title};
}"""


@pytest.mark.parametrize("view", list(VIEWS))
def test_hostile_names_render_as_text_in_every_view(
    view: str, maps: dict[str, tuple[Path, Path]], watched: Any
) -> None:
    hostile, plain = maps[view]
    baseline = watched.open(plain).evaluate(_STRUCTURE)
    page = watched.open(hostile)
    before = page.evaluate(_STRUCTURE)
    assert set(before["tags"]) <= set(baseline["tags"])
    assert (before["handlers"], before["scripts"]) == (baseline["handlers"], baseline["scripts"])
    names = page.evaluate("network.body.data.nodes.get().map(n => n.name ?? n.label)")
    for name in VIEWS[view][1]:
        assert name in names or any(name in str(n) for n in names), name
        # The search box finds it and lists it as the same text.
        page.fill("#search", name)
        shown = page.locator("#search-result button").all_inner_texts()
        assert name in shown, (name, shown)
        _hover(page, name)
        tip = page.locator("div.vis-tooltip")
        tip.wait_for(state="visible")
        assert name in tip.inner_text()
        html = tip.inner_html()
        assert "<script" not in html and "<img" not in html and "<svg" not in html
    assert "49有限公司" not in page.locator("body").inner_text()  # no template ran
    page.wait_for_timeout(300)  # an onerror or onload handler would have run by now
    after = page.evaluate(_STRUCTURE)
    assert set(after["tags"]) <= set(baseline["tags"])
    assert (after["handlers"], after["scripts"]) == (baseline["handlers"], baseline["scripts"])
    if view in ("ego", "alliance", "path", "industry"):
        assert VIEWS[view][0][0] in page.title()


def _hover(page: Any, name: str) -> None:
    """Move the mouse onto the node called ``name``."""
    node = page.evaluate(
        "name => network.body.data.nodes.get().find(n => (n.name ?? n.label) === name).id", name
    )
    page.evaluate("network.moveTo({scale: 1})")
    page.evaluate("id => network.focus(id, {scale: 1})", node)
    spot = page.evaluate("id => network.canvasToDOM(network.getPositions([id])[id])", node)
    box = page.locator("#graph").bounding_box()
    page.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])


@pytest.fixture(scope="module")
def every_stored_name(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The overview map of a store holding every file the corpus expects to be stored."""
    folder = tmp_path_factory.mktemp("all-stored")
    store = str(folder / "store")
    iekg("build", "--store", store)
    names = []
    for case in CASES:
        if case["outcome"] == "stored":
            iekg("build", str(BAD / case["file"]), *case.get("args", []), "--store", store)
            names += [n["name"] for n in case["names"] if "name" in n]
    page = folder / "overview.html"
    iekg("viz", "overview", "-o", str(page), "--store", store)
    return page, names


def test_every_name_the_corpus_stores_is_shown_as_the_same_text(
    every_stored_name: tuple[Path, list[str]], watched: Any
) -> None:
    path, names = every_stored_name
    page = watched.open(path)
    shown = page.evaluate("network.body.data.nodes.get().map(n => n.name ?? n.label)")
    assert set(names) <= set(shown)
    for name in names:
        if "\n" in name:
            continue  # a search box holds one line
        page.fill("#search", name)
        assert name in page.locator("#search-result button").all_inner_texts(), name
    page.wait_for_timeout(300)
    assert page.evaluate(_STRUCTURE)["handlers"] == []
