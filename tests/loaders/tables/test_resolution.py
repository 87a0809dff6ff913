"""Entity resolution: alias table, proposals, the judgement log, its replay and undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.embedded_store import EmbeddedStore
from graph.errors import LoadError
from graph.ingest import ingest
from graph.knowledge_graph import KnowledgeGraph
from graph.records import NodeRecord
from loaders import SAMPLE_PATH, load_path
from loaders.judgements import LOG_NAME, JudgementLog, read_alias_table
from loaders.merge_rules import check_edges
from loaders.replay import replay
from loaders.resolution import candidates
from loaders.resolve_actions import accept, find_candidate, reject, undo


def _with(kg: KnowledgeGraph, *named: tuple[str, str]) -> KnowledgeGraph:
    for label, name in named:
        kg.add_node(NodeRecord(label, name))
    return kg


def test_the_sample_alone_has_no_likely_duplicates(shaoxing: KnowledgeGraph) -> None:
    # 绍兴滨海新区管委会人才发展局 starts with 绍兴滨海新区管委会: a unit of it, not a duplicate
    assert candidates(shaoxing) == []


def test_abbreviations_brackets_and_branches_are_proposed(shaoxing: KnowledgeGraph) -> None:
    kg = _with(
        shaoxing,
        ("SecondaryVocationalSchool", "绍兴市中等专业学校"),
        ("HigherEducationInstitution", "绍兴职院"),
        ("Enterprise", "绍兴中科通信设备有限公司杭州分公司"),
        ("Enterprise", "浙江时立态合科技（绍兴）有限公司"),
    )
    found = [(c.keep_name, c.merge_name, c.reason) for c in candidates(kg)]
    assert found == [
        (
            "浙江时立态合科技（绍兴）有限公司",
            "浙江时立态合科技有限公司",
            "same name without brackets",
        ),
        ("绍兴职业技术学院", "绍兴职院", "abbreviation"),
        ("绍兴市中等专业学校", "绍兴中专", "abbreviation"),
        ("绍兴中科通信设备有限公司", "绍兴中科通信设备有限公司杭州分公司", "branch"),
    ]


def test_the_alias_table_merges_on_load(tmp_path: Path) -> None:
    table = tmp_path / "aliases.csv"
    table.write_text("名称,别名\n绍兴市中等专业学校,绍兴中专\n", encoding="utf-8")
    assert read_alias_table(table) == {"绍兴中专": "绍兴市中等专业学校"}
    kg = KnowledgeGraph()
    for batch in replay(load_path(SAMPLE_PATH), tmp_path, table):
        kg.add(batch.records)
    school = kg.node(kg.resolve("绍兴中专"))
    assert (school["name"], school["aliases"]) == ("绍兴市中等专业学校", ["绍兴中专"])
    assert (len(kg), kg.graph.number_of_edges()) == (48, 74)


def test_the_shipped_alias_table_reads() -> None:
    assert read_alias_table()["浙工职院"] == "浙江工业职业技术学院"


def _two_schools(tmp_path: Path, tables: Path) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path / "store")
    ingest(store, load_path(SAMPLE_PATH), progress=False)
    ingest(store, load_path(tables / "dataset.xlsx"), progress=False)
    return store


def test_an_accepted_judgement_merges_and_is_replayed_on_the_next_load(
    tmp_path: Path, tables: Path
) -> None:
    store = _two_schools(tmp_path, tables)
    kg = store.read_graph()
    log = JudgementLog(store.folder / LOG_NAME)
    proposal = find_candidate(kg, log, candidates(kg)[0].id)
    assert (proposal.keep_name, proposal.merge_name) == ("绍兴市中等专业学校", "绍兴中专")
    merged, entry = accept(kg, log, proposal.keep, proposal.merge, reason=proposal.reason)
    store.write_graph(merged)
    # the two statements of SIGNED and of LOCATED_IN fold into one each
    edges = kg.graph.number_of_edges() - 2
    assert (len(merged), merged.graph.number_of_edges()) == (len(kg) - 1, edges)
    assert len(store.read_graph()) == len(kg) - 1
    school = merged.node(merged.resolve("绍兴中专"))
    assert school["name"] == "绍兴市中等专业学校"
    assert entry["id"] == "j1"
    assert candidates(merged, skip=log.judged_pairs()) == []
    # a fresh store, the same files, the same log: the judgement holds
    store.file.unlink()
    fresh = KnowledgeGraph()
    for path in (SAMPLE_PATH, tables / "dataset.xlsx"):
        for batch in replay(load_path(path), store.folder, None):
            fresh.add(batch.records)
    assert fresh.resolve("绍兴中专") == fresh.resolve("绍兴市中等专业学校")
    assert len(fresh) == len(merged)


def test_a_merge_is_undone_exactly(tmp_path: Path, tables: Path) -> None:
    store = _two_schools(tmp_path, tables)
    kg = store.read_graph()
    log = JudgementLog(store.folder / LOG_NAME)
    proposal = candidates(kg)[0]
    merged, entry = accept(kg, log, proposal.keep, proposal.merge)
    store.write_graph(merged)
    split, record = undo(store.read_graph(), log, entry["id"])
    assert record == {**record, "action": "undo", "undoes": "j1", "restored": True}
    assert split == kg
    assert log.renames() == {}
    assert [c.id for c in candidates(split, skip=log.judged_pairs())] == [proposal.id]


def test_an_undo_after_later_loads_keeps_the_store_and_stops_the_replay(
    tmp_path: Path, tables: Path
) -> None:
    store = _two_schools(tmp_path, tables)
    kg = store.read_graph()
    log = JudgementLog(store.folder / LOG_NAME)
    proposal = candidates(kg)[0]
    merged, entry = accept(kg, log, proposal.keep, proposal.merge)
    merged.add_node(NodeRecord("SecondaryVocationalSchool", "绍兴中专", props={"region": "越城区"}))
    split, record = undo(merged, log, entry["id"])
    assert (split, record["restored"]) == (None, False)
    assert log.renames() == {}


def test_a_rejected_pair_is_not_proposed_again(tmp_path: Path, tables: Path) -> None:
    store = _two_schools(tmp_path, tables)
    kg = store.read_graph()
    log = JudgementLog(store.folder / LOG_NAME)
    proposal = candidates(kg)[0]
    entry = reject(kg, log, proposal.keep, proposal.merge, note="两所学校")
    assert (entry["action"], entry["note"]) == ("reject", "两所学校")
    assert candidates(kg, skip=log.judged_pairs()) == []
    undo(kg, log, entry["id"])
    assert len(candidates(kg, skip=log.judged_pairs())) == 1


def test_a_branch_of_another_kind_is_not_proposed(shaoxing: KnowledgeGraph) -> None:
    # "绍兴中专" is a school; a company whose name starts with it is not its branch
    kg = _with(shaoxing, ("Enterprise", "绍兴中专实业分公司"))
    assert candidates(kg) == []


def test_a_merge_that_leaves_a_forbidden_relationship_is_refused(
    shaoxing: KnowledgeGraph,
) -> None:
    # A check after the merge, beside the check of kinds: the merged node must be
    # allowed every relationship it holds. Here the graph is given one it is not.
    data = shaoxing.to_dict()
    school = shaoxing.resolve("绍兴中专")
    project = shaoxing.resolve("王苗庆创新工作站")
    data["edges"].append({**data["edges"][0], "source": school, "target": project, "type": "LEADS"})
    kg = KnowledgeGraph.from_dict(data)
    with pytest.raises(LoadError) as refused:
        check_edges(kg, school, "绍兴市中等专业学校")
    assert str(refused.value).startswith(
        "cannot merge 绍兴市中等专业学校 into 绍兴中专: 绍兴中专 would have "
        "SecondaryVocationalSchool -[LEADS]-> Project (绍兴中专 → 王苗庆创新工作站), which the "
        "schema does not allow (LEADS connects Person→Project); nothing was changed"
    )
