"""The README stays true: its schema section is generated, every command is mentioned."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from graph.schema_doc import BEGIN, END
from iekg.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_schema_section_matches_the_schema() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index(BEGIN) : text.index(END) + len(END)]
    fresh = CliRunner().invoke(cli, ["schema", "--markdown"]).output.strip()
    assert section == fresh, "README schema section is stale: run `iekg schema --markdown`"


def test_every_command_appears_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [name for name in cli.commands if f"iekg {name}" not in text]
    assert missing == []


def test_readme_starts_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert text.index("make demo") < text.index("make test") < text.index("## A short tour")
