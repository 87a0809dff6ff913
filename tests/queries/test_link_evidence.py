"""The hub read gives exactly the evidence of reading the graph pair by pair.

``connections``, ``changes`` and ``partners`` read link evidence one row per
hub with its participants on either side (:func:`queries.links.hub_rows`)
and pair the sides afterwards. Here the same evidence is read the plain
way, every pair of every hub and every stated or direct relationship one
by one, and the two must list the same pieces: the same ends, kind,
intermediary, sources, dates, untils and region and industry flags, for the
whole graph and for one enterprise, one school, a region or an industry.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import load_sample, load_synthetic
from graph.knowledge_graph import KnowledgeGraph
from queries.connections import _is_enterprise, _is_school
from queries.links import (
    DIRECT,
    HUB_KINDS,
    STATED,
    hub_rows,
    org_industries,
    org_regions,
    pair_rows,
)
from queries.names import LABEL


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    return load_synthetic(tmp_path_factory.mktemp("synth"), 600, 3)


def _plain_evidence(
    kg: KnowledgeGraph,
    *,
    a_id: str | None = None,
    b_id: str | None = None,
    region: str | None = None,
    industry: str | None = None,
    direct: bool = False,
) -> list[tuple[Any, ...]]:
    """Every piece of evidence, read pair by pair from the whole graph."""
    nodes, g = kg.graph._node, kg.graph

    def is_a(n: str) -> bool:
        return (not a_id or n == a_id) and _is_enterprise(nodes[n])

    def is_b(n: str) -> bool:
        return (not b_id or n == b_id) and _is_school(nodes[n])

    def flags(a: str, b: str, hub: str | None) -> tuple[bool, bool]:
        in_region = region is None or region in org_regions(kg, a) | org_regions(kg, b)
        ends = org_industries(kg, a) | org_industries(kg, b)
        hubs = org_industries(kg, hub) if hub else set()
        return in_region, industry is None or industry in ends | hubs

    out = []
    for u, v, key, data in g.edges(keys=True, data=True):
        if key not in STATED and not (direct and key in DIRECT):
            continue
        props = data["props"]
        for a, b in ((u, v), (v, u)):
            if a != b and is_a(a) and is_b(b):
                kind, via, via_kind = (
                    ("stated", props.get("agreement") or key, props.get("agreement"))
                    if key in STATED
                    else ("direct", key, props.get("role"))
                )
                out.append((a, nodes[a]["name"], b, nodes[b]["name"], list(nodes[b]["labels"]),
                            kind, None, via, via_kind, list(data["sources"]),
                            [props.get("since"), props.get("date")], [props.get("until")],
                            *flags(a, b, None)))  # fmt: skip
    for kind, (types, label, inward) in HUB_KINDS.items():
        for hub, hdata in nodes.items():
            if hdata["label"] != label:
                continue
            edges = g.in_edges(hub, keys=True, data=True) if inward else g.out_edges(
                hub, keys=True, data=True)  # fmt: skip
            arcs = [((u if inward else v), d) for u, v, k, d in edges if k in types]
            own = [hdata["props"].get("since"), hdata["props"].get("date")]
            hub_dates = [d for d in own if d] if label != LABEL.Person else []
            for a, ea in arcs:
                for b, eb in arcs:
                    if a != b and is_a(a) and is_b(b):
                        pa, pb = ea["props"], eb["props"]
                        out.append((a, nodes[a]["name"], b, nodes[b]["name"],
                                    list(nodes[b]["labels"]), kind, hub, hdata["name"],
                                    hdata["props"].get("kind"),
                                    list(ea["sources"]) + list(eb["sources"]),
                                    [pa.get("since"), pa.get("date"), pb.get("since"),
                                     pb.get("date"), *hub_dates],
                                    [pa.get("until"), pb.get("until")],
                                    *flags(a, b, hub)))  # fmt: skip
    return out


def _canonical(rows: list[tuple[Any, ...]]) -> list[str]:
    return sorted(json.dumps(list(r), ensure_ascii=False, default=str) for r in rows)


def _busiest(kg: KnowledgeGraph, label: str) -> str:
    return max((n["id"] for n in kg.nodes(label)), key=kg.graph.degree)


@pytest.mark.parametrize("graph", ["synthetic", "sample"])
def test_the_hub_read_lists_every_piece_of_evidence_the_plain_read_does(
    request: pytest.FixtureRequest, graph: str
) -> None:
    kg: KnowledgeGraph = request.getfixturevalue(graph) if graph == "synthetic" else load_sample()
    for person in kg.nodes("Person"):  # its own dates say nothing of when orgs were linked
        kg.graph._node[person["id"]]["props"]["since"] = "2019"
    enterprise, school = _busiest(kg, "Enterprise"), _busiest(kg, "School")
    region = next(v for v, k in kg.graph._succ[school].items() if "LOCATED_IN" in k)
    cases: list[dict[str, Any]] = [
        {},
        {"a_id": enterprise},
        {"b_id": school},
        {"a_id": enterprise, "b_id": school},
        {"region": region},
        {"direct": True},
    ]
    industries = [n["id"] for n in kg.nodes("Industry")]
    if industries:
        busiest = max(industries, key=kg.graph.in_degree)
        cases.append({"industry": busiest})
    for case in cases:
        want = _plain_evidence(kg, **case)
        # the busiest enterprise and school need not be linked; every other case reads some
        assert want or ("a_id" in case and "b_id" in case), case
        found = list(pair_rows(hub_rows(kg, _is_enterprise, _is_school, **case)))
        assert _canonical(found) == _canonical(want), case
