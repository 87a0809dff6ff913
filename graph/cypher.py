"""Named Cypher builders for the Neo4j store.

Every label and relationship type that appears in a query text is first
looked up in :data:`graph.schema.SCHEMA` and then backtick-quoted; every
value travels as a ``$parameter``. So no name from a source file and no
analyst's text can change what a query does. The builders are pure functions
of the schema: they return text and never touch a server.

Uniqueness is declared on the *key label* of each id family: the most general
label of a hierarchy (``Organization`` for schools, enterprises, parks …).
Ids are unique per family (organisations share the ``org`` id prefix on
purpose), a node always carries its key label, and a MERGE on the key label
finds an organisation whichever kind a later source calls it.

>>> print(merge_nodes_query(("Organization", "Enterprise")))  # doctest: +ELLIPSIS
CYPHER replan=skip
UNWIND $rows AS row
MERGE (n:`Organization` {id: row.id})
SET n = row
SET n:`Enterprise`
REMOVE n:`School`:`SecondaryVocationalSchool`:...:`Association`:`Alliance`
RETURN count(n) AS written
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.errors import SchemaError
from graph.schema import SCHEMA

__all__ = [
    "CONSTRAINT_PREFIX",
    "KEEP_PLAN",
    "constraint_queries",
    "delete_nodes_query",
    "delete_relationships_query",
    "existing_schema_queries",
    "family_of",
    "index_queries",
    "key_label",
    "key_labels",
    "merge_edges_query",
    "merge_nodes_query",
    "quote_label",
    "quote_rel_type",
    "read_edges_query",
    "read_nodes_query",
    "schema_name",
    "schema_queries",
]

CONSTRAINT_PREFIX = "iekg"
"""Constraint and index names start with this, so they are easy to list and drop."""

KEEP_PLAN = "CYPHER replan=skip"
"""The merge queries' first line: plan once, never again because the data grew.

