"""The bad-input corpus as data: its manifest, and the one file written at test time."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"
CASES: list[dict[str, Any]] = yaml.safe_load((BAD / "manifest.yaml").read_text("utf-8"))["cases"]
#: The installed command, next to the interpreter running the tests.
IEKG = shutil.which("iekg", path=str(Path(sys.executable).parent)) or "iekg"
HUGE_CELL = 10 * 1024 * 1024


def case_id(case: dict[str, Any]) -> str:
    return " ".join([case["file"], *case.get("args", [])])


def materialise(case: dict[str, Any], root: Path) -> Path:
    """The folder to run a case from: the corpus, or ``root`` with a generated file."""
    if not case.get("generated"):
        return BAD
    path = root / case["file"]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("name,kind,region\n")
        handle.write("绍" * (HUGE_CELL // 3))  # three bytes each in UTF-8
        handle.write("有限公司,企业,绍兴市\n")
    return root


def hostile_names(files: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(label, name) of every stored name a query, a page or a spreadsheet could run.

    Only those of the corpus files ``files`` when given.
    """
    formula = ("=", "+", "-", "@")
    markup = set("<>`$'\"{}")
    wanted = None if files is None else set(files)
    return [
        (n["label"], n["name"])
        for case in CASES
        if case["outcome"] == "stored" and (wanted is None or case["file"] in wanted)
        for n in case["names"]
        if "name" in n and (n["name"].startswith(formula) or markup & set(n["name"]))
    ]
