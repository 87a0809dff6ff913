"""Time the article extractor on 100 articles (the corpus, repeated).

Writes bench/results/extract_speed.json.  Reading and cleaning the files is
timed separately from extraction so that a slow disk does not hide a slow
extractor.  jieba's dictionary load is a one-off cost and is paid before the
clock starts.
"""

from __future__ import annotations

import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.articles import extract_article, read_article  # noqa: E402
from loaders.articles.lexicon import jieba_tokenizer, load_lexicon  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "articles"


def main(count: int = 100) -> dict[str, object]:
    """Extract `count` articles and report the timings."""
    paths = sorted(FIXTURES.glob("*.txt"))
    t0 = time.perf_counter()
    load_lexicon()
    jieba_tokenizer()
    warmup = time.perf_counter() - t0
    t0 = time.perf_counter()
    articles = [read_article(paths[i % len(paths)]) for i in range(count)]
    read_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    facts = 0
    for art in articles:
        ex = extract_article(art.body, published=art.published or "2023-11-15")
        facts += len(ex.entities) + len(ex.relations)
    extract_s = time.perf_counter() - t0
    chars = sum(len(a.body) for a in articles)
    result = {
        "articles": count,
        "characters": chars,
        "facts": facts,
        "warmup_seconds": round(warmup, 3),
        "read_seconds": round(read_s, 3),
        "extract_seconds": round(extract_s, 3),
        "articles_per_second": round(count / extract_s, 1),
        "ms_per_article": round(1000 * extract_s / count, 1),
        "python": platform.python_version(),
    }
    out = ROOT / "bench" / "results" / "extract_speed.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
