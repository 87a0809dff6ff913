"""Each analyst question once: a registry and :func:`ask`.

Every question returns a pandas DataFrame with documented columns, whichever
store holds the graph: networkx answers on a KnowledgeGraph or the embedded
store, the question's Cypher on a Neo4j store, and the same post-processing
finishes both (see :mod:`queries.question`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from graph.errors import QueryError
from queries import (
    alliances,
    brokers,
    changes,
    communities,
    connections,
    contradictions,
    designations,
    ego,
    industries,
    partners,
    path,
    people,
    timeline,
)
from queries.question import Param, Question

__all__ = ["REGISTRY", "Param", "Question", "ask", "find_question", "register"]

REGISTRY: dict[str, Question] = {}


def register(question: Question) -> Question:
    """Add a question to the catalogue (names must be unique)."""
    if question.name in REGISTRY:
        raise QueryError(f"question {question.name!r} is registered twice")
    REGISTRY[question.name] = question
    return question


for _question in (
    connections.QUESTION,
    partners.QUESTION,
    path.QUESTION,
    ego.QUESTION,
    alliances.QUESTION,
    people.QUESTION,
    timeline.QUESTION,
    changes.QUESTION,
    industries.QUESTION,
    brokers.QUESTION,
    communities.QUESTION,
    designations.QUESTION,
    contradictions.QUESTION,
):
    register(_question)


def find_question(name: str) -> Question:
    """The question called ``name`` (exact, alias, or unique part of a name)."""
    if name in REGISTRY:
        return REGISTRY[name]
    for question in REGISTRY.values():
        if name in question.aliases:
            return question
    candidates = [q for q in REGISTRY if name in q]
    if len(candidates) == 1:
        return REGISTRY[candidates[0]]
    listed = ", ".join(candidates or REGISTRY)
    what = "is ambiguous" if candidates else "is not a question"
    raise QueryError(f"{name!r} {what}; choose one of: {listed} (see `iekg query --list`)")


def ask(name: str, source: Any, /, **params: Any) -> pd.DataFrame:
    """Answer question ``name`` on a KnowledgeGraph, an embedded store or a Neo4j store.

    >>> ask("connections", shaoxing, kind="alliance").shape[0] > 0
    True
    """
    return find_question(name).answer(source, **params)
