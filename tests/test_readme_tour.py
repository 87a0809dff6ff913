"""The README's tour runs: every command it shows for the sample works as written.

``test_docs.py`` checks that each command is mentioned; this runs the ones an
analyst copies first (the short tour, *Asking questions*, *Maps and charts*)
on a store built by the tour's own ``iekg build``, in a scratch folder, and
checks that each exits 0 and says something. A README example that fails on
the sample (as ``iekg chart coverage`` once did) fails here.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from iekg.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"
#: the README sections whose commands run on the embedded sample
TOUR_SECTIONS = ("A short tour", "Asking questions", "Maps and charts")


def tour_commands() -> list[list[str]]:
    """Each ``iekg`` line of the tour sections' bash blocks, as arguments after ``iekg``.

    A line asking Neo4j (``--backend neo4j``) is left out: the tour runs on
    the embedded store.
    """
    text = README.read_text(encoding="utf-8")
    commands = []
    for title in TOUR_SECTIONS:
        section = text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]
        for block in re.findall(r"```bash\n(.*?)```", section, flags=re.S):
            for line in block.splitlines():
                words = shlex.split(line, comments=True) or [""]
                if words[0].removeprefix(".venv/bin/") == "iekg" and "--backend" not in words:
                    commands.append(words[1:])
    return commands


def test_the_tour_is_found_and_starts_by_building_the_sample() -> None:
    commands = tour_commands()
    assert commands[0] == ["build"]
    assert len(commands) >= 15
    assert ["chart", "depth", "-o", "out/depth.svg"] in commands


def test_every_tour_command_runs_on_the_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IEKG_STORE", str(tmp_path / "store"))
    monkeypatch.delenv("IEKG_BACKEND", raising=False)
    failed = []
    for args in tour_commands():
        result = CliRunner().invoke(cli, args)
        if result.exit_code != 0 or not result.output.strip():
            failed.append(f"iekg {shlex.join(args)} -> {result.exit_code}: {result.output}")
        if "-o" in args:
            written = tmp_path / args[args.index("-o") + 1]
            if not (written.is_file() and written.stat().st_size):
                failed.append(f"iekg {shlex.join(args)} wrote nothing to {written}")
    assert failed == []
