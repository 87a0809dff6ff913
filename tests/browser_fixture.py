"""One headless Chromium for the whole test session, and pages that may not reach the network.

Loaded once from the root conftest (``pytest_plugins``), so every test folder
shares the same browser: two Playwright sessions in one thread refuse to
start. Every request that is not a ``file:`` URL is aborted and recorded; the
``watched`` page fails its test on any aborted request, console error,
uncaught exception or dialog (an ``alert`` from an injected script would be
one).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


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
