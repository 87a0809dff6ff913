"""People named in their project's name: 王苗庆创新工作站 is led by 王苗庆.

A 创新工作站, 技能大师工作室 or 名师工作室 is named after the expert who
leads it, and a report often names the expert nowhere else (国家级领军人才
王苗庆创新工作站揭牌).  The name part must be a person name to jieba (an
``nr`` token) starting with a known surname, so 黄河创新工作站 stays a project
named after a river.
"""

from __future__ import annotations

import re

from loaders.articles.lexicon import tokens
from loaders.articles.relations import Facts

__all__ = ["read_leaders"]

_KIND = re.compile(r"(?:创新|技能大师|大师|名师|劳模|专家)?(?:工作站|工作室)$")
# An honour written right before the project: 国家级领军人才王苗庆创新工作站.
_HONOUR = re.compile(
    r"(?:(?:国家级|省级|市级)?(?:领军人才|技能大师|劳动模范|大国工匠|首席技师|工匠)|院士)$"
)


def read_leaders(facts: Facts) -> None:
    """Person nodes and LEADS for projects named after their leader."""
    reg, lex = facts.reg, facts.lex
    for project in [n for n in reg.nodes.values() if n.label == "Project"]:
        kind = _KIND.search(project.name)
        if not kind:
            continue
        leader = project.name[: kind.start()]
        toks = tokens(project.name)
        if not (2 <= len(leader) <= 3) or toks[0][:2] != (leader, "nr"):
            continue
        compound = any(leader.startswith(c) for c in lex.compound_surnames)
        if not compound and leader[0] not in lex.surnames:
            continue
        person = reg.add(leader, "Person", project.first)
        if person.label != "Person":
            continue
        text = facts.sentences[project.first].text
        at = text.find(project.name)
        honour = _HONOUR.search(text[max(0, at - 12) : at]) if at > 0 else None
        if honour:
            person.props.setdefault("role", honour.group(0))
        facts.add(leader, "LEADS", project.name, project.first)
