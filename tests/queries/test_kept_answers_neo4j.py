"""On Neo4j, whole-graph reads are kept until the database commits a write, whoever makes it.

An analyst may change the database with their own Cypher, outside iekg; a
national question asked again afterwards must see the change.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from conftest import load_synthetic
from graph.knowledge_graph import KnowledgeGraph
from graph.neo4j_store import Neo4jStore
from queries import ask, find_question
from queries.backend import CypherBackend

pytestmark = pytest.mark.neo4j


def test_the_revision_moves_with_a_committed_write_and_only_then(neo4j_store: Neo4jStore) -> None:
    start = neo4j_store.revision()
    neo4j_store.run_cypher("MATCH (n) RETURN count(n) AS n")
    assert neo4j_store.revision() == start

    neo4j_store.run_cypher("CREATE (:Scratch {id: 'x'})", write=True)
    written = neo4j_store.revision()
    assert written != start

    neo4j_store.run_cypher("MATCH (n:Scratch {id: 'nobody'}) SET n.seen = true", write=True)
    assert neo4j_store.revision() == written


def test_a_national_read_is_reused_until_the_data_changes(
    neo4j_store: Neo4jStore, shaoxing: KnowledgeGraph
) -> None:
    neo4j_store.write_graph(shaoxing)
    question, backend = find_question("timeline"), CypherBackend(neo4j_store)
    first = backend.raw(question, {})
    assert backend.raw(question, {}) is first

    neo4j_store.run_cypher("MATCH (n:Scratch) DELETE n", write=True)  # nothing to delete
    assert backend.raw(question, {}) is first
    neo4j_store.run_cypher("CREATE (:Scratch {id: 'x'})", write=True)
    assert backend.raw(question, {}) is not first


def test_links_deleted_with_plain_cypher_leave_the_national_answers(
    neo4j_store: Neo4jStore, shaoxing: KnowledgeGraph
) -> None:
    neo4j_store.write_graph(shaoxing)
    connections = ask("connections", neo4j_store)
    changes = ask("changes", neo4j_store, start="2020", end="2025")
    timeline = ask("timeline", neo4j_store)
    assert connections.kinds.str.contains("stated").any()
    assert "signed" in set(timeline.what)
    assert len(changes) > 0

    neo4j_store.run_cypher("MATCH ()-[r:SIGNED|PARTNERS_WITH]->() DELETE r", write=True)

    assert not ask("connections", neo4j_store).kinds.str.contains("stated").any()
    assert "signed" not in set(ask("timeline", neo4j_store).what)
    assert (
        not ask("changes", neo4j_store, start="2020", end="2025").kinds.str.contains("stated").any()
    )


def test_a_region_asked_after_the_whole_coverage_is_answered_from_its_read(
    neo4j_store: Neo4jStore, tmp_path: Path
) -> None:
    """industry-coverage keeps a region's rows itself: the national read, kept, answers it,
    with what the region's own read gives (and the embedded store)."""
    kg = load_synthetic(tmp_path, 300, 3)
    neo4j_store.write_graph(kg)
    question, backend = find_question("industry-coverage"), CypherBackend(neo4j_store)
    province = next(n for n in kg.nodes("Region") if n["props"].get("level") == "province")
    expected = ask("industry-coverage", kg, region=province["name"])
    assert set(expected.finding) >= {"coverage", "gap"}

    own = backend.raw(question, {"region": province["id"]})
    assert backend.raw(question, {"region": province["id"]}) is not own  # not kept
    pd.testing.assert_frame_equal(
        ask("industry-coverage", neo4j_store, region=province["name"]), expected
    )

    whole = backend.raw(question, {})
    assert backend.raw(question, {"region": province["id"]}) is whole
    pd.testing.assert_frame_equal(
        ask("industry-coverage", neo4j_store, region=province["name"]), expected
    )

    neo4j_store.run_cypher("CREATE (:Scratch {id: 'x'})", write=True)
    assert backend.raw(question, {"region": province["id"]}) is not whole
