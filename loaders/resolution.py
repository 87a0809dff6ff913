"""Likely duplicates: names that probably mean one node, for a person to judge.

Certain matches merge on their own (same normalised name, an alias in
``data/aliases.csv``, the same official code). What is only likely is
proposed, never merged silently: an abbreviation (绍兴中专 for
绍兴市中等专业学校, 绍兴职院 for 绍兴职业技术学院), a name with and without a
region in brackets, a branch (…分公司) beside its parent. Each proposal has a
stable id, so a judgement on it can be logged and replayed
(:mod:`loaders.judgements`). Events and people of one name that their scope
keeps apart but that may be one are proposed beside them
(:mod:`loaders.namesakes`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from graph.text import match_key
from loaders.merge_rules import same_kind
from loaders.namesakes import describe, namesake_pairs

__all__ = ["BRANCH_WORDS", "Candidate", "candidates", "pair_id"]

BRANCH_WORDS = ("分公司", "子公司", "分厂", "分院", "分校", "办事处")
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")
_ORGANIZATION = SCHEMA.label("Organization").name


@dataclass(frozen=True)
class Candidate:
    """Two nodes that may be one: ``merge`` would fold into ``keep``."""

    id: str
    keep: str
    keep_name: str
    merge: str
    merge_name: str
    reason: str
    score: float

    def as_row(self) -> dict[str, Any]:
        """A row for the proposals table."""
        return {
            "id": self.id,
            "keep": self.keep_name,
            "merge": self.merge_name,
            "reason": self.reason,
            "score": round(self.score, 2),
        }


def pair_id(a: str, b: str) -> str:
    """A short id for an unordered pair of node ids, the same on every run.

    >>> pair_id("org-1", "org-2") == pair_id("org-2", "org-1")
    True
    """
    text = "|".join(sorted((a, b)))
    return "p" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(c in chars for c in short)


def _judge(a: dict[str, Any], b: dict[str, Any]) -> tuple[str, float] | None:
    """(reason, score) when ``a`` (the shorter name) may be ``b``, else None."""
    ka, kb = match_key(a["name"]), match_key(b["name"])
    if not ka or ka == kb or not same_kind(a["label"], b["label"]):
        return None  # a pair that could not be merged is not proposed either
    if kb.startswith(ka):
        # A longer name that starts with the whole shorter one is a branch
        # (…分公司) or a unit of it (…管委会人才发展局): only branches are proposed.
        return ("branch", 0.6) if any(w in kb[len(ka) :] for w in BRANCH_WORDS) else None
    plain_a = match_key(_BRACKETED.sub("", a["name"]))
    plain_b = match_key(_BRACKETED.sub("", b["name"]))
    if plain_a == plain_b:
        return "same name without brackets", 0.95
    if len(ka) >= 3 and ka[:2] == kb[:2] and _subsequence(ka, kb):
        return "abbreviation", 0.5 + 0.5 * len(ka) / len(kb)
    return None


def candidates(kg: KnowledgeGraph, skip: Iterable[str] = ()) -> list[Candidate]:
    """Likely duplicates in ``kg`` (organisations, then namesake events and people), best first.

    ``skip`` holds pair ids already judged (accepted or rejected).

    >>> [(c.merge_name, c.keep_name) for c in candidates(shaoxing)][:1]
    []
    """
    judged = set(skip)
    found = [c for c in _organisations(kg) if c.id not in judged]
    # two people at two organisations that may be one (and were not judged
    # apart) may be one person
    one_org = [(c.keep, c.merge) for c in found]
    for keep, merge, reason, score in namesake_pairs(kg, one_org):
        pid = pair_id(keep, merge)
        if pid not in judged:
            keep_name, merge_name = describe(kg, kg.node(keep)), describe(kg, kg.node(merge))
            found.append(Candidate(pid, keep, keep_name, merge, merge_name, reason, score))
    return sorted(found, key=lambda c: (-c.score, c.keep_name, c.merge_name))


def _organisations(kg: KnowledgeGraph) -> list[Candidate]:
    """Likely duplicate organisations in ``kg``, judged or not."""
    orgs = sorted(kg.nodes(_ORGANIZATION), key=lambda n: (len(match_key(n["name"])), n["id"]))
    by_start: dict[str, list[dict[str, Any]]] = {}
    for node in orgs:
        by_start.setdefault(match_key(node["name"])[:1], []).append(node)
    found = []
    for group in by_start.values():
        for i, short in enumerate(group):
            for long in group[i + 1 :]:
                verdict = _judge(short, long)
                if verdict:
                    reason, score = verdict
                    # A branch folds into its parent; otherwise the fuller name stays.
                    keep, merge = (short, long) if reason == "branch" else (long, short)
                    pid = pair_id(short["id"], long["id"])
                    found.append(
                        Candidate(
                            pid, keep["id"], keep["name"], merge["id"], merge["name"], reason, score
                        )
                    )
    return found
