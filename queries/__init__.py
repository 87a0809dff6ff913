"""Each analyst question once: a registry and :func:`ask`.

Every question returns a pandas DataFrame with documented columns, whichever
store holds the graph.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from graph.errors import QueryError
from graph.knowledge_graph import KnowledgeGraph
from queries import connections
from queries.question import Param, Question

__all__ = ["REGISTRY", "Param", "Question", "ask", "find_question"]

REGISTRY: dict[str, Question] = {q.name: q for q in (connections.QUESTION,)}


def find_question(name: str) -> Question:
    """The question called ``name`` (exact, alias, or unique prefix)."""
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
    raise QueryError(f"{name!r} {what}; choose one of: {listed}")


def ask(name: str, kg: KnowledgeGraph, **params: Any) -> pd.DataFrame:
    """Answer question ``name`` on ``kg``.

    >>> ask("connections", shaoxing, kind="alliance").shape[0] > 0
    True
    """
    return find_question(name).answer_networkx(kg, **params)
