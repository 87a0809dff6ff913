"""The .cypher files analysts paste into Neo4j Browser match the questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.knowledge_graph import KnowledgeGraph
from graph.neo4j_store import Neo4jStore
from queries import REGISTRY
from queries.backend import CypherBackend, cypher_values
from queries.backend import rows as frame_rows
from queries.cypher_files import CYPHER_DIR, render, write_all
from queries.links import LINK_COLUMNS, pair_rows
from queries.packed import unpacked


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


@pytest.mark.neo4j
def test_no_text_uses_syntax_neo4j_has_deprecated(neo4j_store: Neo4jStore) -> None:
    """Neo4j Browser flags deprecated syntax in a pasted file; none should be flagged.

    The server reports it for the text alone, so an empty database will do.
    """
    flagged = {}
    for question in REGISTRY.values():
        if not question.cypher:
            continue
        params = cypher_values(question, question.bind(dict(question.examples[0])))
        for text in {question.cypher, question.table_cypher}:
            frame = neo4j_store.run_cypher(text, params)
            notes = [n for n in frame.attrs["notifications"] if "deprecat" in str(n).lower()]
            if notes:
                flagged[question.name] = notes
    assert not flagged


@pytest.mark.neo4j
def test_a_pasted_file_gives_a_table_of_the_rows_iekg_reads(
    neo4j_store: Neo4jStore, shaoxing: KnowledgeGraph
) -> None:
    """Packed answers travel as one record; the files analysts paste give one row per row."""
    neo4j_store.push(shaoxing)
    packed = [q for q in REGISTRY.values() if q.packed]
    assert {"connections", "people", "timeline", "ego"} <= {q.name for q in packed}
    backend = CypherBackend(neo4j_store)
    for question in packed:
        named = question.bind(dict(question.examples[0]))
        params = cypher_values(question, backend.resolve_params(question, named))
        record = neo4j_store.run_cypher(question.cypher, params)
        table = neo4j_store.run_cypher(question.table_cypher, params)
        rows = unpacked(record)
        assert rows and all(len(values) == len(question.packed) for values in rows), question.name
        columns = list(question.packed)
        if question.unwound:  # hub rows: the table has a row per pair of each hub's sides
            rows, columns = [list(r) for r in pair_rows(rows)], list(LINK_COLUMNS)
            assert rows, question.name
        assert list(table.columns) == columns, question.name
        assert [list(r.values()) for r in frame_rows(table)] == rows, question.name
