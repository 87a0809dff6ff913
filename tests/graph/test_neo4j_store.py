"""The Neo4j store against the real server: the same graph in, the same graph out."""

from __future__ import annotations

import copy
import logging
import socket
import time
from pathlib import Path
from typing import Any

import pytest

from graph.cypher import key_labels, merge_edges_query, merge_nodes_query
from graph.errors import SchemaError, StoreError
from graph.knowledge_graph import KnowledgeGraph
from graph.merge import new_item
from graph.neo4j_store import Neo4jStore
from graph.records import EdgeRecord, NodeRecord, NodeRef, Provenance
from loaders.synth import write_synthetic
from loaders.tables import read_table_folder

pytestmark = pytest.mark.neo4j


def test_constraints_are_created_once(neo4j_store: Neo4jStore) -> None:
    neo4j_store.ensure_schema()
    first = neo4j_store.constraints()
    neo4j_store.ensure_schema()
    assert neo4j_store.constraints() == first == sorted(f"iekg_{k}_id" for k in key_labels())


def test_shaoxing_reads_back_equal(neo4j_store: Neo4jStore, shaoxing: KnowledgeGraph) -> None:
    neo4j_store.write_graph(shaoxing)
    back = neo4j_store.read_graph()
    assert back.to_dict() == shaoxing.to_dict()  # every node, edge, property, alias, source
    assert back == shaoxing
    assert neo4j_store.counts() == (48, 74)


def test_analysts_see_plain_properties(neo4j_store: Neo4jStore, shaoxing: KnowledgeGraph) -> None:
    neo4j_store.write_graph(shaoxing)
    frame = neo4j_store.run_cypher(
        "MATCH (s:Organization:School:SecondaryVocationalSchool)<-[w:WORKS_AT]-(p:Person) "
        "WHERE p.name = $name RETURN s.name, s.region, w.title, w.sources",
        {"name": "於芳"},
    )
    assert frame.to_dict("records") == [
        {
            "s.name": "绍兴中专",
            "s.region": "绍兴市",
            "w.title": "党委书记",
            "w.sources": ["source-ac5cf8cb55a06647"],
        }
    ]
    dates = neo4j_store.run_cypher(
        "MATCH (p:Project {name: '高端装备产业数字工匠共育项目'}) RETURN p.since AS since"
    )
    assert dates["since"].tolist() == ["2023-11-10"]


def test_push_twice_is_push_once(neo4j_store: Neo4jStore, shaoxing: KnowledgeGraph) -> None:
    first = neo4j_store.push(shaoxing)
    counts = neo4j_store.counts()
    second = neo4j_store.push(shaoxing)
    assert neo4j_store.counts() == counts == (first.nodes, first.relationships)
    assert (second.nodes, second.relationships) == (first.nodes, first.relationships)
    assert neo4j_store.read_graph() == shaoxing


def test_small_batches_give_the_same_graph(
    neo4j_store: Neo4jStore, shaoxing: KnowledgeGraph
) -> None:
    neo4j_store.batch_size = 7
    report = neo4j_store.push(shaoxing)
    assert report.batches > 122 // 7
    assert neo4j_store.read_graph() == shaoxing


