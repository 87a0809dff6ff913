"""Article extraction throughput, as the median of repeated runs.

The same work as ``bench/extract_speed.py`` (the fixture articles, repeated
to ``--count``, through :func:`loaders.articles.extract_article`), repeated
``--repeats`` times so the figure is a median rather than one draw on a busy
machine. jieba's dictionary load is a one-off cost, paid and reported before
the clock starts.

Usage::

    python bench/articles.py --count 100 --repeats 5

writes ``bench/results/articles.json``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, median, summary, write_result

FIXTURES = ROOT / "tests" / "fixtures" / "articles"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    from loaders.articles import extract_article, read_article
    from loaders.articles.lexicon import jieba_tokenizer, load_lexicon

    started = time.perf_counter()
    load_lexicon()
    jieba_tokenizer()
    warmup = time.perf_counter() - started
    paths = sorted(FIXTURES.glob("*.txt"))
    articles = [read_article(paths[i % len(paths)]) for i in range(args.count)]
    runs, facts = [], 0
    for _ in range(args.repeats):
        started = time.perf_counter()
        facts = 0
        for art in articles:
            found = extract_article(art.body, published=art.published or "2023-11-15")
            facts += len(found.entities) + len(found.relations)
        runs.append(time.perf_counter() - started)
    chars = sum(len(a.body) for a in articles)
    med = median(runs)
    path = write_result("articles", {
        "command": f"python bench/articles.py --count {args.count} --repeats {args.repeats}",
        "articles": args.count,
        "distinct_articles": len(paths),
        "characters": chars,
        "facts": facts,
        "warmup_seconds": round(warmup, 3),
        "extract_seconds": summary(runs),
        "articles_per_second": round(args.count / med, 1),
        "characters_per_second": round(chars / med),
        "ms_per_article": round(1000 * med / args.count, 1),
    })  # fmt: skip
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
