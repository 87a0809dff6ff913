"""Every question, every example, both backends: the same DataFrame, exactly.

The embedded store answers with networkx, Neo4j with the question's Cypher
(run read-only) and the same post-processing. Both graphs hold the Shaoxing
sample, so every example's names resolve, and three partnerships dated
only by their sources (``tests/fixtures/tables/undated``); the second adds a
generated graph of a few thousand nodes. Rows are compared after each question's documented
sort, with :func:`pandas.testing.assert_frame_equal`. An example that is an
error on one backend (a name only the synthetic graph has) must be the same
error, word for word, on the other.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pandas.testing import assert_frame_equal

from conftest import load_sample
from graph.errors import IekgError
from graph.knowledge_graph import KnowledgeGraph
from graph.neo4j_cypher import query_kind
from graph.neo4j_settings import ConnectionSettings
from graph.neo4j_store import Neo4jStore
from loaders.synth import write_synthetic
from loaders.tables import read_table_folder
from queries import REGISTRY, ask, backend
from queries.kept import KeptReads

pytestmark = pytest.mark.neo4j

SYNTH_ORGS, SYNTH_SEED = 800, 11
UNDATED = Path(__file__).parents[1] / "fixtures" / "tables" / "undated"
CASES = [(q.name, i) for q in REGISTRY.values() for i in range(len(q.examples))]
Loaded = tuple[str, KnowledgeGraph, Neo4jStore]


def build_graph(name: str, folder: Path) -> KnowledgeGraph:
    """The sample and the undated partnerships, plus a generated graph for ``synthetic``."""
    kg = load_sample()
    kg.add(read_table_folder(UNDATED).records)
    if name == "synthetic":
        kg.add(read_table_folder(write_synthetic(folder, SYNTH_ORGS, SYNTH_SEED).folder).records)
    return kg


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, KnowledgeGraph]:
    """Both graphs, built once per module (questions never change a graph)."""
    folder = tmp_path_factory.mktemp("synth")
    return {name: build_graph(name, folder) for name in ("shaoxing", "synthetic")}


@pytest.fixture(scope="module", params=["shaoxing", "synthetic"])
def loaded(
    request: pytest.FixtureRequest,
    neo4j_server: ConnectionSettings,
    graphs: dict[str, KnowledgeGraph],
) -> Iterator[Loaded]:
    kg = graphs[request.param]
    s = neo4j_server
    with Neo4jStore(s.uri, s.user, s.password, s.database) as store:
        store.execute("MATCH (n) DETACH DELETE n", write=True)
        store.push(kg)
        yield request.param, kg, store
        store.execute("MATCH (n) DETACH DELETE n", write=True)


@pytest.mark.parametrize(("name", "example"), CASES, ids=[f"{n}-{i}" for n, i in CASES])
def test_same_answer_on_both_backends(loaded: Loaded, name: str, example: int) -> None:
    _, kg, store = loaded
    params = dict(REGISTRY[name].examples[example])
    try:
        expected = ask(name, kg, **params)
    except IekgError as exc:
        with pytest.raises(type(exc)) as err:
            ask(name, store, **params)
        assert str(err.value) == str(exc)
        return
    assert_frame_equal(ask(name, store, **params), expected)


#: the partnership with no date of its own, from a source dated 2024-03
REPORTED_2024 = "越州甲科技有限公司"
AT_A_DATE = [
    ("connections", {"as_of": "2020"}, "enterprise"),
    ("partners", {"name": "越州职业技术学院", "as_of": "2020"}, "partner"),
    ("changes", {"start": "2020", "end": "2024", "change": "dormant"}, "enterprise"),
]


@pytest.mark.parametrize(("name", "params", "column"), AT_A_DATE, ids=[c[0] for c in AT_A_DATE])
def test_undated_evidence_is_dated_by_its_sources_on_both_backends(
    loaded: Loaded, name: str, params: dict[str, str], column: str
) -> None:
    _, kg, store = loaded
    expected = ask(name, kg, **params)
    assert_frame_equal(ask(name, store, **params), expected)
    assert {"越州乙制造有限公司", "越州丙材料有限公司"} <= set(expected[column])
    assert REPORTED_2024 not in set(expected[column])


NON_EMPTY = ("connections", "alliance-composition", "people", "timeline", "changes",
             "industry-coverage", "brokers", "communities")  # fmt: skip


def test_the_synthetic_graph_gives_every_question_something_to_compare(
    graphs: dict[str, KnowledgeGraph],
) -> None:
    kg = graphs["synthetic"]
    assert kg.graph.number_of_nodes() > 2_000
    for name in NON_EMPTY:
        params = dict(REGISTRY[name].examples[0])
        assert len(ask(name, kg, **params)) > 0, name


def test_every_text_a_question_runs_is_planned_read_only(
    loaded: Loaded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Questions skip the server's read-only check (``run_own_read``), so their texts,
    name lookups and citations included, are checked here, as the server plans them."""
    _, _, store = loaded
    sent: dict[str, dict[str, object]] = {}
    real = Neo4jStore.run_own_read

    def recording(self: Neo4jStore, query: str, params: dict[str, object] | None = None) -> Any:
        sent.setdefault(query, dict(params or {}))
        return real(self, query, params)

    monkeypatch.setattr(Neo4jStore, "run_own_read", recording)
    # reads kept by the tests before this one would not be sent again
    monkeypatch.setattr(backend, "_WHOLE_GRAPH_READS", KeptReads(size=6))
    for name, example in CASES:
        params = dict(REGISTRY[name].examples[example])
        # an example whose name only the other graph has is an error; its lookups are sent
        with contextlib.suppress(IekgError):
            ask(name, store, **params)
    assert len(sent) > len(REGISTRY)  # every question's text, and the lookups of names
    kinds = {query: query_kind(store, query, params) for query, params in sent.items()}
    assert {q for q, kind in kinds.items() if kind != "r"} == set()
