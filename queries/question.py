"""What a question is: a name, words for analysts, parameters, and answers.

Each analyst question is declared once. Its networkx implementation answers
it on the embedded store; its Cypher text answers it on Neo4j; both return a
DataFrame with the same documented columns in the same documented order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from graph.knowledge_graph import KnowledgeGraph

__all__ = ["Param", "Question"]


@dataclass(frozen=True)
class Param:
    """A typed parameter of a question."""

    name: str
    type: type = str
    default: Any = None
    help: str = ""
    choices: tuple[str, ...] = ()

    def convert(self, value: Any) -> Any:
        """Convert a command-line string to this parameter's type."""
        if value is None or isinstance(value, self.type):
            return value
        return self.type(value)


@dataclass(frozen=True)
class Question:
    """One analyst question with its contract.

    ``columns`` maps each output column to its meaning; ``sort`` is the order
    every implementation returns rows in (``-column`` for descending), so
    results compare exactly.
    """

    name: str
    zh: str
    en: str
    params: tuple[Param, ...]
    columns: Mapping[str, str]
    networkx: Callable[..., pd.DataFrame]
    sort: tuple[str, ...]
    cypher: str | None = None
    aliases: tuple[str, ...] = field(default=())

    def bind(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Check and convert parameters; unknown names are refused."""
        from graph.errors import QueryError

        known = {p.name: p for p in self.params}
        unknown = set(given) - set(known)
        if unknown:
            raise QueryError(
                f"{self.name}: unknown parameter(s) {', '.join(sorted(unknown))}; "
                f"it takes {', '.join(known) or 'none'}"
            )
        bound = {}
        for name, param in known.items():
            value = param.convert(given.get(name, param.default))
            if param.choices and value is not None and value not in param.choices:
                raise QueryError(
                    f"{self.name}: {name}={value!r}; choose one of {', '.join(param.choices)}"
                )
            bound[name] = value
        return bound

    def answer_networkx(self, kg: KnowledgeGraph, **params: Any) -> pd.DataFrame:
        """Answer on an in-memory graph, in the documented column and row order."""
        frame = self.networkx(kg, **self.bind(params))
        return finish(frame, self)


def finish(frame: pd.DataFrame, question: Question) -> pd.DataFrame:
    """Put columns and rows in the documented order, with a fresh index."""
    frame = frame.reindex(columns=list(question.columns))
    if len(frame):
        keys = [k.lstrip("-") for k in question.sort]
        ascending = [not k.startswith("-") for k in question.sort]
        frame = frame.sort_values(keys, ascending=ascending, kind="stable")
    return frame.reset_index(drop=True)
