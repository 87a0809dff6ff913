"""What changed between two dates: new, ended and dormant enterprise–school links.

The links are those of ``connections``, each taken as it held at the end of
``start`` and at the end of ``end``:

* **new**: holds at ``end`` but not at ``start``;
* **ended**: held at ``start`` but no longer at ``end`` (an ``until`` passed);
* **dormant**: holds at both, but no evidence is dated after ``start``: the
  link exists on paper and nothing new has happened in the period.

>>> from queries import ask
>>> df = ask("changes", shaoxing, start="2023-06", end="2024-06", school="绍兴中专")
>>> df[["change", "enterprise", "since"]].values.tolist()[0]
['new', '浙江时立态合科技有限公司', '2023-11-10']
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from graph.dates import date_end
from graph.errors import QueryError
from queries import connections
from queries.backend import Backend, cite
from queries.links import LINK_COLUMNS
from queries.names import LABEL
from queries.packed import unpacked
from queries.question import Param, Question
from queries.scoring import Evidence, Pair, group_pairs, holds_at, row_window

__all__ = ["CHANGES", "QUESTION"]

CHANGES = {"new": "新增", "ended": "结束", "dormant": "休眠"}


def _post(raw: pd.DataFrame, params: dict[str, Any], backend: Backend) -> pd.DataFrame:
    start, end = params["start"], params["end"]
    if date_end(start) > date_end(end):
        raise QueryError(f"changes: start={start} is after end={end}; swap them")
    evidence = unpacked(raw)
    windows = [row_window(r) for r in evidence]
    before, after = (_held(evidence, windows, date_end(d)) for d in (start, end))
    found: list[tuple[str, Pair]] = [("new", p) for k, p in after.items() if k not in before]
    found += [("ended", p) for k, p in before.items() if k not in after]
    found += [
        ("dormant", p)
        for k, p in after.items()
        if k in before and (not p.latest or p.latest <= date_end(start))
    ]
    change = params.get("change")
    found = [(c, p) for c, p in found if change is None or c == change]
    titles = cite(backend, (s for _, p in found for s in p.sources))
    # Column by column: a national answer has 400,000 changed links.
    out = {
        "change": [c for c, _ in found],
        "changeZh": [CHANGES[c] for c, _ in found],
        "enterprise": [p.a_name for _, p in found],
        "school": [p.b_name for _, p in found],
        "kinds": [p.kinds_text() for _, p in found],
        "depthLevel": [p.depth for _, p in found],
        "since": [p.since for _, p in found],
        "latest": [p.latest for _, p in found],
        "sources": ["；".join(sorted(titles[s] for s in p.sources)) for _, p in found],
        "enterpriseId": [p.a for _, p in found],
        "schoolId": [p.b for _, p in found],
    }
    return pd.DataFrame(out, columns=list(QUESTION.columns))


def _held(
    evidence: list[Evidence], windows: list[tuple[str | None, str | None]], end: str
) -> dict[tuple[str, str], Pair]:
    """Pairs from the evidence that held at ``end``, as ``valid_as_of`` would keep."""
    return group_pairs(
        r
        for r, (began, until) in zip(evidence, windows, strict=True)
        if holds_at(began, until, end)
    )


QUESTION = Question(
    name="changes",
    zh="两个日期之间的变化：新增、结束与休眠的校企联系",
    en="What changed between two dates: new, ended and dormant enterprise–school links",
    params=(
        Param("start", date=True, required=True, help="the earlier date"),
        Param("end", date=True, required=True, help="the later date"),
        Param("change", help="only this kind of change", choices=tuple(CHANGES)),
        Param("school", node=LABEL.School, help="only this school"),
        Param("enterprise", node=LABEL.Enterprise, help="only this enterprise"),
    ),
    columns={
        "change": "new, ended or dormant",
        "changeZh": "新增、结束 or 休眠",
        "enterprise": "企业 enterprise",
        "school": "学校 school",
        "kinds": "kinds of link (as of the later date, or the earlier one for ended links)",
        "depthLevel": "deepest rung on the ladder",
        "since": "when the link came to be",
        "latest": "newest dated evidence",
        "sources": "citations",
        "enterpriseId": "enterprise node id",
        "schoolId": "school node id",
    },
    networkx=connections.connections,
    cypher=connections.CYPHER,
    post=_post,
    sort=("change", "enterprise", "school", "enterpriseId", "schoolId"),
    examples=(
        {"start": "2023-06", "end": "2024"},
        {"start": "2023-12", "end": "2025", "change": "dormant"},
    ),
    packed=tuple(LINK_COLUMNS),
)
