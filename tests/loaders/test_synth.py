"""The synthetic generator: the documented format, deterministic, clearly synthetic."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from graph.knowledge_graph import KnowledgeGraph
from loaders.synth import write_synthetic
from loaders.tables import read_table_folder
from queries import ask


def _rows(folder: Path, sheet: str) -> list[dict[str, str]]:
    with (folder / f"{sheet}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_same_seed_same_files_other_seed_other_files(tmp_path: Path) -> None:
    a, b, c = (write_synthetic(tmp_path / n, 300, seed=s).folder for n, s in
               (("a", 4), ("b", 4), ("c", 5)))  # fmt: skip
    files = sorted(p.name for p in a.iterdir())
    assert files == ["events.csv", "organizations.csv", "people.csv", "projects.csv",
                     "regions.csv", "relationships.csv", "sources.csv"]  # fmt: skip
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    assert (a / "relationships.csv").read_bytes() != (c / "relationships.csv").read_bytes()


def test_loads_cleanly_and_looks_like_the_field(tmp_path: Path) -> None:
    folder = write_synthetic(tmp_path, 600, seed=2).folder
    kg = KnowledgeGraph()
    kg.add(read_table_folder(folder).records)
    orgs = _rows(folder, "organizations")
    kinds = Counter(r["kind"] for r in orgs)
    assert len(orgs) == 600 and kinds["企业"] == 420 and kinds["中职"] == 48
    assert all(r["name"].startswith("合成") for r in orgs)
    source = _rows(folder, "sources")
    assert [s["key"] for s in source] == ["synth"] and source[0]["title"].startswith(
        "合成数据（非真实）"
    )
    assert {r["level"] for r in _rows(folder, "regions")} == {"province", "city", "district"}
    projects = _rows(folder, "projects")
    assert len({p["kind"] for p in projects}) == 12  # every rung of the ladder
    per_project = Counter(r["to"] for r in _rows(folder, "relationships")
                          if r["type"] == "PARTICIPATES_IN")  # fmt: skip
    assert min(per_project.values()) >= 2 and max(per_project.values()) <= 5
    years = {p["since"][:4] for p in projects}
    assert len(years) == 10
    degree = sorted((d for _, d in kg.graph.degree()), reverse=True)
    assert degree[0] > 10 * degree[len(degree) // 2]  # heavy-tailed
    links = ask("connections", kg, min_depth=4)
    assert len(links) > 20 and set(links.depthLevel) <= {4, 5, 6}


def test_command_writes_the_folder(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from iekg.cli import cli

    result = CliRunner().invoke(cli, ["synth", "--orgs", "50", "--seed", "1", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Wrote 1 source, ")
    assert "50 organizations" in result.output


def test_a_person_with_two_posts_is_one_person_at_two_organisations(tmp_path: Path) -> None:
    folder = write_synthetic(tmp_path / "s", 300, seed=2).folder
    kg = KnowledgeGraph()
    kg.add(read_table_folder(folder).records)
    names = {row["name"] for row in _rows(folder, "people")}
    assert len(list(kg.nodes("Person"))) == len(names)
    posts = Counter(edge["source"] for edge in kg.edges("WORKS_AT"))
    assert max(posts.values()) == 2
