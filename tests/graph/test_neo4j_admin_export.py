"""``iekg export --format neo4j-admin`` files load with the real importer.

The Shaoxing sample is exported, imported with ``neo4j-admin database import
full`` from the managed server's jars into a fresh state folder, served, and
read back: the database must hold the same graph ``iekg push`` would write.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.errors import StoreError
from graph.knowledge_graph import KnowledgeGraph
from graph.neo4j_admin_export import ARGS_FILE, AdminExport, export_neo4j_admin, import_into
from graph.neo4j_server import start, stop
from graph.neo4j_store import Neo4jStore
from graph.records import NodeRecord


def test_files_name_kinds_types_and_id_spaces(shaoxing: KnowledgeGraph, tmp_path: Path) -> None:
    export = export_neo4j_admin(shaoxing, tmp_path)
    with (tmp_path / "nodes-Enterprise.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[:2] == ["id:ID(Organization)", ":LABEL"]
    assert "aliases:string[]" in header and "evidence:string[]" in header
    with (tmp_path / "relationships-WORKS_AT-Person-Organization.csv").open(encoding="utf-8") as f:
        rel_header = next(csv.reader(f))
    assert rel_header[:3] == [":START_ID(Person)", ":END_ID(Organization)", ":TYPE"]
    args = (tmp_path / ARGS_FILE).read_text(encoding="utf-8").splitlines()
    assert args == export.arguments()
    assert export.command() == "neo4j-admin database import full neo4j @import.args"
    assert "CREATE CONSTRAINT `iekg_Organization_id` IF NOT EXISTS" in (
        tmp_path / "schema.cypher"
    ).read_text(encoding="utf-8")


def test_a_column_with_two_types_is_refused(tmp_path: Path) -> None:
    kg = KnowledgeGraph()
    kg.add_node(NodeRecord("Source", "甲", props={"tier": 1}))
    kg.add_node(NodeRecord("Source", "乙", props={"tier": 2}))
    node = next(n for n in kg.nodes("Source") if n["name"] == "乙")
    kg.graph.nodes[node["id"]]["props"]["tier"] = "二"
    with pytest.raises(StoreError, match=r"^Source\.tier: values of types long, string;"):
        export_neo4j_admin(kg, tmp_path)


@pytest.mark.neo4j
def test_imported_database_reads_back_as_the_same_graph(
    shaoxing: KnowledgeGraph, tmp_path: Path
) -> None:
    export = export_neo4j_admin(shaoxing, tmp_path / "export")
    state = tmp_path / "state"
    report = import_into(export, state)
    expected = (len(shaoxing), shaoxing.graph.number_of_edges())
    assert (report.nodes, report.relationships) == expected
    assert (export.nodes, export.relationships) == expected
    info = start(state, auth=False)
    try:
        with Neo4jStore(info.uri, password=None) as store:
            assert store.counts() == expected
            assert store.read_graph() == shaoxing
            store.ensure_schema()
            assert "iekg_Organization_id" in store.constraints()
            before = store.counts()
            store.push(shaoxing)  # merging the same graph onto the import changes nothing
            assert store.counts() == before
    finally:
        stop(state)


def test_import_refuses_a_state_folder_that_already_has_the_database(
    shaoxing: KnowledgeGraph, tmp_path: Path
) -> None:
    export = export_neo4j_admin(shaoxing, tmp_path / "export")
    (tmp_path / "state" / "data" / "databases" / "neo4j").mkdir(parents=True)
    with pytest.raises(StoreError, match="already holds database 'neo4j'"):
        import_into(export, tmp_path / "state")


def test_a_line_longer_than_the_importer_buffer_raises_it(tmp_path: Path) -> None:
    # An industry cited by every row of a 100,000-row sheet is one 5 MB line;
    # the importer's default 4 MiB chunk could not hold it.
    export = AdminExport(tmp_path, ("nodes-Industry.csv",), (), 1, 0, (), 5_000_000)
    assert "--read-buffer-size=16777216" in export.arguments()
    assert not any(a.startswith("--read-buffer-size") for a in export.arguments()[:2])
    small = AdminExport(tmp_path, ("nodes-Industry.csv",), (), 1, 0, (), 1_000)
    assert not any(a.startswith("--read-buffer-size") for a in small.arguments())
