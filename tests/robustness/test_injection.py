"""Text from sources and from analysts reaches Cypher only as parameters.

Hostile names from the bad-input corpus (Cypher fragments, HTML, script,
templates) are pushed, queried by name, passed with ``--param`` and through
mappings; every query text the driver sends is recorded and holds none of
them, every label and type in it comes from the schema, the names come back
verbatim and the database holds nothing else. ``iekg cypher`` refuses every
kind of write unless ``--write`` is given.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from graph.embedded_store import EmbeddedStore
from graph.errors import SchemaError
from graph.knowledge_graph import KnowledgeGraph
from graph.neo4j_settings import ConnectionSettings
from graph.neo4j_store import Neo4jStore
from graph.schema import SCHEMA
from iekg.cli import cli

from .corpus import BAD, hostile_names

pytestmark = pytest.mark.neo4j

HOSTILE_FILES = [
    "injection/hostile_names.csv",
    "injection/hostile_properties.csv",
    "injection/hostile_partnerships.csv",
    "formulas/formula_names.csv",
]
#: Texts that would change a query if they were pasted into it.
PAYLOADS = [name for _, name in hostile_names(HOSTILE_FILES)] + [
    '"}) DETACH DELETE n //',
    "' OR 1=1 //",
    "x` DETACH DELETE n //",
    "$rows}) DETACH DELETE n //",
    "\\u0027) MATCH (n) DETACH DELETE n //",
    "绍兴中专\n}) RETURN 1 //",
]


def iekg(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample plus every hostile file of the corpus, in an embedded store."""
    store = tmp_path_factory.mktemp("hostile") / "store"
    assert iekg("build", "--store", str(store)).exit_code == 0
    for name in HOSTILE_FILES:
        result = iekg("build", str(BAD / name), "--store", str(store))
        assert result.exit_code == 0, result.output
    return store


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Every query text and its parameters, as this process hands them to the driver."""
    from neo4j._sync.work.session import Session
    from neo4j._sync.work.transaction import TransactionBase

    seen: list[tuple[str, dict[str, Any]]] = []

    def recording(original: Any) -> Any:
        def run(self: Any, query: Any, parameters: Any = None, **kwargs: Any) -> Any:
            seen.append((str(getattr(query, "text", query)), dict(parameters or {}, **kwargs)))
            return original(self, query, parameters, **kwargs)

        return run

    monkeypatch.setattr(TransactionBase, "run", recording(TransactionBase.run))
    monkeypatch.setattr(Session, "run", recording(Session.run))
    return seen


@pytest.fixture
def env(neo4j_server: ConnectionSettings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_server.user)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_server.database)
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)


def _values(params: Any) -> list[str]:
    """Every text inside a parameter structure."""
    if isinstance(params, str):
        return [params]
    if isinstance(params, dict):
        return [t for v in params.values() for t in _values(v)]
    if isinstance(params, list | tuple):
        return [t for v in params for t in _values(v)]
    return []


def _names_in_query(text: str) -> set[str]:
    """Backtick-quoted names in a query text (labels, types, schema names)."""
    return set(re.findall(r"`((?:[^`]|``)+)`", text))


def test_a_push_sends_hostile_names_as_parameters_only(
    hostile_store: Path, neo4j_store: Neo4jStore, sent: list[tuple[str, dict[str, Any]]]
) -> None:
    kg = EmbeddedStore(hostile_store).read_graph()
    stored = {n["name"] for n in kg.nodes()}
    assert {name for _, name in hostile_names(HOSTILE_FILES)} <= stored
    neo4j_store.push(kg)
    texts = [text for text, _ in sent]
    assert texts, "nothing was recorded"
    for payload in stored | set(PAYLOADS):
        if len(payload) > 2:  # short names (一 …) may occur in a query's own words
            assert not any(payload in text for text in texts), payload
    values = {v for _, params in sent for v in _values(params)}
    assert {name for _, name in hostile_names(HOSTILE_FILES)} <= values
    allowed = set(SCHEMA.labels) | set(SCHEMA.relationships)
    quoted = {n for text in texts for n in _names_in_query(text)}
    assert {n for n in quoted if not n.startswith("iekg_")} <= allowed
    # Verbatim, and nothing else: the database holds exactly the pushed graph.
    assert neo4j_store.read_graph() == kg
    assert neo4j_store.counts() == (kg.graph.number_of_nodes(), kg.graph.number_of_edges())


def test_labels_and_types_come_only_from_the_schema() -> None:
    from graph import cypher

    for bad in ("Enterprise`) DETACH DELETE n //", "Enterprise:Admin", "enterprise", ""):
        with pytest.raises(SchemaError):
            cypher.quote_label(bad)
        with pytest.raises(SchemaError):
            cypher.merge_nodes_query(("Organization", bad))
    for bad in ("PARTNERS_WITH]->() DETACH DELETE n //", "partners_with", "OWNS"):
        with pytest.raises(SchemaError):
            cypher.quote_rel_type(bad)
        with pytest.raises(SchemaError):
            cypher.merge_edges_query(bad, "Enterprise", "SecondaryVocationalSchool")


@pytest.fixture
def pushed(hostile_store: Path, neo4j_store: Neo4jStore, env: None) -> KnowledgeGraph:
    kg = EmbeddedStore(hostile_store).read_graph()
    neo4j_store.push(kg)
    return kg


def test_param_values_are_matched_as_text_and_change_nothing(
    pushed: KnowledgeGraph, neo4j_store: Neo4jStore
) -> None:
    before = neo4j_store.counts()
    query = "MATCH (n) WHERE n.name = $q RETURN n.name AS name"
    for payload in PAYLOADS:
        result = iekg("cypher", query, "-p", f"q={payload}", "--format", "json")
        assert result.exit_code == 0, result.output
        found = [row["name"] for row in json.loads(result.stdout)]
        stored = payload in {n["name"] for n in pushed.nodes()}
        assert found == ([payload] if stored else []), payload
    # A hostile parameter *name* is only a dictionary key.
    result = iekg("cypher", "RETURN 1 AS one", "-p", "x) DETACH DELETE n //=1", "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [{"one": 1}])
    assert neo4j_store.counts() == before


def test_questions_asked_by_hostile_names_answer_alike_on_both_stores(
    pushed: KnowledgeGraph, neo4j_store: Neo4jStore, hostile_store: Path
) -> None:
    before = neo4j_store.counts()
    partnered = [
        "'}) MATCH (m) DETACH DELETE m //有限公司",
        "<script>alert(1)</script>职业技术学院",
    ]
    for name in partnered:
        answers = []
        for backend in ("embedded", "neo4j"):
            result = iekg(
                "query", "partners", "-p", f"name={name}", "--backend", backend,
                "--format", "json", "--store", str(hostile_store),
            )  # fmt: skip
            assert result.exit_code == 0, result.output
            answers.append(json.loads(result.stdout))
        assert answers[0] == answers[1] and answers[0], name
    assert neo4j_store.counts() == before


WRITES = [
    "CREATE (n:Enterprise {id: 'x', name: 'x'})",
    "MERGE (n:Person {id: 'p', name: 'p'})",
    "MATCH (n) SET n.pwned = true",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Enterprise) REMOVE n:Enterprise",
    "MATCH (n) WITH n LIMIT 1 SET n:Pwned",
    "create (n)",
    "// a comment first\nCREATE (n)",
    "/* block */ MATCH (n) DELETE n",
    "PROFILE CREATE (n)",
    "FOREACH (x IN [1] | CREATE (n))",
    "CALL { CREATE (n) RETURN n } RETURN count(*)",
    "MATCH (n) RETURN n UNION MATCH (m) DETACH DELETE m RETURN m AS n",
    "UNWIND range(1, 3) AS i CREATE (:Project {id: toString(i), name: 'p'})",
    "CREATE INDEX pwned FOR (n:Enterprise) ON (n.pwned)",
    "DROP CONSTRAINT iekg_Organization_id",
    "CREATE CONSTRAINT pwned FOR (n:X) REQUIRE n.y IS UNIQUE",
    "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS RETURN 1",
]


def _schema_names(store: Neo4jStore) -> list[str]:
    rows = store.execute("SHOW INDEXES YIELD name RETURN name ORDER BY name")
    return [r["name"] for r in rows] + store.constraints()


@pytest.mark.parametrize("query", WRITES)
def test_iekg_cypher_refuses_every_write_without_write(
    query: str, pushed: KnowledgeGraph, neo4j_store: Neo4jStore
) -> None:
    before, schema, graph = neo4j_store.counts(), _schema_names(neo4j_store), pushed
    result = iekg("cypher", query)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("Error: "), result.output
    assert "refused" in result.output or "could not run" in result.output
    assert neo4j_store.counts() == before
    assert _schema_names(neo4j_store) == schema
    assert neo4j_store.read_graph() == graph


def test_explain_plans_a_write_without_running_it_and_write_opts_in(
    pushed: KnowledgeGraph, neo4j_store: Neo4jStore
) -> None:
    before = neo4j_store.counts()
    assert iekg("cypher", "EXPLAIN CREATE (n:Enterprise {id: 'x'})").exit_code == 0
    assert neo4j_store.counts() == before
    created = iekg("cypher", "CREATE (n:Checked) RETURN 1 AS one", "--write")
    assert created.exit_code == 0, created.output
    assert neo4j_store.counts() == (before[0] + 1, before[1])


def test_a_hostile_mapping_is_refused_before_any_row_is_read(tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    shutil.copy(BAD / "mapping" / "data.csv", data)
    for name in ("label_injection.yaml", "type_injection.yaml", "unknown_property.yaml"):
        result = iekg("build", str(data), "--mapping", str(BAD / "mapping" / name),
                      "--store", str(tmp_path / "s"))  # fmt: skip
        assert result.exit_code == 1 and "mapping refused" in result.output
        assert not (tmp_path / "s").exists()
    result = iekg("build", str(data), "--mapping", str(BAD / "mapping" / "python_tag.yaml"),
                  "--store", str(tmp_path / "s"))  # fmt: skip
    assert result.exit_code == 1 and "could not determine a constructor" in result.output
    assert not Path("pwned").exists() and not (tmp_path / "pwned").exists()
