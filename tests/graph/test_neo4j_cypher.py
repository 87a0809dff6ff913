"""Analysts' own Cypher: read-only unless asked, server errors in the server's words."""

from __future__ import annotations

import pytest

from graph.errors import QueryError
from graph.knowledge_graph import KnowledgeGraph
from graph.neo4j_store import Neo4jStore

pytestmark = pytest.mark.neo4j

WRITES = {
    "CREATE (n:Enterprise {name: 'x'})": "writes data",
    "MERGE (n:Enterprise {name: '绍兴中专'})": "writes data",
    "MATCH (n:School) SET n.name = 'x'": "writes data",
    "MATCH (n:Person) REMOVE n:Person": "writes data",
    "MATCH (n) DELETE n": "writes data",
    "MATCH (n) DETACH DELETE n": "writes data",
    "MATCH (n:Region) RETURN n.name AS a UNION ALL CREATE (x) RETURN 'x' AS a": (
        "reads and writes data"
    ),
    "CALL db.createLabel('Spy')": "writes data",
    "CREATE INDEX spy FOR (n:Enterprise) ON (n.code)": (
        "changes the schema or the server (indexes, constraints, DBMS procedures)"
    ),
    "PROFILE MATCH (n) DETACH DELETE n": "writes data",
    "// looks harmless\nMATCH (n) DETACH DELETE n": "writes data",
    "CYPHER 5 MATCH (n) DETACH DELETE n": "writes data",
}


@pytest.fixture
def loaded(neo4j_store: Neo4jStore, shaoxing: KnowledgeGraph) -> Neo4jStore:
    neo4j_store.push(shaoxing)
    return neo4j_store


@pytest.mark.parametrize("query", list(WRITES))
def test_writes_are_refused_before_they_run(loaded: Neo4jStore, query: str) -> None:
    labels = loaded.run_cypher("CALL db.labels() YIELD label RETURN label ORDER BY label")
    with pytest.raises(QueryError) as caught:
        loaded.run_cypher(query)
    assert str(caught.value) == (
        f"refused: this query {WRITES[query]}, and queries are read-only unless you ask to "
        "write (iekg cypher --write, or write=True); nothing was run"
    )
    assert loaded.counts() == (48, 74)
    assert loaded.run_cypher("MATCH (n) WHERE n.name = 'x' RETURN n").empty
    after = loaded.run_cypher("CALL db.labels() YIELD label RETURN label ORDER BY label")
    assert after.equals(labels)


def test_write_true_runs_a_write_and_says_what_changed(loaded: Neo4jStore) -> None:
    frame = loaded.run_cypher(
        "CREATE (n:Tmp {name: $name}) RETURN n.name AS name", {"name": "临时"}, write=True
    )
    assert frame["name"].tolist() == ["临时"]
    assert frame.attrs["changes"] == {"nodes created": 1, "properties set": 1, "labels added": 1}
    assert loaded.counts() == (49, 74)


def test_a_syntax_error_points_into_the_analysts_query(loaded: Neo4jStore) -> None:
    with pytest.raises(QueryError) as caught:
        loaded.run_cypher("// who leads what\nMATCH (p:Person)\nRETURN q.name")
    assert str(caught.value) == (
        "Neo4j could not run the query: Variable `q` not defined "
        '(line 3, column 8 (offset: 42))\n"RETURN q.name"\n        ^'
    )


def test_a_missing_parameter_is_named(loaded: Neo4jStore) -> None:
    with pytest.raises(QueryError, match=r"Expected parameter\(s\): school"):
        loaded.run_cypher("MATCH (s:School {name: $school}) RETURN s")


def test_a_misspelt_label_comes_back_as_advice(loaded: Neo4jStore) -> None:
    frame = loaded.run_cypher("MATCH (e:Enterprize) RETURN e.name")
    assert frame.empty
    assert frame.attrs["notifications"] == [
        "label does not exist. The label `Enterprize` does not exist. "
        "Verify that the spelling is correct. (line 1, column 10)"
    ]


def test_nodes_and_paths_come_back_as_plain_values(loaded: Neo4jStore) -> None:
    frame = loaded.run_cypher(
        "MATCH path = (p:Person {name: $name})-[:WORKS_AT]->(o) RETURN p, path",
        {"name": "於芳"},
    )
    person = frame.loc[0, "p"]
    assert person["name"] == "於芳" and person["sources"] == ["source-ac5cf8cb55a06647"]
    start, rel, end = frame.loc[0, "path"]
    assert (start["name"], rel["type"], rel["title"], end["name"]) == (
        "於芳",
        "WORKS_AT",
        "党委书记",
        "绍兴中专",
    )


def test_dates_deep_inside_lists_come_back_as_text(loaded: Neo4jStore) -> None:
    """A list of lists is returned as it is only when nothing in it needs converting."""
    frame = loaded.run_cypher(
        "RETURN [[date('2024-01-02'), '订单班'], ['实训基地', null]] AS dated, "
        "[1, [2, ['三', null]]] AS plain, [[], [[]]] AS empty, "
        "[[1, 2], [{since: date('2019-09-01')}]] AS mixed"
    )
    assert frame.loc[0, "dated"] == [["2024-01-02", "订单班"], ["实训基地", None]]
    assert frame.loc[0, "plain"] == [1, [2, ["三", None]]]
    assert frame.loc[0, "empty"] == [[], [[]]]
    assert frame.loc[0, "mixed"] == [[1, 2], [{"since": "2019-09-01"}]]


def test_a_write_in_transactions_runs_with_write_true(loaded: Neo4jStore) -> None:
    # CALL … IN TRANSACTIONS cannot run in a managed transaction; it still works.
    frame = loaded.run_cypher(
        "MATCH (p:Person) CALL (p) { SET p.checked = true } IN TRANSACTIONS OF 5 ROWS",
        write=True,
    )
    people = loaded.run_cypher("MATCH (p:Person) RETURN count(p) AS n")["n"][0]
    assert frame.attrs["changes"] == {"properties set": people}
