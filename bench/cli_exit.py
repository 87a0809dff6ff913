"""How long an ``iekg`` command takes to end once its work is done.

The ``iekg`` console script ends its process without Python's teardown
(:func:`iekg.cli.main`); the same command run through ``cli()`` in an
ordinary interpreter pays it: a last full garbage collection over every
object, then every object freed one by one. Both run the same command on the
same cached store, in turn (ABBA, after a discarded warm-up run); the
median of the paired differences of their wall times is the teardown. The
graph a command reads is sometimes freed before the command ends (then both
pay for it) and sometimes only at the end.

Usage::

    python bench/cli_exit.py --sizes 100k,1M --repeats 3

writes ``bench/results/cli_exit.json``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, median, parse_sizes, ratio, store_folder, summary, write_result

#: The ordinary ending: click's ``sys.exit``, then the interpreter's teardown.
ORDINARY = "import sys; from iekg.cli import cli; sys.argv[0] = 'iekg'; cli(prog_name='iekg')"


def _wall(argv: list[str], folder: str) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=folder)
    return time.perf_counter() - start


#: The commands timed: counting the graph, and the national connections written to a file.
COMMANDS = {"stats": ["stats"], "query connections": ["query", "connections", "-o", "pairs.csv"]}


def measure(size: str, repeats: int) -> dict[str, Any]:
    """Wall time of each of :data:`COMMANDS`, ended at once and ended ordinarily.

    One discarded run first (the store into the page cache), then the two
    endings in turn, the first of each pair alternating (ABBA), so drift and
    caches hit both alike; the teardown is the median of each pair's difference.
    """
    store = store_folder(size)
    iekg = str(Path(PYTHON).with_name("iekg"))
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, words in COMMANDS.items():
            args = [*words, "--store", str(store)]
            runs = {"at once": [iekg, *args], "ordinary": [PYTHON, "-c", ORDINARY, *args]}
            _wall(runs["at once"], tmp)
            times: dict[str, list[float]] = {"at once": [], "ordinary": []}
            for repeat in range(repeats):
                order = ["at once", "ordinary"] if repeat % 2 == 0 else ["ordinary", "at once"]
                for ending in order:
                    times[ending].append(_wall(runs[ending], tmp))
                print(f"{size} {name}: at once {times['at once'][-1]:.2f} s, "
                      f"ordinary {times['ordinary'][-1]:.2f} s", flush=True)  # fmt: skip
            saved = [b - a for a, b in zip(times["at once"], times["ordinary"], strict=True)]
            out[name] = {
                "ended_at_once_s": summary(times["at once"]),
                "ended_ordinarily_s": summary(times["ordinary"]),
                "teardown_s": summary(saved),
                "ordinary_over_at_once": ratio(median(times["ordinary"]), median(times["at once"])),
            }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("100k,1M"))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    results = {size: measure(size, args.repeats) for size in args.sizes}
    path = write_result(
        "cli_exit",
        {
            "command": f"bench/cli_exit.py --sizes {','.join(args.sizes)} --repeats {args.repeats}",
            "sizes": results,
        },
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
