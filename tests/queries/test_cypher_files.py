"""The .cypher files analysts paste into Neo4j Browser match the questions."""

from __future__ import annotations

from pathlib import Path

from queries import REGISTRY
from queries.cypher_files import CYPHER_DIR, render, write_all


def test_cypher_files_are_up_to_date() -> None:
    stale = [
        q.name
        for q in REGISTRY.values()
        if q.cypher
        and (
            not (CYPHER_DIR / f"{q.name}.cypher").exists()
            or (CYPHER_DIR / f"{q.name}.cypher").read_text(encoding="utf-8") != render(q)
        )
    ]
    assert not stale, f"regenerate with `python -m queries.cypher_files`: {', '.join(stale)}"


def test_a_file_has_param_lines_and_the_query(tmp_path: Path) -> None:
    written = {p.name for p in write_all(tmp_path)}
    assert {f"{q}.cypher" for q in REGISTRY} == written
    text = (tmp_path / "connections.cypher").read_text(encoding="utf-8")
    assert ':param school => "";' in text and ':param region => "";' in text
    assert "// Applied by iekg after the query: kind, min_depth, as_of." in text
    assert "MATCH (a:Enterprise)-[r:SIGNED|PARTNERS_WITH]-(b:School)" in text
    assert text.rstrip().endswith(";")
