"""What every benchmark script shares: sizes, datasets, statistics, results files.

Figures on a shared 2-core machine drift from minute to minute, so every
script measures the things it compares side by side in one run, interleaved
repeat by repeat, and reports medians and ratios. Each results file records
the machine and the versions it was measured with, so a figure is never
quoted without its context.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = Path(os.environ.get("IEKG_BENCH_RESULTS", ROOT / "bench" / "results"))
WORK = Path(os.environ.get("IEKG_BENCH_WORK", ROOT / "bench" / "work"))
PYTHON = sys.executable
PEER_PYTHON = ROOT / "bench" / ".venv-peer" / "bin" / "python"

#: size name -> organisations given to `iekg synth`. The generator makes about
#: 7.4 relationships per organisation, so these give about 10k, 100k and 1M
#: relationships; the results files record the exact counts.
SIZES = {"10k": 1_400, "100k": 14_000, "1M": 136_000}
SEED = 1


def parse_sizes(text: str) -> list[str]:
    """``10k,100k`` -> ``['10k', '100k']``, refusing a size that is not in SIZES."""
    names = [s.strip() for s in text.split(",") if s.strip() and s.strip() != "none"]
    unknown = [s for s in names if s not in SIZES]
    if unknown:
        raise SystemExit(f"unknown size(s) {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    return names


# -- datasets ----------------------------------------------------------------
def dataset(size: str) -> Path:
    """The synthetic table folder of one size, generated once and cached."""
    from loaders.synth import write_synthetic

    folder = WORK / f"data-{size}"
    made_by = _data_maker(size)
    if not (folder / "relationships.csv").exists() or _made_by(folder) != made_by:
        shutil.rmtree(folder, ignore_errors=True)
        write_synthetic(folder, SIZES[size], SEED)
        (folder / MADE_BY).write_text(made_by, encoding="utf-8")
    return folder


#: a cached folder's note of what made it: a cache made by other code is made again
MADE_BY = ".made-by"


def _data_maker(size: str) -> str:
    """What the synthetic tables of ``size`` depend on: the generator's code, seed and size."""
    code = hashlib.sha1((ROOT / "loaders" / "synth.py").read_bytes()).hexdigest()[:12]
    return f"loaders/synth.py {code}, seed {SEED}, {SIZES[size]} organisations"


def _made_by(folder: Path) -> str | None:
    note = folder / MADE_BY
    return note.read_text(encoding="utf-8") if note.exists() else None


def store_folder(size: str) -> Path:
    """An embedded store holding the dataset of one size, built once and cached.

    Benchmarks other than the embedded one start from here, so they measure
    their own step and not the table reader again.
    """
    from graph.embedded_store import FORMAT_VERSION, EmbeddedStore
    from graph.knowledge_graph import KnowledgeGraph
    from graph.schema import SCHEMA
    from loaders.tables import read_table_folder

    folder = WORK / f"store-{size}"
    store = EmbeddedStore(folder)
    data = dataset(size)
    # the ids of the nodes depend on the schema version (events and people are scoped)
    made_by = f"{_made_by(data)}; schema {SCHEMA.version}"
    if store.exists() and _made_by(folder) != made_by:
        if folder.is_symlink():  # a store another bench step wrote, linked here by hand
            folder.unlink()
        else:
            shutil.rmtree(folder)
    if store.exists() and _format_version(store.file) != FORMAT_VERSION:
        store.write_graph(store.read_graph())  # cached by an older iekg: load what it now writes
    if not store.exists():
        batch = read_table_folder(data)
        if batch.errors:
            raise SystemExit(f"{size}: {len(batch.errors)} errors, first: {batch.errors[0]}")
        kg = KnowledgeGraph()
        kg.add(batch.records)
        store.write_graph(kg)
        (folder / MADE_BY).write_text(made_by, encoding="utf-8")
    return folder


def _format_version(file: Path) -> Any:
    """The format version in a store file's header line."""
    import orjson

    with file.open("rb") as handle:
        return orjson.loads(handle.readline()).get("version")


def checkout(revision: str, folder: Path, script: Path) -> Path:
    """The repository's files at git ``revision``, written under ``folder``, with this
    version of the comparison ``script`` in its ``bench``: the older code a side-by-side
    comparison runs beside the working tree, by the same script.

    Scripts import it inside ``main`` only: their workers also run inside such a copy,
    beside that revision's own ``common``, which may not have it."""
    import tarfile

    archive = folder / "base.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), revision], check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(folder / "base", filter="data")
    (folder / "base" / "bench" / script.name).write_text(script.read_text())
    return folder / "base"


def load_graph(size: str) -> Any:
    """The KnowledgeGraph of one size (from the cached embedded store)."""
    from graph.embedded_store import EmbeddedStore

    return EmbeddedStore(store_folder(size)).read_graph()


