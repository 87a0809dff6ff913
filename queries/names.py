"""Labels and relationship types for query code, each checked against SCHEMA.

Query code and its Cypher texts name labels and types through :data:`LABEL`
and :data:`REL` (``LABEL.School``, ``REL.MEMBER_OF``) instead of string
literals: every access goes through :data:`graph.schema.SCHEMA`, so a typo
fails at import with the list of known names, and a Cypher text can only
ever contain a label or type the schema declares.

>>> LABEL.School, REL.MEMBER_OF
('School', 'MEMBER_OF')
>>> LABEL.Aliance  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph.errors.SchemaError: unknown label 'Aliance'; the schema has ...
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.schema import SCHEMA

__all__ = ["LABEL", "REL", "concrete_label", "rel_union"]


class _Labels:
    """Attribute access to label names, validated by the schema."""

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        value = SCHEMA.label(name).name
        setattr(self, name, value)  # checked once; later reads are plain attributes
        return value


class _Rels:
    """Attribute access to relationship type names, validated by the schema."""

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        value = SCHEMA.rel(name).name
        setattr(self, name, value)
        return value


LABEL = _Labels()
REL = _Rels()


def rel_union(*types: str) -> str:
    """``A|B`` for a Cypher relationship pattern, each type checked again.

    >>> rel_union(REL.ATTENDED, REL.HOSTED)
    'ATTENDED|HOSTED'
    """
    return "|".join(SCHEMA.rel(t).name for t in types)


def concrete_label(labels: Iterable[str]) -> str:
    """The one concrete label among a node's labels (Neo4j returns them all).

    >>> concrete_label(["Organization", "School", "SecondaryVocationalSchool"])
    'SecondaryVocationalSchool'
    """
    found = [lab for lab in labels if lab in SCHEMA.labels and not SCHEMA.labels[lab].abstract]
    return found[0] if found else ""
