"""Hypothesis strategies for records: small generated graphs that exercise merging.

Names come from a few stems written several ways (full-width letters,
brackets, spaces, an invisible mark) so that different spellings of one name
meet; properties, dates, statuses, codes and sources are drawn so that two
statements of one fact sometimes agree and sometimes disagree. Edges are
drawn among the nodes a file states, following the schema's patterns, so
every generated file loads on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from graph.errors import SchemaError
from graph.ids import event_scope
from graph.knowledge_graph import KnowledgeGraph
from graph.records import EdgeRecord, NodeRecord, NodeRef, Provenance
from graph.schema import SCHEMA
from graph.text import match_key

Record = NodeRecord | EdgeRecord

LABELS = [name for name in SCHEMA.concrete_labels if name not in ("Source", "Designation")]
STEMS = ["绍兴", "宁波", "杭州", "Acme", "中科", "时立态合"]
# A label's own ending keeps most names telling; the same stem under two
# organisation kinds meets as one node (organisations share one id space).
ENDINGS = {
    "SecondaryVocationalSchool": "中专",
    "HigherEducationInstitution": "职业技术学院",
    "GovernmentAgency": "教育局",
    "IndustrialPark": "产业园",
    "Enterprise": "有限公司",
    "Association": "协会",
    "Alliance": "联盟",
    "Person": "",
    "Industry": "制造",
    "Project": "订单班",
    "Event": "签约仪式",
    "Region": "市",
}
SOURCES = ["source-a", "source-b", "source-c"]
TEXT = ["甲", "乙", "current", "<b>x</b>", "=1+1", "a'b\"c"]
DATES = ["2019", "2020-05", "2021-02-28", "2023-11-10"]


@st.composite
def names(draw: st.DrawFn, label: str, stem: str | None = None) -> str:
    """A name of ``label`` written one of several ways that normalise alike."""
    stem = stem or draw(st.sampled_from(STEMS))
    name = stem + ENDINGS[label]
    variant = draw(st.sampled_from(["plain", "fullwidth", "spaced", "bracketed", "invisible"]))
    if variant == "fullwidth":
        name = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name)
    elif variant == "spaced":
        name = " ".join(name)
    elif variant == "bracketed":
        name = f"（{name[:2]}）{name[2:]}"
    elif variant == "invisible":
        name = name[:1] + "\u200b" + name[1:]
    return name


def _value(draw: st.DrawFn, kind: str) -> Any:
    if kind == "date":
        return draw(st.sampled_from(DATES))
    if kind == "status":
        return draw(st.sampled_from(["current", "ended", "unknown"]))
    if kind == "int":
        return draw(st.integers(1, 4))
    return draw(st.sampled_from(TEXT))


@st.composite
def node_records(draw: st.DrawFn, file: str, bridging: bool = True) -> NodeRecord:
    """A node as one row states it.

    With ``bridging`` its alias may be another node's name and its code
    another node's code, which joins the two; without, aliases are other
    spellings of the node's own name and each name has its own code.
    """
    label = draw(st.sampled_from(LABELS))
    stem = draw(st.sampled_from(STEMS))
    declared = SCHEMA.node_properties(label)
    keys = (
        draw(st.lists(st.sampled_from(sorted(declared)), max_size=2, unique=True))
        if declared
        else []
    )
    props = {k: _value(draw, declared[k].type) for k in keys if k != "code"}
    aliases = draw(st.lists(names(label, None if bridging else stem), max_size=1))
    own = f"91330600MA{STEMS.index(stem)}{LABELS.index(label):02d}"
    codes = [None] * 7 + (["91330600MA2B0001"] if bridging else [own])
    code = draw(st.sampled_from(codes)) if SCHEMA.label(label).is_a("Organization") else None
    prov = Provenance(draw(st.sampled_from(SOURCES)), file, draw(st.integers(2, 5)))
    return NodeRecord(label, draw(names(label, stem)), tuple(aliases), props, code, prov)


@st.composite
def files(
    draw: st.DrawFn, file: str = "f.csv", max_nodes: int = 8, bridging: bool = True
) -> list[Record]:
    """The records of one file: nodes, then edges among them allowed by the schema."""
    nodes = draw(st.lists(node_records(file, bridging), min_size=1, max_size=max_nodes))
    kg = KnowledgeGraph()
    kg.add(nodes)
    # An event is named with its date and place (namesakes on other dates are
    # other events); anything else by its name alone.
    found = [
        (NodeRef(n.label if n.scope else None, n.name, n.scope), node_id)
        for n in nodes
        if (node_id := kg.resolve(n.name, n.label if n.scope else None, n.scope))
    ]
    pairs = [
        (rel, a, b)
        for rel in SCHEMA.relationships
        for a, ida in found
        for b, idb in found
        if ida != idb and SCHEMA.allows(kg.label_of(ida), rel, kg.label_of(idb))
    ]
    records: list[Record] = list(nodes)
    if pairs:
        for rel, a, b in draw(st.lists(st.sampled_from(pairs), max_size=6)):
            declared = SCHEMA.rel_properties(rel)
            keys = draw(st.lists(st.sampled_from(sorted(declared)), max_size=2, unique=True))
            props = {k: _value(draw, declared[k].type) for k in keys}
            if "since" in props and "until" in props and props["until"] < props["since"]:
                props["since"], props["until"] = props["until"], props["since"]
            prov = Provenance(draw(st.sampled_from(SOURCES)), file, draw(st.integers(2, 5)))
            records.append(EdgeRecord(a, rel, b, props, prov))
    return records


def load(*batches: Sequence[Record]) -> KnowledgeGraph:
    """A graph holding the batches, added in the order given."""
    kg = KnowledgeGraph()
    for batch in batches:
        kg.add(batch)
    return kg


def loads_alone(batch: Sequence[Record]) -> bool:
    """Whether a batch loads into an empty graph (edges resolve by name alone)."""
    try:
        load(batch)
    except SchemaError:
        return False
    return True


def canonical(kg: KnowledgeGraph) -> dict[str, Any]:
    """What a graph states, whatever the order its statements arrived in.

    The first statement decides a node's display name (and so its id, when
    a later file adds an alias), which value of a disputed property is shown
    first, and the order of lists. Every name, value, claim (with all the
    sources that made it) and piece of evidence is kept either way; so nodes
    are compared by all their names, and symmetric relationships as
    unordered pairs.
    """

    def claims(item: dict[str, Any], key: str) -> Any:
        found = item["conflicts"].get(key)
        if not found:
            return None
        return sorted((repr(c["value"]), tuple(sorted(c["sources"]))) for c in found)

    def values(item: dict[str, Any]) -> dict[str, Any]:
        # A disputed value is its claims (the one shown is the first); a
        # multi value is its parts, in any order.
        return {
            key: claims(item, key) or frozenset(str(value).split("、"))
            for key, value in item["props"].items()
        }

    names = {}
    nodes = {}
    for node in kg.nodes():
        key = (
            SCHEMA.label(node["label"]).id_prefix,
            frozenset(match_key(n) for n in (node["name"], *node["aliases"])),
            # events of one name on other dates or at other places are other events
            event_scope(node["props"]) if node["label"] == "Event" else (),
        )
        names[node["id"]] = key
        labels = {node["label"]} | {c["value"] for c in node["conflicts"].get("label", [])}
        nodes[key] = (
            frozenset(labels),
            frozenset([node["name"], *node["aliases"]]),
            values(node),
            tuple(node["sources"]),
            frozenset(node["evidence"]),
        )
    edges = {}
    for e in kg.edges():
        ends: Any = (names[e["source"]], names[e["target"]])
        if SCHEMA.rel(e["type"]).symmetric:
            ends = frozenset(ends)
        edges[(ends, e["type"])] = (values(e), tuple(e["sources"]), frozenset(e["evidence"]))
    assert len(nodes) == len(kg) and len(edges) == kg.graph.number_of_edges()
    return {"nodes": nodes, "edges": edges}
