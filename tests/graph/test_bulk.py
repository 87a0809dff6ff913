"""The cycle collector around bulk steps: paused inside, the program's own state kept after."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from graph.bulk import CAN_PROMOTE, collector_paused
from graph.embedded_store import EmbeddedStore
from graph.knowledge_graph import KnowledgeGraph
from graph.records import NodeRecord


class Cycle:
    """Garbage only the cycle collector can free; ``freed`` hears when it is."""

    def __init__(self, freed: list[str]) -> None:
        self.me = self
        weakref.finalize(self, freed.append, "freed")


def _saved_store(folder: Path) -> EmbeddedStore:
    kg = KnowledgeGraph()
    kg.add(NodeRecord("Enterprise", f"合成企业{i:03d}") for i in range(50))
    store = EmbeddedStore(folder)
    store.write_graph(kg)
    return store


@pytest.mark.skipif(not CAN_PROMOTE, reason="this Python's collector has no generations to splice")
def test_a_loaded_graph_is_not_walked_again_by_young_collections(tmp_path: Path) -> None:
    """A loaded graph lives as long as the session: it starts in the oldest generation,
    so the collector's frequent young passes skip it instead of walking it twice."""
    kg = _saved_store(tmp_path).read_graph()
    node_data = next(iter(kg.graph._node.values()))
    assert gc.is_tracked(node_data)
    assert any(o is node_data for o in gc.get_objects(generation=2))
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_the_programs_garbage_is_not_kept_by_a_load(tmp_path: Path) -> None:
    """A notebook's garbage cycles made just before a load are freed, not moved out of
    reach of the young passes with the graph (a loop of loads would otherwise grow)."""
    store = _saved_store(tmp_path)
    freed: list[str] = []
    Cycle(freed)
    store.read_graph()
    gc.collect(1)
    assert freed == ["freed"]


def test_objects_a_program_froze_stay_frozen(tmp_path: Path) -> None:
    """A server that froze its objects before forking finds them frozen after a load."""
    store = _saved_store(tmp_path)
    held = [[i] for i in range(1000)]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen >= len(held)
        store.read_graph()
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_a_failed_step_leaves_its_cycles_to_the_next_collection() -> None:
    """Cycles made by a step that raised are freed by the next young collection, as unpaused."""
    freed: list[str] = []
    with pytest.raises(ValueError), collector_paused(keep=True):
        Cycle(freed)
        raise ValueError("bad row")
    assert gc.isenabled()
    gc.collect(0)
    assert freed == ["freed"]
