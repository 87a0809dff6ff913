"""What a question is: a name, words for analysts, parameters, and answers.

Each analyst question is declared once, as a :class:`Question`:

* ``networkx(kg, **params)`` answers it on an in-memory graph;
* ``cypher`` answers it on Neo4j, with the same parameters as ``$name``;
* both return the same *raw* rows (same columns, same values), and the
  optional ``post(raw, params, backend)`` turns them into the answer on
  either backend, so scoring, wording and sorting are written once.

To add a question: write a module in ``queries/`` with a networkx function
returning raw rows, a Cypher text returning the same rows (labels and types
only through :data:`queries.names.LABEL` / :data:`~queries.names.REL`), and a
``QUESTION``; list it in ``queries/__init__.py``; run ``python -m
queries.cypher_files`` to write ``queries/cypher/<name>.cypher``. The parity
test then runs every ``examples`` entry on both backends.

In the Cypher text, an unset text parameter is ``''`` (test ``$name = ''``),
never null: see :func:`queries.backend.cypher_values` for why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from graph.bulk import collector_paused
from graph.dates import parse_partial_date
from graph.errors import QueryError
from graph.knowledge_graph import KnowledgeGraph
from queries.ordered import sorted_frame

if TYPE_CHECKING:
    from queries.backend import Backend

__all__ = ["Param", "Question", "finish"]

_TRUE = {"1", "true", "yes", "y", "on", "是"}
_FALSE = {"0", "false", "no", "n", "off", "否", ""}


@dataclass(frozen=True)
class Param:
    """A typed parameter of a question.

    ``node`` names a label (possibly abstract): the analyst gives a name,
    alias or unique part of one, and the question receives the node's id.
    ``date`` parameters accept 2023, 2023-11, 2023-11-10 or 2023年11月10日.
    ``low`` and ``high`` bound a number (either may be left open): a value
    outside them would only give an empty or meaningless table, so it is
    refused here, for every question and both backends alike.
    """

    name: str
    type: type = str
    default: Any = None
    help: str = ""
    choices: tuple[str, ...] = ()
    node: str | None = None
    date: bool = False
    required: bool = False
    low: int | None = None
    high: int | None = None

    def convert(self, value: Any, question: str = "") -> Any:
        """Convert a command-line string to this parameter's type.

        >>> Param("hubs", bool).convert("false"), Param("k", int).convert("3")
        (False, 3)
        >>> Param("as_of", date=True).convert("2023年11月")
        '2023-11'
        >>> Param("depth", int, low=1, high=3).convert("9", "ego")
        Traceback (most recent call last):
        ...
        graph.errors.QueryError: ego: depth=9; give a number from 1 to 3
        """
        if value is None:
            return None
        where = f"{question}: {self.name}" if question else self.name
        converted = self._typed(value, where)
        too_low = self.low is not None and converted < self.low
        if too_low or (self.high is not None and converted > self.high):
            if self.high is None:
                wanted = f"a number of at least {self.low}"
            elif self.low is None:
                wanted = f"a number of at most {self.high}"
            else:
                wanted = f"a number from {self.low} to {self.high}"
            raise QueryError(f"{where}={converted}; give {wanted}")
        return converted

    def _typed(self, value: Any, where: str) -> Any:
        """``value`` as this parameter's type (``where`` names it in the error)."""
        if self.date:
            try:
                return parse_partial_date(str(value))
            except ValueError as exc:
                raise QueryError(f"{where}: {exc}") from None
        if self.type is bool and isinstance(value, str):
            text = value.strip().lower()
            if text in _TRUE | _FALSE:
                return text in _TRUE
            raise QueryError(f"{where}={value!r}: write true or false")
        if isinstance(value, self.type):
            return value
        try:
            return self.type(value)
        except (TypeError, ValueError):
            raise QueryError(f"{where}={value!r}: expected {self.type.__name__}") from None


