"""Which enterprises are connected to which schools, how deeply, and according to whom.

An enterprise and a school are connected when a source states a partnership
(SIGNED, PARTNERS_WITH), or when they take part in the same project, belong
to the same alliance, attend or host the same event, or share a person who
works at both. Each pair gets its kinds of link, the intermediaries, a depth
level on the ladder of ``queries/ladder.yaml``, a strength (see
:mod:`queries.scoring`) and the sources behind every edge used.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from graph.cypher import key_label
from graph.knowledge_graph import KnowledgeGraph
from queries.backend import Backend
from queries.kept import per_revision
from queries.ladder import ladder, rung_name
from queries.links import EVIDENCE_TABLE, HUB_COLUMNS, hub_cypher, hub_rows
from queries.names import LABEL
from queries.packed import pack
from queries.pair_table import BY_NAMES, KIND_BITS, pair_table
from queries.question import Param, Question
from queries.scoring import AS_OF_HELP, AS_OF_NOTE, scores

__all__ = ["CYPHER", "QUESTION", "connections"]

LINK_KINDS = ("stated", "project", "person", "alliance", "event")


def connections(
    kg: KnowledgeGraph,
    school: str | None = None,
    enterprise: str | None = None,
    region: str | None = None,
    industry: str | None = None,
    **_: Any,
) -> pd.DataFrame:
    """Raw link evidence between enterprises and schools, packed: one value list per hub
    (:data:`queries.links.HUB_COLUMNS`; networkx side, see :func:`queries.links.hub_rows`).

    ``school``, ``enterprise``, ``region`` and ``industry`` are node ids
    (names are resolved before this runs); the other filters act on the
    grouped pairs, identically for both backends.

    Examples
    --------
    >>> from queries import ask
    >>> df = ask("connections", shaoxing, enterprise="中科通信", school="绍兴中专")
    >>> row = df.iloc[0]
    >>> row["kinds"], int(row["depthLevel"]), float(row["strength"])
    ('stated、project、event', 5, 72.0)
    >>> df.loc[0, "via"].split("；")[0]
    'stated: 王苗庆创新工作站揭牌'
    """
    if not (school or enterprise or region or industry):
        return _every_link(kg)
    return pack(
        hub_rows(
            kg,
            _is_enterprise,
            _is_school,
            a_id=enterprise,
            b_id=school,
            region=region,
            industry=industry,
        )
    )


def _is_enterprise(data: dict[str, Any]) -> bool:
    return bool(data["label"] == LABEL.Enterprise)


def _is_school(data: dict[str, Any]) -> bool:
    return LABEL.School in data["labels"]


@per_revision
def _every_link(kg: KnowledgeGraph) -> pd.DataFrame:
    """Every enterprise–school hub row, packed: the national answers (``connections``
    and ``changes`` with no filter) read the whole graph, kept until it changes."""
    return pack(hub_rows(kg, _is_enterprise, _is_school))


# one key label seeks either side's id
assert key_label(LABEL.Enterprise) == key_label(LABEL.School)
CYPHER = hub_cypher(
    (LABEL.Enterprise, "enterprise"), (LABEL.School, "school"), key_label(LABEL.Enterprise)
)


def _post(raw: pd.DataFrame, params: dict[str, Any], backend: Backend) -> pd.DataFrame:
    """The pairs' table (:mod:`queries.pair_table`), its rows selected, scored and worded."""
    table = pair_table(raw, params.get("as_of"), backend)
    pairs = table.frame
    kind, min_depth = params.get("kind"), params.get("min_depth") or 0
    wanted = pairs.inRegion & pairs.inIndustry & (pairs.depthLevel >= min_depth)
    if kind is not None:
        wanted &= (pairs.kindBits & KIND_BITS[kind]) != 0
    kept = pairs[wanted.to_numpy()]
    reference = params.get("as_of") or table.newest
    depths = kept.depthLevel.to_numpy()
    rungs = {level: rung_name(level) for level in np.unique(depths).tolist()}
    return kept.assign(
        depth=pd.array([rungs[d] for d in depths.tolist()], dtype="str"),
        strength=scores(depths, kept.kindCount, kept.sourceCount, kept.latest, reference or None),
    )[[*QUESTION.columns, BY_NAMES]]


#: the deepest rung of the ladder: a higher ``min_depth`` could only answer nothing
_TOP_RUNG = max(r.level for r in ladder()[0])


QUESTION = Question(
    name="connections",
    zh="哪些企业与哪些学校相连：方式、中介、深度、强度与来源",
    en="Which enterprises are connected to which schools: how, through what, how deeply, "
    "how strongly, according to whom",
    params=(
        Param("school", node=LABEL.School, help="a school: name, alias or unique part"),
        Param("enterprise", node=LABEL.Enterprise, help="an enterprise: name, alias or part"),
        Param("region", node=LABEL.Region, help="either side located in this region (or below)"),
        Param(
            "industry", node=LABEL.Industry, help="either side, or the project, in this industry"
        ),
        Param("kind", help="only pairs linked this way", choices=LINK_KINDS),
        Param(
            "min_depth",
            int,
            0,
            help=f"only pairs at least this deep on the ladder (0–{_TOP_RUNG})",
            low=0,
            high=_TOP_RUNG,
        ),
        Param("as_of", date=True, help=AS_OF_HELP),
    ),
    columns={
        "enterprise": "企业 enterprise name",
        "school": "学校 school name",
        "schoolKind": "中职 or 高校",
        "kinds": "kinds of link, strongest first (stated, project, person, alliance, event)",
        "depthLevel": "deepest rung reached, 0 (co-presence only) to 6 (shared ownership)",
        "depth": "that rung in words (queries/ladder.yaml)",
        "via": "the intermediaries of each kind",
        "strength": "0–100: depth 40 + breadth 20 + recency 20 + sources 20 (queries/scoring.py)",
        "since": "when the earliest link came to be (latest date among its edges)",
        "latest": "newest date on any evidence",
        "sources": "citations of the sources behind the edges used",
        "enterpriseId": "enterprise node id",
        "schoolId": "school node id",
    },
    networkx=connections,
    cypher=CYPHER,
    post=_post,
    sort=("-strength", BY_NAMES),  # then enterprise, school and their ids
    examples=(
        {},
        {"school": "绍兴中专"},
        {"enterprise": "中科通信", "kind": "project"},
        {"region": "绍兴市", "min_depth": 3},
        {"as_of": "2023-10"},
        {"region": "合成01省", "min_depth": 4, "as_of": "2020"},
        {"enterprise": "中科通信", "school": "绍兴中专"},
        {"industry": "新材料", "kind": "project"},
    ),
    notes=AS_OF_NOTE,
    packed=HUB_COLUMNS,
    unwound=EVIDENCE_TABLE,
)
