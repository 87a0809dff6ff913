"""What the answers kept between calls cost in memory, on the in-memory backend.

Whole-graph questions keep what they read and worked out until the graph
changes (:mod:`queries.kept`). This loads one size's cached store, asks the
national questions in turn, and reads the process's resident memory after
each (``/proc/self/status``: VmRSS now, VmHWM the peak so far), after a
full collection so that only what is kept is counted.

Usage::

    python bench/kept_memory.py --size 1M

writes ``bench/results/kept_memory.json``.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import store_folder, write_result

#: The national questions, in the order asked, with their parameters.
QUESTIONS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("connections", {}),
    ("changes", {"start": "2020", "end": "2022"}),
    ("timeline", {}),
    ("industry-coverage", {}),
    ("brokers", {}),
    ("communities", {}),
)


def _memory_mib() -> tuple[float, float]:
    """Resident memory now and at its peak, in MiB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1M")
    args = parser.parse_args()
    from graph.embedded_store import EmbeddedStore
    from queries import ask

    store = store_folder(args.size)
    start, _ = _memory_mib()
    kg = EmbeddedStore(store).read_graph()
    gc.collect()
    graph, _ = _memory_mib()
    steps: list[dict[str, Any]] = [{"step": "graph loaded", "rss_mib": round(graph)}]
    before = graph
    for name, params in QUESTIONS:
        ask(name, kg, **params)
        gc.collect()
        now, peak = _memory_mib()
        steps.append(
            {"step": name, "params": params, "kept_mib": round(now - before), "rss_mib": round(now)}
        )
        print(f"{name}: +{now - before:.0f} MiB kept, {now:.0f} MiB resident", flush=True)
        before = now
    _, peak = _memory_mib()
    path = write_result(
        "kept_memory",
        {
            "command": f"bench/kept_memory.py --size {args.size}",
            "size": args.size,
            "interpreter_mib": round(start),
            "graph_mib": round(graph - start),
            "kept_mib": round(before - graph),
            "peak_mib": round(peak),
            "steps": steps,
        },
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
