"""The first call of every whole-graph question, by two versions of the code, in one run.

A question asked of the whole graph reads all of it the first time and
keeps what it read until the graph changes (:mod:`queries.kept`), so its
first call in a session is the one an analyst waits for. Each run here is
a fresh process that loads the cached store of ``--size`` and asks every
question that needs no node, with its default parameters (``changes`` from
2020 to 2022, as ``bench/questions.py``), in catalogue order, timing each
first call. Runs of the code at ``--base`` (a git revision, copied out of
the repository) and of the working tree alternate ABBA, so the machine's
drift hits both alike; each figure is the median of a version's runs,
and the ratio is the working tree's over the base's. The answers of the two
versions' first runs are compared frame for frame.

Usage::

    python bench/first_calls.py --size 1M --base 35b8d87 --repeats 2

writes ``bench/results/first_calls.json``.
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

from common import PYTHON, ROOT, median, ratio, write_result

#: parameters of the questions whose default is not the whole graph
PARAMS = {"changes": {"start": "2020", "end": "2022"}}


def worker(size: str, answers: str | None) -> None:
    """Load the graph, time each whole-graph question's first call, print them as JSON.

    With ``answers``, the answers are pickled there too.
    """
    from common import load_graph

    from queries import REGISTRY, ask

    kg = load_graph(size)
    timings: dict[str, float] = {}
    found: list[tuple[str, Any]] = []
    for name, question in REGISTRY.items():
        params = PARAMS.get(name, {})
        if any(p.required and p.name not in params for p in question.params):
            continue  # a neighbourhood question: it reads around one node
        start = time.perf_counter()
        frame = ask(name, kg, **params)
        timings[name] = time.perf_counter() - start
        found.append((name, frame))
    if answers:
        Path(answers).write_bytes(pickle.dumps(found))
    print(json.dumps(timings), flush=True)


def _run(code: Path, size: str, answers: Path | None) -> dict[str, float]:
    """One fresh process of the code in ``code``: its first calls."""
    argv = [PYTHON, str(code / "bench" / "first_calls.py"), "--worker", "--size", size]
    if answers:
        argv += ["--answers", str(answers)]
    done = subprocess.run(
        argv, env=dict(os.environ, PYTHONPATH=str(code)), cwd=code, text=True,
        stdout=subprocess.PIPE, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="1M")
    ap.add_argument("--base", default="HEAD", help="the git revision compared against")
    ap.add_argument("--repeats", type=int, default=2, help="runs of each version")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--answers", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.size, args.answers)
        return 0
    from common import checkout
    from pandas.testing import assert_frame_equal

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = checkout(args.base, folder, Path(__file__))
        versions = {"base": base, "working tree": ROOT}
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in versions}
        for i in range(args.repeats):
            order = list(versions) if i % 2 == 0 else list(reversed(versions))
            for name in order:
                answers = folder / f"{name}.pickle" if i == 0 else None
                runs[name].append(_run(versions[name], args.size, answers))
                print(name, json.dumps(runs[name][-1]), file=sys.stderr, flush=True)
        old = pickle.loads((folder / "base.pickle").read_bytes())
        new = pickle.loads((folder / "working tree.pickle").read_bytes())
    for (name, before), (_, after) in zip(old, new, strict=True):
        assert_frame_equal(after, before, obj=name)
    questions = list(runs["base"][0])
    table = {
        q: {
            "base s": round(median([r[q] for r in runs["base"]]), 3),
            "working tree s": round(median([r[q] for r in runs["working tree"]]), 3),
        }
        for q in questions
    }
    for row in table.values():
        row["ratio"] = ratio(row["working tree s"], row["base s"])
    result = {
        "size": args.size,
        "base": args.base,
        "repeats": args.repeats,
        "first calls": table,
        "runs": runs,
        "answers equal": questions,
    }
    path = write_result("first_calls", result)
    print(json.dumps(table, indent=1, ensure_ascii=False))
    print(f"{len(questions)} answers equal; written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