@dataclass(frozen=True)
class Question:
    """One analyst question with its contract.

    ``columns`` maps each output column to its meaning; ``sort`` is the order
    every implementation returns rows in (``-column`` for descending), so
    results compare exactly. ``examples`` are parameter sets that the
    parity test and the generated ``.cypher`` files use. ``narrowed_after``
    names the parameters that ``post`` applies itself, so that in the
    Cypher they only cut what crosses Bolt: a whole-graph read already kept
    answers them as well.
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
    post: Callable[[pd.DataFrame, dict[str, Any], Backend], pd.DataFrame] | None = None
    examples: tuple[Mapping[str, Any], ...] = ({},)
    notes: str = ""
    packed: tuple[str, ...] = ()
    narrowed_after: tuple[str, ...] = ()
    unwound: str = ""
    """The Cypher after ``UNWIND rows AS row`` that returns the table an analyst reads,
    for a question whose packed lists are not themselves its rows (``connections``
    packs one list per hub; its table has one row per pair and hub). Empty: each
    list's values as the ``packed`` columns."""

    @property
    def table_cypher(self) -> str | None:
        """The Cypher as an analyst reads it: one row per result, named columns.

        A question whose rows are many returns them *packed*, one record
        holding a list per row (``packed`` names the columns; see
        :mod:`queries.packed`), because the driver's cost is per record.
        That is a transfer detail: in Neo4j Browser or a notebook the same
        query is wanted as a table, so the packed text is wrapped and its
        lists unwound into columns.
        """
        if not self.cypher or not self.packed:
            return self.cypher
        inner = "\n".join("  " + line if line else line for line in self.cypher.splitlines())
        columns = ",\n       ".join(f"row[{i}] AS {name}" for i, name in enumerate(self.packed))
        tail = self.unwound or f"RETURN {columns}"
        return f"CALL () {{\n{inner}\n}}\nUNWIND rows AS row\n{tail}"

    def bind(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Check and convert parameters; unknown names are refused."""
        known = {p.name: p for p in self.params}
        unknown = set(given) - set(known)
        if unknown:
            raise QueryError(
                f"{self.name}: unknown parameter(s) {', '.join(sorted(unknown))}; "
                f"it takes {', '.join(known) or 'none'}"
            )
        bound = {}
        for name, param in known.items():
            value = given.get(name, param.default)
            if value == "" and param.type is not bool:
                value = None
            value = param.convert(value, self.name)
            if param.required and value is None:
                raise QueryError(
                    f"{self.name}: parameter {name} is required ({param.help}); "
                    f"pass --param {name}=…"
                )
            if param.choices and value is not None and value not in param.choices:
                raise QueryError(
                    f"{self.name}: {name}={value!r}; choose one of {', '.join(param.choices)}"
                )
            bound[name] = value
        return bound

    def answer(self, source: Any, /, **params: Any) -> pd.DataFrame:
        """Answer on a KnowledgeGraph or a store, in the documented order.

        Python's cycle collector is paused for the whole answer (see
        :mod:`graph.bulk`): a loaded graph is millions of objects, and the
        tens of thousands of rows an answer builds would otherwise set off
        collections that walk all of them. What the answer leaves alive is
        then moved to the oldest generation unwalked (``keep=True``): a
        whole-graph question keeps its read and tables until the graph
        changes (:mod:`queries.kept`), and the first young collection after
        the pause otherwise walked them all, about a second after the first
        national ``connections`` at 136,000 organisations
        (``bench/first_calls.py``).
        """
        from queries.backend import backend_for

        with collector_paused(keep=True):
            backend = backend_for(source)
            bound = backend.resolve_params(self, self.bind(params))
            raw = backend.raw(self, bound)
            frame = self.post(raw, bound, backend) if self.post else raw
            return finish(frame, self)

    def answer_networkx(self, kg: KnowledgeGraph, /, **params: Any) -> pd.DataFrame:
        """Answer on an in-memory graph (kept for callers of the first version)."""
        return self.answer(kg, **params)


def finish(frame: pd.DataFrame, question: Question) -> pd.DataFrame:
    """Put rows and columns in the documented order, with a fresh index.

    Sort keys may name a helper column the post-processing added (such as
    the order of kinds in the schema); it is dropped after sorting.
    """
    return sorted_frame(frame, question.sort).reindex(columns=list(question.columns))
