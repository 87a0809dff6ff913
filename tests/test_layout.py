"""Imports point downward only, and the generic package names are this repository's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("graph", ["loaders", "queries", "viz", "iekg"]),
        ("loaders", ["queries", "viz", "iekg"]),
        ("queries", ["loaders", "viz", "iekg"]),
    ],
)
def test_a_package_imports_nothing_above_it(package: str, forbidden: list[str]) -> None:
    code = (
        f"import importlib, pkgutil, sys, {package}\n"
        f"for m in pkgutil.walk_packages({package}.__path__, '{package}.'):\n"
        "    importlib.import_module(m.name)\n"
        f"print(sorted({{n.split('.')[0] for n in sys.modules}} & {set(forbidden)!r}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("package", ["graph", "loaders", "queries", "viz", "iekg"])
def test_generic_names_resolve_to_this_repository(package: str) -> None:
    module = __import__(package)
    assert Path(module.__file__).resolve().parent == ROOT / package


def test_every_package_is_listed_for_installation() -> None:
    """A package missing from pyproject.toml works in a checkout but not once installed."""
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        str(init.parent.relative_to(ROOT)).replace("/", ".")
        for top in ("graph", "loaders", "queries", "viz", "iekg")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert found <= listed
