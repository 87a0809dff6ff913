"""Every date form analysts write loads as a partial ISO date."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph.knowledge_graph import KnowledgeGraph

Loader = Callable[..., KnowledgeGraph]


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("2023-11-10", "2023-11-10"),
        ("2023/11/10", "2023-11-10"),
        ("2023年11月10日", "2023-11-10"),
        ("2023.11", "2023-11"),
        ("2023年", "2023"),
        ("２０２３年１１月", "2023-11"),  # full-width digits, as some systems export them
    ],
)
def test_a_date_form_loads(tmp_path: Path, load_graph: Loader, written: str, stored: str) -> None:
    sheet = tmp_path / "partnerships.csv"
    sheet.write_text(
        f"学校,企业,项目,日期\n绍兴中专,绍兴中科通信设备有限公司,王苗庆创新工作站,{written}\n",
        encoding="utf-8",
    )
    kg = load_graph(sheet)
    assert next(kg.edges("PARTNERS_WITH"))["props"]["since"] == stored
    assert next(kg.nodes("Project"))["props"]["since"] == stored
