"""What happened when: founded, signed, unveiled, joined, started, ended.

Every dated fact becomes one row: events (成立大会, 签约仪式, 揭牌), what an
event established, signed agreements, projects starting, organisations
founded, members joining an alliance, and relationships that ended.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from graph.dates import date_end
from graph.knowledge_graph import KnowledgeGraph
from queries.backend import Backend, cite
from queries.kept import per_revision
from queries.names import LABEL, REL
from queries.packed import collect, pack, unpack
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
    # Python call per edge, which made this the slow part at scale.
    g = kg.graph
    nodes, succ, pred = g._node, g._succ, g._pred
    out: list[tuple[Any, ...]] = []
    for n, d in nodes.items():
        props, label = d["props"], d["label"]
        if label == LABEL.Event:
            made = [nodes[v]["name"] for v, keys in succ[n].items() for k in keys
                    if k == REL.ESTABLISHED]  # fmt: skip
            out.append((props.get("date"), "event", n, d["name"], props.get("kind"), made,
                        list(d["sources"])))  # fmt: skip
        elif label == LABEL.Project:
            members = [nodes[u]["name"] for u, keys in pred[n].items() for k in keys
                       if k == REL.PARTICIPATES_IN]  # fmt: skip
            out.append((props.get("since"), "project", n, d["name"], props.get("kind"), members,
                        list(d["sources"])))  # fmt: skip
        elif LABEL.Organization in d["labels"]:
            out.append((props.get("founded"), "founded", n, d["name"], props.get("kind"), [],
                        list(d["sources"])))  # fmt: skip
    for u, nbrs in succ.items():
        un, uprops = nodes[u]["name"], nodes[u]["props"]
        for v, keys in nbrs.items():
            for key, data in keys.items():
                props = data["props"]
                if key == REL.ESTABLISHED:
                    date = props.get("since") or uprops.get("date")
                    out.append((date, "established", v, nodes[v]["name"], un, [],
                                list(data["sources"])))  # fmt: skip
                elif key == REL.SIGNED:
                    out.append((props.get("date") or props.get("since"), "signed", u, un,
                                props.get("agreement"), [nodes[v]["name"]],
                                list(data["sources"])))  # fmt: skip
                elif key == REL.MEMBER_OF:
                    out.append((props.get("since"), "joined", u, un, props.get("role"),
                                [nodes[v]["name"]], list(data["sources"])))  # fmt: skip
                if props.get("until"):
                    out.append((props["until"], "ended", u, un, key, [nodes[v]["name"]],
                                list(data["sources"])))  # fmt: skip
    return pack(r for r in out if r[0] is not None)


_BRANCHES = (
    f"MATCH (n:{LABEL.Event})\n"
    "RETURN n.date AS date, 'event' AS what, n.id AS subjectId, n.name AS subject, "
    f"n.kind AS detail,\n       [(n)-[:{REL.ESTABLISHED}]->(x) | x.name] AS with, "
    "coalesce(n.sources, []) AS sources",
    f"MATCH (n:{LABEL.Project})\n"
    "RETURN n.since AS date, 'project' AS what, n.id AS subjectId, n.name AS subject, "
    f"n.kind AS detail,\n       [(x)-[:{REL.PARTICIPATES_IN}]->(n) | x.name] AS with, "
    "coalesce(n.sources, []) AS sources",
    f"MATCH (n:{LABEL.Organization})\n"
    "RETURN n.founded AS date, 'founded' AS what, n.id AS subjectId, n.name AS subject, "
    "n.kind AS detail, [] AS with, coalesce(n.sources, []) AS sources",
    f"MATCH (e)-[r:{REL.ESTABLISHED}]->(n)\n"
    "RETURN coalesce(r.since, e.date) AS date, 'established' AS what, n.id AS subjectId, "
    "n.name AS subject, e.name AS detail, [] AS with, coalesce(r.sources, []) AS sources",
    f"MATCH (n)-[r:{REL.SIGNED}]->(x)\n"
    "RETURN coalesce(r.date, r.since) AS date, 'signed' AS what, n.id AS subjectId, "
    "n.name AS subject, r.agreement AS detail, [x.name] AS with, "
    "coalesce(r.sources, []) AS sources",
    f"MATCH (n)-[r:{REL.MEMBER_OF}]->(x)\n"
    "RETURN r.since AS date, 'joined' AS what, n.id AS subjectId, n.name AS subject, "
    "r.role AS detail, [x.name] AS with, coalesce(r.sources, []) AS sources",
    "MATCH (n)-[r]->(x) WHERE r.until IS NOT NULL\n"
    "RETURN r.until AS date, 'ended' AS what, n.id AS subjectId, n.name AS subject, "
    "type(r) AS detail, [x.name] AS with, coalesce(r.sources, []) AS sources",
)
# One record for all the dated facts (see queries.packed): undated ones would only be
# dropped afterwards. `with` is a keyword, hence the quotes.
CYPHER = (
    "CALL () {\n"
    + "\nUNION ALL\n".join(_BRANCHES)
    + "\n}\nWITH * WHERE `date` IS NOT NULL\nRETURN "
    + collect(*(f"`{c}`" for c in RAW_COLUMNS))
)


def _post(raw: pd.DataFrame, params: dict[str, Any], backend: Backend) -> pd.DataFrame:
    start, end, what = params.get("start"), params.get("end"), params.get("what")
    last = date_end(end) if end is not None else None
    kept = [
        r
        for r in unpack(raw, RAW_COLUMNS)
        if r["date"]
        and (what is None or r["what"] == what)
        and (start is None or date_end(str(r["date"])) >= start)
        and (last is None or str(r["date"]) <= last)
    ]
    titles = cite(backend, (s for r in kept for s in r["sources"] or ()))
    out = [
        {
            "date": str(r["date"]),
            "what": r["what"],
            "whatZh": WHAT[r["what"]][0],
            "subject": r["subject"],
            "detail": r["detail"] or "",
            "with": "、".join(sorted(r["with"] or ())),
            "sources": "；".join(sorted({titles[s] for s in r["sources"] or ()})),
            "subjectId": r["subjectId"],
        }
        for r in kept
    ]
    return pd.DataFrame(out, columns=list(QUESTION.columns))


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
    sort=("date", "what", "subject", "detail", "with", "subjectId"),
    examples=({}, {"what": "established"}, {"start": "2023-11", "end": "2023"}),
    packed=tuple(RAW_COLUMNS),
)
