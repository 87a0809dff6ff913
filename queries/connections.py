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

import pandas as pd

from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from queries.backend import Backend, cite
from queries.ladder import rung_name
from queries.links import LINK_COLUMNS, link_cypher, link_rows
from queries.names import LABEL, concrete_label
from queries.packed import unpack
from queries.question import Param, Question
from queries.scoring import Pair, group_pairs, strength, valid_as_of

__all__ = ["CYPHER", "QUESTION", "connections", "pairs_as_of"]

LINK_KINDS = ("stated", "project", "person", "alliance", "event")


def connections(
    kg: KnowledgeGraph,
    school: str | None = None,
    enterprise: str | None = None,
    region: str | None = None,
    industry: str | None = None,
    **_: Any,
) -> pd.DataFrame:
    """Raw link rows between enterprises and schools (networkx side).

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
    return link_rows(
        kg,
        lambda d: d["label"] == LABEL.Enterprise,
        lambda d: LABEL.School in d["labels"],
        a_id=enterprise,
        b_id=school,
        region=region,
        industry=industry,
        packed=True,
    )


CYPHER = link_cypher(
    f"a:{LABEL.Enterprise}",
    LABEL.School,
    "($enterprise = '' OR a.id = $enterprise) AND ($school = '' OR b.id = $school)",
    packed=True,
    seek=(LABEL.Organization, "enterprise"),
)


def pairs_as_of(evidence: list[dict[str, Any]], as_of: str | None) -> dict[tuple[str, str], Pair]:
    """Pairs built from the evidence that held at the end of ``as_of``."""
    return group_pairs(r for r in evidence if valid_as_of(r, as_of))


def _post(raw: pd.DataFrame, params: dict[str, Any], backend: Backend) -> pd.DataFrame:
    pairs = pairs_as_of(unpack(raw, LINK_COLUMNS), params.get("as_of"))
    kind, min_depth = params.get("kind"), params.get("min_depth") or 0
    kept = [
        p
        for p in pairs.values()
        if p.in_region
        and p.in_industry
        and (kind is None or kind in p.kinds)
        and p.depth >= min_depth
    ]
    latest = {key: p.latest for key, p in pairs.items()}
    reference = params.get("as_of") or max(latest.values(), default="")
    titles = cite(backend, (s for p in kept for s in p.sources))
    # A few kinds of school and seven rungs, named once rather than per pair.
    school_kinds: dict[tuple[str, ...], str] = {}
    rungs = {level: rung_name(level) for level in {p.depth for p in kept}}
    out = []
    for p in kept:
        labels = tuple(p.b_labels)
        if labels not in school_kinds:
            school_kinds[labels] = SCHEMA.label(concrete_label(labels)).short
        out.append(
            {
                "enterprise": p.a_name,
                "school": p.b_name,
                "schoolKind": school_kinds[labels],
                "kinds": p.kinds_text(),
                "depthLevel": p.depth,
                "depth": rungs[p.depth],
                "via": p.via_text(),
                "strength": strength(p, reference or None),
                "since": p.since,
                "latest": latest[p.a, p.b],
                "sources": "；".join(sorted(titles[s] for s in p.sources)),
                "enterpriseId": p.a,
                "schoolId": p.b,
            }
        )
    return pd.DataFrame(out, columns=list(QUESTION.columns))


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
        Param("min_depth", int, 0, help="only pairs at least this deep on the ladder (0–6)"),
        Param("as_of", date=True, help="only links that held at the end of this date"),
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
    sort=("-strength", "enterprise", "school", "enterpriseId", "schoolId"),
    examples=(
        {},
        {"school": "绍兴中专"},
        {"enterprise": "中科通信", "kind": "project"},
        {"region": "绍兴市", "min_depth": 3},
        {"as_of": "2023-10"},
        {"region": "合成01省", "min_depth": 4, "as_of": "2020"},
    ),
    packed=tuple(LINK_COLUMNS),
)
