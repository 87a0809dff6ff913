"""Alliance composition: who is in each alliance, who leads, who guides, how balanced.

An alliance of the 中高政园企 kind is meant to join five kinds of
organisation: 中职, 高校, 政府, 园区 and 企业. The balance indicator is the
evenness of its members across those five (Shannon entropy divided by its
maximum, ln 5): 1 when all five are equally present, 0 when one kind is
everything. ``missing`` names the kinds with no member at all, which is
what a lopsided alliance looks like in one glance.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any

import pandas as pd

from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from queries.backend import Backend, cite
from queries.kept import per_revision
from queries.names import LABEL, REL, concrete_label, rel_union
from queries.packed import collect, pack, unpack
from queries.question import Param, Question

__all__ = ["CORE_KINDS", "LEAD_WORDS", "QUESTION", "alliance_facts", "balance"]

#: the five kinds a 中高政园企 alliance joins, and the columns counting them
CORE_KINDS = {
    LABEL.SecondaryVocationalSchool: "secondary",
    LABEL.HigherEducationInstitution: "higherEd",
    LABEL.GovernmentAgency: "government",
    LABEL.IndustrialPark: "park",
    LABEL.Enterprise: "enterprise",
}
#: a member whose role contains one of these leads the alliance
LEAD_WORDS = ("牵头", "理事长", "主任单位", "会长", "发起", "秘书长")
RAW_COLUMNS = (
    "allianceId", "alliance", "fact", "otherId", "other", "otherLabels", "role", "date",
    "sources",
)  # fmt: skip
_GUIDE_TYPES = (REL.GUIDES, REL.SUPPORTS)


def balance(counts: Counter[str]) -> float:
    """Evenness of members across the five core kinds, 0–1, rounded to 0.01.

    >>> balance(Counter({"a": 1, "b": 1, "c": 1, "d": 1, "e": 1}))
    1.0
    >>> balance(Counter({"a": 7}))
    0.0
    """
    total = sum(counts.values())
    if not total:
        return 0.0
    entropy = -sum(n / total * math.log(n / total) for n in counts.values() if n)
    return round(entropy / math.log(len(CORE_KINDS)), 2) + 0.0  # no -0.0


@per_revision
def alliance_facts(kg: KnowledgeGraph) -> pd.DataFrame:
    """Raw facts about every alliance, packed: members, guides, founding events, parents.

    Every alliance whatever the parameters (the answer keeps the one asked
    for), so the rows are read once per graph revision.

    Examples
    --------
    >>> from queries import ask
    >>> df = ask("alliance-composition", shaoxing)
    >>> row = df[df.alliance.str.startswith("绍兴数字工匠")].iloc[0]
    >>> int(row.members), int(row.higherEd), row.missing, float(row.balance)
    (5, 2, '政府', 0.83)
    """
    g = kg.graph
    out: list[tuple[Any, ...]] = []

    def emit(a: str, fact: str, other: str, data: dict[str, Any], date: Any) -> None:
        o = g.nodes[other]
        out.append(
            (a, g.nodes[a]["name"], fact, other, o["name"], list(o["labels"]),
             data["props"].get("role"), date, list(data["sources"]))
        )  # fmt: skip

    for a, adata in g.nodes(data=True):
        if adata["label"] != LABEL.Alliance:
            continue
        emit(a, "alliance", a, {"props": {}, "sources": adata["sources"]}, None)
        for u, _, key, data in g.in_edges(a, keys=True, data=True):
            props = data["props"]
            if key == REL.MEMBER_OF:
                emit(a, "member", u, data, props.get("since") or props.get("date"))
            elif key in _GUIDE_TYPES:
                emit(a, key, u, data, None)
            elif key == REL.ESTABLISHED:
                emit(a, "founded", u, data, g.nodes[u]["props"].get("date") or props.get("since"))
                for w, _, k2, d2 in g.in_edges(u, keys=True, data=True):
                    if k2 in _GUIDE_TYPES:
                        emit(a, k2, w, d2, None)
        for _, v, key, data in g.out_edges(a, keys=True, data=True):
            if key == REL.PART_OF:
                emit(a, key, v, data, None)
    return pack(out)


_RET = (
    "RETURN a.id AS allianceId, a.name AS alliance, {fact} AS fact, o.id AS otherId, "
    "o.name AS other, labels(o) AS otherLabels, {role} AS role, {date} AS date, "
    "coalesce(r.sources, []) AS sources"
)
# $alliance (an id, or '' for every alliance) only cuts what travels over Bolt;
# the answer keeps the asked alliance on both backends.
_ASKED = "($alliance = '' OR a.id = $alliance)"
_BRANCHES = (
    f"MATCH (a:{LABEL.Alliance}) WHERE {_ASKED} WITH a, a AS o, a AS r\n"
    + _RET.format(fact="'alliance'", role="null", date="null"),
    f"MATCH (o)-[r:{REL.MEMBER_OF}]->(a:{LABEL.Alliance}) WHERE {_ASKED}\n"
    + _RET.format(fact="'member'", role="r.role", date="coalesce(r.since, r.date)"),
    f"MATCH (o)-[r:{rel_union(*_GUIDE_TYPES)}]->(a:{LABEL.Alliance}) WHERE {_ASKED}\n"
    + _RET.format(fact="type(r)", role="r.role", date="null"),
    f"MATCH (o:{LABEL.Event})-[r:{REL.ESTABLISHED}]->(a:{LABEL.Alliance}) WHERE {_ASKED}\n"
    + _RET.format(fact="'founded'", role="r.role", date="coalesce(o.date, r.since)"),
    f"MATCH (o)-[r:{rel_union(*_GUIDE_TYPES)}]->(:{LABEL.Event})"
    f"-[:{REL.ESTABLISHED}]->(a:{LABEL.Alliance}) WHERE {_ASKED}\n"
    + _RET.format(fact="type(r)", role="r.role", date="null"),
    f"MATCH (a:{LABEL.Alliance})-[r:{REL.PART_OF}]->(o) WHERE {_ASKED}\n"
    + _RET.format(fact="type(r)", role="r.role", date="null"),
)
CYPHER = "CALL () {\n" + "\nUNION ALL\n".join(_BRANCHES) + "\n}\nRETURN " + collect(*RAW_COLUMNS)


def _post(raw: pd.DataFrame, params: dict[str, Any], backend: Backend) -> pd.DataFrame:
    """One row per alliance from its facts (55,000 at 136,000 organisations).

    The collector is paused while the fact dicts pile up: its passes over
    them were about a quarter of the post-processing.
    """
    facts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    name = params.get("alliance")
    for r in unpack(raw, RAW_COLUMNS):
        if name is None or r["allianceId"] == name:
            facts[r["allianceId"]].append(r)
    titles = cite(backend, (s for fs in facts.values() for f in fs for s in f["sources"] or ()))
    out = [_alliance_row(aid, fs, titles) for aid, fs in facts.items()]
    return pd.DataFrame(out, columns=list(QUESTION.columns))


def _names(facts: list[dict[str, Any]], fact: str) -> str:
    return "、".join(sorted({f["other"] for f in facts if f["fact"] == fact}))


def _alliance_row(aid: str, facts: list[dict[str, Any]], titles: dict[str, str]) -> dict[str, Any]:
    members = {f["otherId"]: f for f in facts if f["fact"] == "member"}
    kinds = Counter(concrete_label(f["otherLabels"]) for f in members.values())
    core = Counter({k: kinds[k] for k in CORE_KINDS})
    roles = Counter(
        part for f in members.values() for part in str(f["role"] or "成员").split("、") if part
    )
    leads = sorted(
        f["other"] for f in members.values() if any(w in str(f["role"] or "") for w in LEAD_WORDS)
    )
    founded = sorted((str(f["date"] or ""), f["other"]) for f in facts if f["fact"] == "founded")
    row: dict[str, Any] = {
        "alliance": facts[0]["alliance"],
        "members": len(members),
        **{col: kinds[label] for label, col in CORE_KINDS.items()},
        "association": kinds[LABEL.Association],
        "alliances": kinds[LABEL.Alliance],
        "balance": balance(core),
        "missing": "、".join(SCHEMA.label(k).short for k in CORE_KINDS if not core[k]),
        "leads": "、".join(leads),
        "roles": "、".join(
            f"{r} {n}" for r, n in sorted(roles.items(), key=lambda x: (-x[1], x[0]))
        ),
        "guidedBy": _names(facts, REL.GUIDES),
        "supportedBy": _names(facts, REL.SUPPORTS),
        "foundedAt": "、".join(name for _, name in founded),
        "foundedOn": min((d for d, _ in founded if d), default=""),
        "partOf": _names(facts, REL.PART_OF),
        "sources": "；".join(sorted({titles[s] for f in facts for s in f["sources"] or ()})),
        "allianceId": aid,
    }
    return row


QUESTION = Question(
    name="alliance-composition",
    zh="联盟构成：各类成员数量、牵头单位、指导部门、成立活动与均衡度",
    en="Alliance composition: members by kind, lead units, guiding agencies, founding, balance",
    params=(Param("alliance", node=LABEL.Alliance, help="only this alliance"),),
    columns={
        "alliance": "联盟 / 联合体 / 共同体 name",
        "members": "number of member organisations",
        "secondary": "中职 members",
        "higherEd": "高校 members",
        "government": "政府 members",
        "park": "园区 members",
        "enterprise": "企业 members",
        "association": "行业组织 members",
        "alliances": "member alliances",
        "balance": "evenness across 中职/高校/政府/园区/企业, 0 (one kind) to 1 (all equal)",
        "missing": "core kinds with no member",
        "leads": "members whose role says they lead (牵头, 理事长 …)",
        "roles": "member roles with counts",
        "guidedBy": "organisations guiding the alliance or its founding event",
        "supportedBy": "organisations supporting the alliance or its founding event",
        "foundedAt": "the event(s) that established it",
        "foundedOn": "date of the founding event",
        "partOf": "the larger body it belongs to",
        "sources": "citations",
        "allianceId": "alliance node id",
    },
    networkx=alliance_facts,
    cypher=CYPHER,
    post=_post,
    sort=("-members", "alliance", "allianceId"),
    examples=({}, {"alliance": "绍兴数字工匠共育联盟"}),
    packed=tuple(RAW_COLUMNS),
)
