"""Every file of the bad-input corpus gets exactly the answer its manifest gives.

A refused file yields one clear message naming the file, the row or line and
the field, exit code 1, no traceback, and leaves the store byte-for-byte as it
was (on Neo4j: the same graph, count for count). An accepted file is stored
as written, hostile text included.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graph.embedded_store import EmbeddedStore
from graph.knowledge_graph import KnowledgeGraph
from graph.neo4j_settings import ConnectionSettings
from graph.neo4j_store import Neo4jStore
from iekg.cli import cli
from loaders import SAMPLE_PATH
from loaders.tables import read_table_folder

from .corpus import BAD, CASES, IEKG, case_id, materialise

NEO4J_CASES = [c for c in CASES if c.get("neo4j")]


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the Shaoxing sample, copied for each case."""
    store = tmp_path_factory.mktemp("sample") / "store"
    result = CliRunner().invoke(cli, ["build", "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the store folder (a leftover temporary file would show too)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def run_build(case: dict[str, Any], cwd: Path, store: Path, *extra: str) -> tuple[int, str]:
    """``iekg build FILE ARGS --store STORE`` as the manifest says to run it."""
    args = ["build", case["file"], *case.get("args", []), "--store", str(store), *extra]
    if case.get("via") == "subprocess":
        done = subprocess.run(
            [IEKG, *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
        )
        return done.returncode, done.stdout + done.stderr
    result = CliRunner().invoke(cli, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback the analyst would have seen
    return result.exit_code, result.output


def check_names(kg: KnowledgeGraph, case: dict[str, Any]) -> None:
    stored = {(n["label"], n["name"]) for n in kg.nodes()}
    for want in case["names"]:
        if "name_length" in want:
            assert any(
                label == want["label"] and len(name) == want["name_length"]
                for label, name in stored
            ), want
        else:
            assert (want["label"], want["name"]) in stored, want
    written = {n["name"] for n in kg.nodes()} | {a for n in kg.nodes() for a in n["aliases"]}
    for name in case.get("absent", []):
        assert name not in written


def test_the_corpus_is_big_enough_and_every_file_has_an_answer() -> None:
    files = {p.relative_to(BAD) for p in BAD.rglob("*") if p.is_file()}
    named = {Path(c["file"]) for c in CASES} | {
        Path(a) for c in CASES for a in c.get("args", []) if "/" in a
    }
    covered = {f for f in files if any(f == n or n in f.parents for n in named)}
    helpers = {Path("manifest.yaml"), Path("make_corpus.py")}
    assert files - covered - helpers == set()
    assert len(files - helpers) + sum(1 for c in CASES if c.get("generated")) >= 50
    assert len(CASES) >= 50
    for case in CASES:
        assert case["outcome"] in ("refused", "stored"), case["file"]
        assert case["tries"] and case["output"], case["file"]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_each_bad_input_gets_the_answer_in_the_manifest(
    case: dict[str, Any], sample_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    before = snapshot(store)
    cwd = materialise(case, tmp_path / "corpus")
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("IEKG_STORE", str(tmp_path / "unused"))
    code, output = run_build(case, cwd, store)
    assert "Traceback" not in output
    assert output == case["output"].replace("{store}", str(store))
    if case["outcome"] == "refused":
        assert code == case.get("exit", 1)  # 2: a bad option, refused before any file is read
        assert output.splitlines()[-1 if code == 2 else 0].startswith("Error: ")
        assert case["file"] in output or any(a in output for a in case.get("args", []))
        if case["where"]:
            assert case["where"] in output
        if case["field"]:
            assert case["field"] in output
        assert snapshot(store) == before
    else:
        assert code == 0
        check_names(EmbeddedStore(store).read_graph(), case)


@pytest.fixture
def neo4j_env(
    neo4j_store: Neo4jStore, neo4j_server: ConnectionSettings, monkeypatch: pytest.MonkeyPatch
) -> Neo4jStore:
    """The test server, emptied, holding the sample, named by NEO4J_* variables."""
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_server.user)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_server.database)
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    kg = KnowledgeGraph()
    kg.add(read_table_folder(SAMPLE_PATH).records)
    neo4j_store.push(kg)
    return neo4j_store


@pytest.mark.neo4j
@pytest.mark.parametrize("case", NEO4J_CASES, ids=case_id)
def test_neo4j_is_unchanged_by_a_refusal_and_stores_hostile_text_verbatim(
    case: dict[str, Any],
    neo4j_env: Neo4jStore,
    sample_store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before_counts, before = neo4j_env.counts(), neo4j_env.read_graph()
    cwd = materialise(case, tmp_path / "corpus")
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("IEKG_STORE", str(tmp_path / "unused"))
    code, output = run_build({**case, "via": None}, cwd, tmp_path / "unused", "--neo4j")
    assert "Traceback" not in output
    if case["outcome"] == "refused":
        assert (code, output) == (1, case["output"])
        assert neo4j_env.counts() == before_counts
        assert neo4j_env.read_graph() == before
        return
    assert code == 0, output
    check_names(neo4j_env.read_graph(), case)
    # The same file loaded into the embedded store gives the same graph.
    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    assert run_build({**case, "via": None}, cwd, store)[0] == 0
    assert neo4j_env.read_graph() == EmbeddedStore(store).read_graph()
