"""The embedded store: lossless, atomic, versioned."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import graph.embedded_store as embedded
from graph.embedded_store import EmbeddedStore
from graph.errors import StoreError
from graph.knowledge_graph import KnowledgeGraph
from graph.records import EdgeRecord, NodeRecord, NodeRef, Provenance


def _rich_graph() -> KnowledgeGraph:
    """Every kind of value the store must keep: aliases, dates, conflicts, evidence."""
    kg = KnowledgeGraph()
    a, b = (
        Provenance("source-a", path="t/organizations.csv", row=2),
        Provenance("source-b", sentence="“3E”现场工程师学院成立。", start=5, end=19),
    )
    kg.add_node(
        NodeRecord(
            "SecondaryVocationalSchool",
            "绍兴市中等专业学校",
            aliases=("绍兴中专", "绍兴 中专"),
            props={"region": "绍兴市"},
            code="12330600XXXXXXXX",
            provenance=a,
        )
    )
    kg.add_node(
        NodeRecord(
            "Project",
            "“3E”现场工程师学院",
            props={"kind": "现场工程师学院", "since": "2023-11"},
            provenance=b,
        )
    )
    kg.add_node(NodeRecord("Project", "“3E”现场工程师学院", props={"since": "2023"}, provenance=a))
    kg.add_edge(
        EdgeRecord(
            NodeRef("Organization", "绍兴中专"),
            "PARTICIPATES_IN",
            NodeRef("Project", "“3E”现场工程师学院"),
            {"role": "牵头", "since": "2023-11-10", "status": "current"},
            b,
        )
    )
    return kg


def test_save_then_load_is_lossless(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    kg = _rich_graph()
    store.write_graph(kg)
    back = store.read_graph()
    assert back == kg
    school = back.node(back.resolve("绍兴 中专"))
    assert school["aliases"] == ["绍兴中专", "绍兴 中专"]
    assert school["props"] == {"region": "绍兴市", "code": "12330600XXXXXXXX"}
    project = back.node(back.resolve("“3E”现场工程师学院"))
    assert project["conflicts"]["since"] == [
        {"value": "2023-11", "sources": ["source-b"]},
        {"value": "2023", "sources": ["source-a"]},
    ]
    [edge] = back.edges("PARTICIPATES_IN")
    assert edge["props"] == {"role": "牵头", "since": "2023-11-10", "status": "current"}
    assert json.loads(edge["evidence"][0]) == {
        "source": "source-b",
        "sentence": "“3E”现场工程师学院成立。",
        "start": 5,
        "end": 19,
    }


def test_a_save_interrupted_by_an_error_leaves_the_old_store_readable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = EmbeddedStore(tmp_path / "store")
    old = _rich_graph()
    store.write_graph(old)
    before = store.file.read_bytes()

    lines = iter([b"header\n", b'{"id": "half'])

    def write_half_then_fail(item: dict) -> bytes:
        line = next(lines, None)
        if line is None:
            raise KeyboardInterrupt("power cut")
        return line

    monkeypatch.setattr(embedded, "_line", write_half_then_fail)
    bigger = _rich_graph()
    bigger.add_node(NodeRecord("Person", "新来的人"))
    with pytest.raises(KeyboardInterrupt):
        store.write_graph(bigger)
    monkeypatch.undo()
    assert store.file.read_bytes() == before
    assert store.read_graph() == old
    assert [p.name for p in store.folder.iterdir()] == ["graph.json"]  # no temp file left


def test_an_empty_store_reads_as_an_empty_graph(tmp_path: Path) -> None:
    assert len(EmbeddedStore(tmp_path / "nothing").read_graph()) == 0


def test_a_store_of_another_version_says_what_to_do(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    store.file.write_text(json.dumps({"format": "iekg-graph", "version": 99}), encoding="utf-8")
    with pytest.raises(
        StoreError,
        match="store format version 99, this iekg reads versions 1 and 2; "
        "rebuild it with `iekg build`",
    ):
        store.read_graph()


def test_a_corrupt_store_is_reported_with_its_path(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    store.file.write_text('{"format": "iekg-gr', encoding="utf-8")
    with pytest.raises(StoreError, match=f"^{store.file}: cannot be read"):
        store.read_graph()


def test_a_store_holds_a_header_then_one_line_per_node_and_relationship(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    kg = _rich_graph()
    store.write_graph(kg)
    header, *items = store.file.read_text(encoding="utf-8").splitlines()
    assert json.loads(header) == {
        "format": "iekg-graph",
        "version": 2,
        "schemaVersion": embedded.SCHEMA.version,
        "nodes": 2,
        "relationships": 1,
    }
    assert [json.loads(line) for line in items] == [*kg.to_dict()["nodes"], *kg.to_dict()["edges"]]


def test_a_store_saved_as_one_document_by_version_1_still_reads(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    kg = _rich_graph()
    old = {"format": "iekg-graph", "version": 1, "schemaVersion": 1, "graph": kg.to_dict()}
    store.file.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    assert store.read_graph() == kg


@pytest.mark.parametrize("cut", [-1, -2])
def test_a_store_missing_its_last_lines_is_refused(tmp_path: Path, cut: int) -> None:
    store = EmbeddedStore(tmp_path)
    store.write_graph(_rich_graph())
    lines = store.file.read_text(encoding="utf-8").splitlines(keepends=True)
    store.file.write_text("".join(lines[:cut]), encoding="utf-8")
    with pytest.raises(StoreError, match="cut short or added to .* 2 nodes and 1 relationships"):
        store.read_graph()


def test_a_store_with_lines_after_the_announced_ones_is_refused(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    store.write_graph(_rich_graph())
    with store.file.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "stray"}\n')
    with pytest.raises(StoreError, match="cut short or added to"):
        store.read_graph()


def test_a_store_of_an_older_schema_version_is_read_but_not_added_to(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    kg = _rich_graph()
    store.write_graph(kg)
    header, rest = store.file.read_bytes().split(b"\n", 1)
    old = json.loads(header) | {"schemaVersion": embedded.SCHEMA.version - 1}
    store.file.write_bytes(json.dumps(old).encode() + b"\n" + rest)
    before = store.file.read_bytes()
    assert store.read_graph() == kg
    with pytest.raises(StoreError) as raised:
        store.write_graph(kg)
    assert str(raised.value) == (
        f"{store.file}: built under schema version {embedded.SCHEMA.version - 1}, and this "
        "iekg identifies events, people and sources differently (schema version "
        f"{embedded.SCHEMA.version}); adding to it would put the same facts beside their old "
        "nodes. Nothing was written: build it again into a new folder (or delete this one) "
        "with `iekg build` and the same files"
    )
    assert store.file.read_bytes() == before
