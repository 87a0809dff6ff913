"""People with their titles, by organisation, and the people who span organisations.

A person who holds posts in two organisations (a professor who is also an
enterprise's technical director) is one of the most direct links between
them; ``multi=true`` lists only those people.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from queries.backend import Backend, citations, cite
from queries.kept import per_revision
from queries.names import LABEL, REL, concrete_label
from queries.packed import collect, pack, unpacked
from queries.question import Param, Question

__all__ = ["QUESTION", "people"]

RAW_COLUMNS = (
    "personId", "person", "orgId", "org", "orgLabels", "title", "since", "until", "sources",
    "leads",
)  # fmt: skip
#: the order of the answer: by organisation, person, person id, organisation id
_ORDER_BY = ("organization", "person", "personId", "orgId")


@per_revision
def people(kg: KnowledgeGraph) -> pd.DataFrame:
    """Raw rows, packed: one per (person, organisation), or per person without one.

    Everyone whatever the parameters: how many organisations a person works
    at counts all their posts, so the rows are read once per graph revision.

    Examples
    --------
    >>> from queries import ask
    >>> df = ask("people", shaoxing, organization="绍兴中专")
    >>> df[["person", "title"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['周劲松', '党委副书记、校长'], ['於芳', '党委书记'], ['汪江峰', '党委委员、纪委书记、副校长']]
    """
    # The adjacency dicts are read directly: networkx's node and edge views
    # cost a Python call per person and per post.
    nodes, succ = kg.graph._node, kg.graph._succ
    person, leads_rel, works_at = LABEL.Person, REL.LEADS, REL.WORKS_AT
    out: list[tuple[Any, ...]] = []
    for p, pdata in nodes.items():
        if pdata["label"] != person:
            continue
        leads: list[str] = []
        posts: list[tuple[str | None, dict[str, Any] | None]] = []
        for v, keys in succ[p].items():
            for k, d in keys.items():
                if k == leads_rel:
                    leads.append(nodes[v]["name"])
                elif k == works_at:
                    posts.append((v, d))
        for v, d in posts or [(None, None)]:
            o = nodes[v] if v else None
            props = d["props"] if d else {}
            out.append(
                (p, pdata["name"], v, o["name"] if o else None,
                 list(o["labels"]) if o else None, props.get("title"), props.get("since"),
                 props.get("until"), list(d["sources"]) if d else [], leads)
            )  # fmt: skip
    return pack(out)


# $organization (an id, or '' for everyone) only cuts what travels over Bolt:
# the people working there, with all their posts, which the count needs.
CYPHER = f"""MATCH (p:{LABEL.Person})
WHERE $organization = '' OR EXISTS {{ MATCH (p)-[:{REL.WORKS_AT}]->(x) WHERE x.id = $organization }}
OPTIONAL MATCH (p)-[w:{REL.WORKS_AT}]->(o)
RETURN {collect(
    "p.id", "p.name", "o.id", "o.name", "labels(o)", "w.title", "w.since", "w.until",
    "coalesce(w.sources, [])", f"[(p)-[:{REL.LEADS}]->(x) | x.name]",
)}"""  # fmt: skip


def _post(raw: pd.DataFrame, params: dict[str, Any], backend: Backend) -> pd.DataFrame:
    """The answer, built row by row as tuples from the packed value lists.

    Every person comes back (a count needs all their posts), 89,550 rows at
    136,000 organisations: a dict per row and a Python call per cell cost
    more than the query, so the rows are read and written as tuples (with
    the garbage collector paused while they pile up) and sorted in Python
    (see :mod:`queries.ordered`).
    """
    found = unpacked(raw)
    orgs: dict[str, set[str]] = defaultdict(set)
    for person_id, _, org_id, *_ in found:
        if org_id:
            orgs[person_id].add(org_id)
    wanted, multi = params.get("organization"), params.get("multi")
    kept = [
        r
        for r in found
        if (wanted is None or r[2] == wanted) and (not multi or len(orgs[r[0]]) > 1)
    ]
    titles = cite(backend, set().union(*(r[8] for r in kept if r[8])))  # one C call per row
    kinds: dict[tuple[str, ...], str] = {}
    out = []
    for person_id, person, org_id, org, labels, title, since, until, sources, leads in kept:
        key = tuple(labels or ())
        if key not in kinds:
            label = concrete_label(key)
            kinds[key] = SCHEMA.label(label).short if label else ""
        cited = citations(sources or (), titles)
        out.append(
            (org or "", kinds[key], person, title or "", since or "", until or "",
             len(orgs[person_id]), "、".join(sorted(leads)) if leads else "", cited,
             person_id, org_id or "")
        )  # fmt: skip
    return pd.DataFrame.from_records(out, columns=list(QUESTION.columns))


QUESTION = Question(
    name="people",
    zh="人物：各单位的人员与职务，以及跨单位任职的人",
    en="People with titles by organisation, and people linked to more than one organisation",
    params=(
        Param("organization", node=LABEL.Organization, help="only people of this organisation"),
        Param("multi", bool, False, help="only people with posts in more than one organisation"),
    ),
    columns={
        "organization": "the organisation (empty for a person with no known post)",
        "orgKind": "its kind",
        "person": "姓名 name",
        "title": "职务 title(s) there",
        "since": "in post since",
        "until": "in post until",
        "organizations": "how many organisations the person holds posts in",
        "leads": "projects the person leads",
        "sources": "citations",
        "personId": "person node id",
        "orgId": "organisation node id",
    },
    networkx=people,
    cypher=CYPHER,
    post=_post,
    sort=_ORDER_BY,
    examples=({}, {"organization": "绍兴中专"}, {"multi": True}),
    packed=tuple(RAW_COLUMNS),
)