The server replans a cached query once the counts it was planned with have
drifted (10 s later at the earliest), and the counts of a database being
pushed into, or emptied and pushed into again, drift all the time: replanning
the 27 merge queries took a large part of a small push's server time (10k
relationships: 0.87 s of server CPU with this line, 1.42 s without, medians of
five interleaved pushes). Their plan cannot improve: every node is found by a
seek on the id constraint's index whatever the counts, and a schema change
still empties the server's query cache, so a new constraint is always used.
"""


def _quote(name: str) -> str:
    # Schema names are CamelCase / UPPER_SNAKE (checked at import), so they
    # never hold a backtick; doubling one anyway is Cypher's own escape.
    return "`" + name.replace("`", "``") + "`"


def quote_label(name: str) -> str:
    """A schema label, backtick-quoted; SchemaError if the schema lacks it.

    >>> quote_label("Enterprise")
    '`Enterprise`'
    """
    return _quote(SCHEMA.label(name).name)


def quote_rel_type(name: str) -> str:
    """A schema relationship type, backtick-quoted; SchemaError if unknown."""
    return _quote(SCHEMA.rel(name).name)


def key_label(label: str) -> str:
    """The label the id constraint is on: the root of ``label``'s hierarchy.

    >>> key_label("SecondaryVocationalSchool"), key_label("Person")
    ('Organization', 'Person')
    """
    lab = SCHEMA.label(label)
    roots = [name for name in lab.labels if not SCHEMA.labels[name].parents]
    return roots[0]


def key_labels() -> tuple[str, ...]:
    """Every key label, checked so that one id prefix never spans two of them.

    Two key labels sharing an id prefix could hold the same id twice without
    any constraint noticing; the schema must not allow it.
    """
    owner: dict[str, str] = {}
    for name, lab in SCHEMA.labels.items():
        root = key_label(name)
        if owner.setdefault(lab.id_prefix, root) != root:
            raise SchemaError(
                f"{SCHEMA.path}: labels.{name}.idPrefix: {lab.id_prefix!r} is shared by "
                f"{owner[lab.id_prefix]} and {root}, which have no common parent; "
                "give one of them its own idPrefix"
            )
    return tuple(dict.fromkeys(owner.values()))


def family_of(root: str) -> tuple[str, ...]:
    """All labels (abstract ones too) whose key label is ``root``."""
    return tuple(name for name in SCHEMA.labels if key_label(name) == root)


def constraint_queries() -> list[str]:
    """One ``CREATE CONSTRAINT … IF NOT EXISTS`` per key label: ids are unique.

    >>> print(constraint_queries()[0])  # doctest: +NORMALIZE_WHITESPACE
    CREATE CONSTRAINT `iekg_Organization_id` IF NOT EXISTS
    FOR (n:`Organization`) REQUIRE n.id IS UNIQUE
    """
    return [
        f"CREATE CONSTRAINT {_quote(f'{CONSTRAINT_PREFIX}_{root}_id')} IF NOT EXISTS "
        f"FOR (n:{quote_label(root)}) REQUIRE n.id IS UNIQUE"
        for root in key_labels()
    ]


def index_queries() -> list[str]:
    """A name index on every label, so ``MATCH (e:Enterprise {name: $n})`` is fast."""
    return [
        f"CREATE INDEX {_quote(f'{CONSTRAINT_PREFIX}_{name}_name')} IF NOT EXISTS "
        f"FOR (n:{quote_label(name)}) ON (n.name)"
        for name in SCHEMA.labels
    ]


def schema_queries() -> list[str]:
    """Constraints first (MERGE relies on them), then indexes."""
    return [*constraint_queries(), *index_queries()]


def schema_name(query: str) -> str:
    """The constraint or index name a :func:`schema_queries` text creates.

    >>> schema_name(constraint_queries()[0])
    'iekg_Organization_id'
    """
    return query.split("`")[1]


def _concrete_for(labels: Iterable[str]) -> str:
    wanted = set(labels)
    for name in wanted:
        SCHEMA.label(name)
    for name in SCHEMA.concrete_labels:
        if set(SCHEMA.labels[name].labels) == wanted:
            return name
    raise SchemaError(
        f"labels {', '.join(sorted(wanted))} are not one kind's label set; a node carries "
        "its own label and all its parents, e.g. Organization, School, SecondaryVocationalSchool"
    )


def merge_nodes_query(labels: Iterable[str]) -> str:
    """UNWIND-MERGE nodes of one kind; ``$rows`` are property maps with ``id``.

    ``labels`` is the kind's full label set (its label and every parent).
    ``SET n = row`` makes the stored properties exactly the row's, and labels
    of sibling kinds are removed, so writing the same graph twice, or a graph
    where a node changed kind, leaves exactly that graph.
    """
    concrete = _concrete_for(labels)
    root = key_label(concrete)
    own = [name for name in SCHEMA.labels[concrete].labels if name != root]
    others = [name for name in family_of(root) if name not in own and name != root]
    lines = [
        KEEP_PLAN,
        "UNWIND $rows AS row",
        f"MERGE (n:{quote_label(root)} {{id: row.id}})",
        "SET n = row",
    ]
    if own:
        lines.append("SET n:" + ":".join(quote_label(name) for name in own))
    if others:
        lines.append("REMOVE n:" + ":".join(quote_label(name) for name in others))
    lines.append("RETURN count(n) AS written")
    return "\n".join(lines)


def merge_edges_query(rel_type: str, source: str, target: str) -> str:
    """UNWIND-MERGE relationships of one type between two id families.

    ``$rows`` hold ``source`` and ``target`` ids and ``props``. Endpoints are
    matched on their key labels (the id constraint's index); ``written`` tells
    how many rows found both ends.

    >>> print(merge_edges_query("MEMBER_OF", "Enterprise", "Alliance"))
    CYPHER replan=skip
    UNWIND $rows AS row
    MATCH (a:`Organization` {id: row.source})
    MATCH (b:`Organization` {id: row.target})
    MERGE (a)-[r:`MEMBER_OF`]->(b)
    SET r = row.props
    RETURN count(r) AS written
    """
    return "\n".join(
        [
            KEEP_PLAN,
            "UNWIND $rows AS row",
            f"MATCH (a:{quote_label(key_label(source))} {{id: row.source}})",
            f"MATCH (b:{quote_label(key_label(target))} {{id: row.target}})",
            f"MERGE (a)-[r:{quote_rel_type(rel_type)}]->(b)",
            "SET r = row.props",
            "RETURN count(r) AS written",
        ]
    )


def delete_nodes_query(label: str) -> str:
    """DETACH DELETE the nodes of ``label``'s id family whose ids are in ``$ids``.

    For nodes a merge folded into another: MERGE never removes anything, so
    without this the folded node would stay in Neo4j beside the one it became.

    >>> print(delete_nodes_query("Person"))
    MATCH (n:`Person`) WHERE n.id IN $ids DETACH DELETE n
    """
    return f"MATCH (n:{quote_label(key_label(label))}) WHERE n.id IN $ids DETACH DELETE n"


def delete_relationships_query(label: str) -> str:
    """Delete the relationships of types in ``$types`` touching nodes with ids in ``$ids``.

    Run before a node's relationships are written again, so that it ends with
    exactly those (an undone merge takes back what the merge moved onto it).
    Relationships of other types (an analyst's own) are left alone.

    >>> print(delete_relationships_query("SecondaryVocationalSchool"))
    MATCH (n:`Organization`)-[r]-() WHERE n.id IN $ids AND type(r) IN $types
    WITH DISTINCT r DELETE r
    """
    return (
        f"MATCH (n:{quote_label(key_label(label))})-[r]-() WHERE n.id IN $ids "
        "AND type(r) IN $types\nWITH DISTINCT r DELETE r"
    )


def read_nodes_query() -> str:
    """Every node carrying a key label in ``$keys``, with labels and properties."""
    return (
        "MATCH (n) WHERE any(l IN labels(n) WHERE l IN $keys) "
        "RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id"
    )


def read_edges_query() -> str:
    """Every relationship of a type in ``$types`` between such nodes, in id order.

    Names travel as parameters here (compared, never interpolated), so one
    query reads every type.
    """
    return (
        "MATCH (a)-[r]->(b) WHERE type(r) IN $types "
        "AND any(l IN labels(a) WHERE l IN $keys) AND any(l IN labels(b) WHERE l IN $keys) "
        "RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props "
        "ORDER BY source, target, type"
    )


def existing_schema_queries() -> tuple[str, str]:
    """Names of the constraints, and of the indexes, that already exist (SHOW has no UNION)."""
    return (
        "SHOW CONSTRAINTS YIELD name RETURN name",
        "SHOW INDEXES YIELD name RETURN name",
    )
