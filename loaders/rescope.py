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

from graph.ids import EVENT_SCOPE, event_scope, make_id
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
    The records of either side take the scope the kept node was made with
    (an event's date and place, a person's first organisation before the
    merge), so a build from scratch lands them on the kept node's own id, as
    the merge did; the scope the merge left (one side's date joined to the
    other's place) would make a third node. On such a build the merged side's
    differing date or place gives way to the kept one's.
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
        to = list(event_scope(before.node(keep)["props"]))
        stated = [
            list(event_scope(g.node(i)["props"])) for g, i in _sides(before, after, keep, merge)
        ]
    else:
        # the organisation name the kept person was made with (its id says which)
        scopes = _person_scopes(before, keep)
        name = before.node(keep)["name"]
        to = next((s for s in scopes if make_id(label, name, scope=s) == keep), scopes[0])
        stated = [s for g, i in _sides(before, after, keep, merge) for s in _person_scopes(g, i)]
    moved = [list(s) for s in dict.fromkeys(tuple(s) for s in stated) if list(s) != to]
    if not moved:
        return {}
    return {"rescope": {"label": label, "names": names, "from": moved, "to": to}}


def _sides(
    before: KnowledgeGraph, after: KnowledgeGraph, keep: str, merge: str
) -> list[tuple[KnowledgeGraph, str]]:
    """The nodes whose scopes a record may be stated with: both sides, and the merged one."""
    return [(before, keep), (before, merge), (after, keep)]


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
        # by the match key of each name they cover: a build looks up each record's
        # names once, instead of asking every judgement about every record
        self.by_name: dict[str, list[_Move]] = {}
        for move in self.moves:
            for name in move.names:
                self.by_name.setdefault(name, []).append(move)
        self.labels = {None, *(move.label for move in self.moves)}

    def _moves(self, label: str | None, names: Iterable[str]) -> list[_Move]:
        """The judgements that may apply to a record of ``label`` with ``names``."""
        if label not in self.labels:
            return []
        found = [m for n in names for m in self.by_name.get(match_key(n), ())]
        return list(dict.fromkeys(found)) if len(found) > 1 else found

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
        names = (record.name, *record.aliases)
        for move in self._moves(record.label, names):
            if move.applies(record.label, names, record.scope):
                used.add(move.entry)
                if record.label == _EVENT:  # an event's scope is its date and place
                    props = {k: v for k, v in record.props.items() if k not in EVENT_SCOPE}
                    props.update((k, v) for k, v in zip(EVENT_SCOPE, move.to, strict=False) if v)
                    return dataclasses.replace(record, props=props)
                return dataclasses.replace(record, scope=move.to)
        return record

    def _ref(self, ref: NodeRef, used: set[str]) -> NodeRef:
        for move in self._moves(ref.label, (ref.name,)):
            if move.applies(ref.label, (ref.name,), ref.scope):
                used.add(move.entry)
                return dataclasses.replace(ref, scope=move.to)
        return ref
