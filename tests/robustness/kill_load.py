"""Kill `iekg build` and `iekg push` with SIGKILL at random moments, then run them again.

A trial starts the installed command on a generated dataset (a few thousand
rows over several files), kills it after a random delay (drawn between a
little before an uninterrupted run's first write and its end), checks what the kill
left behind, runs the command again to the end and compares the result with
an uninterrupted run:

* embedded store: after the kill ``graph.json`` is absent or a complete graph
  equal to the uninterrupted load of the first *k* datasets; after the re-run
  it is byte-for-byte the uninterrupted store.
* Neo4j (``iekg push``, and ``iekg build --neo4j``): after the kill the database
  reads back (whole transactions only) with no id twice; after the re-run it
  reads back equal to the uninterrupted graph, count for count.

``tests/robustness/test_interrupted.py`` runs a few trials per store;
``make robustness`` runs at least 20 per store (``IEKG_KILL_TRIALS``). Each
trial's outcome is appended to ``test-artifacts/robustness-kills.json``.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from graph.embedded_store import GRAPH_FILE, EmbeddedStore
from graph.knowledge_graph import KnowledgeGraph
from graph.neo4j_store import Neo4jStore
from loaders.synth import write_synthetic

from .corpus import IEKG

DATASETS = 4
ORGS = 150
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def trials_wanted(default: int) -> int:
    """Kill trials per store: ``IEKG_KILL_TRIALS`` (``make robustness``), else ``default``."""
    return int(os.environ.get("IEKG_KILL_TRIALS") or default)


def make_dataset(folder: Path) -> list[Path]:
    """Four synthetic datasets (about 4,000 rows in 28 CSV files), one batch each.

    Their seeds differ but their names overlap, so later batches merge into
    what earlier ones loaded.
    """
    return [write_synthetic(folder / f"part{i}", ORGS, seed=i).folder for i in range(DATASETS)]


@dataclass
class Trial:
    """What one kill did and what was found afterwards."""

    store: str
    command: str
    delay: float
    killed: bool
    seconds: float
    after_kill: str
    rerun_equal: bool


def run_and_kill(argv: Sequence[str], delay: float, env: dict[str, str]) -> tuple[bool, float]:
    """Run ``argv``; SIGKILL it after ``delay`` seconds. (killed?, seconds it ran)."""
    started = time.monotonic()
    with subprocess.Popen(
        list(argv), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    ) as proc:
        try:
            proc.wait(delay)
            killed = False
        except subprocess.TimeoutExpired:
            proc.kill()  # SIGKILL: no handler, no cleanup, like a laptop losing power
            proc.wait()
            killed = True
        stderr = proc.stderr.read() if proc.stderr else ""
    if not killed and proc.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} failed on its own:\n{stderr}")
    return killed, time.monotonic() - started


def run(argv: Sequence[str], env: dict[str, str]) -> float:
    """Run ``argv`` to the end; fail with its output if it fails."""
    started = time.monotonic()
    done = subprocess.run(list(argv), env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0 or "Traceback" in done.stderr:
        raise AssertionError(f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr}")
    return time.monotonic() - started


def command_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "IEKG_"))}
    return {**env, **extra}


def record(trials: Sequence[Trial]) -> None:
    """Append the trials to test-artifacts/robustness-kills.json (figures for the README)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "robustness-kills.json"
    kept = json.loads(path.read_text("utf-8")) if path.exists() else []
    path.write_text(json.dumps(kept + [asdict(t) for t in trials], indent=1), "utf-8")


def timed_run(argv: Sequence[str], env: dict[str, str], wrote: Callable[[], bool]) -> Window:
    """Run ``argv`` to the end, watching for its first write with ``wrote``."""
    started = time.monotonic()
    first = None
    with subprocess.Popen(
        list(argv), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    ) as proc:
        while proc.poll() is None:
            if first is None and wrote():
                first = time.monotonic() - started
            time.sleep(0.05)
        stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} exited {proc.returncode}:\n{stderr}")
    total = time.monotonic() - started
    return Window(total / 2 if first is None else first, total)


@dataclass(frozen=True)
class Window:
    """When an uninterrupted run first wrote, and when it ended (seconds from its start)."""

    first_write: float
    end: float

    def delay(self, rng: random.Random) -> float:
        """A kill moment: from a little before the first write to the end.

        Start-up (Python's imports, reading the first batch, connecting) takes
        half a run or more; kills there prove little, so only some land there.
        """
        return rng.uniform(0.7 * self.first_write, 0.95 * self.end)


# -- the embedded store ----------------------------------------------------
def embedded_references(parts: Sequence[Path], folder: Path) -> list[bytes | None]:
    """graph.json after each prefix of the batches: [absent, 1 batch, …, all].

    Built by one fresh interpreter, as the runs being judged are: nothing the
    test process did before can leak into the references.
    """
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from iekg.cli import cli\n"
        "folder, parts = sys.argv[1], sys.argv[2:]\n"
        "for k in range(1, len(parts) + 1):\n"
        "    args = ['build', *parts[:k], '--store', f'{folder}/ref{k}']\n"
        "    result = CliRunner().invoke(cli, args)\n"
        "    assert result.exit_code == 0, result.output\n"
    )
    run([sys.executable, "-c", script, str(folder), *map(str, parts)], command_env())
    return [
        None,
        *((folder / f"ref{k}" / GRAPH_FILE).read_bytes() for k in range(1, len(parts) + 1)),
    ]


