"""What changed between two dates: new, ended and dormant enterprise–school links.

The links are those of ``connections``, each taken as it held at the end of
``start`` and at the end of ``end`` (as ``connections`` takes ``as_of``: a
piece of evidence with no date of its own holds from its earliest dated
source on, and one with no dated source at any date):

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

import numpy as np
import pandas as pd

from graph.dates import date_end
from graph.errors import QueryError
from queries import connections
from queries.backend import Backend
from queries.links import EVIDENCE_TABLE, HUB_COLUMNS
from queries.names import LABEL
from queries.pair_table import BY_NAMES, pair_table
from queries.question import Param, Question
from queries.scoring import AS_OF_NOTE

__all__ = ["CHANGES", "QUESTION"]

CHANGES = {"new": "新增", "ended": "结束", "dormant": "休眠"}


def _post(raw: pd.DataFrame, params: dict[str, Any], backend: Backend) -> pd.DataFrame:
    start, end = params["start"], params["end"]
    if date_end(start) > date_end(end):
        raise QueryError(f"changes: start={start} is after end={end}; swap them")
    before, after = (pair_table(raw, d, backend) for d in (start, end))
    held_before = np.isin(after.codes, before.codes)
    still_held = np.isin(before.codes, after.codes)
    # nothing dated after start ('' is undated, and sorts before every date)
    quiet = after.frame["latest"].to_numpy() <= date_end(start)
    found = {
        "new": (after, ~held_before),
        "ended": (before, ~still_held),
        "dormant": (after, held_before & quiet),
    }
    # Whole tables' rows taken at once: a national answer has 400,000 changed links.
    parts = [
        table.frame[rows].assign(change=change, changeZh=CHANGES[change])
        for change, (table, rows) in found.items()
        if params.get("change") in (None, change)
    ]
    return pd.concat(parts, ignore_index=True)[[*QUESTION.columns, BY_NAMES]]


QUESTION = Question(
    name="changes",
    zh="两个日期之间的变化：新增、结束与休眠的校企联系",
    en="What changed between two dates: new, ended and dormant enterprise–school links",
    params=(
        Param(
            "start",
            date=True,
            required=True,
            help="the earlier date (an undated link counts from its earliest dated source)",
        ),
        Param("end", date=True, required=True, help="the later date (likewise)"),
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
    sort=("change", BY_NAMES),  # then enterprise, school and their ids
    examples=(
        {"start": "2023-06", "end": "2024"},
        {"start": "2023-12", "end": "2025", "change": "dormant"},
        {"start": "2023-06", "end": "2024", "school": "绍兴中专"},
    ),
    notes=AS_OF_NOTE,
    packed=HUB_COLUMNS,
    unwound=EVIDENCE_TABLE,
)
