"""Score the article extractor on a folder of gold annotations.

Usage: python bench/eval_extract.py GOLD_DIR [--only d01,d02] [--details]
Prints a per-file table and the micro-average, and writes
bench/results/extract_scores.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.articles.scoring import micro, score_folder  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and write the JSON report."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("gold_dir", type=Path)
    ap.add_argument("--only", help="comma-separated stems to score")
    ap.add_argument("--details", action="store_true", help="print misses and extras")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "extract_scores.json")
    args = ap.parse_args(argv)
    names = args.only.split(",") if args.only else None
    results = score_folder(args.gold_dir, names)
    cols = ("ent P", "ent R", "ent F1", "rel P", "rel R", "rel F1")
    print(f"{'file':10} " + " ".join(f"{c:>6}" for c in cols))
    for stem, r in results.items():
        e, rel = r["entities"], r["relations"]
        print(
            f"{stem:10} {e.precision:6.2f} {e.recall:6.2f} {e.f1:6.2f}   "
            f"{rel.precision:6.2f} {rel.recall:6.2f} {rel.f1:6.2f}"
        )
        if args.details:
            for k in ("entity_misses", "entity_extras", "relation_misses", "relation_extras"):
                for item in r[k]:
                    print(f"    {k[:-2] if k.endswith('es') else k}: {item}")
    e, rel = micro(results, "entities"), micro(results, "relations")
    print(
        f"{'micro':10} {e.precision:6.2f} {e.recall:6.2f} {e.f1:6.2f}   "
        f"{rel.precision:6.2f} {rel.recall:6.2f} {rel.f1:6.2f}"
    )
    report = {
        "gold_dir": str(args.gold_dir),
        "micro": {"entities": e.to_json(), "relations": rel.to_json()},
        "files": {
            k: {"entities": v["entities"].to_json(), "relations": v["relations"].to_json()}
            for k, v in results.items()
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
