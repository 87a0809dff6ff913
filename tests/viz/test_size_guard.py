"""A view too big to read is refused with a message that says how to narrow it."""

from __future__ import annotations

import pytest

from graph.knowledge_graph import KnowledgeGraph
from graph.records import NodeRecord
from viz import MapTooLarge, build_view
from viz.html_map import MAX_NODES


def test_an_overview_above_the_limit_says_what_to_filter() -> None:
    kg = KnowledgeGraph()
    for i in range(MAX_NODES + 1):
        kg.add_node(NodeRecord("Enterprise", f"企业{i:05d}有限公司"))
    with pytest.raises(MapTooLarge) as refused:
        build_view(kg, "overview")
    assert str(refused.value) == (
        "the overview view would draw 10,001 nodes and 0 lines; a map stays usable up to "
        "10,000 nodes and 30,000 lines. Narrow it: --region (e.g. 绍兴市), --industry "
        "(e.g. 集成电路), --kind (e.g. 企业,中职,高校) or --as-of (e.g. 2023); or ask the "
        "question as a table with iekg query"
    )
