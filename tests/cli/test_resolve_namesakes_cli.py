"""iekg resolve proposes namesake events and people that may be one, and a merge survives builds.

Events are told apart by date and place, people by organisation, so the
Shaoxing sample and its seed article give two 数字工匠共育项目签约仪式: the
sample's, dated 2023-11-10 at 绍兴中专, and the article's, with neither.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from conftest import iekg_ok as ok
from graph.embedded_store import EmbeddedStore
from iekg.cli import cli
from loaders import SAMPLE_PATH
from loaders.judgements import LOG_NAME

SEED = sorted((SAMPLE_PATH.parent.parent / "seeds").glob("*.txt"))
CEREMONY = "数字工匠共育项目签约仪式"


def _people(folder: Path) -> Path:
    """Two unrelated 张伟, and 王苗庆 placed at a company, leading the sample's 工作站."""
    folder.mkdir()
    (folder / "organizations.csv").write_text(
        "name,kind\n杭州甲科技有限公司,企业\n宁波乙职业技术学院,高校\n", "utf-8"
    )
    (folder / "people.csv").write_text(
        "name,organization,title\n张伟,杭州甲科技有限公司,总经理\n张伟,宁波乙职业技术学院,副院长\n"
        "王苗庆,绍兴中科通信设备有限公司,首席专家\n",
        "utf-8",
    )
    (folder / "relationships.csv").write_text(
        "from,type,to\n王苗庆,LEADS,王苗庆创新工作站\n", "utf-8"
    )
    return folder


def _named(store: Path, name: str) -> list[dict[str, Any]]:
    return [n for n in EmbeddedStore(store).read_graph().nodes() if n["name"] == name]


def _proposals(output: str) -> dict[str, str]:
    """Proposal id -> its row, from the proposals table."""
    return {line.split()[0]: line for line in output.splitlines()[2:]}


def test_namesakes_that_may_be_one_are_proposed_merged_and_kept_one(tmp_path: Path) -> None:
    files = [str(SAMPLE_PATH), *map(str, SEED), str(_people(tmp_path / "people"))]
    store = ["--store", str(tmp_path / "st")]
    ok("build", *files, *store)
    assert len(_named(tmp_path / "st", CEREMONY)) == 2
    rows = _proposals(ok("resolve", *store))
    ceremony = next(pid for pid, row in rows.items() if CEREMONY in row)
    row = rows[ceremony]
    assert f"{CEREMONY} (2023-11-10, 绍兴中专)" in row  # kept
    assert f"{CEREMONY} (no date or place)" in row  # merged into it
    assert "same event name, one with no date or place; both linked to 王苗庆创新工作站" in row
    assert row.split()[-1] == "0.7"
    person = next(pid for pid, row in rows.items() if "王苗庆 (at" in row)
    assert "王苗庆 (no organisation)" in rows[person]
    assert not any("张伟" in row for row in rows.values())  # two people, nothing in common

    assert ok("resolve", "--accept", ceremony, *store) == (
        f"j1: {CEREMONY} (no date or place) merged into {CEREMONY} (2023-11-10, 绍兴中专).\n"
    )
    ok("resolve", "--accept", person, *store)
    [event] = _named(tmp_path / "st", CEREMONY)
    assert len(event["sources"]) == 2  # the sample's and the article's
    assert event["props"] == {"kind": "签约仪式", "date": "2023-11-10", "place": "绍兴中专"}
    assert len(_named(tmp_path / "st", "王苗庆")) == 1
    assert "No likely duplicates." in ok("resolve", *store)

    # the same files again: the merges are replayed, nothing is added
    out = ok("build", *files, *store)
    assert all("(+0)" in line for line in out.splitlines()[:3]), out
    assert len(_named(tmp_path / "st", CEREMONY)) == 1
    assert len(_named(tmp_path / "st", "王苗庆")) == 1
    assert len(_named(tmp_path / "st", "张伟")) == 2

    # a fresh store with the same judgements: the same graph
    shutil.copy(tmp_path / "st" / LOG_NAME, tmp_path / "fresh.jsonl")
    (tmp_path / "fresh").mkdir()
    shutil.copy(tmp_path / "fresh.jsonl", tmp_path / "fresh" / LOG_NAME)
    ok("build", *files, "--store", str(tmp_path / "fresh"))
    assert _ids(tmp_path / "fresh") == _ids(tmp_path / "st")
    assert len(_named(tmp_path / "fresh", CEREMONY)) == 1


