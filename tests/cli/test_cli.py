"""The `iekg` command as an analyst uses it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from iekg.cli import cli


def run(*args: str, store: Path) -> str:
    result = CliRunner().invoke(cli, [*args, "--store", str(store)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_building_twice_leaves_the_counts_unchanged(tmp_path: Path) -> None:
    first = run("build", store=tmp_path)
    assert "48 nodes (+48), 74 relationships (+74)" in first
    stats = run("stats", store=tmp_path)
    second = run("build", store=tmp_path)
    assert "48 nodes (+0), 74 relationships (+0)" in second
    assert run("stats", store=tmp_path) == stats
    assert stats.splitlines()[0] == f"embedded store {tmp_path}: 48 nodes, 74 relationships"


def test_connections_table_shows_the_shaoxing_pairs_with_their_source(tmp_path: Path) -> None:
    run("build", store=tmp_path)
    lines = run("query", "connections", store=tmp_path).splitlines()
    assert lines[0].split() == [
        "enterprise",
        "school",
        "schoolKind",
        "kinds",
        "depthLevel",
        "depth",
        "via",
        "strength",
        "since",
        "latest",
        "sources",
    ]
    rows = {tuple(line.split()[:2]): line for line in lines[2:]}
    workstation = rows[("绍兴中科通信设备有限公司", "绍兴中专")]
    assert "stated、project、event" in workstation
    assert "绍兴数字工匠“中高政园企”共育联盟成立大会召开" in workstation
    alliance = rows[("浙江时立态合科技有限公司", "浙江工业职业技术学院")]
    assert "alliance、event" in alliance
    assert "绍兴数字工匠“中高政园企”共育联盟成立大会召开" in alliance


def test_chinese_columns_line_up_in_the_terminal(tmp_path: Path) -> None:
    from wcwidth import wcswidth

    run("build", store=tmp_path)
    lines = run("query", "connections", store=tmp_path).splitlines()
    school_column = [
        wcswidth(line[: line.index("  ", len("浙江时立态合科技有限公司"))]) for line in lines[2:]
    ]
    assert len(set(school_column)) == 1


def test_connections_as_csv_and_json_keep_every_column(tmp_path: Path) -> None:
    run("build", store=tmp_path)
    csv_text = run("query", "connections", "--format", "csv", "--kind", "project", store=tmp_path)
    header, row, *rest = csv_text.splitlines()
    assert header == (
        "enterprise,school,schoolKind,kinds,depthLevel,depth,via,strength,since,latest,sources,"
        "enterpriseId,schoolId"
    )
    assert row.startswith("绍兴中科通信设备有限公司,绍兴中专,中职,stated、project、event,")
    assert rest == []
    json_text = run(
        "query", "connections", "--format", "json", "--school", "浙江工业", store=tmp_path
    )
    assert '"school":"浙江工业职业技术学院"' in json_text.replace(" ", "")


def test_viz_writes_an_offline_map(tmp_path: Path) -> None:
    run("build", store=tmp_path)
    out = tmp_path / "map.html"
    message = run("viz", "-o", str(out), store=tmp_path)
    assert message.strip() == f"Map of 12 connected pairs written to {out.resolve()}"
    page = out.read_text(encoding="utf-8")
    block = re.search(r'<script id="iekg-data" type="application/json">(.*?)</script>', page, re.S)
    names = {node["name"] for node in json.loads(block.group(1))["nodes"]}
    assert {"绍兴中科通信设备有限公司", "绍兴中专", "浙江工业职业技术学院"} <= names
    urls = set(re.findall(r"https?://[^\s\"'<>()]+", page))
    assert urls <= {"http://www.w3.org/2000/svg"}


def test_an_unknown_question_lists_the_choices(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["query", "conections", "--store", str(tmp_path)])
    assert result.exit_code == 1
    assert "Error: 'conections' is not a question; choose one of:" in result.output


def _commands(group=cli, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize(
    ("path", "command"),
    list(_commands()),
    ids=lambda p: " ".join(p) if isinstance(p, tuple) else "",
)
def test_every_command_has_help_with_an_example(path, command) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output, f"iekg {' '.join(path)} --help shows no example"


def test_the_installed_command_runs(tmp_path: Path) -> None:
    iekg = Path(sys.executable).with_name("iekg")
    out = subprocess.run(
        [str(iekg), "build", "--store", str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert "48 nodes" in out.stdout


def test_the_installed_command_ends_with_its_whole_answer_and_its_exit_status(
    tmp_path: Path,
) -> None:
    """The command ends without Python's teardown: nothing it wrote may be lost, and
    failure must still read as failure to a script that runs it."""
    iekg = str(Path(sys.executable).with_name("iekg"))
    subprocess.run([iekg, "build", "--store", str(tmp_path)], capture_output=True, check=True)
    answer = subprocess.run(
        [iekg, "query", "connections", "--format", "csv", "--store", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert answer.returncode == 0, answer.stderr
    in_process = run("query", "connections", "--format", "csv", store=tmp_path)
    assert answer.stdout == in_process and len(answer.stdout.splitlines()) > 10
    wrong = subprocess.run(
        [iekg, "query", "no-such-question", "--store", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert wrong.returncode != 0 and "is not a question" in wrong.stderr


def test_ending_at_once_still_runs_the_exit_handlers() -> None:
    """A driver closes, a log flushes: what a program registered for its exit still runs,
    after what it printed, and the exit status is the command's."""
    code = (
        "import atexit\n"
        "from iekg.cli import _end_now\n"
        "atexit.register(lambda: print('handler ran'))\n"
        "print('answer')\n"
        "_end_now(3)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.stdout, done.returncode) == ("answer\nhandler ran\n", 3)
    worded = subprocess.run(
        [sys.executable, "-c", "from iekg.cli import _end_now; _end_now('store is locked')"],
        capture_output=True,
        text=True,
    )
    assert (worded.stderr, worded.returncode) == ("store is locked\n", 1)


READING_COMMANDS = [
    ["query", "connections"],
    ["stats"],
    ["viz", "-o", "{tmp}/map.html"],
    ["chart", "depth", "-o", "{tmp}/depth.png"],
    ["export", "--format", "neo4j-admin", "-o", "{tmp}/import"],
    ["push"],
]


@pytest.mark.parametrize("args", READING_COMMANDS, ids=lambda a: a[0])
def test_reading_a_store_that_was_never_built_says_so(tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "nonexist"
    words = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = CliRunner().invoke(cli, [*words, "--store", str(missing)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: no store at {missing}; run `iekg build … --store {missing}` first "
        "(or give the --store / IEKG_STORE of one that was built)\n"
    )
    assert not missing.exists()


def test_iekg_store_naming_a_file_is_refused_like_store(tmp_path: Path) -> None:
    a_file = tmp_path / "afile"
    a_file.write_text("not a store")
    by_env = CliRunner().invoke(cli, ["stats"], env={"IEKG_STORE": str(a_file)})
    by_option = CliRunner().invoke(cli, ["stats", "--store", str(a_file)])
    assert (by_env.exit_code, by_option.exit_code) == (2, 2)
    assert by_env.output.splitlines()[-1] == (
        f"Error: Invalid value for '--store': IEKG_STORE={a_file} is a file; a store is a folder"
    )
    assert by_option.output.splitlines()[-1] == (
        f"Error: Invalid value for '--store': '{a_file}' is a file; a store is a folder"
    )


def test_build_still_creates_a_new_store_named_by_iekg_store(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    result = CliRunner().invoke(cli, ["build"], env={"IEKG_STORE": str(folder)})
    assert result.exit_code == 0, result.output
    assert (folder / "graph.json").is_file()
    stats = CliRunner().invoke(cli, ["stats"], env={"IEKG_STORE": str(folder)})
    assert stats.output.splitlines()[0] == f"embedded store {folder}: 48 nodes, 74 relationships"
