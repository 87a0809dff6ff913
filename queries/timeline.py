"""What happened when: founded, signed, unveiled, joined, started, ended.

Every dated fact becomes one row: events (成立大会, 签约仪式, 揭牌), what an
event established, signed agreements, projects starting, organisations
founded, members joining an alliance, and relationships that ended.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from graph.dates import date_end
from graph.knowledge_graph import KnowledgeGraph
from queries.backend import Backend, citations, cite
from queries.kept import kept_with, per_revision
from queries.names import LABEL, REL
from queries.ordered import ORDER, ordered_frame
from queries.packed import collect, pack, unpacked
from queries.question import Param, Question

__all__ = ["QUESTION", "WHAT", "timeline"]

#: what -> (中文, English)
WHAT = {
    "event": ("活动", "event held"),
    "established": ("成立/揭牌", "established"),
    "signed": ("签约", "signed"),
    "project": ("项目启动", "project started"),
    "founded": ("单位成立", "organisation founded"),
    "joined": ("加入联盟", "joined an alliance"),
    "ended": ("结束", "ended"),
}
RAW_COLUMNS = ("date", "what", "subjectId", "subject", "detail", "with", "sources")
#: the order of the answer: by date, kind, subject, detail, other side(s), subject id
_ORDER_BY = ("date", "what", "subject", "detail", "with", "subjectId")
#: the hidden column of where each fact's date ends, for ``start`` (finish drops it)
_ENDS = "dateEnds"


@per_revision
def timeline(kg: KnowledgeGraph) -> pd.DataFrame:
    """Raw dated facts, packed (undated ones are dropped afterwards, on both backends).

    Examples
    --------
    >>> from queries import ask
    >>> df = ask("timeline", shaoxing, what="established")
    >>> df[["date", "subject", "detail"]].values.tolist()[0]
    ['2023-11-10', '“3E”现场工程师学院', '绍兴数字工匠“中高政园企”共育联盟成立大会']
    """
    # The adjacency dicts are read directly: networkx's edge views cost a
    # Python call per edge, which made this the slow part at scale. A fact
    # is only built when it has a date (the others would be dropped).
    g = kg.graph
    nodes, succ, pred = g._node, g._succ, g._pred
    event, project, org = LABEL.Event, LABEL.Project, LABEL.Organization
    made_by, part = REL.ESTABLISHED, REL.PARTICIPATES_IN
    signed, member = REL.SIGNED, REL.MEMBER_OF
    out: list[tuple[Any, ...]] = []
    for n, d in nodes.items():
        props, label = d["props"], d["label"]
        if label == event:
            if (date := props.get("date")) is not None:
                made = [nodes[v]["name"] for v, keys in succ[n].items() if made_by in keys]
                out.append((date, "event", n, d["name"], props.get("kind"), made,
                            list(d["sources"])))  # fmt: skip
        elif label == project:
            if (date := props.get("since")) is not None:
                members = [nodes[u]["name"] for u, keys in pred[n].items() if part in keys]
                out.append((date, "project", n, d["name"], props.get("kind"), members,
                            list(d["sources"])))  # fmt: skip
        elif org in d["labels"] and (date := props.get("founded")) is not None:
            out.append((date, "founded", n, d["name"], props.get("kind"), [],
                        list(d["sources"])))  # fmt: skip
    for u, nbrs in succ.items():
        un, uprops = nodes[u]["name"], nodes[u]["props"]
        for v, keys in nbrs.items():
            for key, data in keys.items():
                props = data["props"]
                if key == made_by:
                    date = props.get("since") or uprops.get("date")
                    if date is not None:
                        out.append((date, "established", v, nodes[v]["name"], un, [],
                                    list(data["sources"])))  # fmt: skip
                elif key == signed:
                    date = props.get("date") or props.get("since")
                    if date is not None:
                        out.append((date, "signed", u, un, props.get("agreement"),
                                    [nodes[v]["name"]], list(data["sources"])))  # fmt: skip
                elif key == member and (date := props.get("since")) is not None:
                    out.append((date, "joined", u, un, props.get("role"),
                                [nodes[v]["name"]], list(data["sources"])))  # fmt: skip
                if props.get("until"):
                    out.append((props["until"], "ended", u, un, key, [nodes[v]["name"]],
                                list(data["sources"])))  # fmt: skip
    return pack(out)


_BRANCHES = (
    f"MATCH (n:{LABEL.Event}) WHERE n.date IS NOT NULL\n"
    "RETURN n.date AS date, 'event' AS what, n.id AS subjectId, n.name AS subject, "
    f"n.kind AS detail,\n       [(n)-[:{REL.ESTABLISHED}]->(x) | x.name] AS with, "
    "coalesce(n.sources, []) AS sources",
    f"MATCH (n:{LABEL.Project}) WHERE n.since IS NOT NULL\n"
    "RETURN n.since AS date, 'project' AS what, n.id AS subjectId, n.name AS subject, "
    f"n.kind AS detail,\n       [(x)-[:{REL.PARTICIPATES_IN}]->(n) | x.name] AS with, "
    "coalesce(n.sources, []) AS sources",
    f"MATCH (n:{LABEL.Organization}) WHERE n.founded IS NOT NULL\n"
    "RETURN n.founded AS date, 'founded' AS what, n.id AS subjectId, n.name AS subject, "
    "n.kind AS detail, [] AS with, coalesce(n.sources, []) AS sources",
    f"MATCH (e)-[r:{REL.ESTABLISHED}]->(n) WHERE coalesce(r.since, e.date) IS NOT NULL\n"
    "RETURN coalesce(r.since, e.date) AS date, 'established' AS what, n.id AS subjectId, "
    "n.name AS subject, e.name AS detail, [] AS with, coalesce(r.sources, []) AS sources",
    f"MATCH (n)-[r:{REL.SIGNED}]->(x) WHERE coalesce(r.date, r.since) IS NOT NULL\n"
    "RETURN coalesce(r.date, r.since) AS date, 'signed' AS what, n.id AS subjectId, "
    "n.name AS subject, r.agreement AS detail, [x.name] AS with, "
    "coalesce(r.sources, []) AS sources",
    f"MATCH (n)-[r:{REL.MEMBER_OF}]->(x) WHERE r.since IS NOT NULL\n"
    "RETURN r.since AS date, 'joined' AS what, n.id AS subjectId, n.name AS subject, "
    "r.role AS detail, [x.name] AS with, coalesce(r.sources, []) AS sources",
    "MATCH (n)-[r]->(x) WHERE r.until IS NOT NULL\n"
    "RETURN r.until AS date, 'ended' AS what, n.id AS subjectId, n.name AS subject, "
    "type(r) AS detail, [x.name] AS with, coalesce(r.sources, []) AS sources",
)
# One record for all the dated facts (see queries.packed). Each branch keeps only
# dated facts before it reads the rest of them: undated ones would only be dropped
# afterwards. `with` is a keyword, hence the quotes.
CYPHER = (
    "CALL () {\n"
    + "\nUNION ALL\n".join(_BRANCHES)
    + "\n}\nRETURN "
    + collect(*(f"`{c}`" for c in RAW_COLUMNS))
)


def _post(raw: pd.DataFrame, params: dict[str, Any], backend: Backend) -> pd.DataFrame:
    """Every dated fact, in order and kept with the read (:func:`_facts`), selected by masks."""
    facts = kept_with(raw, "facts", lambda: _facts(raw, backend))
    start, end, what = params.get("start"), params.get("end"), params.get("what")
    wanted = np.ones(len(facts), bool)
    if what is not None:
        wanted &= (facts["what"] == what).to_numpy()
    if start is not None:
        wanted &= facts[_ENDS].to_numpy() >= start
    if end is not None:
        wanted &= facts["date"].to_numpy() <= date_end(end)
    return facts[wanted]


def _facts(raw: pd.DataFrame, backend: Backend) -> pd.DataFrame:
    """Every dated fact as a row in the answer's order, with where its date ends (``_ENDS``).

    Built once per read: the whole-graph read is kept until the graph
    changes, and at 136,000 organisations its 291,360 rows took over a
    second to cite, word and sort (a dict per row and pandas' sort on six
    text columns had taken six). Most rows have one source and at most one
    other side, which need no sorting.
    """
    dated = [r for r in unpacked(raw) if r[0]]
    titles = cite(backend, set().union(*(r[6] for r in dated if r[6])))  # one C call per row
    out = []
    for date, kind, subject_id, subject, detail, other, sources in dated:
        if not other:
            other = ""
        elif len(other) == 1:
            other = other[0]
        else:
            other = "、".join(sorted(other))
        cited = citations(sources or (), titles)
        out.append((str(date), kind, WHAT[kind][0], subject, detail or "", other, cited,
                    subject_id))  # fmt: skip
    facts = ordered_frame(out, QUESTION.columns, by=_ORDER_BY)
    facts[_ENDS] = [date_end(d) for d in facts["date"].tolist()]
    return facts


QUESTION = Question(
    name="timeline",
    zh="时间线：何时成立、签约、揭牌、加入、启动、结束",
    en="Timeline: what was founded, signed, unveiled, joined, started or ended when",
    params=(
        Param("start", date=True, help="from this date on"),
        Param("end", date=True, help="up to the end of this date"),
        Param("what", help="only this kind of fact", choices=tuple(WHAT)),
    ),
    columns={
        "date": "date as the source gives it (2023, 2023-11 or 2023-11-10)",
        "what": "kind of fact: " + ", ".join(f"{k} ({v[1]})" for k, v in WHAT.items()),
        "whatZh": "the same in Chinese",
        "subject": "what or who it is about",
        "detail": "event kind, project kind, agreement, role or relationship type",
        "with": "the other side(s): what an event established, a project's participants …",
        "sources": "citations",
        "subjectId": "subject node id",
    },
    networkx=timeline,
    cypher=CYPHER,
    post=_post,
    sort=(ORDER,),
    examples=({}, {"what": "established"}, {"start": "2023-11", "end": "2023"}),
    packed=tuple(RAW_COLUMNS),
)
