"""The pair table agrees with grouping the same evidence pair by pair.

``connections`` and ``changes`` read their evidence one row per hub and
build their pairs on columns (``queries.pair_table``); ``partners`` groups
evidence rows, one per pair, into :class:`queries.scoring.Pair` objects
(``group_pairs``). The hub rows listed pair by pair
(``queries.links.pair_rows``) and grouped so must say the same of every
pair as the table: its kinds, intermediaries, dates, depth, sources and
flags, at any date.
"""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import load_sample, load_synthetic
from graph.knowledge_graph import KnowledgeGraph
from graph.records import EdgeRecord, NodeRecord, NodeRef, Provenance
from queries.backend import backend_for, citations, cite
from queries.connections import _every_link, connections
from queries.links import pair_rows
from queries.packed import pack, unpacked
from queries.pair_table import pair_table
from queries.scoring import group_pairs, held_at


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    """800 generated organisations: thousands of pairs, each fact from one source."""
    return load_synthetic(tmp_path_factory.mktemp("synth"), 800, 5)


@pytest.fixture(scope="module")
def sample() -> KnowledgeGraph:
    """The Shaoxing sample: pairs cited by several sources, intermediaries of several kinds."""
    return load_sample()


def _region_of_busiest_school(kg: KnowledgeGraph) -> str:
    school = max((n["id"] for n in kg.nodes("School")), key=kg.graph.degree)
    return next(v for v, keys in kg.graph._succ[school].items() if "LOCATED_IN" in keys)


@pytest.mark.parametrize("as_of", [None, "2016-06", "2020", "2022", "2023-11", "1990"])
@pytest.mark.parametrize("read", ["national", "one region"])
@pytest.mark.parametrize("graph", ["synthetic", "sample"])
def test_every_pair_says_what_grouping_its_evidence_says(
    request: pytest.FixtureRequest, graph: str, as_of: str | None, read: str
) -> None:
    kg: KnowledgeGraph = request.getfixturevalue(graph)
    raw = (
        _every_link(kg)
        if read == "national"
        else connections(kg, region=_region_of_busiest_school(kg))
    )
    _assert_agrees(kg, raw, as_of)


def test_a_pair_cited_by_several_sources_agrees() -> None:
    """Sources merged on one relationship and gathered over two kinds of link."""
    kg = KnowledgeGraph()
    for label, name, props in (
        ("Enterprise", "甲科技有限公司", {}),
        ("HigherEducationInstitution", "乙职业技术学院", {}),
        ("Project", "甲乙订单班", {"kind": "订单班", "since": "2021-09"}),
        ("Alliance", "丙产教联盟", {}),
    ):
        kg.add_node(NodeRecord(label, name, props=props, provenance=Provenance("source-a")))
    for org, rel, hub, source, since in (
        ("甲科技有限公司", "PARTICIPATES_IN", "甲乙订单班", "source-a", "2021-09"),
        ("甲科技有限公司", "PARTICIPATES_IN", "甲乙订单班", "source-c", "2021-09"),
        ("乙职业技术学院", "PARTICIPATES_IN", "甲乙订单班", "source-b", "2022-03"),
        ("甲科技有限公司", "MEMBER_OF", "丙产教联盟", "source-b", "2019"),
        ("乙职业技术学院", "MEMBER_OF", "丙产教联盟", "source-c", "2020-05"),
    ):
        kg.add_edge(EdgeRecord(NodeRef(None, org), rel, NodeRef(None, hub), {"since": since},
                               Provenance(source)))  # fmt: skip
    raw = _every_link(kg)
    for as_of in (None, "2020", "2021-12", "2023"):
        _assert_agrees(kg, raw, as_of)
    row = pair_table(raw, None, backend_for(kg)).frame.iloc[0]
    assert (row.sourceCount, row.kinds) == (3, "project、alliance")


def test_an_until_that_is_no_date_matters_only_when_a_date_is_asked() -> None:
    """As grouping pair by pair: undated questions read past it, dated ones refuse it."""
    row = ["project", "p1", "订单班", "订单班", ["2021"], True,
           [["e1", "甲公司", None, ["source-a"], [None, None], [None], True, True]],
           [["s1", "乙学院", ["School", "HigherEducationInstitution"], [], [None, None],
             ["2023-xx"], True, True]]]  # fmt: skip
    kg = KnowledgeGraph()
    raw = pack([row])
    _assert_agrees(kg, raw, None)
    with pytest.raises(ValueError):
        group_pairs(held_at(pair_rows(unpacked(raw)), "2022", backend_for(kg)))
    with pytest.raises(ValueError):
        pair_table(raw, "2022", backend_for(kg))


SCHOOL = ["Organization", "School", "HigherEducationInstitution"]


def _end(
    org: str,
    labels: list[str] | None,
    source: str | None,
    dates: list[str | None],
    until: str | None,
    region: bool = False,
    industry: bool = False,
) -> list[object]:
    """One participant of a hub row, as ``queries.links.SIDE_FIELDS`` orders it."""
    return [org, f"{org}名", labels, [source] if source else [], dates, [until], region, industry]


