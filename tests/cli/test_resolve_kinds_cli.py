"""iekg resolve refuses to merge nodes of different kinds, and build names a bad judgement."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import iekg_ok as ok
from conftest import run_iekg as invoke
from graph.embedded_store import EmbeddedStore
from loaders.judgements import LOG_NAME, JudgementLog
from loaders.node_merge import merge_nodes

HINT = "if one of them is filed under the wrong kind, correct it in its source and run iekg build"


def test_a_school_is_not_merged_into_an_enterprise_nor_a_person_into_a_school(
    tmp_path: Path,
) -> None:
    store = ["--store", str(tmp_path)]
    ok("build", *store)
    stats = ok("stats", *store)
    refused = invoke("resolve", "--merge", "绍兴中专", "--into", "绍兴中科通信设备有限公司", *store)
    assert refused.exit_code == 1
    assert refused.output == (
        "Error: cannot merge 绍兴中专 (中职学校, SecondaryVocationalSchool) into "
        "绍兴中科通信设备有限公司 (企业, Enterprise): only two nodes of one kind can be one "
        f"(two schools, two enterprises, two people …); nothing was changed ({HINT})\n"
    )
    refused = invoke("resolve", "--merge", "王苗庆", "--into", "绍兴中专", *store)
    assert refused.exit_code == 1
    assert refused.output.startswith(
        "Error: cannot merge 王苗庆 (人物, Person) into "
        "绍兴中专 (中职学校, SecondaryVocationalSchool): "
    )
    # nothing was written: no judgement, the same store, and a rebuild still loads
    assert not (tmp_path / LOG_NAME).exists()
    assert ok("stats", *store) == stats
    assert "(+0)" in ok("build", *store)
    people = ok("query", "people", *store)
    officers = [line.split()[:3] for line in people.splitlines()]
    assert ["绍兴中科通信设备有限公司", "企业", "周劲松"] not in officers  # the school's 校长


def test_two_schools_of_different_levels_can_still_be_merged(tmp_path: Path) -> None:
    store = ["--store", str(tmp_path)]
    ok("build", *store)
    assert ok("resolve", "--merge", "绍兴中专", "--into", "浙江工业职业技术学院", *store) == (
        "j1: 绍兴中专 merged into 浙江工业职业技术学院.\n"
    )
    assert "(+0)" in ok("build", *store)


def test_a_merged_unit_and_its_parent_rebuild_without_a_link_to_itself(tmp_path: Path) -> None:
    # the sample says 人才发展局 PART_OF 管委会; the merge drops that link, and so must the replay
    store = ["--store", str(tmp_path)]
    ok("build", *store)
    ok("resolve", "--merge", "绍兴滨海新区管委会人才发展局", "--into", "绍兴滨海新区管委会", *store)
    stats = ok("stats", *store)
    out = ok("build", *store)
    assert out.splitlines()[0].endswith(": 47 nodes (+0), 71 relationships (+0)"), out
    assert ok("stats", *store) == stats


def _log_a_mixed_merge(folder: Path, keep_name: str, merge_name: str) -> None:
    """A judgement as an older iekg wrote it, before kinds were checked."""
    store = EmbeddedStore(folder)
    kg = store.read_graph()
    keep, merge = kg.resolve(keep_name), kg.resolve(merge_name)
    assert keep and merge
    gone = kg.node(merge)
    merged, snapshot, fp = merge_nodes(kg, keep, merge)
    JudgementLog(folder / LOG_NAME).append(
        {
            "action": "accept",
            "pair": "p0",
            "keep": keep,
            "keepName": kg.node(keep)["name"],
            "merge": merge,
            "mergeNames": [gone["name"], *gone["aliases"]],
            "kind": "same",
            "snapshot": snapshot,
            "fingerprint": fp,
        }
    )
    store.write_graph(merged)


def test_build_names_the_judgements_that_merged_different_kinds_and_how_to_undo_them(
    tmp_path: Path,
) -> None:
    store = ["--store", str(tmp_path)]
    ok("build", *store)
    _log_a_mixed_merge(tmp_path, "绍兴中科通信设备有限公司", "绍兴中专")
    _log_a_mixed_merge(tmp_path, "绍兴中科通信设备有限公司", "王苗庆")
    refused = invoke("build", *store)
    assert refused.exit_code == 1
    log = JudgementLog(tmp_path / LOG_NAME).entries()
    assert refused.output == (
        f"Error: {tmp_path / LOG_NAME}: judgement(s) merging nodes of different kinds, which "
        f"replayed would break the schema: j1 ({log[0]['at']}) merged 绍兴中专 "
        "(中职学校, SecondaryVocationalSchool) into 绍兴中科通信设备有限公司 (企业, Enterprise); "
        f"j2 ({log[1]['at']}) merged 王苗庆 (人物, Person) into 绍兴中科通信设备有限公司 "
        "(企业, Enterprise); nothing was loaded (undo them with "
        f"iekg resolve --undo j2 --store {tmp_path}, then iekg resolve --undo j1 --store "
        f"{tmp_path}; then run iekg build again)\n"
    )
    assert "relationships.csv" not in refused.output
    ok("resolve", "--undo", "j2", *store)
    ok("resolve", "--undo", "j1", *store)
    assert "(+0)" in ok("build", *store)


def test_a_replayed_judgement_that_breaks_a_row_is_named_beside_the_row(tmp_path: Path) -> None:
    # an entry without its nodes (hand-written, or from a very old log) cannot be checked
    # up front; when a row it renamed is refused, the error still names it
    store = ["--store", str(tmp_path)]
    ok("build", *store)
    entry = {"id": "j1", "action": "accept", "at": "2024-01-01T00:00:00+00:00", "pair": "p0"}
    entry |= {"keep": "org-x", "keepName": "绍兴中专", "merge": "person-y"}
    entry |= {"mergeNames": ["王苗庆"]}
    (tmp_path / LOG_NAME).write_text(json.dumps(entry, ensure_ascii=False) + "\n", "utf-8")
    refused = invoke("build", *store)
    assert refused.exit_code == 1
    lines = refused.output.splitlines()
    assert lines[1] == (
        "  shaoxing/relationships.csv, row 34: SecondaryVocationalSchool -[LEADS]-> Project "
        "is not allowed by the schema; LEADS connects Person→Project"
    )
    assert lines[2] == (
        "  judgements replayed on this batch: j1 merged 王苗庆 into 绍兴中专 (fix the rows named "
        "above, or pass --skip-invalid to load the rest; if a judgement caused it, undo it: "
        f"iekg resolve --undo j1 --store {tmp_path})"
    )
