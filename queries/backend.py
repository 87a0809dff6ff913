"""The two ways a question is answered: networkx in memory, Cypher on Neo4j.

A backend gives a question three things: its raw rows (from the networkx
function or the Cypher text), the candidates for a name parameter, and the
citations of source ids. Everything after that (scoring, wording, sorting)
is shared, which is why the two backends give identical answers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, Protocol

import numpy as np
import pandas as pd
from pandas.core.dtypes.cast import maybe_box_native

from graph.cypher import key_label, key_labels, quote_label
from graph.errors import QueryError
from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from queries.kept import KeptReads, per_revision
from queries.names import LABEL, concrete_label
from queries.question import Question
from queries.resolve import Candidate, pick, pick_spelled

__all__ = [
    "Backend",
    "CypherBackend",
    "GraphBackend",
    "any_node_by_id",
    "backend_for",
    "citations",
    "cite",
    "cypher_params",
    "cypher_runner",
    "cypher_values",
    "row_values",
    "rows",
]

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
#: runs one Cypher text with the question's parameters
Run = Callable[[str], pd.DataFrame]
# question name -> how it runs on Neo4j, for questions that need more than
# their one text (see cypher_runner)
_RUNNERS: dict[str, Callable[[Run, dict[str, Any]], pd.DataFrame]] = {}
#: Neo4j reads of questions asked with no filter, kept until the database commits a
#: write. Six: the link evidence connections and changes share, the projection
#: brokers and communities share, timeline and industry-coverage (the reads that
#: cost seconds at 136,000 organisations), and room for people and the like.
_WHOLE_GRAPH_READS = KeptReads(size=6)


class Backend(Protocol):
    """What a question needs from where the graph lives."""

    name: str

    def raw(self, question: Question, params: dict[str, Any]) -> pd.DataFrame: ...

    def candidates(self, label: str | None) -> list[Candidate]: ...

    def sources(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]: ...

    def spelled(self, text: str, label: str | None) -> list[Candidate]: ...

    def resolve_params(self, question: Question, params: dict[str, Any]) -> dict[str, Any]: ...


class _Resolving:
    """Name parameters → node ids, shared by both backends.

    Each name is first looked up as spelled (an index lookup on either
    backend); only a name that is not an exact id, name or alias of one
    node makes the backend list every candidate for :func:`pick`.
    """

    def candidates(self, label: str | None) -> list[Candidate]:  # pragma: no cover
        raise NotImplementedError

    def spelled(self, text: str, label: str | None) -> list[Candidate]:  # pragma: no cover
        raise NotImplementedError

    def resolve_params(self, question: Question, params: dict[str, Any]) -> dict[str, Any]:
        resolved = dict(params)
        for param in question.params:
            value = params.get(param.name)
            if param.node and value is not None:
                what = (
                    "node"
                    if param.node == "*"
                    else "organisation"
                    if param.node == LABEL.Organization
                    else SCHEMA.label(param.node).en.lower()
                )
                label = None if param.node == "*" else param.node
                found = pick_spelled(str(value), self.spelled(str(value), label))
                if found is None:
                    found = pick(str(value), self.candidates(label), what, param.name)
                resolved[param.name] = found
        return resolved


class GraphBackend(_Resolving):
    """Answers on an in-memory :class:`KnowledgeGraph` with networkx."""

    name = "embedded"

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg

    def raw(self, question: Question, params: dict[str, Any]) -> pd.DataFrame:
        return question.networkx(self.kg, **params)

    def candidates(self, label: str | None) -> list[Candidate]:
        everyone = _spellings(self.kg).everyone(self.kg)
        return [c for c, labels in everyone if label is None or label in labels]

    def spelled(self, text: str, label: str | None) -> list[Candidate]:
        found = _spellings(self.kg).spelled(self.kg, text)
        return [c for c, labels in found if label is None or label in labels]

    def sources(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        found = {}
        for sid in ids:
            if sid in self.kg.graph:
                data = self.kg.graph.nodes[sid]
                found[sid] = {"title": data["name"], **data["props"]}
        return found


class _Spellings:
    """One graph revision's nodes by exact name or alias, and (on demand) every candidate.

    The index holds node ids only: Candidate records are made for the few
    nodes a lookup finds, and the full list only when a name must be
    matched by parts (at 136,000 organisations the records took seconds).
    """

    def __init__(self, kg: KnowledgeGraph) -> None:
        self._everyone: list[tuple[Candidate, tuple[str, ...]]] | None = None
        self.by_text: dict[str, list[str]] = {}
        index = self.by_text
        for node_id, data in kg.graph._node.items():
            if data["label"] == LABEL.Source:
                continue
            index.setdefault(data["name"], []).append(node_id)
            for alias in data["aliases"]:
                index.setdefault(alias, []).append(node_id)

    @staticmethod
    def entry(kg: KnowledgeGraph, node_id: str) -> tuple[Candidate, tuple[str, ...]]:
        data = kg.graph._node[node_id]
        cand = Candidate(node_id, data["name"], tuple(data["aliases"]), data["label"])
        return cand, tuple(data["labels"])

    def spelled(self, kg: KnowledgeGraph, text: str) -> list[tuple[Candidate, tuple[str, ...]]]:
        """Nodes with ``text`` as id, name or alias (not sources)."""
        ids = dict.fromkeys(self.by_text.get(text, ()))
        node = kg.graph._node.get(text)
        if node is not None and node["label"] != LABEL.Source:
            ids[text] = None
        return [self.entry(kg, n) for n in ids]

    def everyone(self, kg: KnowledgeGraph) -> list[tuple[Candidate, tuple[str, ...]]]:
        """Every node but sources, as candidates with their labels (made once)."""
        if self._everyone is None:
            self._everyone = [
                self.entry(kg, n)
                for n, data in kg.graph._node.items()
                if data["label"] != LABEL.Source
            ]
        return self._everyone


@per_revision
def _spellings(kg: KnowledgeGraph) -> _Spellings:
    """The graph's spellings, built once per revision (every add bumps it)."""
    return _Spellings(kg)