def _ids(store: Path) -> set[str]:
    return {n["id"] for n in EmbeddedStore(store).read_graph().nodes()}


def test_a_merge_of_a_dated_and_a_placed_event_is_rebuilt_on_the_kept_node(
    tmp_path: Path,
) -> None:
    """The merge joins one side's date to the other's place; a build from scratch with the
    same judgements lands both on the kept node's own id, not on a third one."""
    files = []
    for name, row in (
        ("e1", "校企签约仪式,签约仪式,2023-11-10,"),
        ("e2", "校企签约仪式,签约仪式,,绍兴中专"),
    ):
        (tmp_path / name).mkdir()
        (tmp_path / name / "events.csv").write_text(f"name,kind,date,place\n{row}\n", "utf-8")
        files.append(str(tmp_path / name))
    store = ["--store", str(tmp_path / "st")]
    ok("build", *files, *store)
    [proposal] = _proposals(ok("resolve", *store))
    ok("resolve", "--accept", proposal, *store)
    [kept] = _named(tmp_path / "st", "校企签约仪式")
    (tmp_path / "fresh").mkdir()
    shutil.copy(tmp_path / "st" / LOG_NAME, tmp_path / "fresh" / LOG_NAME)
    ok("build", *files, "--store", str(tmp_path / "fresh"))
    assert [n["id"] for n in _named(tmp_path / "fresh", "校企签约仪式")] == [kept["id"]]
    out = ok("build", *files, *store)  # and again into the store the merge was made in
    assert all("(+0)" in line for line in out.splitlines()[:2]), out


def test_an_undone_namesake_merge_is_no_longer_replayed(tmp_path: Path) -> None:
    files = [str(SAMPLE_PATH), *map(str, SEED)]
    store = ["--store", str(tmp_path / "st")]
    ok("build", *files, *store)
    [ceremony] = _proposals(ok("resolve", *store))
    ok("resolve", "--accept", ceremony, *store)
    assert ok("resolve", "--undo", "j1", *store).startswith("j2: j1 undone; the store has both")
    assert len(_named(tmp_path / "st", CEREMONY)) == 2
    ok("build", *files, *store)
    assert len(_named(tmp_path / "st", CEREMONY)) == 2
    assert list(_proposals(ok("resolve", *store))) == [ceremony]


def test_a_name_two_namesakes_share_is_refused_with_their_ids(tmp_path: Path) -> None:
    files = [str(SAMPLE_PATH), *map(str, SEED)]
    store = ["--store", str(tmp_path)]
    ok("build", *files, *store)
    refused = CliRunner().invoke(cli, ["resolve", "--merge", CEREMONY, "--into", CEREMONY, *store])
    assert refused.exit_code == 1
    events = {str(n["id"]): n for n in _named(tmp_path, CEREMONY)}
    [dated] = [i for i, n in events.items() if n["props"].get("date")]
    [undated] = set(events) - {dated}
    told = {dated: "(2023-11-10, 绍兴中专)", undated: "(no date or place)"}
    listed = "; ".join(f"{i} {CEREMONY} {told[i]}" for i in sorted(told))
    assert refused.output == (
        f"Error: 2 nodes are called {CEREMONY!r}: {listed} (give the id of each instead of the "
        "name, or accept a proposal of iekg resolve)\n"
    )
    assert not (tmp_path / LOG_NAME).exists()
    assert ok("resolve", "--merge", undated, "--into", dated, *store) == (
        f"j1: {CEREMONY} (no date or place) merged into {CEREMONY} (2023-11-10, 绍兴中专).\n"
    )
    out = ok("build", *files, *store)
    assert all("(+0)" in line for line in out.splitlines()[:2]), out
