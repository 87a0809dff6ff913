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
from queries.packed import collect, pack, unpacked
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
    # The adjacency dicts are read directly: networkx's node and edge views
    # cost a Python call per alliance and per relationship.
    nodes, succ, pred = kg.graph._node, kg.graph._succ, kg.graph._pred
    out: list[tuple[Any, ...]] = []

    def emit(a: str, fact: str, other: str, data: dict[str, Any], date: Any) -> None:
        o = nodes[other]
        out.append(
            (a, nodes[a]["name"], fact, other, o["name"], list(o["labels"]),
             data["props"].get("role"), date, list(data["sources"]))
        )  # fmt: skip

    for a, adata in nodes.items():
        if adata["label"] != LABEL.Alliance:
            continue
        emit(a, "alliance", a, {"props": {}, "sources": adata["sources"]}, None)
        for u, keys in pred[a].items():
            for key, data in keys.items():
                props = data["props"]
                if key == REL.MEMBER_OF:
                    emit(a, "member", u, data, props.get("since") or props.get("date"))
                elif key in _GUIDE_TYPES:
                    emit(a, key, u, data, None)
                elif key == REL.ESTABLISHED:
                    founded = nodes[u]["props"].get("date") or props.get("since")
                    emit(a, "founded", u, data, founded)
                    for w, keys2 in pred[u].items():
                        for k2, d2 in keys2.items():
                            if k2 in _GUIDE_TYPES:
                                emit(a, k2, w, d2, None)
        for v, keys in succ[a].items():
            for key, data in keys.items():
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
    """One row per alliance from its facts (67,000 at 136,000 organisations).

    The facts are the packed value lists read by position (see the names
    below): a dict per fact was a third of the post-processing.
    """
    facts: dict[str, list[list[Any]]] = defaultdict(list)
    name = params.get("alliance")
    for r in unpacked(raw):
        if name is None or r[_ID] == name:
            facts[r[_ID]].append(r)
    titles = cite(backend, {s for fs in facts.values() for f in fs for s in f[_SOURCES] or ()})
    kinds: dict[tuple[str, ...], str] = {}
    out = [_alliance_row(aid, fs, titles, kinds) for aid, fs in facts.items()]
    return pd.DataFrame(out, columns=list(QUESTION.columns))


# positions in a fact (RAW_COLUMNS)
_ID, _NAME, _FACT, _OTHER_ID, _OTHER, _LABELS, _ROLE, _DATE, _SOURCES = range(9)


def _names(facts: list[list[Any]], fact: str) -> str:
    return "、".join(sorted({f[_OTHER] for f in facts if f[_FACT] == fact}))


def _alliance_row(
    aid: str, facts: list[list[Any]], titles: dict[str, str], kinds: dict[tuple[str, ...], str]
) -> dict[str, Any]:
    """The answer row of one alliance; ``kinds`` keeps each label set's concrete label."""
    members = {f[_OTHER_ID]: f for f in facts if f[_FACT] == "member"}
    counts: Counter[str] = Counter()
    for f in members.values():
        key = tuple(f[_LABELS])
        kind = kinds.get(key)
        if kind is None:
            kind = kinds[key] = concrete_label(key)
        counts[kind] += 1
    core = Counter({k: counts[k] for k in CORE_KINDS})
    roles = Counter(
        part for f in members.values() for part in str(f[_ROLE] or "成员").split("、") if part
    )
    leads = sorted(
        f[_OTHER] for f in members.values() if any(w in str(f[_ROLE] or "") for w in LEAD_WORDS)
    )
    founded = sorted((str(f[_DATE] or ""), f[_OTHER]) for f in facts if f[_FACT] == "founded")
    row: dict[str, Any] = {
        "alliance": facts[0][_NAME],
        "members": len(members),
        **{col: counts[label] for label, col in CORE_KINDS.items()},
        "association": counts[LABEL.Association],
        "alliances": counts[LABEL.Alliance],
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
        "sources": "；".join(sorted({titles[s] for f in facts for s in f[_SOURCES] or ()})),
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
