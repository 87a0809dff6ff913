"""The Cypher builders: names only from the schema, values only as parameters."""

from __future__ import annotations

import pytest

from graph import cypher
from graph.errors import SchemaError
from graph.schema import SCHEMA


def test_constraints_are_on_key_labels_only() -> None:
    # One constraint per id family: a node always carries its key label, so
    # a constraint on each subtype would only duplicate the index.
    roots = [name for name, lab in SCHEMA.labels.items() if not lab.parents]
    assert cypher.key_labels() == tuple(roots)
    assert cypher.constraint_queries() == [
        f"CREATE CONSTRAINT `iekg_{root}_id` IF NOT EXISTS FOR (n:`{root}`) REQUIRE n.id IS UNIQUE"
        for root in roots
    ]


def test_every_label_gets_a_name_index() -> None:
    queries = cypher.index_queries()
    assert len(queries) == len(SCHEMA.labels)
    assert (
        "CREATE INDEX `iekg_Enterprise_name` IF NOT EXISTS FOR (n:`Enterprise`) ON (n.name)"
        in queries
    )


def test_node_merge_sets_super_labels_and_drops_sibling_kinds() -> None:
    query = cypher.merge_nodes_query(("Organization", "School", "SecondaryVocationalSchool"))
    lines = query.splitlines()
    assert lines[:5] == [
        "CYPHER replan=skip",
        "UNWIND $rows AS row",
        "MERGE (n:`Organization` {id: row.id})",
        "SET n = row",
        "SET n:`School`:`SecondaryVocationalSchool`",
    ]
    assert lines[5].startswith("REMOVE n:`HigherEducationInstitution`:")
    assert "`School`" not in lines[5] and "`Organization`" not in lines[5]


def test_node_merge_for_a_label_without_parents() -> None:
    assert cypher.merge_nodes_query(("Person",)) == (
        "CYPHER replan=skip\nUNWIND $rows AS row\nMERGE (n:`Person` {id: row.id})\nSET n = row\n"
        "RETURN count(n) AS written"
    )


@pytest.mark.parametrize(
    "labels",
    [
        ("Enterprise`) DETACH DELETE n //",),
        ("Organization", "Spy"),
    ],
)
def test_unknown_labels_are_refused(labels: tuple[str, ...]) -> None:
    with pytest.raises(SchemaError, match="unknown label"):
        cypher.merge_nodes_query(labels)


def test_an_incomplete_label_set_is_refused() -> None:
    with pytest.raises(SchemaError, match="not one kind's label set"):
        cypher.merge_nodes_query(("SecondaryVocationalSchool",))


def test_unknown_relationship_type_is_refused() -> None:
    with pytest.raises(SchemaError, match="unknown relationship type 'OWNS'"):
        cypher.merge_edges_query("OWNS", "Enterprise", "School")


def test_builders_never_hold_values() -> None:
    # Every value is a $parameter: no quote character appears in any query text.
    texts = [
        *cypher.schema_queries(),
        *(cypher.merge_nodes_query(SCHEMA.labels[n].labels) for n in SCHEMA.concrete_labels),
        *(cypher.merge_edges_query(t, "Person", "Organization") for t in SCHEMA.relationships),
        cypher.read_nodes_query(),
        cypher.read_edges_query(),
    ]
    assert not [t for t in texts if "'" in t or '"' in t]
