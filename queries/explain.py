"""A path and its sources → sentences an analyst can paste into a report.

Every relationship type has a Chinese and an English phrase; a path becomes
one paragraph in each language that ends with the citations of its sources,
so a finding always says according to whom.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.schema import SCHEMA
from queries.names import REL

__all__ = ["Hop", "describe_rel", "paragraphs", "sentence"]

#: type -> (Chinese phrase, English phrase); {s} is the start, {t} the end
PHRASES: dict[str, tuple[str, str]] = {
    REL.WORKS_AT: ("{s}任职于{t}", "{s} works at {t}"),
    REL.MEMBER_OF: ("{s}是{t}的成员", "{s} is a member of {t}"),
    REL.GUIDES: ("{s}指导{t}", "{s} guides {t}"),
    REL.SUPPORTS: ("{s}支持{t}", "{s} supports {t}"),
    REL.HOSTED: ("{s}主办{t}", "{s} hosted {t}"),
    REL.ATTENDED: ("{s}出席{t}", "{s} attended {t}"),
    REL.ESTABLISHED: ("{t}在{s}上成立或揭牌", "{t} was established at {s}"),
    REL.PARTICIPATES_IN: ("{s}参与{t}", "{s} takes part in {t}"),
    REL.SIGNED: ("{s}与{t}签约", "{s} signed with {t}"),
    REL.PARTNERS_WITH: ("{s}与{t}合作", "{s} partners with {t}"),
    REL.LEADS: ("{s}负责{t}", "{s} leads {t}"),
    REL.TARGETS_INDUSTRY: ("{s}面向{t}产业", "{s} targets the {t} industry"),
    REL.IN_INDUSTRY: ("{s}属于{t}产业", "{s} is in the {t} industry"),
    REL.LOCATED_IN: ("{s}位于{t}", "{s} is located in {t}"),
    REL.PART_OF: ("{s}隶属于{t}", "{s} is part of {t}"),
}
#: relationship properties worth quoting in a sentence
DETAIL_KEYS = ("agreement", "role", "title")


@dataclass(frozen=True)
class Hop:
    """One relationship of a path, in its stored direction."""

    start: str
    type: str
    end: str
    props: Mapping[str, Any]
    sources: tuple[str, ...]


def _detail(props: Mapping[str, Any]) -> str:
    return "、".join(str(props[k]) for k in DETAIL_KEYS if props.get(k))


def sentence(hop: Hop, lang: str = "zh") -> str:
    """One hop as a clause.

    >>> sentence(Hop("绍兴中科通信设备有限公司", "SIGNED", "绍兴中专",
    ...              {"agreement": "王苗庆创新工作站揭牌"}, ()))
    '绍兴中科通信设备有限公司与绍兴中专签约（王苗庆创新工作站揭牌）'
    >>> sentence(Hop("绍兴中专", "MEMBER_OF", "某联盟", {"role": "理事长单位"}, ()), "en")
    '绍兴中专 is a member of 某联盟 (理事长单位)'
    """
    rel = SCHEMA.rel(hop.type)
    zh, en = PHRASES.get(hop.type, ("{s}" + rel.zh + "{t}", "{s} " + rel.en + " {t}"))
    text = (zh if lang == "zh" else en).format(s=hop.start, t=hop.end)
    detail = _detail(hop.props)
    if detail:
        text += f"（{detail}）" if lang == "zh" else f" ({detail})"
    return text


def describe_rel(hop: Hop, forward: bool) -> str:
    """The relation column of a path table: type, direction and detail."""
    rel = SCHEMA.rel(hop.type)
    arrow = "↔" if rel.symmetric else "→" if forward else "←"
    detail = _detail(hop.props)
    return f"{arrow} {rel.zh} {hop.type}" + (f"（{detail}）" if detail else "")


def paragraphs(
    a: str, b: str, steps: Sequence[Sequence[Hop]], citations: Sequence[str]
) -> tuple[str, str]:
    """The Chinese and English paragraph explaining one path from ``a`` to ``b``.

    ``steps`` holds, per hop, every relationship joining its two nodes.
    """
    zh_parts = ["；".join(sentence(h, "zh") for h in hops) for hops in steps]
    en_parts = ["; ".join(sentence(h, "en") for h in hops) for hops in steps]
    n = len(steps)
    cited_zh = "、".join(citations) if citations else "（无来源记录）"
    english = [c.replace("（", " (").replace("，", ", ").replace("）", ")") for c in citations]
    cited_en = "; ".join(english) if english else "(no source recorded)"
    zh = f"{a}与{b}相隔{n}步：" + "；".join(zh_parts) + f"。来源：{cited_zh}。"
    step_word = "step" if n == 1 else "steps"
    en = f"{a} is {n} {step_word} from {b}: " + "; ".join(en_parts) + f". Sources: {cited_en}."
    return zh, en
