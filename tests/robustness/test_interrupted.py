"""A load killed at a random moment, then run again, ends exactly as an uninterrupted one.

``make test`` runs a few kills per store; ``make robustness`` at least 20
(``IEKG_KILL_TRIALS``). See :mod:`tests.robustness.kill_load`.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.embedded_store import EmbeddedStore
from graph.knowledge_graph import KnowledgeGraph
from graph.neo4j_settings import ConnectionSettings
from graph.neo4j_store import Neo4jStore

from .corpus import IEKG
from .kill_load import (
    Trial,
    command_env,
    embedded_trials,
    make_dataset,
    neo4j_env,
    neo4j_trials,
    record,
    run,
    summary,
    trials_wanted,
)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_dataset(tmp_path_factory.mktemp("kill-data"))


def _judge(trials: list[Trial], wanted: int) -> None:
    """Keep the tally for the README, and require the kills and equal re-runs."""
    record(trials)
    print(summary(trials))
    assert sum(t.killed for t in trials) >= wanted
    assert all(t.rerun_equal for t in trials)


@pytest.fixture
def rng() -> random.Random:
    seed = int(os.environ.get("IEKG_KILL_SEED") or time.time())
    print(f"kill moments drawn with IEKG_KILL_SEED={seed}")
    return random.Random(seed)


def test_a_killed_build_leaves_a_readable_store_and_the_rerun_gives_the_same_bytes(
    dataset: list[Path], tmp_path: Path, rng: random.Random
) -> None:
    wanted = trials_wanted(5)
    trials = embedded_trials(dataset, tmp_path, wanted, rng)
    _judge(trials, wanted)


@pytest.fixture
def built(dataset: list[Path], tmp_path: Path) -> Path:
    """The first dataset (some 430 nodes and 1,200 relationships) in an embedded store.

    One of four, because every Neo4j trial pushes it twice and reads it back twice.
    """
    store = tmp_path / "store"
    # By the installed command, as the runs it is compared with.
    run([IEKG, "build", str(dataset[0]), "--store", str(store)], command_env())
    return store


@pytest.mark.neo4j
def test_a_killed_push_is_completed_by_the_next_push_without_duplicates(
    built: Path, neo4j_store: Neo4jStore, neo4j_server: ConnectionSettings, rng: random.Random
) -> None:
    wanted = trials_wanted(5)
    kg = EmbeddedStore(built).read_graph()
    # Small batches: many transactions, so kills land between and inside them.
    argv = [IEKG, "push", "--store", str(built), "--batch-size", "40"]
    env = neo4j_env(neo4j_server.uri, neo4j_server.user, neo4j_server.password, "neo4j")
    trials = neo4j_trials(argv, neo4j_store, kg, env, wanted, rng, name="push")
    _judge(trials, wanted)


@pytest.mark.neo4j
def test_a_killed_build_into_neo4j_is_completed_by_the_next_build(
    dataset: list[Path],
    built: Path,
    neo4j_store: Neo4jStore,
    neo4j_server: ConnectionSettings,
    tmp_path: Path,
    rng: random.Random,
) -> None:
    # Each build writes the whole graph once per batch: a quarter of the
    # push trials' count (1 in `make test`, 5 in `make robustness`).
    wanted = max(1, trials_wanted(4) // 4)
    kg = EmbeddedStore(built).read_graph()
    argv = [IEKG, "build", str(dataset[0]), "--neo4j", "--store", str(tmp_path / "none")]
    env = neo4j_env(neo4j_server.uri, neo4j_server.user, neo4j_server.password, "neo4j")
    trials = neo4j_trials(argv, neo4j_store, kg, env, wanted, rng, name="build --neo4j")
    _judge(trials, wanted)


def test_a_save_removes_the_copies_killed_saves_left_and_keeps_one_in_progress(
    tmp_path: Path,
) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    killed = tmp_path / f".graph.json.{gone}.k2j4x9a1.tmp"
    running = tmp_path / f".graph.json.{os.getpid()}.q8w7e6r5.tmp"
    for copy in (killed, running):
        copy.write_text('{"format": "iekg-gr', encoding="utf-8")
    EmbeddedStore(tmp_path).write_graph(KnowledgeGraph())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["graph.json", running.name])