# -- statistics ----------------------------------------------------------------
def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (numpy's default), without numpy."""
    data = sorted(values)
    if len(data) == 1:
        return float(data[0])
    pos = (len(data) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(data) - 1)
    return float(data[low] + (data[high] - data[low]) * (pos - low))


def summary(values: Sequence[float]) -> dict[str, Any]:
    """Median, p95, min and max, with the raw values kept beside them."""
    return {
        "median": round(median(values), 4),
        "p95": round(percentile(values, 95), 4),
        "min": round(min(values), 4),
        "max": round(max(values), 4),
        "n": len(values),
        "raw": [round(v, 4) for v in values],
    }


def ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else float("inf")


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


def peak_rss_mib() -> float:
    """This process's peak resident memory so far (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# -- child processes -----------------------------------------------------------
def run_child(argv: list[str], *, python: str | Path = PYTHON, env: dict[str, str] | None = None,
              timeout: float = 7200) -> dict[str, Any]:  # fmt: skip
    """Run a benchmark step in a fresh interpreter and return the JSON it prints last.

    A fresh process per step makes the peak memory of that step its own, and
    keeps one step's garbage from slowing the next.
    """
    proc = subprocess.run(
        [str(python), *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"benchmark step {' '.join(argv)} failed ({proc.returncode}):\n{proc.stderr[-4000:]}"
        )
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def emit(result: dict[str, Any]) -> None:
    """A child's answer to :func:`run_child`: one JSON line on stdout."""
    print(json.dumps(result, ensure_ascii=False), flush=True)


# -- the machine and the versions ------------------------------------------------
def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _java_version() -> str | None:
    try:
        out = subprocess.run(["java", "-version"], capture_output=True, text=True, check=False)
    except OSError:
        return None
    first = (out.stderr or out.stdout).splitlines()
    return first[0] if first else None


def _git_commit() -> str | None:
    out = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT,
        check=False,
    )  # fmt: skip
    return out.stdout.strip() or None


def _dirty() -> list[str]:
    """Tracked files of the measured code that differ from the commit."""
    out = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no", "graph", "loaders", "queries"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    return [line[3:] for line in out.stdout.splitlines()]


def machine() -> dict[str, Any]:
    """The facts a reader needs to judge a figure: hardware, load, versions."""
    from graph.neo4j_fetch import NEO4J_VERSION

    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": round(pages / 2**30, 1),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "os": platform.platform(),
        "python": platform.python_version(),
        "java": _java_version(),
        "neo4j_server": NEO4J_VERSION,
        "packages": {
            name: _version(name)
            for name in (
                "networkx",
                "igraph",
                "pandas",
                "neo4j",
                "neo4j-rust-ext",
                "pyvis",
                "jieba",
            )
        },
        "git_commit": _git_commit(),
        "uncommitted_changes": _dirty(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def write_result(name: str, data: dict[str, Any]) -> Path:
    """Write ``bench/results/<name>.json`` (machine facts first) and return its path.

    Sizes measured by an earlier run and not by this one are kept, each with
    the command, machine load and time it was measured with, so the largest
    size can be run on its own (it takes longest) without losing the others.
    """
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    facts = machine()
    sizes = data.get("sizes")
    if isinstance(sizes, dict):
        for entry in sizes.values():
            entry.setdefault("command", data.get("command"))
            entry.setdefault("measured_at", facts["when"])
            entry.setdefault("load_average_at_start", facts["load_average_at_start"])
        try:
            earlier = json.loads(path.read_text(encoding="utf-8")).get("sizes", {})
        except (OSError, ValueError):
            earlier = {}
        merged = {**earlier, **sizes}
        data = {**data, "sizes": {k: merged[k] for k in SIZES if k in merged}}
    payload = {"benchmark": name, "machine": facts, **data}
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


# -- the Neo4j server ------------------------------------------------------------
@contextmanager
def bench_server(
    heap: str = "2g", pagecache: str = "1g", plugins: Sequence[Path] = ()
) -> Iterator[Any]:
    """The project's managed Neo4j server in a temporary state folder, sized for 1M rows.

    Auth is off (it listens on 127.0.0.1 only) and the server is stopped on
    exit, whatever happens. ``plugins`` are jars copied into its plugins folder.
    """
    import signal
    import tempfile

    from graph.neo4j_server import ConnectionSettings, start, stop

    # SIGTERM (a stopped `make bench`) must still reach the `finally` below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    WORK.mkdir(parents=True, exist_ok=True)
    state = Path(tempfile.mkdtemp(prefix="neo4j-", dir=WORK))
    home = None
    if plugins:
        (state / "plugins").mkdir()
        for jar in plugins:
            shutil.copy2(jar, state / "plugins" / jar.name)
        home = _home_with(plugins)
    info = start(state, auth=False, heap=heap, pagecache=pagecache, home=home)
    try:
        yield ConnectionSettings(uri=info.uri, user=info.user, database=info.database)
    finally:
        stop(state)
        shutil.rmtree(state, ignore_errors=True)


def _home_with(plugins: Sequence[Path]) -> Path:
    """A Neo4j home whose lib/ is the fetched jars (linked) plus ``plugins``.

    The official launcher puts the plugins folder on the class path; the
    managed server's command line does not, so a plugin that registers a
    kernel extension (APOC registers its config that way) must sit in lib/
    as well as in plugins/ (which is where procedures are looked up).
    """
    from graph.neo4j_fetch import default_home, fetch

    source = fetch(default_home())
    home = WORK / "neo4j-home-plugins"
    if home.exists():
        shutil.rmtree(home)
    (home / "lib").mkdir(parents=True)
    for item in source.iterdir():
        if item.is_file():  # the fetch marker and the like
            shutil.copy2(item, home / item.name)
    for jar in (source / "lib").glob("*.jar"):
        (home / "lib" / jar.name).symlink_to(jar)
    for jar in plugins:
        (home / "lib" / jar.name).symlink_to(jar)
    return home


def wipe(driver: Any, database: str = "neo4j") -> None:
    """Delete every node and relationship, in chunks so a 1M-row wipe fits in the heap."""
    with driver.session(database=database) as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()
