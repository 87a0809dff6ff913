"""The national link read by hub against the read by pair, embedded, in one run.

``connections`` and ``changes`` read their evidence one row per hub
(``queries.links.hub_rows``) and pair the hubs' sides on arrays
(``queries.pair_table``); they read one row per pair of each hub before.
This script answers with both versions of the code on the same graph: the
code at ``--base`` (a git revision, copied out of the repository) and the
working tree, each in its own process, one after the other. Each times
the first whole ``connections`` (nothing kept), then, ``--repeats`` times,
the raw read, its columns (``_evidence``) and the first table (no date);
each also answers every ``connections`` and ``changes`` example and the
filtered reads (busiest school, busiest enterprise, both, a city, an
industry), and this script checks the two versions' answers are equal,
frame for frame.

Usage::

    python bench/hub_read.py --size 1M --base 50c6183

writes ``bench/results/hub_read.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, ROOT, median, write_result


def busiest(kg: Any, label: str) -> str:
    """The id of the node of ``label`` with most relationships (ties by id).

    Here rather than in ``common``: this script also runs in a copy of an older
    revision, beside that revision's ``common``."""
    return max((n["id"] for n in kg.nodes(label)), key=lambda n: (kg.graph.degree(n), n))


def _cases(kg: Any) -> list[tuple[str, dict[str, Any]]]:
    """Every example of both questions, and a read filtered each way."""
    from queries import REGISTRY

    school, firm = busiest(kg, "School"), busiest(kg, "Enterprise")
    city = next(n["id"] for n in kg.nodes("Region") if n["props"].get("level") == "city")
    industry = busiest(kg, "Industry")
    out = [(name, dict(p)) for name in ("connections", "changes") for p in REGISTRY[name].examples]
    out += [
        ("connections", {"school": school}),
        ("connections", {"enterprise": firm}),
        ("connections", {"enterprise": firm, "school": school}),
        ("connections", {"region": city}),
        ("connections", {"industry": industry, "as_of": "2022"}),
        ("changes", {"start": "2020", "end": "2022", "school": school}),
        ("changes", {"start": "2020", "end": "2022", "enterprise": firm}),
    ]
    return out


def worker(size: str) -> None:
    """Answer the parent's commands, one a line on stdin, with one JSON line each.

    ``first``: the first whole ``connections`` (nothing kept yet); ``steps``:
    the raw read, its columns and the first table, once; ``answers PATH``:
    every case, pickled to PATH. Python's cycle collector is paused, as
    ``ask`` pauses it for a whole answer.
    """
    from common import load_graph

    from graph.bulk import collector_paused
    from graph.errors import IekgError
    from queries import ask
    from queries.backend import GraphBackend
    from queries.connections import _every_link
    from queries.packed import unpacked
    from queries.pair_table import _evidence, _table

    kg = load_graph(size)
    backend = GraphBackend(kg)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        out: dict[str, Any] = {}
        if command == "first":
            start = time.perf_counter()
            ask("connections", kg)
            out["first connections"] = time.perf_counter() - start
        elif command == "steps":
            with collector_paused():
                start = time.perf_counter()
                raw = _every_link.__wrapped__(kg)
                out["read"] = time.perf_counter() - start
                start = time.perf_counter()
                evidence = _evidence(unpacked(raw))
                out["evidence"] = time.perf_counter() - start
                start = time.perf_counter()
                pairs = _table(evidence, None, backend).frame
                out["table"] = time.perf_counter() - start
            out["raw rows"] = len(unpacked(raw))
            out["evidence rows"] = len(evidence.pair)
            out["pairs"] = len(pairs)
            del raw, evidence, pairs
        elif command == "answers":
            found = []
            for name, params in _cases(kg):
                start = time.perf_counter()
                try:
                    frame: Any = ask(name, kg, **params)
                except IekgError as exc:
                    frame = f"{type(exc).__name__}: {exc}"
                found.append((name, params, frame, time.perf_counter() - start))
            Path(argument).write_bytes(pickle.dumps(found))
        print(json.dumps(out), flush=True)


class _Worker:
    """One version of the code answering in its own process (see :func:`worker`)."""

    def __init__(self, code: Path, size: str) -> None:
        self.process = subprocess.Popen(
            [PYTHON, str(code / "bench" / "hub_read.py"), "--worker", "--size", size],
            env=dict(os.environ, PYTHONPATH=str(code)), cwd=code, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip
        self.ask("")  # the graph is loaded

    def ask(self, command: str) -> dict[str, Any]:
        assert self.process.stdin and self.process.stdout
        if command:
            self.process.stdin.write(command + "\n")
            self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())  # type: ignore[no-any-return]

    def close(self) -> None:
        assert self.process.stdin
        self.process.stdin.close()
        self.process.wait()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="1M")
    ap.add_argument("--base", default="main", help="the git revision read by pair")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.size)
        return 0
    from common import checkout
    from pandas.testing import assert_frame_equal

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = checkout(args.base, folder, Path(__file__))
        versions = {"by pair": base, "by hub": ROOT}
        # Both graphs loaded side by side, the steps interleaved repeat by repeat:
        # the machine's load drifts (see bench/common.py).
        workers = {name: _Worker(code, args.size) for name, code in versions.items()}
        timings: dict[str, dict[str, Any]] = {name: {} for name in versions}
        for name, found in workers.items():
            timings[name].update(found.ask("first"))
        for _ in range(args.repeats):
            for name, found in workers.items():
                for key, value in found.ask("steps").items():
                    timings[name].setdefault(key, []).append(value)
        for name, found in workers.items():
            found.ask(f"answers {folder / name}.pickle")
            found.close()
        for name, t in timings.items():
            print(name, json.dumps(t), file=sys.stderr, flush=True)
        old = pickle.loads((folder / "by pair.pickle").read_bytes())
        new = pickle.loads((folder / "by hub.pickle").read_bytes())
    compared = []
    for (name, params, before, t_old), (_, _, after, t_new) in zip(old, new, strict=True):
        if isinstance(before, str) or isinstance(after, str):
            assert before == after, (name, params, before, after)
        else:
            assert_frame_equal(after, before)
        rows = 0 if isinstance(after, str) else len(after)
        compared.append({"question": name, "params": params, "rows": rows,
                         "by pair s": round(t_old, 3), "by hub s": round(t_new, 3)})  # fmt: skip
    result = {
        "size": args.size,
        "base": args.base,
        "timings": {
            name: {
                k: (round(median(v), 3) if k in ("read", "evidence", "table") else v[0])
                if isinstance(v, list)
                else round(v, 3)
                for k, v in t.items()
            }
            | {"runs": {k: v for k, v in t.items() if k in ("read", "evidence", "table")}}
            for name, t in timings.items()
        },
        "answers equal": compared,
    }
    path = write_result("hub_read", result)
    print(json.dumps(result["timings"], indent=1, ensure_ascii=False))
    print(f"{len(compared)} answers equal; written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
