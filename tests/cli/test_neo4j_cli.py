"""`iekg neo4j`, `push`, `pull`, `cypher` and `build --neo4j` as an analyst uses them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graph.embedded_store import EmbeddedStore
from graph.knowledge_graph import KnowledgeGraph
from graph.neo4j_settings import ConnectionSettings
from graph.neo4j_store import Neo4jStore
from iekg.cli import cli

pytestmark = pytest.mark.neo4j

PAIRS_QUERY = "MATCH (e:Enterprise)-[]-(x)-[]-(s:School) RETURN DISTINCT e.name, s.name"


@pytest.fixture
def env(neo4j_store: Neo4jStore, neo4j_in_env: ConnectionSettings) -> ConnectionSettings:
    """The test server (emptied) in the NEO4J_* variables, as an analyst would set them."""
    return neo4j_in_env


def iekg(*args: str, code: int = 0, stdin: str | None = None) -> Result:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    assert result.exit_code == code, result.output
    return result


def test_push_then_pull_gives_back_the_same_graph(env: ConnectionSettings, tmp_path: Path) -> None:
    iekg("build", "--store", str(tmp_path / "a"))
    pushed = iekg("push", "--store", str(tmp_path / "a"))
    assert re.fullmatch(
        rf"Pushed 48 nodes and 74 relationships from embedded store {tmp_path / 'a'} to "
        rf"Neo4j {env.uri} database neo4j \(\d+ transactions, \d+\.\d s\)\.\n",
        pushed.stdout,
    )
    pulled = iekg("pull", "--store", str(tmp_path / "b"))
    assert pulled.stdout == (
        f"Pulled 48 nodes and 74 relationships from Neo4j {env.uri} database neo4j "
        f"into embedded store {tmp_path / 'b'}.\n"
    )
    assert EmbeddedStore(tmp_path / "b").read_graph() == EmbeddedStore(tmp_path / "a").read_graph()


def test_pushing_an_empty_store_says_what_to_do(env: ConnectionSettings, tmp_path: Path) -> None:
    never_built = iekg("push", "--store", str(tmp_path / "none"), code=1)
    assert never_built.stderr.startswith(f"Error: no store at {tmp_path / 'none'}; run `iekg build")
    EmbeddedStore(tmp_path / "empty").write_graph(KnowledgeGraph())
    result = iekg("push", "--store", str(tmp_path / "empty"), code=1)
    assert result.stderr == (
        f"Error: embedded store {tmp_path / 'empty'} is empty; load something first with "
        "`iekg build`\n"
    )


def test_build_straight_into_neo4j(env: ConnectionSettings, neo4j_store: Neo4jStore) -> None:
    result = iekg("build", "--neo4j")
    assert result.stdout.endswith(f"Stored in Neo4j {env.uri} database neo4j.\n")
    assert neo4j_store.counts() == (48, 74)


def test_cypher_prints_an_aligned_table(env: ConnectionSettings) -> None:
    iekg("build", "--neo4j")
    result = iekg(
        "cypher",
        "MATCH (p:Person)-[w:WORKS_AT]->(s:School {name: $school}) "
        "RETURN p.name AS 姓名, w.title AS 职务 ORDER BY 姓名",
        "-p",
        "school=绍兴中专",
    )
    # Two columns per Chinese character: the titles line up under 职务.
    assert result.stdout.splitlines() == [
        "姓名    职务                      ",
        "──────  ──────────────────────────",
        "周劲松  党委副书记、校长          ",
        "於芳    党委书记                  ",
        "汪江峰  党委委员、纪委书记、副校长",
    ]


def test_cypher_writes_csv_and_json(env: ConnectionSettings) -> None:
    iekg("build", "--neo4j")
    query = "MATCH (r:Region) RETURN r.name AS name, r.level AS level ORDER BY r.name"
    csv = iekg("cypher", query, "--format", "csv").stdout
    assert csv.splitlines() == [
        "name,level",
        "浙江省,province",
        "绍兴市,city",
        "绍兴滨海新区,district",
    ]
    rows = json.loads(iekg("cypher", query, "--format", "json").stdout)
    assert rows[0] == {"name": "浙江省", "level": "province"}


def test_cypher_reads_a_long_query_from_stdin(env: ConnectionSettings) -> None:
    iekg("build", "--neo4j")
    query = "// regions by level\nMATCH (r:Region)\nRETURN r.level AS level\nORDER BY level\n"
    result = iekg("cypher", "-", "--format", "csv", stdin=query)
    assert result.stdout.splitlines() == ["level", "city", "district", "province"]


def test_cypher_refuses_a_write_and_says_how_to_allow_it(
    env: ConnectionSettings, neo4j_store: Neo4jStore
) -> None:
    result = iekg("cypher", "CREATE (e:Enterprise {name: '测试公司'})", code=1)
    assert result.stderr == (
        "Error: refused: this query writes data, and queries are read-only unless you ask to "
        "write (iekg cypher --write, or write=True); nothing was run\n"
    )
    assert neo4j_store.counts() == (0, 0)
    allowed = iekg("cypher", "CREATE (e:Enterprise {name: '测试公司'})", "--write")
    assert allowed.stderr == "Changed: nodes created 1, properties set 1, labels added 1\n"
    assert allowed.stdout == "(no rows)\n"
    assert neo4j_store.counts() == (1, 0)


def test_cypher_shows_the_servers_message_not_a_traceback(env: ConnectionSettings) -> None:
    result = iekg("cypher", "MATCH (n:Enterprise) RETURN n.nmae +", code=1)
    assert result.stderr.startswith("Error: Neo4j could not run the query: Invalid input ''")
    assert result.stderr.endswith(
        '(line 1, column 37 (offset: 36))\n"MATCH (n:Enterprise) RETURN n.nmae +"\n'
        + " " * 37
        + "^\n"
    )
    assert "Traceback" not in result.output


def test_a_bad_param_says_how_to_write_it(env: ConnectionSettings) -> None:
    result = iekg("cypher", "RETURN $x", "-p", "x", code=1)
    assert result.stderr == "Error: --param 'x': write it as name=value and use it as $name\n"


def test_status_without_a_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IEKG_NEO4J_STATE", str(tmp_path))
    result = iekg("neo4j", "status", code=1)
    assert result.stdout == (
        f"No managed Neo4j server is running (state folder {tmp_path}). "
        "Start one with: iekg neo4j start\n"
    )
    assert iekg("neo4j", "stop").stdout == "No managed Neo4j server was running.\n"


def test_start_push_cypher_lists_the_pairs_connections_lists(tmp_path: Path) -> None:
    """The issue's end-to-end run, with the installed command and its own managed server."""
    bin_dir = Path(sys.executable).parent
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    environ.update(IEKG_NEO4J_STATE=str(tmp_path / "state"), IEKG_STORE=str(tmp_path / "store"))

    def run(*args: str) -> str:
        done = subprocess.run(
            [str(bin_dir / "iekg"), *args], env=environ, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("build")
    try:
        started = run("neo4j", "start")
        password_file = tmp_path / "state" / "password"
        assert f"the password is in {password_file.resolve()} (only you can read it)" in started
        assert password_file.read_text().strip() not in started
        assert (password_file.stat().st_mode & 0o077) == 0
        run("push")
        pairs = json.loads(run("cypher", PAIRS_QUERY, "--format", "json"))
        connections = json.loads(run("query", "connections", "--format", "json"))
    finally:
        run("neo4j", "stop")
    found = {(row["e.name"], row["s.name"]) for row in pairs}
    assert found == {(row["enterprise"], row["school"]) for row in connections}
    assert ("绍兴中科通信设备有限公司", "绍兴中专") in found and len(found) == 12
