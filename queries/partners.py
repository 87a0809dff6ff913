"""Everyone linked to one organisation, grouped by the partner's kind.

The same link evidence as ``connections`` (stated partnership, shared
project, alliance, event or person) plus direct relationships between two
organisations (membership of an alliance, a department's parent, guidance,
support), for any kind of partner, not only enterprise–school pairs.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from queries.backend import Backend, citations, cite, row_values
from queries.ladder import rung_name
from queries.links import LINK_COLUMNS, link_cypher, link_rows
from queries.names import LABEL, concrete_label
from queries.question import Param, Question
from queries.scoring import AS_OF_HELP, AS_OF_NOTE, group_pairs, held_at

__all__ = ["QUESTION", "partners"]

_ORDER = {name: i for i, name in enumerate(SCHEMA.concrete_labels)}


def partners(kg: KnowledgeGraph, name: str, **_: Any) -> pd.DataFrame:
    """Raw link rows from organisation ``name`` (an id) to every other organisation.

    Examples
    --------
    >>> from queries import ask
    >>> df = ask("partners", shaoxing, name="中科通信")
    >>> df[df.partnerKind == "中职"][["partner", "kinds", "depthLevel"]].values.tolist()
    [['绍兴中专', 'stated、project、event', 5]]
    """
    return link_rows(
        kg,
        lambda d: LABEL.Organization in d["labels"],
        lambda d: LABEL.Organization in d["labels"],
        a_id=name,
        direct=True,
    )


CYPHER = link_cypher(f"a:{LABEL.Organization}", LABEL.Organization, "a.id = $name", direct=True)


def _post(raw: pd.DataFrame, params: dict[str, Any], backend: Backend) -> pd.DataFrame:
    evidence = row_values(raw, LINK_COLUMNS)
    pairs = group_pairs(held_at(evidence, params.get("as_of"), backend))
    titles = cite(backend, (s for p in pairs.values() for s in p.sources))
    out = []
    for p in pairs.values():
        label = concrete_label(p.b_labels)
        out.append(
            {
                "partnerKind": SCHEMA.label(label).short,
                "kindOrder": _ORDER.get(label, 99),
                "partner": p.b_name,
                "kinds": p.kinds_text(),
                "depthLevel": p.depth,
                "depth": rung_name(p.depth),
                "via": p.via_text(),
                "since": p.since,
                "sources": citations(p.sources, titles),
                "partnerId": p.b,
            }
        )
    return pd.DataFrame(out, columns=[*QUESTION.columns, "kindOrder"])


QUESTION = Question(
    name="partners",
    zh="与某单位有联系的所有单位，按类别分组",
    en="Everyone linked to one organisation, grouped by kind",
    params=(
        Param(
            "name", node=LABEL.Organization, required=True, help="the organisation: name or part"
        ),
        Param("as_of", date=True, help=AS_OF_HELP),
    ),
    columns={
        "partnerKind": "the partner's kind (中职, 高校, 政府, 园区, 企业, 行业组织, 联盟)",
        "partner": "the partner's name",
        "kinds": "kinds of link (stated, direct, project, person, alliance, event)",
        "depthLevel": "deepest rung on the ladder (0 = co-presence only)",
        "depth": "that rung in words",
        "via": "the intermediaries or relationships of each kind",
        "since": "when the earliest link came to be",
        "sources": "citations of the sources behind the edges used",
        "partnerId": "partner node id",
    },
    networkx=partners,
    cypher=CYPHER,
    post=_post,
    sort=("kindOrder", "-depthLevel", "partner", "partnerId"),
    notes=AS_OF_NOTE,
    examples=({"name": "绍兴中专"}, {"name": "中科通信"}, {"name": "共育联盟"}),
)
