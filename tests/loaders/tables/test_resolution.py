"""Entity resolution: alias table, proposals, the judgement log, its replay and undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.embedded_store import EmbeddedStore
from graph.errors import LoadError
from graph.ingest import ingest
from graph.knowledge_graph import KnowledgeGraph
from graph.records import EdgeRecord, NodeRecord, NodeRef, Provenance
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


# -- namesakes: events and people their scope keeps apart ---------------------


def _event(kg: KnowledgeGraph, name: str, source: str, **props: str) -> str:
    return kg.add_node(NodeRecord("Event", name, props=props, provenance=Provenance(source)))


def _person(kg: KnowledgeGraph, name: str, org: str | None = None) -> str:
    scope = (org,) if org else ()
    person = kg.add_node(NodeRecord("Person", name, scope=scope))
    if org:
        if kg.resolve(org) is None:
            kg.add_node(NodeRecord("Enterprise", org))
        kg.add_edge(EdgeRecord(NodeRef("Person", name, scope), "WORKS_AT", NodeRef(None, org)))
    return person


def _link(kg: KnowledgeGraph, node: str, rel: str, project: str) -> None:
    """``node`` -[rel]-> ``project``, named as a source would name it (with its scope)."""
    data = kg.node(node)
    if data["label"] == "Event":
        scope = tuple(data["props"].get(k, "") for k in ("date", "place"))
    else:
        scope = tuple(kg.node(o)["name"] for o in kg.graph.successors(node))[:1]
    kg.add_node(NodeRecord("Project", project))
    kg.add_edge(
        EdgeRecord(NodeRef(data["label"], data["name"], scope), rel, NodeRef(None, project))
    )


def _proposed(kg: KnowledgeGraph) -> list[tuple[str, str, str, float]]:
    return [(c.keep_name, c.merge_name, c.reason, round(c.score, 2)) for c in candidates(kg)]


def test_an_undated_event_is_proposed_as_the_dated_one_of_its_name() -> None:
    kg = KnowledgeGraph()
    dated = _event(kg, "签约仪式", "a", date="2023-11-10", place="绍兴中专")
    undated = _event(kg, "签约仪式", "b")
    _event(kg, "签约仪式", "c", date="2024-05-10", place="宁波")  # another day: a namesake
    # the undated one may be either dated one; a day apart, those two are not proposed
    assert _proposed(kg) == [
        (
            "签约仪式 (2023-11-10, 绍兴中专)",
            "签约仪式 (no date or place)",
            "same event name, one with no date or place",
            0.6,
        ),
        (
            "签约仪式 (2024-05-10, 宁波)",
            "签约仪式 (no date or place)",
            "same event name, one with no date or place",
            0.6,
        ),
    ]
    _link(kg, dated, "ESTABLISHED", "王苗庆创新工作站")
    _link(kg, undated, "ESTABLISHED", "王苗庆创新工作站")
    proposal = candidates(kg)[0]
    assert (proposal.keep, proposal.merge) == (dated, undated)
    assert proposal.reason.endswith("; both linked to 王苗庆创新工作站")
    assert round(proposal.score, 2) == 0.7


def test_events_of_one_name_and_date_are_proposed_below_those_that_agree() -> None:
    kg = KnowledgeGraph()
    _event(kg, "成立大会", "a", date="2023-11", place="绍兴")
    _event(kg, "成立大会", "b", date="2023-11-10", place="绍兴")
    _event(kg, "签约仪式", "a", date="2024-05-10", place="绍兴")
    _event(kg, "签约仪式", "b", date="2024-05-10", place="宁波")
    assert _proposed(kg) == [
        (
            "成立大会 (2023-11-10, 绍兴)",
            "成立大会 (2023-11, 绍兴)",
            "same event name, dates and places do not contradict",
            0.6,
        ),
        (
            "签约仪式 (2024-05-10, 宁波)",
            "签约仪式 (2024-05-10, 绍兴)",
            "same event name and date, different places",
            0.45,
        ),
    ]


def test_a_person_with_no_organisation_is_proposed_as_the_namesake_at_one() -> None:
    kg = KnowledgeGraph()
    placed = _person(kg, "王苗庆", "绍兴中科通信设备有限公司")
    alone = _person(kg, "王苗庆")
    _link(kg, placed, "LEADS", "王苗庆创新工作站")
    _link(kg, alone, "LEADS", "王苗庆创新工作站")
    [proposal] = candidates(kg)
    assert (proposal.keep, proposal.merge) == (placed, alone)
    assert (proposal.keep_name, proposal.merge_name, proposal.reason) == (
        "王苗庆 (at 绍兴中科通信设备有限公司)",
        "王苗庆 (no organisation)",
        "same name, one with no organisation; both linked to 王苗庆创新工作站",
    )


def test_people_at_organisations_that_may_be_one_or_are_related_are_proposed(
    shaoxing: KnowledgeGraph,
) -> None:
    kg = _with(shaoxing, ("SecondaryVocationalSchool", "绍兴市中等专业学校"))
    _person(kg, "李明", "绍兴中专")
    _person(kg, "李明", "绍兴市中等专业学校")
    kg.add_node(NodeRecord("GovernmentAgency", "绍兴市教育局职成教处"))
    kg.add_edge(
        EdgeRecord(NodeRef(None, "绍兴市教育局职成教处"), "PART_OF", NodeRef(None, "绍兴市教育局"))
    )
    _person(kg, "陈红", "绍兴市教育局")
    _person(kg, "陈红", "绍兴市教育局职成教处")
    reasons = {(c.keep_name.split()[0], c.reason) for c in candidates(kg)}
    assert ("李明", "same name at organisations proposed as one") in reasons
    assert ("陈红", "same name at related organisations (PART_OF)") in reasons


def test_two_people_of_one_name_at_unrelated_organisations_are_not_proposed() -> None:
    kg = KnowledgeGraph()
    one = _person(kg, "张伟", "杭州甲科技有限公司")
    two = _person(kg, "张伟", "宁波乙职业技术学院")
    assert candidates(kg) == []
    # ... unless they share something, and then last, with what they share
    _link(kg, one, "LEADS", "甲订单班")
    _link(kg, two, "LEADS", "甲订单班")
    assert [(c.reason, round(c.score, 2)) for c in candidates(kg)] == [
        ("same name at unrelated organisations; both linked to 甲订单班", 0.4)
    ]
