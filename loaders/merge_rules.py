"""Which two nodes may become one, and the refusal when they may not.

A merge says "these two names are one thing". That can only be true of two
things of one kind: two schools (a 中专 that became a 高职 is still one
school), two enterprises, two people. Folding a person into a school, or a
school into an enterprise, would move the person's LEADS onto an
organisation, which the schema forbids, and every later ``iekg build`` would
replay it. So the kind is checked before anything is written, the
relationships the merge touches are checked against the schema afterwards,
and a judgement in the log that breaks the rule is named when it is replayed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.errors import LoadError
from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA

__all__ = ["check_edges", "check_kinds", "describe_kind", "family", "same_kind"]

_SCHOOL = SCHEMA.label("School").name
_HINT = "if one of them is filed under the wrong kind, correct it in its source and run iekg build"


def family(label: str) -> str:
    """What a node must share with another to be merged with it.

    Schools of both kinds compare with each other (a 中专 may become a 职业技术
    学院 under a new name); every other kind only with itself.

    >>> family("SecondaryVocationalSchool") == family("HigherEducationInstitution")
    True
    >>> family("Enterprise") == family("SecondaryVocationalSchool")
    False
    """
    return _SCHOOL if SCHEMA.label(label).is_a(_SCHOOL) else label


def same_kind(a: str, b: str) -> bool:
    """True when nodes labelled ``a`` and ``b`` may be one node (same id family, same kind)."""
    la, lb = SCHEMA.label(a), SCHEMA.label(b)
    return la.id_prefix == lb.id_prefix and family(a) == family(b)


def describe_kind(label: str) -> str:
    """A kind as an analyst reads it: ``中职学校, SecondaryVocationalSchool``."""
    return f"{SCHEMA.label(label).zh}, {label}"


def _named(node: Mapping[str, Any]) -> str:
    return f"{node['name']} ({describe_kind(str(node['label']))})"


def check_kinds(keep: Mapping[str, Any], merge: Mapping[str, Any]) -> None:
    """LoadError unless node ``merge`` may fold into node ``keep`` (both as stored dicts)."""
    if same_kind(str(keep["label"]), str(merge["label"])):
        return
    raise LoadError(
        None,
        f"cannot merge {_named(merge)} into {_named(keep)}: only two nodes of one kind "
        "can be one (two schools, two enterprises, two people …); nothing was changed",
        hint=_HINT,
    )


def check_edges(kg: KnowledgeGraph, node_id: str, merged_name: str) -> None:
    """LoadError when a relationship of ``node_id`` in ``kg`` breaks the schema.

    Run on the graph a merge produced, before it is stored: the merged node
    must be allowed every relationship it took over.
    """
    bad = []
    for src, tgt, rel in kg.graph.in_edges(node_id, keys=True):
        bad += _forbidden(kg, src, rel, tgt)
    for src, tgt, rel in kg.graph.out_edges(node_id, keys=True):
        bad += _forbidden(kg, src, rel, tgt)
    if bad:
        name = kg.node(node_id)["name"]
        raise LoadError(
            None,
            f"cannot merge {merged_name} into {name}: {name} would have "
            + "; ".join(bad)
            + "; nothing was changed",
            hint=_HINT,
        )


def _forbidden(kg: KnowledgeGraph, src: str, rel: str, tgt: str) -> list[str]:
    src_label, tgt_label = kg.label_of(src), kg.label_of(tgt)
    if SCHEMA.allows(src_label, rel, tgt_label):
        return []
    allowed = ", ".join(f"{a}→{b}" for a, b in SCHEMA.rel(rel).patterns)
    return [
        f"{src_label} -[{rel}]-> {tgt_label} ({kg.node(src)['name']} → {kg.node(tgt)['name']}), "
        f"which the schema does not allow ({rel} connects {allowed})"
    ]