def embedded_trials(
    parts: Sequence[Path], folder: Path, count: int, rng: random.Random
) -> list[Trial]:
    """``count`` killed builds, each checked, re-run and compared byte for byte."""
    refs = embedded_references(parts, folder)
    timed = folder / "timed"
    window = timed_run(
        [IEKG, "build", *map(str, parts), "--store", str(timed)],
        command_env(),
        lambda: timed.exists() and any(timed.iterdir()),
    )
    trials: list[Trial] = []
    while sum(t.killed for t in trials) < count:
        delay = window.delay(rng)
        store = folder / f"trial{len(trials)}"
        argv = [IEKG, "build", *map(str, parts), "--store", str(store)]
        killed, seconds = run_and_kill(argv, delay, command_env())
        after = _embedded_after_kill(store, refs)
        run(argv, command_env())
        # byte for byte, and no temporary copy left from the killed save
        equal = snapshot(store) == {GRAPH_FILE: refs[-1]}
        trials.append(Trial("embedded", "build", delay, killed, seconds, after, equal))
        if len(trials) > 10 * count:  # a busy machine makes run times drift
            raise AssertionError(f"only {sum(t.killed for t in trials)} of the runs were killed")
    return trials


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file in a store folder, by name."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _embedded_after_kill(store: Path, refs: Sequence[bytes | None]) -> str:
    """Check the store a kill left; say what it held (raises if it is unreadable)."""
    graph = store / GRAPH_FILE
    EmbeddedStore(store).read_graph()  # raises StoreError if half-written
    leftovers = sorted(p.name for p in store.glob(f".{GRAPH_FILE}.*.tmp")) if store.exists() else []
    if not graph.exists():
        state = "no store yet"
    else:
        data = graph.read_bytes()
        if data not in refs:
            raise AssertionError(f"{graph} is readable but is no prefix of the load")
        state = f"{refs.index(data)} of {len(refs) - 1} batches"
    return state + (f", {len(leftovers)} temporary file(s) left" if leftovers else "")


# -- Neo4j -------------------------------------------------------------------
def neo4j_env(uri: str, user: str, password: str | None, database: str) -> dict[str, str]:
    extra = {"NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_DATABASE": database}
    if password is not None:
        extra["NEO4J_PASSWORD"] = password
    return command_env(**extra)


def check_neo4j(store: Neo4jStore, expected: KnowledgeGraph) -> str:
    """Read the whole database back; fail on an id held twice. Say what it holds."""
    ids = store.execute("MATCH (n) WHERE n.id IS NOT NULL RETURN n.id AS id, count(*) AS c")
    twice = [r["id"] for r in ids if r["c"] > 1]
    assert not twice, f"ids stored twice: {twice[:5]}"
    kg = store.read_graph()  # raises StoreError on a half-written node
    if not len(kg):
        return "empty"
    return "complete" if _neo4j_equal(store, expected) else "part (whole transactions)"


def neo4j_trials(
    argv: Sequence[str],
    store: Neo4jStore,
    expected: KnowledgeGraph,
    env: dict[str, str],
    count: int,
    rng: random.Random,
    *,
    name: str,
) -> list[Trial]:
    """``count`` killed runs of ``argv`` (push or build --neo4j), each re-run to the end."""

    def wipe() -> None:
        store.execute("MATCH (n) DETACH DELETE n", write=True)

    # Timed on a second run: the first also creates the constraints and indexes.
    wipe()
    run(argv, env)
    wipe()
    window = timed_run(argv, env, lambda: store.counts()[0] > 0)
    trials: list[Trial] = []
    while sum(t.killed for t in trials) < count:
        wipe()
        delay = window.delay(rng)
        killed, seconds = run_and_kill(argv, delay, env)
        after = check_neo4j(store, expected)
        run(argv, env)
        equal = _neo4j_equal(store, expected)
        trials.append(Trial("neo4j", name, delay, killed, seconds, after, equal))
        if len(trials) > 10 * count:  # a busy machine makes run times drift
            raise AssertionError(f"only {sum(t.killed for t in trials)} of the runs were killed")
    return trials


def _neo4j_equal(store: Neo4jStore, expected: KnowledgeGraph) -> bool:
    counts = (expected.graph.number_of_nodes(), expected.graph.number_of_edges())
    return store.counts() == counts and store.read_graph() == expected


def summary(trials: Sequence[Trial]) -> str:
    """One line per outcome, for the test log."""
    seen: dict[str, int] = {}
    for t in trials:
        key = f"{t.store} {t.command}: {'killed' if t.killed else 'finished'} ({t.after_kill})"
        seen[key] = seen.get(key, 0) + 1
    return "\n".join(f"{n:3d} × {k}" for k, n in sorted(seen.items()))


def tally(path: Path = ARTIFACTS / "robustness-kills.json") -> str:
    """The recorded trials, counted: what ``make robustness`` prints at the end."""
    trials = [Trial(**t) for t in json.loads(path.read_text("utf-8"))] if path.exists() else []
    kills = sum(t.killed for t in trials)
    equal = sum(t.rerun_equal for t in trials)
    head = f"{len(trials)} runs, {kills} killed with SIGKILL; {equal} re-runs equal to an "
    head += "uninterrupted load"
    return head + "\n" + summary(trials)


if __name__ == "__main__":
    print(tally())