class CypherBackend(_Resolving):
    """Answers on a Neo4j store by running each question's Cypher read-only."""

    name = "neo4j"

    def __init__(self, store: Any) -> None:
        self.store = store

    def raw(self, question: Question, params: dict[str, Any]) -> pd.DataFrame:
        if not question.cypher:
            raise QueryError(f"{question.name} has no Cypher text; use the embedded store")
        values = cypher_values(question, params)

        def run(text: str) -> pd.DataFrame:
            return self.store.run_own_read(text, values)

        runner = _RUNNERS.get(question.name)
        if runner:
            return runner(run, params)
        key = (self.store.uri, self.store.database, question.cypher)
        narrowing = {k for k, v in values.items() if v not in (None, "")}
        if narrowing:
            if narrowing <= set(question.narrowed_after):
                # The whole graph's read answers these too, when it is kept and current.
                kept = _WHOLE_GRAPH_READS.peek(key, self.store.revision)
                if kept is not None:
                    return kept  # type: ignore[no-any-return]
            return run(question.cypher)
        # No filter: the whole graph is read, as the embedded store keeps per revision.
        return _WHOLE_GRAPH_READS.get(key, self.store.revision(), lambda: run(question.cypher))

    def candidates(self, label: str | None) -> list[Candidate]:
        match = f"(n:{quote_label(label)})" if label else "(n)"
        frame = self.store.run_own_read(
            f"MATCH {match} WHERE NOT n:{LABEL.Source} "
            "RETURN n.id AS id, n.name AS name, n.aliases AS aliases, labels(n) AS labels",
            {},
        )
        return _candidates(frame)

    def spelled(self, text: str, label: str | None) -> list[Candidate]:
        """Nodes whose id, name or alias is ``text``: seeks on the id and name indexes.

        Ids and names are sought on each key label ``label`` spans (the id
        constraint and the name index of that label); aliases, which no
        index covers, are scanned on the server. Only the matches cross the
        wire, where listing every candidate sent 36,000 rows at 14,000
        organisations.
        """
        roots = _key_labels(label)
        branches = [
            f"MATCH (n:{root}) WHERE n.id = $text RETURN n "
            f"UNION MATCH (n:{root}) WHERE n.name = $text RETURN n "
            f"UNION MATCH (n:{root}) WHERE $text IN n.aliases RETURN n"
            for root in roots
        ]
        where = f"NOT n:{LABEL.Source}" + (f" AND n:{quote_label(label)}" if label else "")
        frame = self.store.run_own_read(
            "CALL () { " + " UNION ".join(branches) + " } "
            f"WITH n WHERE {where} "
            "RETURN n.id AS id, n.name AS name, n.aliases AS aliases, labels(n) AS labels",
            {"text": text},
        )
        return _candidates(frame)

    def sources(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        frame = self.store.run_own_read(
            f"MATCH (s:{LABEL.Source}) WHERE s.id IN $ids "
            "RETURN s.id AS id, s.name AS title, s.publisher AS publisher, s.date AS date, "
            "s.url AS url, s.path AS path",
            {"ids": wanted},
        )
        return {r["id"]: {k: v for k, v in r.items() if v is not None} for r in rows(frame)}


def _candidates(frame: pd.DataFrame) -> list[Candidate]:
    return [
        Candidate(r["id"], r["name"], tuple(r["aliases"] or ()), concrete_label(r["labels"]))
        for r in rows(frame)
    ]


def _key_labels(label: str | None) -> list[str]:
    """The key labels (each with an id constraint and a name index) ``label`` spans."""
    if label is None:
        return [quote_label(root) for root in key_labels()]
    kinds = (label, *SCHEMA.descendants(label))
    return [quote_label(root) for root in dict.fromkeys(key_label(k) for k in kinds)]


def cypher_runner(question: str, runner: Callable[[Run, dict[str, Any]], pd.DataFrame]) -> None:
    """Let ``question`` run on Neo4j as ``runner(run, params)`` instead of its one text.

    For a question whose texts depend on a number Cypher takes no parameter
    for (the bounds of a variable-length pattern), and which can stop early:
    ``run(text)`` runs a text with the question's parameters. The
    question's ``cypher`` stays the text written to ``queries/cypher/``.
    """
    _RUNNERS[question] = runner


def any_node_by_id(var: str, param: str) -> str:
    """Cypher binding ``var`` to the node whose id is ``$param``, whatever its kind.

    One seek on each key label's id constraint, joined by UNION: a bare
    ``MATCH (n {id: $x})`` has no index to use and scans every node.

    >>> any_node_by_id("c", "name").splitlines()[1]
    '  MATCH (c:`Organization`) WHERE c.id = $name RETURN c'
    """
    seeks = "\n  UNION\n".join(
        f"  MATCH ({var}:{quote_label(root)}) WHERE {var}.id = ${param} RETURN {var}"
        for root in key_labels()
    )
    return f"CALL () {{\n{seeks}\n}}"


def backend_for(source: Any) -> Backend:
    """The backend for a KnowledgeGraph, an embedded store or a Neo4j store."""
    if isinstance(source, KnowledgeGraph):
        return GraphBackend(source)
    backend = getattr(source, "backend", None)
    if backend == "neo4j":
        return CypherBackend(source)
    if hasattr(source, "read_graph"):
        return GraphBackend(source.read_graph())
    raise QueryError(f"cannot ask a question of {type(source).__name__}; give a graph or a store")


def cypher_params(text: str) -> list[str]:
    """The ``$parameters`` a Cypher text uses, in order of first use.

    >>> cypher_params("MATCH (n) WHERE n.id = $a OR n.name = $b OR n.id = $a RETURN n")
    ['a', 'b']
    """
    return list(dict.fromkeys(_PARAM.findall(text)))


def cypher_values(question: Question, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters as the Cypher text receives them.

    An unset text parameter is sent as ``''``, never null: Neo4j caches one
    plan per query text *and parameter types*, and planning a large UNION
    takes seconds, so a filter that is sometimes null and sometimes a string
    would be planned again for every combination. Cypher texts therefore
    test ``$name = ''`` for "not given". A parameter a shared fragment names
    but the question does not offer (partners has no region) is ``''`` too.
    """
    declared = {p.name: p for p in question.params}
    values: dict[str, Any] = {}
    for name in cypher_params(question.cypher or ""):
        value = params.get(name)
        param = declared.get(name)
        textual = param is None or (param.type is str)
        values[name] = "" if value is None and textual else value
    return values


def rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Plain dicts with None for missing values, whatever the dtypes.

    The same dicts as ``frame.to_dict("records")`` with NaN and ``pd.NA``
    made None, built column by column: iterating a string column element by
    element costs a Python call per cell, which dominated the large answers.

    >>> rows(pd.DataFrame({"a": ["x", None], "b": [1.5, float("nan")], "c": [[1], None]}))
    [{'a': 'x', 'b': 1.5, 'c': [1]}, {'a': None, 'b': None, 'c': None}]
    """
    columns = frame.columns.tolist()
    return [dict(zip(columns, values, strict=True)) for values in row_values(frame, columns)]


def row_values(frame: pd.DataFrame, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    """Each row's values in ``columns`` order, plain as :func:`rows` makes them.

    >>> row_values(pd.DataFrame({"a": ["x"], "b": [float("nan")]}), ["b", "a"])
    [(None, 'x')]
    """
    if not len(frame):
        return []
    data = [_plain(frame[name]) for name in columns]
    return list(zip(*data, strict=True))


def _plain(column: pd.Series) -> list[Any]:
    """One column as Python values (as ``to_dict`` boxes them), missing as None."""
    values = column.to_numpy(dtype=object).tolist()
    if column.dtype == object and any(isinstance(v, np.generic) for v in values):
        values = [maybe_box_native(v) for v in values]
    for i in np.flatnonzero(column.isna().to_numpy()).tolist():
        v = values[i]
        if v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            values[i] = None
    return values


def cite(backend: Backend, ids: Iterable[str]) -> dict[str, str]:
    """source id → citation: 《title》（publisher，date）, or the id when unknown.

    >>> from queries.backend import GraphBackend
    >>> sid = next(n["id"] for n in shaoxing.nodes(LABEL.Source))
    >>> cite(GraphBackend(shaoxing), [sid])[sid]
    '《绍兴数字工匠“中高政园企”共育联盟成立大会召开》（蓝媒教育，2023-11）'
    """
    ids = sorted(set(ids))
    found = backend.sources(ids)
    out = {}
    for sid in ids:
        data = found.get(sid)
        if not data:
            out[sid] = sid
            continue
        extra = "，".join(str(data[k]) for k in ("publisher", "date") if data.get(k))
        out[sid] = f"《{data['title']}》" + (f"（{extra}）" if extra else "")
    return out


def citations(ids: Collection[str], titles: dict[str, str]) -> str:
    """The citations of source ``ids`` (``titles`` from :func:`cite`), sorted, each once.

    Most facts have one source, which needs no sorting or joining: a
    national answer cites half a million of them.

    >>> citations(["b", "a", "c"], {"a": "《甲》", "b": "《乙》", "c": "《甲》"})
    '《乙》；《甲》'
    """
    if len(ids) == 1:
        for only in ids:
            return titles[only]
    return "；".join(sorted({titles[s] for s in ids}))
