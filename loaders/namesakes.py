"""Namesakes that may be one: Events and People kept apart by their scope.

An Event is keyed by its name, date and place, a Person by name and the
organisation a source states them with (:mod:`graph.ids`), so two 签约仪式
or two 张伟 are never merged on a name alone. Some of those pairs are still
one thing that two sources described differently: a table lists the
ceremony with no date, an article gives its date and place. This module
proposes such pairs for a person to judge, with what makes them likely:

- two events of one name whose dates and places do not contradict each other
  (one undated or unplaced, or a month beside a day in it), less likely when
  only the date agrees;
- two people of one name where one is stated with no organisation, or
  their organisations may be one (themselves a proposed pair) or are
  related (PART_OF);
- for both, each neighbour they share (the same project, event, alliance).

Two people of one name at unrelated organisations with nothing in common
are not proposed: telling those apart is what the scope is for, and in real
data (every 张伟) they would bury the proposals worth reading. Two events on
different days are not proposed for the same reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations
from typing import Any

from graph.ids import EVENT_SCOPE
from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from graph.text import match_key

__all__ = ["describe", "namesake_pairs", "namesakes", "works_at"]

_EVENT = SCHEMA.label("Event").name
_PERSON = SCHEMA.label("Person").name
_WORKS_AT = SCHEMA.rel("WORKS_AT").name
_PART_OF = SCHEMA.rel("PART_OF").name
_SHARED_BONUS, _SHARED_CAP = 0.1, 0.3

# (keep id, merge id, reason, score)
Pair = tuple[str, str, str, float]


def works_at(kg: KnowledgeGraph, node_id: str) -> list[str]:
    """The organisations a person works at (WORKS_AT), by id, sorted."""
    return sorted(t for t, keys in kg.graph._succ[node_id].items() if _WORKS_AT in keys)


def describe(kg: KnowledgeGraph, node: dict[str, Any]) -> str:
    """A namesake's name with what tells it apart: 签约仪式 (2023-11-10, 绍兴中专).

    An event's date and place, a person's organisations; any other node's name alone.
    """
    if node["label"] == _EVENT:
        told = [str(node["props"][k]) for k in EVENT_SCOPE if node["props"].get(k)]
        return f"{node['name']} ({', '.join(told) or 'no date or place'})"
    if node["label"] != _PERSON:
        return str(node["name"])
    orgs = [kg.node(o)["name"] for o in works_at(kg, node["id"])]
    return f"{node['name']} ({'at ' + '、'.join(orgs) if orgs else 'no organisation'})"


def namesakes(kg: KnowledgeGraph, name: str) -> list[dict[str, Any]]:
    """The events and people called ``name`` (or with that alias), by id."""
    key = match_key(name)
    found = [
        node
        for label in (_EVENT, _PERSON)
        for node in kg.nodes(label)
        if key in {match_key(n) for n in (node["name"], *node["aliases"])}
    ]
    return sorted(found, key=lambda n: n["id"])


def _by_name(kg: KnowledgeGraph, label: str) -> list[list[dict[str, Any]]]:
    """Groups of nodes of ``label`` that share a name or alias by match key."""
    groups: dict[str, dict[str, dict[str, Any]]] = {}
    for node in kg.nodes(label):
        for name in (node["name"], *node["aliases"]):
            groups.setdefault(match_key(name), {})[node["id"]] = node
    return [sorted(g.values(), key=lambda n: n["id"]) for g in groups.values() if len(g) > 1]


def _neighbours(kg: KnowledgeGraph, node_id: str) -> set[str]:
    return set(kg.graph._succ[node_id]) | set(kg.graph._pred[node_id])


def _shared(kg: KnowledgeGraph, a: str, b: str) -> tuple[str, float]:
    """(", both linked to X、Y" or "", the bonus) for what ``a`` and ``b`` share."""
    both = sorted(kg.node(n)["name"] for n in (_neighbours(kg, a) & _neighbours(kg, b)) - {a, b})
    if not both:
        return "", 0.0
    return f"; both linked to {'、'.join(both)}", min(_SHARED_CAP, _SHARED_BONUS * len(both))


def _dates_agree(a: str, b: str) -> bool:
    """2023-11 and 2023-11-10 agree (one is a part of the other); a missing one agrees."""
    return not a or not b or a.startswith(b) or b.startswith(a)


def _event_pair(kg: KnowledgeGraph, a: dict[str, Any], b: dict[str, Any]) -> Pair | None:
    date_a, date_b = (str(n["props"].get("date") or "") for n in (a, b))
    place_a, place_b = (match_key(str(n["props"].get("place") or "")) for n in (a, b))
    if not _dates_agree(date_a, date_b):
        return None  # two days: the namesakes scoping keeps apart
    if not place_a or not place_b or place_a == place_b:
        reason, score = "same event name, dates and places do not contradict", 0.6
        if not (date_a or place_a) or not (date_b or place_b):
            reason = "same event name, one with no date or place"
    elif date_a and date_b:
        reason, score = "same event name and date, different places", 0.45
    else:
        return None  # two places and no date to join them
    # the fuller description stays (a date beats none, a day beats a month)
    keep, merge = sorted((a, b), key=lambda n: (-_told(n), n["id"]))
    extra, bonus = _shared(kg, a["id"], b["id"])
    return keep["id"], merge["id"], reason + extra, score + bonus


def _told(event: dict[str, Any]) -> int:
    return sum(len(str(event["props"].get(k) or "")) for k in EVENT_SCOPE)


def _related(kg: KnowledgeGraph, a: str, b: str) -> bool:
    """True when organisation ``a`` is part of ``b`` or ``b`` of ``a`` (PART_OF, any depth)."""

    def up(node: str) -> set[str]:
        seen, todo = {node}, [node]
        while todo:
            for parent, keys in kg.graph._succ[todo.pop()].items():
                if _PART_OF in keys and parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    return b in up(a) or a in up(b)


def _person_pair(
    kg: KnowledgeGraph, a: dict[str, Any], b: dict[str, Any], one_org: set[frozenset[str]]
) -> Pair | None:
    orgs_a, orgs_b = works_at(kg, a["id"]), works_at(kg, b["id"])
    extra, bonus = _shared(kg, a["id"], b["id"])
    pairs = [(x, y) for x in orgs_a for y in orgs_b]
    if not orgs_a or not orgs_b:
        reason, score = "same name, one with no organisation", 0.5
    elif any(frozenset(p) in one_org for p in pairs):
        reason, score = "same name at organisations proposed as one", 0.6
    elif any(_related(kg, x, y) for x, y in pairs):
        reason, score = "same name at related organisations (PART_OF)", 0.55
    elif extra:
        reason, score = "same name at unrelated organisations", 0.3
    else:
        return None  # two people of one name, nothing in common: the namesakes scoping is for
    keep, merge = sorted((a, b), key=lambda n: (-len(works_at(kg, n["id"])), n["id"]))
    return keep["id"], merge["id"], reason + extra, score + bonus


def namesake_pairs(kg: KnowledgeGraph, one_org: Iterable[tuple[str, str]] = ()) -> list[Pair]:
    """Events and people of one name that may be one, as (keep, merge, reason, score).

    ``one_org`` holds pairs of organisation ids proposed as one: two people
    of one name at such a pair are likely one too.
    """
    maybe_one = {frozenset(p) for p in one_org}
    found: dict[frozenset[str], Pair] = {}
    for group in _by_name(kg, _EVENT):
        for a, b in combinations(group, 2):
            if (pair := _event_pair(kg, a, b)) is not None:
                found.setdefault(frozenset(pair[:2]), pair)
    for group in _by_name(kg, _PERSON):
        for a, b in combinations(group, 2):
            if (pair := _person_pair(kg, a, b, maybe_one)) is not None:
                found.setdefault(frozenset(pair[:2]), pair)
    return list(found.values())
