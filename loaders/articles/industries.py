"""Industries: the field a project, alliance or enterprise is said to serve.

A field is read from the words just before an anchor (…产业学院, …行业共同体,
在…行业中, …企业), token by token, and stops at a place, a number or an
evaluative modifier: 黑龙江省北大荒银发经济产业学院 serves 银发经济, and
省级示范性产业学院 names no field at all.  Reading words back from an anchor
carries over to fields no list foresaw (低空经济, 煤化工).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from loaders.articles.lexicon import ORG_LABELS, Lexicon, tokens
from loaders.articles.regions import is_region

if TYPE_CHECKING:
    from loaders.articles.relations import Facts

MAX_FIELD = 6  # characters; longer stretches are descriptions, not fields
_STOP_FLAGS = ("m", "q", "p", "c", "u", "r", "d", "f", "y", "e", "o", "x", "w", "s")
_ALLIANCE = r"(?:产教融合共同体|共同体|市域产教联合体|产教联合体|联盟|职教集团|职业教育集团)"


def _field_token(word: str, flag: str, lex: Lexicon) -> bool:
    if not re.fullmatch(r"[\u4e00-\u9fff]+", word) or word in lex.field_stop:
        return False
    if word in lex.name_breakers and word not in lex.name_verbs:
        return False
    if (flag == "ns" or is_region(word)) and word not in lex.generic_places:
        return False
    if flag.startswith("v") and flag != "vn":
        return word in lex.name_verbs
    return not flag.startswith(_STOP_FLAGS)


def field_before(text: str, lex: Lexicon) -> str | None:
    """The field words that `text` ends with (None when under two characters)."""
    start = len(text)
    for word, flag, s, _e in reversed(tokens(text)):
        if not _field_token(word, flag, lex) or len(text) - s > MAX_FIELD:
            break
        start = s
    field = text[start:]
    return field if len(field) >= 2 else None


def field_of_name(name: str, label: str, lex: Lexicon) -> str | None:
    """The industry a project's or alliance's name declares, if any."""
    if label == "Alliance":
        m = re.search(f"行业{_ALLIANCE}$", name)
        if m:
            field = field_before(name[: m.start()], lex)
            return field + "行业" if field else None
    idx = name.find("产业")
    if idx > 0:
        field = field_before(name[:idx], lex)
        if field:
            return field
    for pat in lex.industry_res:
        m = pat.search(name)
        if m:
            return m.group("x")
    return None


_IN_TRADE = re.compile(r"在(?P<f>[^,,。;;在]{2,12}?)行业(?:中|内|里|领域)")
_IS_FIRM = re.compile(r"是[^,,。;;]{0,16}?企业")


def read_industries(facts: Facts) -> None:
    """TARGETS_INDUSTRY / IN_INDUSTRY from names, and IN_INDUSTRY stated in prose."""
    lex = facts.lex
    for node in list(facts.reg.nodes.values()):
        if node.label not in {"Project", "Alliance"}:
            continue
        field = field_of_name(node.name, node.label, lex)
        if field:
            _industry(facts, field, node.first)
            rel = "TARGETS_INDUSTRY" if node.label == "Project" else "IN_INDUSTRY"
            facts.add(node.name, rel, field, node.first)
    firms = [n.name for n in facts.reg.nodes.values() if n.label == "Enterprise"]
    for i, sent in enumerate(facts.sentences):
        text = sent.text
        for m in _IN_TRADE.finditer(text):
            org = _subject(facts, i, m.start(), firms)
            field = field_before(text[: m.end("f")], lex)
            if org and field and m.start("f") <= m.end("f") - len(field):
                _in_industry(facts, org, field + "行业", i)
        for m in _IS_FIRM.finditer(text):
            org = _subject(facts, i, m.start(), firms)
            field = field_before(text[: m.end() - 2], lex)
            if org and field and facts.reg.nodes[org].label == "Enterprise":
                _in_industry(facts, org, field, i)


def _in_industry(facts: Facts, org: str, field: str, sent: int) -> None:
    _industry(facts, field, sent)
    facts.add(org, "IN_INDUSTRY", field, sent)


def _industry(facts: Facts, field: str, sent: int) -> None:
    """An Industry node; 银发经济产业 or 建材产业, where the text writes it, is an alias."""
    node = facts.reg.add(field, "Industry", sent)
    if node.label != "Industry":
        return
    core = field[:-2] if field.endswith(("行业", "产业")) else field
    for form in (core, core + "产业", core + "行业"):
        if form != node.name and any(form in s.text for s in facts.sentences):
            facts.reg.alias(form, node.name)


def _subject(facts: Facts, sent: int, pos: int, firms: list[str]) -> str | None:
    """The organisation written right before `pos`: a mention, or 公司/集团 for the only firm."""
    text = facts.sentences[sent].text
    lo = max(text.rfind(c, 0, pos) for c in ",,。;;") + 1
    spots = [x for x in facts.spots(sent, ORG_LABELS, lo, pos) if x[1] == pos]
    if spots:
        return spots[-1][2]
    if re.search(r"(?:^|[,,])(?:该|本|这家)?(?:公司|集团|企业)$", text[lo:pos]) and len(firms) == 1:
        return firms[0]
    return None
