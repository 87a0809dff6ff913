"""Properties that hold for every graph, checked on generated ones (hypothesis).

Loading twice equals loading once; the embedded store and Neo4j give back
exactly the graph they were given; normalisation is idempotent; and the
order in which files are loaded changes nothing a graph states.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from graph.embedded_store import EmbeddedStore
from graph.knowledge_graph import KnowledgeGraph
from graph.neo4j_store import Neo4jStore
from graph.text import clean_display, match_key

from .graphs import Record, canonical, files, load, loads_alone

# Derandomized: CI runs the same examples every time, so a pass or a failure repeats.
FAST = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
# Each Neo4j example is a wipe, a push and a read on a real server.
SLOW = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@FAST
@given(files())
def test_loading_twice_equals_loading_once(batch: list[Record]) -> None:
    assume(loads_alone(batch))
    assert load(batch, batch) == load(batch)


@FAST
@given(files())
def test_the_embedded_store_gives_back_what_it_was_given(batch: list[Record]) -> None:
    assume(loads_alone(batch))
    kg = load(batch)
    with TemporaryDirectory() as folder:
        store = EmbeddedStore(Path(folder))
        store.write_graph(kg)
        first = store.file.read_bytes()
        assert store.read_graph() == kg
        store.write_graph(store.read_graph())
        assert store.file.read_bytes() == first  # a save is a pure function of the graph


@FAST
@given(files())
def test_loading_again_on_top_of_a_saved_store_equals_loading_once(batch: list[Record]) -> None:
    assume(loads_alone(batch))
    with TemporaryDirectory() as folder:
        store = EmbeddedStore(Path(folder))
        store.write_graph(load(batch))
        again = store.read_graph()
        again.add(batch)
        assert again == load(batch)


@pytest.mark.neo4j
@SLOW
@given(files())
def test_neo4j_gives_back_what_it_was_given(neo4j_store: Neo4jStore, batch: list[Record]) -> None:
    assume(loads_alone(batch))
    kg = load(batch)
    neo4j_store.execute("MATCH (n) DETACH DELETE n", write=True)
    neo4j_store.push(kg)
    assert neo4j_store.read_graph() == kg
    neo4j_store.push(kg)  # pushing again changes nothing
    assert neo4j_store.read_graph() == kg
    nodes, rels = neo4j_store.counts()
    assert (nodes, rels) == (kg.graph.number_of_nodes(), kg.graph.number_of_edges())


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text())
def test_match_key_and_clean_display_are_idempotent(text: str) -> None:
    key = match_key(text)
    assert match_key(key) == key
    shown = clean_display(text)
    assert clean_display(shown) == shown
    assert match_key(shown) == key


def _files_of(names: list[str], bridging: bool) -> st.SearchStrategy[tuple[list[Record], ...]]:
    return st.tuples(*(files(n, max_nodes=5, bridging=bridging) for n in names))


FILE_NAMES = st.lists(
    st.sampled_from(["a.csv", "b.csv", "c.csv"]), min_size=2, max_size=3, unique=True
)


@FAST
@given(FILE_NAMES.flatmap(lambda names: _files_of(names, bridging=True)))
def test_the_order_files_are_loaded_in_changes_nothing_they_state(
    batches: tuple[list[Record], ...],
) -> None:
    """Files that state names, aliases, codes, kinds and values, agreeing or not.

    An alias or a code may join two nodes another file loaded apart. Which
    statement came first decides only what is shown first: the display
    name, the first of two disputed values, the order of lists.
    """
    orders = list(itertools.permutations(batches))
    graphs = []
    for order in orders:
        try:
            graphs.append(load(*order))
        except Exception:  # an edge whose ends merged into one node under another order
            assume(False)
    first = canonical(graphs[0])
    for kg in graphs[1:]:
        assert canonical(kg) == first


def test_an_alias_that_joins_two_loaded_nodes_merges_them() -> None:
    from graph.records import NodeRecord, Provenance

    school = "SecondaryVocationalSchool"
    a = [NodeRecord(school, "绍兴中专", provenance=Provenance("s", "a.csv", 2))]
    b = [NodeRecord(school, "宁波中专", provenance=Provenance("s", "b.csv", 2))]
    c = [NodeRecord(school, "绍兴中专", ("宁波中专",), provenance=Provenance("s", "c.csv", 2))]
    assert len(load(c, a, b)) == 1
    assert len(load(a, b, c)) == 1


def _founded(source: str, year: str) -> list[Record]:
    from graph.records import NodeRecord, Provenance

    school = "SecondaryVocationalSchool"
    return [NodeRecord(school, "绍兴中专", props={"founded": year}, provenance=Provenance(source))]


def _claims(kg: KnowledgeGraph) -> dict[str, list[str]]:
    node = next(kg.nodes())
    return {c["value"]: sorted(c["sources"]) for c in node["conflicts"]["founded"]}


def test_a_source_confirming_a_disputed_value_is_listed_with_it() -> None:
    a, b, c = _founded("a", "2019"), _founded("b", "2020"), _founded("c", "2019")
    for order in ((a, b, c), (b, a, c), (b, c, a)):
        assert _claims(load(*order)) == {"2019": ["a", "c"], "2020": ["b"]}


def test_a_source_confirming_a_value_before_it_is_disputed_is_listed_with_it() -> None:
    a, b, c = _founded("a", "2019"), _founded("b", "2020"), _founded("c", "2019")
    assert _claims(load(a, c, b)) == {"2019": ["a", "c"], "2020": ["b"]}