def test_batches_in_flight_together_give_the_same_graph_and_no_warnings(
    neo4j_store: Neo4jStore, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Several transactions at once add relationships to the same busy nodes.

    The server may refuse one of two such batches with a deadlock; the
    driver runs it again. The analyst must get exactly the graph, pushed
    twice or once, and no warning on the console for an expected retry.
    """
    kg = KnowledgeGraph()
    kg.add(read_table_folder(write_synthetic(tmp_path, 150, seed=3).folder).records)
    neo4j_store.batch_size, neo4j_store.workers = 10, 4
    with caplog.at_level(logging.WARNING, logger="neo4j"):
        report = neo4j_store.push(kg)
        neo4j_store.push(kg)
    assert report.batches > kg.graph.number_of_edges() // 10
    assert neo4j_store.counts() == (kg.graph.number_of_nodes(), kg.graph.number_of_edges())
    assert neo4j_store.read_graph() == kg
    assert not [r for r in caplog.records if "Deadlock" in r.getMessage()]


def test_a_node_that_changed_kind_keeps_only_its_new_labels(neo4j_store: Neo4jStore) -> None:
    kg = KnowledgeGraph()
    kg.add_node(NodeRecord("Enterprise", "绍兴某某研究院"))
    neo4j_store.push(kg)
    data = kg.to_dict()
    data["nodes"][0].update(label="Association", labels=["Organization", "Association"])
    neo4j_store.push(KnowledgeGraph.from_dict(data))
    labels = neo4j_store.run_cypher("MATCH (n {name: '绍兴某某研究院'}) RETURN labels(n) AS l")
    assert labels["l"].tolist() == [["Organization", "Association"]]


HOSTILE = [
    'O\'Brien "双引号" 公司',
    "`反引号`有限公司",
    "{大括号} 集团",
    "x'}) DETACH DELETE n //有限公司",
    "MATCH (n) DETACH DELETE n RETURN 1 有限公司",
    "$rows 与 \\n 反斜杠 有限公司",
]


def _hostile_graph() -> KnowledgeGraph:
    prov = Provenance("source-x", path="o'clock}.csv", row=2)
    kg = KnowledgeGraph()
    kg.add_node(NodeRecord("Source", "来源 `}) DELETE", props={"title": "'; DROP"}))
    kg.add_node(NodeRecord("Alliance", "联盟 {a: 1}", aliases=("别名 ') RETURN",)))
    for name in HOSTILE:
        kg.add_node(NodeRecord("Enterprise", name, props={"region": name[::-1]}, provenance=prov))
        kg.add_edge(
            EdgeRecord(
                NodeRef("Enterprise", name),
                "MEMBER_OF",
                NodeRef("Alliance", "联盟 {a: 1}"),
                props={"role": "'}) SET n.x = 1 //", "since": "2023年11月"},
                provenance=prov,
            )
        )
    return kg


def test_hostile_values_are_stored_verbatim(neo4j_store: Neo4jStore) -> None:
    kg = _hostile_graph()
    neo4j_store.push(kg)
    assert neo4j_store.read_graph() == kg
    names = neo4j_store.run_cypher("MATCH (e:Enterprise) RETURN e.name AS name ORDER BY name")
    assert names["name"].tolist() == sorted(HOSTILE)
    roles = neo4j_store.run_cypher("MATCH ()-[r:MEMBER_OF]->() RETURN DISTINCT r.role AS role")
    assert roles["role"].tolist() == ["'}) SET n.x = 1 //"]
    assert neo4j_store.counts() == (len(HOSTILE) + 2, len(HOSTILE))


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unknown_label_or_type_is_refused_before_anything_is_sent(
    neo4j_store: Neo4jStore,
) -> None:
    # The KnowledgeGraph API refuses both, so they are put into networkx
    # directly, as a hand-edited store file or a newer schema could.
    bad_label = _hostile_graph()
    spy = copy.deepcopy(bad_label.graph.nodes[next(iter(bad_label.graph))])
    spy.update(label="Spy", labels=["Organization", "Spy"])
    bad_label.graph.add_node("org-spy", **spy)
    bad_type = _hostile_graph()
    first, second = sorted(bad_type.graph)[:2]
    bad_type.graph.add_edge(first, second, key="DROPS", type="DROPS", **new_item())
    # A store on a port nobody listens on: reaching the network would be a StoreError.
    nowhere = Neo4jStore(f"bolt://127.0.0.1:{_closed_port()}")
    with pytest.raises(SchemaError, match="unknown label 'Spy'"):
        nowhere.push(bad_label)
    with pytest.raises(SchemaError, match="unknown relationship type 'DROPS'"):
        nowhere.push(bad_type)
    for kg in (bad_label, bad_type):
        with pytest.raises(SchemaError):
            neo4j_store.push(kg)
    assert neo4j_store.counts() == (0, 0)


def test_unreachable_server_is_reported_quickly_with_its_uri() -> None:
    uri = f"neo4j://127.0.0.1:{_closed_port()}"
    store = Neo4jStore(uri, "neo4j", "s3cret-Passw0rd")
    started = time.monotonic()
    with pytest.raises(StoreError) as caught:
        store.read_graph()
    assert time.monotonic() - started < 10
    message = str(caught.value)
    assert message.startswith(f"cannot reach Neo4j at {uri} while connecting (")
    assert message.endswith(
        "start the managed server with `iekg neo4j start`, or set NEO4J_URI to a running server"
    )
    assert "s3cret" not in message and "s3cret" not in repr(store)


def test_a_broken_node_is_reported_with_its_id(neo4j_store: Neo4jStore) -> None:
    neo4j_store.run_cypher("CREATE (:Organization:Enterprise {id: 'org-x'})", write=True)
    neo4j_store.run_cypher("CREATE (:Note {text: 'not ours'})", write=True)
    with pytest.raises(StoreError) as caught:
        neo4j_store.read_graph()
    assert str(caught.value) == (
        "Neo4j node 'org-x' (labels Organization, Enterprise): not a node iekg can read "
        "(it needs one kind's labels, an id and a name); fix or delete it with "
        "`iekg cypher --write`"
    )


def test_an_analysts_own_label_and_nodes_are_left_alone(
    neo4j_store: Neo4jStore, shaoxing: KnowledgeGraph
) -> None:
    neo4j_store.push(shaoxing)
    neo4j_store.run_cypher("MATCH (s:School) SET s:Checked", write=True)
    neo4j_store.run_cypher("CREATE (:Note {text: '待核实'})", write=True)
    assert neo4j_store.read_graph() == shaoxing
    neo4j_store.push(shaoxing)
    checked = neo4j_store.run_cypher("MATCH (s:Checked) RETURN count(s) AS n")["n"][0]
    assert checked == len(list(shaoxing.nodes("School")))
    assert neo4j_store.counts() == (49, 74)


def _operators(plan: dict[str, Any]) -> list[str]:
    return [plan["operatorType"].split("@")[0]] + [
        name for child in plan.get("children", []) for name in _operators(child)
    ]


def test_merge_plans_made_on_an_empty_database_seek_the_id_index(
    neo4j_store: Neo4jStore,
) -> None:
    # The merge queries keep their first plan however the database grows
    # (replan=skip), so that plan, made while it is empty, must already find
    # every node through the id constraint and never scan a label.
    neo4j_store.ensure_schema()
    assert neo4j_store.counts() == (0, 0)
    queries = {
        "nodes": merge_nodes_query(("Organization", "Enterprise")),
        "relationships": merge_edges_query("WORKS_AT", "Person", "Enterprise"),
    }
    with neo4j_store.driver.session(database=neo4j_store.database) as session:
        plans = {
            name: _operators(session.run(f"EXPLAIN {query}", rows=[]).consume().plan or {})
            for name, query in queries.items()
        }
    assert plans["nodes"].count("NodeUniqueIndexSeek(Locking)") == 1
    assert plans["relationships"].count("NodeUniqueIndexSeek(Locking)") == 2
    assert not [op for ops in plans.values() for op in ops if "Scan" in op]