def test_a_hub_gives_the_pairs_of_its_two_sides_and_each_their_own_evidence() -> None:
    """2 enterprises × 3 schools, one organisation on both sides: 5 pairs, each with the
    sources, dates and until of its own two relationships and the hub's date."""
    hub = ["project", "p1", "订单班", "订单班", ["2020"], False,
           [_end("e1", None, "s-e1", ["2021-01", None], None, region=True),
            _end("x", None, "s-x", [None, "2019"], "2030")],
           [_end("s1", SCHOOL, "s-s1", ["2022", None], None),
            _end("x", SCHOOL, "s-xb", [None, None], None, industry=True),
            _end("s2", SCHOOL, None, ["2018", None], "2024")]]  # fmt: skip
    stated = ["stated", None, "协议", "协议", [], False,
              [_end("e2", None, "s-st", ["2017", None], None)],
              [_end("s2", SCHOOL, None, [], None)]]  # fmt: skip
    kg = KnowledgeGraph()
    raw = pack([stated, hub])
    for as_of in (None, "2016", "2020-06", "2023", "2025", "2031"):
        _assert_agrees(kg, raw, as_of)
    frame = pair_table(raw, None, backend_for(kg)).frame.set_index(["enterpriseId", "schoolId"])
    assert frame[["sources", "since", "inRegion", "inIndustry"]].to_dict("index") == {
        ("e2", "s2"): {"sources": "s-st", "since": "2017", "inRegion": False, "inIndustry": False},
        ("e1", "s1"): {"sources": "s-e1；s-s1", "since": "2022", "inRegion": True,
                       "inIndustry": False},
        ("e1", "x"): {"sources": "s-e1；s-xb", "since": "2021-01", "inRegion": True,
                      "inIndustry": True},
        ("e1", "s2"): {"sources": "s-e1", "since": "2021-01", "inRegion": True,
                       "inIndustry": False},
        ("x", "s1"): {"sources": "s-s1；s-x", "since": "2022", "inRegion": False,
                      "inIndustry": False},
        ("x", "s2"): {"sources": "s-x", "since": "2020", "inRegion": False, "inIndustry": False},
    }  # fmt: skip
    later = pair_table(raw, "2025", backend_for(kg)).frame
    held = set(zip(later.enterpriseId, later.schoolId, strict=True))
    assert held == {("e2", "s2"), ("e1", "s1"), ("e1", "x"), ("x", "s1")}


def _source(kg: KnowledgeGraph, title: str, date: str | None) -> str:
    """A Source node (dated when ``date`` is given); its id."""
    props = {"date": date} if date else {}
    kg.add_node(NodeRecord("Source", title, props=props, provenance=Provenance("fixture")))
    return next(n["id"] for n in kg.nodes("Source") if n["name"] == title)


def test_undated_evidence_holds_from_its_earliest_dated_source() -> None:
    """A pair's undated evidence counts from its earliest dated source; dated evidence by
    its own date, whatever its sources; evidence with no dated source at any date."""
    kg = KnowledgeGraph()
    s2024 = _source(kg, "二〇二四年报道", "2024-03")
    s2021 = _source(kg, "二〇二一年名单", "2021")
    none = _source(kg, "无日期汇总", None)
    hub = ["alliance", "a1", "联盟", "联盟", [], False,
           [_end("e1", None, s2024, [None, None], None),
            _end("e2", None, none, [None, None], None),
            _end("e3", None, s2024, ["2018", None], None)],
           [_end("s1", SCHOOL, s2021, [None, None], None),
            _end("s2", SCHOOL, None, [None, None], None)]]  # fmt: skip
    raw = pack([hub])
    for as_of in (None, "2016", "2020", "2021", "2024-02", "2024-03", "2025"):
        _assert_agrees(kg, raw, as_of)

    def held(as_of: str) -> set[tuple[str, str]]:
        frame = pair_table(raw, as_of, backend_for(kg)).frame
        return set(zip(frame.enterpriseId, frame.schoolId, strict=True))

    assert held("2020") == {("e2", "s2"), ("e3", "s1"), ("e3", "s2")}
    assert held("2021") == held("2020") | {("e1", "s1"), ("e2", "s1")}
    assert held("2024-02") == held("2021")
    assert held("2024-03") == held("2021") | {("e1", "s2")}


def _assert_agrees(kg: KnowledgeGraph, raw: pd.DataFrame, as_of: str | None) -> None:
    backend = backend_for(kg)
    grouped = group_pairs(held_at(pair_rows(unpacked(raw)), as_of, backend))
    frame = pair_table(raw, as_of, backend).frame
    assert len(frame) == len(grouped)
    titles = cite(backend, set().union(*(p.sources for p in grouped.values())))
    for row in frame.itertuples(index=False):
        pair = grouped[(row.enterpriseId, row.schoolId)]
        assert (row.enterprise, row.school) == (pair.a_name, pair.b_name)
        assert (row.kinds, row.via) == (pair.kinds_text(), pair.via_text())
        assert (row.since, row.latest) == (pair.since, pair.latest)
        assert (row.depthLevel, row.kindCount) == (pair.depth, len(pair.kinds))
        assert (row.sourceCount, row.sources) == (
            len(pair.sources),
            citations(pair.sources, titles),
        )
        assert (row.inRegion, row.inIndustry) == (pair.in_region, pair.in_industry)


def test_one_pair_keeps_its_number_at_every_date(synthetic: KnowledgeGraph) -> None:
    """``changes`` compares two dates' tables by pair number."""
    raw = _every_link(synthetic)
    backend = backend_for(synthetic)
    numbered: dict[tuple[str, str], int] = {}
    for as_of in (None, "2018", "2022"):
        table = pair_table(raw, as_of, backend)
        ids = zip(table.frame.enterpriseId, table.frame.schoolId, strict=True)
        for pair, code in zip(ids, table.codes.tolist(), strict=True):
            assert numbered.setdefault(pair, code) == code
    assert len(set(numbered.values())) == len(numbered)
