"""designations and contradictions give the same DataFrame on Neo4j as in memory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from graph.knowledge_graph import KnowledgeGraph
from loaders import load_path
from queries import ask

TABLES = Path(__file__).resolve().parents[1] / "fixtures" / "tables"


@pytest.fixture
def rich(shaoxing: KnowledgeGraph, tmp_path: Path) -> KnowledgeGraph:
    """The sample plus a designations list and a second, disagreeing source."""
    (tmp_path / "sources.csv").write_text(
        "key,title,publisher,date,kind\nnews,绍兴中专与中科通信共建创新工作站,绍兴中专,2023-11-12,学校新闻\n",
        encoding="utf-8",
    )
    (tmp_path / "relationships.csv").write_text(
        "from,type,to,since,agreement,source\n"
        "绍兴中科通信设备有限公司,SIGNED,绍兴中专,2023-11-12,共建创新工作站,news\n",
        encoding="utf-8",
    )
    (tmp_path / "organizations.csv").write_text("name,kind\n绍兴中专,高校\n", encoding="utf-8")
    for path in (TABLES / "designations.csv", tmp_path):
        for batch in load_path(path):
            assert batch.errors == ()
            shaoxing.add(batch.records)
    return shaoxing


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("name", "params"),
    [("designations", {}), ("designations", {"designation": "企业"}), ("contradictions", {})],
)
def test_both_stores_give_the_same_answer(
    neo4j_store: Any, rich: KnowledgeGraph, name: str, params: dict[str, str]
) -> None:
    neo4j_store.write_graph(rich)
    expected = ask(name, rich, **params)
    assert len(expected) > 0
    pd.testing.assert_frame_equal(ask(name, neo4j_store, **params), expected)
