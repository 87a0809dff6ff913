"""Score extractions against hand-made gold annotations.

Entities match on (normalised name, type), where any alias on either side
may supply the name; relations match on (source, type, target) after both
endpoints are resolved to gold entities through aliases.  SIGNED is
symmetric.  Properties are not scored: the measure is about which facts are
found, and a wrong fact costs precision.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SYMMETRIC = frozenset({"SIGNED", "PARTNERS_WITH"})


def normalise(name: str) -> str:
    """NFKC, no whitespace, no quotes or book-title marks."""
    text = unicodedata.normalize("NFKC", name)
    return re.sub(r"[\s\"'“”‘’《》「」『』]", "", text)


@dataclass(frozen=True)
class Score:
    """Counts and derived precision / recall / F1."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """Share of predicted facts that are in the gold."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of gold facts that were predicted."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_json(self) -> dict[str, float | int]:
        """Rounded figures for reports."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def _names(ent: dict[str, Any]) -> set[str]:
    return {normalise(n) for n in [ent["name"], *ent.get("aliases", [])]}


def score_entities(
    pred: list[dict[str, Any]], gold: list[dict[str, Any]]
) -> tuple[Score, dict[str, str], list[str], list[str]]:
    """Greedy one-to-one matching; returns the score, pred→gold name map, misses, extras."""
    mapping: dict[str, str] = {}
    used: set[int] = set()
    extras: list[str] = []
    for p in pred:
        pnames = _names(p)
        hit = next(
            (
                k
                for k, g in enumerate(gold)
                if k not in used and g["type"] == p["type"] and pnames & _names(g)
            ),
            None,
        )
        if hit is None:
            extras.append(f"{p['name']} ({p['type']})")
            continue
        used.add(hit)
        mapping[p["name"]] = gold[hit]["name"]
    misses = [f"{g['name']} ({g['type']})" for k, g in enumerate(gold) if k not in used]
    return Score(len(used), len(extras), len(misses)), mapping, misses, extras


def _key(s: str, t: str, o: str) -> tuple[str, str, str]:
    if t in SYMMETRIC and o < s:
        s, o = o, s
    return s, t, o


def score_relations(
    pred: dict[str, Any], gold: dict[str, Any], mapping: dict[str, str]
) -> tuple[Score, list[str], list[str]]:
    """Relations compared after resolving endpoints to gold entity names."""
    gold_alias = {n: g["name"] for g in gold["entities"] for n in _names(g)}
    pred_alias = {
        normalise(n): e["name"]
        for e in pred["entities"]
        for n in [e["name"], *e.get("aliases", [])]
    }

    def resolve_pred(name: str) -> str:
        canon = pred_alias.get(normalise(name), name)
        if canon in mapping:
            return mapping[canon]
        return gold_alias.get(normalise(name), normalise(name))

    def resolve_gold(name: str) -> str:
        return gold_alias.get(normalise(name), name)

    gset = {
        _key(resolve_gold(r["source"]), r["type"], resolve_gold(r["target"]))
        for r in gold["relations"]
    }
    pset = {
        _key(resolve_pred(r["source"]), r["type"], resolve_pred(r["target"]))
        for r in pred["relations"]
    }
    tp = gset & pset
    return (
        Score(len(tp), len(pset - tp), len(gset - tp)),
        sorted(" ".join(k) for k in gset - tp),
        sorted(" ".join(k) for k in pset - tp),
    )


def score_document(pred: dict[str, Any], gold: dict[str, Any]) -> dict[str, Any]:
    """Entity and relation scores for one article, with the differences."""
    ent, mapping, emiss, eextra = score_entities(pred["entities"], gold["entities"])
    rel, rmiss, rextra = score_relations(pred, gold, mapping)
    return {
        "entities": ent,
        "relations": rel,
        "entity_misses": emiss,
        "entity_extras": eextra,
        "relation_misses": rmiss,
        "relation_extras": rextra,
    }


def score_folder(gold_dir: Path, names: list[str] | None = None) -> dict[str, Any]:
    """Extract every `X.txt` with an `X.gold.json` beside it and score it."""
    from loaders.articles import extract_article, read_article

    results: dict[str, Any] = {}
    for gold_path in sorted(Path(gold_dir).glob("*.gold.json")):
        stem = gold_path.name[: -len(".gold.json")]
        if names is not None and stem not in names:
            continue
        art = read_article(gold_path.with_name(stem + ".txt"))
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        published = art.published or gold.get("published")
        if published is None and stem.startswith("000"):
            published = "2023-11-15"
        pred = extract_article(art.body, published=published).to_json()
        results[stem] = score_document(pred, gold)
    return results


def micro(results: dict[str, Any], kind: str) -> Score:
    """Micro-average (summed counts) over documents."""
    total = Score(0, 0, 0)
    for r in results.values():
        total = total + r[kind]
    return total
