"""One headless Chromium for the whole session, and pages that may not reach the network.

Every request that is not a ``file:`` URL is aborted and recorded; a page
fixture fails its test on any aborted request, console error, uncaught
exception or dialog (an ``alert`` from an injected script would be one).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from graph.knowledge_graph import KnowledgeGraph
from graph.records import NodeRecord
from loaders import SAMPLE_PATH
from loaders.tables import read_table_folder

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
#: The alias the search test looks for; the sample gives 绍兴中专 none.
ALIAS = "绍兴市中等专业学校"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


def wait_ready(page: Any, seconds: float = 60) -> None:
    """Wait until the map's layout has settled (``window.iekgReady``).

    Polled from here: Playwright's ``wait_for_function`` evaluates its
    predicate with ``eval`` inside the page, which the map's CSP forbids.
    """
    for _ in range(int(seconds / 0.05)):
        if page.evaluate("window.iekgReady === true"):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"the map did not settle within {seconds} s")


@dataclass
class Watched:
    """A page plus everything it tried that it should not have."""

    page: Any
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, path: Path) -> Any:
        self.page.goto(path.resolve().as_uri())
        wait_ready(self.page)
        return self.page

    def assert_clean(self) -> None:
        assert self.blocked == [], f"the page tried to reach the network: {self.blocked}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.dialogs == [], f"a script opened a dialog: {self.dialogs}"


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    seen = Watched(page)

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            seen.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and seen.errors.append(m.text))
    page.on("pageerror", lambda exc: seen.errors.append(str(exc)))
    page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
    yield seen
    context.close()
    seen.assert_clean()


@pytest.fixture(scope="session")
def sample_with_alias() -> KnowledgeGraph:
    """The Shaoxing sample, with 绍兴中专 also known by its full name."""
    kg = KnowledgeGraph()
    kg.add(read_table_folder(SAMPLE_PATH).records)
    kg.add_node(NodeRecord("SecondaryVocationalSchool", "绍兴中专", aliases=(ALIAS,)))
    return kg


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
