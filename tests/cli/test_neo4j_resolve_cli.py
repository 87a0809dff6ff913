"""iekg resolve on Neo4j ends in the same graph as on the embedded store (merge, undo, push)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import load_sample
from graph.embedded_store import EmbeddedStore
from graph.knowledge_graph import KnowledgeGraph
from graph.neo4j_settings import ConnectionSettings
from graph.neo4j_store import Neo4jStore
from graph.records import EdgeRecord, NodeRecord, NodeRef
from iekg.cli import cli

pytestmark = pytest.mark.neo4j

COUNT = "MATCH (n:Organization) WHERE n.name IN $names RETURN n.name AS name ORDER BY name"
NAMES = {"names": ["绍兴中专", "绍兴市中等专业学校"]}


@pytest.fixture
def env(neo4j_store: Neo4jStore, neo4j_in_env: ConnectionSettings) -> Neo4jStore:
    """The test server in the NEO4J_* variables, and its (empty) store."""
    return neo4j_store


def iekg(*args: str, backend: str) -> str:
    result: Result = CliRunner().invoke(cli, list(args), env={"IEKG_BACKEND": backend})
    assert result.exit_code == 0, result.output
    return result.output


def _two_names_of_one_school() -> KnowledgeGraph:
    """The sample, plus the school's full name with a relationship of its own."""
    kg = load_sample()
    label, name = "SecondaryVocationalSchool", "绍兴市中等专业学校"
    project = NodeRef("Project", "高端装备产业数字工匠共育项目")
    kg.add(
        [
            NodeRecord(label, name, props={"region": "越城区"}),
            EdgeRecord(NodeRef(label, name), "PARTICIPATES_IN", project, props={"role": "牵头"}),
        ]
    )
    return kg


def test_a_merge_and_its_undo_leave_neo4j_as_the_embedded_store(
    env: Neo4jStore, tmp_path: Path
) -> None:
    start = _two_names_of_one_school()
    env.write_graph(start)
    embedded = EmbeddedStore(tmp_path / "embedded")
    embedded.write_graph(start)
    merge = ("resolve", "--merge", "绍兴中专", "--into", "绍兴市中等专业学校")
    said = "j1: 绍兴中专 merged into 绍兴市中等专业学校.\n"
    assert iekg(*merge, "--store", str(tmp_path / "embedded"), backend="embedded") == said
    assert iekg(*merge, "--store", str(tmp_path / "neo"), backend="neo4j") == said
    # one school in Neo4j, not both: the folded node and its relationships are gone
    assert env.run_cypher(COUNT, NAMES)["name"].tolist() == ["绍兴市中等专业学校"]
    assert env.read_graph().to_dict() == embedded.read_graph().to_dict()
    assert env.counts() == (len(start) - 1, embedded.read_graph().graph.number_of_edges())

    undo = ("resolve", "--undo", "j1")
    assert iekg(*undo, "--store", str(tmp_path / "neo"), backend="neo4j") == (
        "j2: j1 undone; the store has both nodes again.\n"
    )
    iekg(*undo, "--store", str(tmp_path / "embedded"), backend="embedded")
    # the relationships the merge moved onto the kept school went back with the undo
    assert env.read_graph().to_dict() == embedded.read_graph().to_dict() == start.to_dict()


def test_a_push_after_a_merge_in_the_embedded_store_removes_the_merged_node(
    env: Neo4jStore, tmp_path: Path
) -> None:
    store = ["--store", str(tmp_path)]
    EmbeddedStore(tmp_path).write_graph(_two_names_of_one_school())
    iekg("push", *store, backend="embedded")
    assert len(env.run_cypher(COUNT, NAMES)) == 2
    merge = ("resolve", "--merge", "绍兴中专", "--into", "绍兴市中等专业学校")
    iekg(*merge, *store, backend="embedded")
    iekg("push", *store, backend="embedded")
    assert env.run_cypher(COUNT, NAMES)["name"].tolist() == ["绍兴市中等专业学校"]
    assert env.read_graph().to_dict() == EmbeddedStore(tmp_path).read_graph().to_dict()
    iekg("resolve", "--undo", "j1", *store, backend="embedded")
    iekg("push", *store, backend="embedded")
    assert env.read_graph().to_dict() == EmbeddedStore(tmp_path).read_graph().to_dict()
