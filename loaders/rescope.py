"""Replaying a merge of two namesakes: the merged one's records take the kept one's scope.

A merge of two organisations is replayed by renaming (:mod:`loaders.replay`):
records that write the merged name get the kept name and land on the kept
node. Two namesake events or people (:mod:`loaders.namesakes`) usually have
one name, and what sets them apart is their scope (:mod:`graph.ids`): the
undated 签约仪式 from a table and the one an article dates 2023-11-10 at
绍兴中专. Renaming 签约仪式 to 签约仪式 changes nothing, so the next build
would make the undated one again. So an accepted merge of two Events or two
People also records the scopes its two nodes were stated with and the scope
of the node it left (``rescope`` in the judgement); on every later load, a
record of that name stated with one of those scopes (an event's date and
place, a person's organisation) is given the kept scope, before the names
are replayed. Undo the judgement and the records keep their own scopes again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from graph.ids import EVENT_SCOPE, event_scope
from graph.ingest import Batch
from graph.knowledge_graph import KnowledgeGraph
from graph.records import EdgeRecord, NodeRecord, NodeRef
from graph.schema import SCHEMA
from graph.text import match_key
from loaders.namesakes import works_at

__all__ = ["Rescopes", "rescope_entry"]

_EVENT = SCHEMA.label("Event").name
_PERSON = SCHEMA.label("Person").name


def _person_scopes(kg: KnowledgeGraph, node_id: str) -> list[list[str]]:
    """Every scope a source may state a person with: each name of each organisation."""
    orgs = [kg.node(o) for o in works_at(kg, node_id)]
    return [[name] for org in orgs for name in (org["name"], *org["aliases"])] or [[]]


def rescope_entry(
    before: KnowledgeGraph, after: KnowledgeGraph, keep: str, merge: str
) -> dict[str, Any]:
    """The ``rescope`` part of a judgement merging ``merge`` into ``keep``; {} if none is needed.

    ``before`` is the graph before the merge and ``after`` the graph it made.
    An event takes the date and place the kept node has after the merge
    (which may join one side's date to the other's place); a person the
    first organisation the kept node works at.
    """
    label = before.label_of(keep)
    if label not in (_EVENT, _PERSON) or before.label_of(merge) != label:
        return {}
    names = list(
        dict.fromkeys(
            n for i in (keep, merge) for n in (before.node(i)["name"], *before.node(i)["aliases"])
        )
    )
    if label == _EVENT:
        to = list(event_scope(after.node(keep)["props"]))
        stated = [list(event_scope(before.node(i)["props"])) for i in (keep, merge)]
    else:
        to = _person_scopes(after, keep)[0]
        stated = _person_scopes(before, keep) + _person_scopes(before, merge)
    moved = [s for s in stated if s != to]
    if not moved:
        return {}
    return {"rescope": {"label": label, "names": names, "from": moved, "to": to}}


def _key(scope: Iterable[str]) -> tuple[str, ...]:
    parts = tuple(match_key(str(p or "")) for p in scope)
    return parts if any(parts) else ()


@dataclasses.dataclass(frozen=True)
class _Move:
    entry: str
    label: str
    names: frozenset[str]
    stated: frozenset[tuple[str, ...]]
    to: tuple[str, ...]

    def applies(self, label: str | None, names: Iterable[str], scope: tuple[str, ...]) -> bool:
        return (
            label in (None, self.label)
            and _key(scope) in self.stated
            and any(match_key(n) in self.names for n in names)
        )


class Rescopes:
    """The ``rescope`` parts of the accepted judgements, applied to batches."""

    def __init__(self, in_force: Iterable[dict[str, Any]]) -> None:
        self.moves = [
            _Move(
                e["id"],
                e["rescope"]["label"],
                frozenset(match_key(n) for n in e["rescope"]["names"]),
                frozenset(_key(s) for s in e["rescope"]["from"]),
                tuple(e["rescope"]["to"]),
            )
            for e in in_force
            if e["action"] == "accept" and e.get("rescope")
        ]

    def __call__(self, batch: Batch, used: set[str]) -> Batch:
        """``batch`` with the kept scope on merged namesakes' records (judgements to ``used``)."""
        if not self.moves:
            return batch
        records = [self._record(r, used) for r in batch.records]
        return dataclasses.replace(batch, records=records)

    def _record(self, record: NodeRecord | EdgeRecord, used: set[str]) -> NodeRecord | EdgeRecord:
        if isinstance(record, EdgeRecord):
            source, target = self._ref(record.source, used), self._ref(record.target, used)
            if source is record.source and target is record.target:
                return record
            return dataclasses.replace(record, source=source, target=target)
        for move in self.moves:
            if move.applies(record.label, (record.name, *record.aliases), record.scope):
                used.add(move.entry)
                if record.label == _EVENT:  # an event's scope is its date and place
                    props = {**record.props, **dict(zip(EVENT_SCOPE, move.to, strict=False))}
                    return dataclasses.replace(record, props=props)
                return dataclasses.replace(record, scope=move.to)
        return record

    def _ref(self, ref: NodeRef, used: set[str]) -> NodeRef:
        for move in self.moves:
            if move.applies(ref.label, (ref.name,), ref.scope):
                used.add(move.entry)
                return dataclasses.replace(ref, scope=move.to)
        return ref
