"""The hub: one knowledge graph on ``networkx.MultiDiGraph``.

Every loader feeds it and every store saves and restores it. It enforces the
schema (pattern check on every edge), resolves names and aliases to stable
ids, and merges repeated statements so that loading twice changes nothing.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from typing import Any

import networkx as nx

from graph.bulk import collector_paused
from graph.errors import SchemaError
from graph.ids import KEYED_BY_SCOPE, SCOPED_BY_ORGANIZATION, event_scope, make_id
from graph.merge import add_provenance, fold_item, merge_props, new_item, record_conflict
from graph.records import EdgeRecord, NodeRecord, NodeRef, Provenance
from graph.schema import SCHEMA
from graph.text import match_key

__all__ = ["KnowledgeGraph"]

Record = NodeRecord | EdgeRecord


# The schema is frozen, so what the graph asks of it per record (twice per
# relationship when resolving its ends) is worked out once per label.
@functools.cache
def _id_prefixes(label: str | None) -> tuple[str, ...]:
    return SCHEMA.id_prefixes(label)


@functools.cache
def _is_a(concrete: str, label: str) -> bool:
    return SCHEMA.label(concrete).is_a(label)


_PERSON = SCOPED_BY_ORGANIZATION
_PERSON_PREFIX = SCHEMA.label(_PERSON).id_prefix
_EVENT = SCHEMA.label("Event").name
_ORGANIZATION = SCHEMA.label("Organization").name
_WORKS_AT = SCHEMA.rel("WORKS_AT").name


class KnowledgeGraph:
    """A typed, provenance-keeping property graph.

    Nodes are keyed by id; edges by ``(source id, target id, TYPE)``, one per
    type and pair (symmetric types are stored once, in id order).

    >>> kg = KnowledgeGraph()
    >>> school = kg.add_node(NodeRecord("SecondaryVocationalSchool", "绍兴市中等专业学校",
    ...                                 aliases=("绍兴中专",)))
    >>> kg.resolve("绍兴中专") == school
    True
    """

    def __init__(self) -> None:
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        # id prefix -> match key -> node id, for names and aliases alike. A
        # node with a scope (graph.ids) is keyed "name@scope" instead, so a
        # record matches only a namesake with the same scope: a Person by the
        # organisation's id, an Event by its date.
        self._names: dict[str, dict[str, str]] = {}
        # id prefix -> match key -> scoped nodes of that name, for a reference
        # that gives a name alone (a relationships sheet naming an event)
        # (each name's namesakes as the keys of a dict: an ordered set, so that
        # adding one is not a scan of every 张伟 already there)
        self._namesakes: dict[str, dict[str, dict[str, None]]] = {}
        # code id (org-code-…) -> the node holding that official code, which
        # may carry a name-derived id when its code arrived after its name
        self._codes: dict[str, str] = {}
        # node id or edge key -> its evidence as a set, built on first touch
        self._evidence: dict[Hashable, set[str]] = {}
        # Bumped by every add: what a question derives from the whole graph
        # (a projection, a ranking) may be kept until this changes.
        self.revision = 0

    def _seen(self, key: Hashable, data: dict[str, Any]) -> set[str]:
        seen = self._evidence.get(key)
        if seen is None:
            seen = self._evidence[key] = set(data["evidence"])
        return seen

    # -- nodes -------------------------------------------------------------
    def add_node(self, record: NodeRecord) -> str:
        """Add or merge a node; return its id."""
        self.revision += 1
        label = SCHEMA.label(record.label)
        found = self._find_all(record)
        node_id = (
            found[0] if found else make_id(record.label, record.name, record.code, record.scope)
        )
        for other in found[1:]:
            # This record's names join nodes loaded apart: they are one.
            self._fold_node(found[0], other)
        if node_id is None:  # pragma: no cover - NodeRecord refuses empty names
            raise SchemaError(f"{record.label}: nothing to derive an id from")
        data = self.graph._node.get(node_id)  # networkx's own dict: its view costs a call
        if data is None:
            data = new_item()
            data.update(label=record.label, labels=list(label.labels), name=record.name, aliases=[])
            self.graph.add_node(node_id, **data)
            data = self.graph._node[node_id]
        if data["label"] != record.label or "label" in data["conflicts"]:
            # Two sources disagree on the kind: keep the first, show both
            # (and every source on each side).
            record_conflict(data, "label", data["label"], record.label, record.provenance)
        for alias in (record.name, *record.aliases):
            if alias != data["name"] and alias not in data["aliases"]:
                data["aliases"].append(alias)
        props = dict(record.props)
        if record.code:
            props["code"] = record.code
        merge_props(data, props, SCHEMA.node_properties(record.label), record.provenance)
        add_provenance(data, record.provenance, self._seen(node_id, data))
        names = (data["name"], *data["aliases"])
        self._index(node_id, label.id_prefix, names, self._scope_tag(record.label, record.scope))
        if record.code:
            self._codes.setdefault(str(make_id(record.label, record.name, record.code)), node_id)
        return node_id

    def _find_all(self, record: NodeRecord) -> list[str]:
        """Existing nodes this record names (code first, then name, then aliases).

        Names match only within the record's scope: an undated 签约仪式 is
        not the one held on 2024-05-10, and 张伟 stated with no organisation
        is not the 张伟 another source places at a company. A Source is
        matched by its id alone (its key), never by its title.
        """
        found: list[str] = []
        if record.code:
            code_id = str(make_id(record.label, record.name, record.code))
            if code_id in self._codes:
                found.append(self._codes[code_id])
        if record.label in KEYED_BY_SCOPE:
            return found
        names = self._names.get(SCHEMA.label(record.label).id_prefix, {})
        tag = self._scope_tag(record.label, record.scope)
        for name in (record.name, *record.aliases):
            node_id = names.get(match_key(name) + tag)
            # (a person keyed by an organisation's name before it was loaded
            # may name a node since merged away)
            if node_id in self.graph._node and node_id not in found:
                found.append(node_id)
        return found

    def _scope_tag(self, label: str, scope: tuple[str, ...]) -> str:
        """What a scoped name is keyed by after its match key ("" for no scope).

        A Person's organisation counts by its node, so 绍兴中专 and
        绍兴市中等专业学校 (one school, two names) scope one person. An
        Event's date and place count as written: a report that gives no
        place is not merged into one that gives it, since which of several
        places it would join would depend on the order of loading.
        """
        if not scope:
            return ""
        if label == _PERSON:
            org = self.resolve(scope[0], _ORGANIZATION)
            return "@" + (org or "~" + match_key(scope[0]))
        return "@" + "@".join(match_key(part) for part in scope)

    def _node_tags(self, node_id: str) -> list[str]:
        """The scope tags of a stored node, derived from what the graph holds.

        An Event's from its date and place; a Person's from the organisations they work
        at (WORKS_AT), each by id; no tag (a plain name) for anything else. A
        node first stated with no scope (its id is the one its name alone
        gives) also keeps its plain name, as it had when it was made, so a
        graph read back from a store names nodes as the graph that saved it
        did: the same files load the same way in one command or in several.
        """
        data = self.graph._node[node_id]
        label = data["label"]
        if label == _EVENT:
            tags = [self._scope_tag(_EVENT, event_scope(data["props"]))]
        elif label == _PERSON:
            orgs = [t for t, keys in self.graph._succ[node_id].items() if _WORKS_AT in keys]
            tags = ["@" + org for org in sorted(orgs)] or [""]
        else:
            return [""]
        if "" not in tags and node_id == make_id(label, data["name"]):
            tags.append("")
        return tags

    def _index_node(self, node_id: str, *, replace: bool = False) -> None:
        data = self.graph._node[node_id]
        prefix = SCHEMA.label(data["label"]).id_prefix
        names = (data["name"], *data["aliases"])
        for tag in self._node_tags(node_id):
            self._index(node_id, prefix, names, tag, replace=replace)

    def _fold_node(self, keep: str, other: str) -> None:
        """Merge node ``other`` into ``keep`` in place: names, data and relationships."""
        g = self.graph
        keep_data, other_data = g.nodes[keep], g.nodes[other]
        other_names = [match_key(n) for n in (other_data["name"], *other_data["aliases"])]
        other_keys = [n + tag for tag in self._node_tags(other) for n in other_names]
        if keep_data["label"] != other_data["label"]:
            first = other_data["sources"][0] if other_data["sources"] else None
            record_conflict(
                keep_data,
                "label",
                keep_data["label"],
                other_data["label"],
                Provenance(first) if first else None,
            )
        fold_item(keep_data, other_data, SCHEMA.node_properties(keep_data["label"]))
        for alias in (other_data["name"], *other_data["aliases"]):
            if alias != keep_data["name"] and alias not in keep_data["aliases"]:
                keep_data["aliases"].append(alias)
        arcs = [(u, v, k, d) for u, v, k, d in g.out_edges(other, keys=True, data=True)]
        arcs += [(u, v, k, d) for u, v, k, d in g.in_edges(other, keys=True, data=True)]
        for u, v, rel, data in arcs:
            self._evidence.pop((u, v, rel), None)
            src, tgt = (keep if u == other else u), (keep if v == other else v)
            if src == tgt:
                continue  # a link between two names of one node says nothing
            if SCHEMA.rel(rel).symmetric and tgt < src:
                src, tgt = tgt, src
            if g.has_edge(src, tgt, key=rel):
                self._evidence.pop((src, tgt, rel), None)
                fold_item(g.edges[src, tgt, rel], data, SCHEMA.rel_properties(rel))
            else:
                g.add_edge(src, tgt, key=rel, **data)
        g.remove_node(other)
        self._evidence.pop(keep, None)
        self._evidence.pop(other, None)
        prefix = SCHEMA.label(keep_data["label"]).id_prefix
        table = self._names.setdefault(prefix, {})
        for key in other_keys:
            if table.get(key) == other:
                table[key] = keep
        namesakes = self._namesakes.get(prefix, {})
        for name in other_names:
            ids = namesakes.get(name)
            if ids and other in ids:
                namesakes[name] = {(keep if n == other else n): None for n in ids}
        self._index_node(keep, replace=True)
        for code, holder in list(self._codes.items()):
            if holder == other:
                self._codes[code] = keep

    def _index(
        self, node_id: str, prefix: str, names: Iterable[str], tag: str = "", replace: bool = False
    ) -> None:
        table = self._names.setdefault(prefix, {})
        for name in names:
            key = match_key(name)
            if replace:
                table[key + tag] = node_id
            else:
                table.setdefault(key + tag, node_id)
            if tag:
                self._namesakes.setdefault(prefix, {}).setdefault(key, {})[node_id] = None

    def resolve(
        self,
        name: str,
        label: str | None = None,
        scope: tuple[str, ...] = (),
        source: str | None = None,
    ) -> str | None:
        """The id of the node called ``name`` (or with that alias), or None.

        With ``label`` (possibly abstract), only nodes of that kind match.
        With a ``scope`` (and a concrete label), the namesake in that scope.
        A name alone that several scoped namesakes share (two dated 签约仪式)
        resolves to the one ``source`` stated, if only one; otherwise it is
        ambiguous, and None is returned rather than a guess.
        """
        key = match_key(name)
        if scope and label is not None and not SCHEMA.label(label).abstract:
            table = self._names.get(SCHEMA.label(label).id_prefix, {})
            node_id = table.get(key + self._scope_tag(label, scope))
            if node_id not in self.graph._node:
                node_id = make_id(label, name, scope=scope)
            if node_id in self.graph._node:
                return node_id
        plain, scoped = self._candidates(key, label)
        if plain is not None and not scoped:
            return plain
        found = ([plain] if plain is not None else []) + scoped
        if len(found) > 1 and source is not None:
            stated = [c for c in found if source in self.graph._node[c]["sources"]]
            if len(stated) == 1:
                return stated[0]
        # A name given plainly keeps meaning the node first given that way.
        return plain if plain is not None else (scoped[0] if len(scoped) == 1 else None)

    def _candidates(self, key: str, label: str | None) -> tuple[str | None, list[str]]:
        """The node a bare name names plainly (or None), and its scoped namesakes."""
        plain = None
        scoped: list[str] = []
        nodes = self.graph._node
        for prefix in _id_prefixes(label):
            node_id = self._names.get(prefix, {}).get(key)
            if node_id in nodes and (label is None or _is_a(nodes[node_id]["label"], label)):
                plain = node_id
            namesakes = self._namesakes.get(prefix)
            for other in namesakes.get(key, ()) if namesakes else ():
                if other != plain and (label is None or _is_a(nodes[other]["label"], label)):
                    scoped.append(other)
            if plain is not None:
                break  # the first kind that has the name plainly, as ever
        return plain, scoped

    def label_of(self, node_id: str) -> str:
        """The concrete label of a node."""
        return str(self.graph._node[node_id]["label"])

    def node(self, node_id: str) -> dict[str, Any]:
        """The stored data of one node (id, label, name, aliases, props, sources …)."""
        return {"id": node_id, **self.graph.nodes[node_id]}

    def nodes(self, label: str | None = None) -> Iterator[dict[str, Any]]:
        """Nodes, optionally only those that are ``label`` or descend from it."""
        for node_id, data in self.graph.nodes(data=True):
            if label is None or label in data["labels"]:
                yield {"id": node_id, **data}

    # -- edges -------------------------------------------------------------
    def add_edge(self, record: EdgeRecord) -> tuple[str, str, str]:
        """Add or merge a relationship after checking it against the schema."""
        self.revision += 1
        src = self._endpoint(record.source, record)
        tgt = self._endpoint(record.target, record)
        src_label, tgt_label = self.label_of(src), self.label_of(tgt)
        if not SCHEMA.allows(src_label, record.type, tgt_label):
            allowed = ", ".join(f"{a}→{b}" for a, b in SCHEMA.rel(record.type).patterns)
            raise SchemaError(
                self._cite(
                    record,
                    f"{src_label} -[{record.type}]-> {tgt_label} is not allowed "
                    f"by the schema; {record.type} connects {allowed}",
                )
            )
        if src == tgt:
            raise SchemaError(
                self._cite(record, f"{record.type} from {record.source.name!r} to itself")
            )
        if SCHEMA.rel(record.type).symmetric and tgt < src:
            src, tgt = tgt, src
        # networkx's own dicts (``_succ``/``_pred`` share one key dict per pair, as
        # ``_restore_edge`` fills them): ``has_edge``, the edge view and ``add_edge``
        # cost a call each, and add_edge copies the data once more. (add_edge also
        # clears the cache of networkx's dispatch backends, which iekg does not use.)
        keys = self.graph._succ[src].get(tgt)
        if keys is None:
            keys = self.graph._succ[src][tgt] = self.graph._pred[tgt][src] = {}
        data = keys.get(record.type)
        if data is None:
            data = keys[record.type] = {"type": record.type, **new_item()}
        merge_props(data, record.props, SCHEMA.rel_properties(record.type), record.provenance)
        add_provenance(data, record.provenance, self._seen((src, tgt, record.type), data))
        if record.type == _WORKS_AT:
            # A source now places this person at this organisation: a later
            # record of the same name there (under any of its names) is them.
            person = self.graph._node[src]
            self._index(src, _PERSON_PREFIX, (person["name"], *person["aliases"]), "@" + tgt)
        return src, tgt, record.type

    def _endpoint(self, ref: NodeRef, record: EdgeRecord) -> str:
        source = record.provenance.source if record.provenance else None
        node_id = self.resolve(ref.name, ref.label, ref.scope, source)
        if node_id is None and (found := self._candidates(match_key(ref.name), ref.label)[1]):
            told = "; ".join(self._describe_scope(n) for n in found)
            kinds = {self.label_of(n) for n in found}
            kind = ref.label or (kinds.pop() if len(kinds) == 1 else "node")
            raise SchemaError(
                self._cite(
                    record,
                    f"{record.type}: {ref.name!r} may be any of {len(found)} "
                    f"{kind}s of that name ({told}); give each a "
                    "distinct name, or state this relationship in the same source as the one meant",
                )
            )
        if node_id is None:
            raise SchemaError(
                self._cite(
                    record,
                    f"{record.type}: no {ref.label or 'node'} called "
                    f"{ref.name!r} in the graph; add it as a node first",
                )
            )
        return node_id

    def _describe_scope(self, node_id: str) -> str:
        """What tells a scoped node apart, for a message: its date and place, or employer."""
        data = self.graph._node[node_id]
        if data["label"] == _PERSON:
            orgs = [t for t, keys in self.graph._succ[node_id].items() if _WORKS_AT in keys]
            return "at " + "、".join(self.graph._node[o]["name"] for o in orgs) if orgs else node_id
        told = [str(data["props"][k]) for k in ("date", "place") if data["props"].get(k)]
        return " ".join(told) or node_id

    @staticmethod
    def _cite(record: EdgeRecord, message: str) -> str:
        return f"{record.provenance.describe()}: {message}" if record.provenance else message

    def edges(self, rel_type: str | None = None) -> Iterator[dict[str, Any]]:
        """Relationships as dicts with ``source``, ``target``, ``type`` and their data."""
        for src, tgt, key, data in self.graph.edges(keys=True, data=True):
            if rel_type is None or key == rel_type:
                yield {"source": src, "target": tgt, **data}

    # -- whole graph -------------------------------------------------------
    def add(self, records: Iterable[Record]) -> None:
        """Add records in order (nodes before the edges that use them)."""
        with collector_paused(keep=True):
            for record in records:
                if isinstance(record, NodeRecord):
                    self.add_node(record)
                else:
                    self.add_edge(record)

    def stats(self) -> dict[str, Counter[str]]:
        """Counts of nodes by concrete label and relationships by type."""
        labels = Counter(str(d["label"]) for _, d in self.graph.nodes(data=True))
        types = Counter(str(k) for _, _, k in self.graph.edges(keys=True))
        return {"nodes": labels, "relationships": types}

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-ready, deterministically ordered snapshot."""
        return {"nodes": list(self.iter_nodes()), "edges": list(self.iter_edges())}

    def iter_nodes(self) -> Iterator[dict[str, Any]]:
        """The nodes of :meth:`to_dict` one by one, for a store that writes as it goes."""
        nodes = self.graph._node  # networkx's own dicts: its views cost a call per look-up
        for node_id in sorted(nodes):
            yield {"id": node_id, **nodes[node_id]}

    def iter_edges(self) -> Iterator[dict[str, Any]]:
        """The relationships of :meth:`to_dict` one by one, in the same order.

        Sorted level by level (source, then target, then type), which orders
        them as sorting every ``(source, target, type)`` would, without a list
        of all of them.
        """
        succ = self.graph._succ
        for src in sorted(succ):
            targets = succ[src]
            for tgt in sorted(targets):
                keys = targets[tgt]
                for rel in sorted(keys):
                    yield {"source": src, "target": tgt, **keys[rel]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> KnowledgeGraph:
        """Rebuild a graph from :meth:`to_dict` output (which is left as it was)."""
        return cls.from_items(
            (dict(node) for node in data["nodes"]), (dict(edge) for edge in data["edges"])
        )

    @classmethod
    def from_items(
        cls, nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]]
    ) -> KnowledgeGraph:
        """Rebuild a graph from the nodes and relationships :meth:`to_dict` lists.

        The item dicts become the graph's own data (nothing is copied), so a
        caller passes dicts it will not use again, such as freshly parsed
        JSON. The name and code indexes are derived again, never stored.
        """
        kg = cls()
        people: list[str] = []
        with collector_paused(keep=True):
            for node in nodes:
                kg._restore_node(node, people)
            for edge in edges:
                kg._restore_edge(edge)
            for node_id in people:
                kg._index_node(node_id)  # scoped by WORKS_AT: known once edges are in
        return kg

    def _restore_node(self, node: dict[str, Any], people: list[str]) -> None:
        node_id = node.pop("id")
        self.graph.add_node(node_id)
        self.graph.nodes[node_id].update(node)
        if node["label"] == _PERSON:
            people.append(node_id)
        else:
            self._index_node(node_id)
        claims = node["conflicts"].get("code", [])
        for code in (node["props"].get("code"), *(c["value"] for c in claims)):
            if code:
                code_id = str(make_id(node["label"], node["name"], code))
                self._codes.setdefault(code_id, node_id)

    def _restore_edge(self, edge: dict[str, Any]) -> None:
        src, tgt = edge.pop("source"), edge.pop("target")
        succ = self.graph._succ
        if src not in succ or tgt not in succ:
            self.graph.add_edge(src, tgt, key=edge["type"], **edge)  # as networkx does
            return
        # Into networkx's adjacency directly (``_succ``/``_pred`` hold one
        # key dict per pair, shared): ``add_edge`` would copy every edge's
        # data and took a third of the time to load a store.
        keys = succ[src].get(tgt)
        if keys is None:
            keys = succ[src][tgt] = self.graph._pred[tgt][src] = {}
        keys[edge["type"]] = edge

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KnowledgeGraph) and self.to_dict() == other.to_dict()

    def __len__(self) -> int:
        return int(self.graph.number_of_nodes())

    def relationship_count(self) -> int:
        """``graph.number_of_edges()``, counted on the adjacency dicts.

        networkx sums the degree view, a Python call per node (0.2 s of a
        0.9 s save at 100k relationships).
        """
        return sum(len(keys) for targets in self.graph._succ.values() for keys in targets.values())
