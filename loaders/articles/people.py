"""Find people: a surname-initial name next to a title, or in a byline.

News reports name people almost always with their post: before the name
(…公司副总经理程少娟) or after it (程少娟副总经理).  Requiring a title or a
byline label keeps ordinary words that start with a surname character out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.articles.lexicon import Lexicon, tokens

_CJK = r"\u4e00-\u9fff"


@dataclass(frozen=True)
class PersonMention:
    """A person's name in a sentence, with the title span written before it."""

    name: str
    start: int
    end: int
    title: str  # text between the preceding boundary and the name ("" if none)
    title_start: int
    role: str | None = None  # byline role (记者, 审核 …)


def _is_surname_start(text: str, lex: Lexicon) -> int:
    """Length of the surname `text` starts with (0 if none)."""
    for compound in lex.compound_surnames:
        if text.startswith(compound):
            return 2
    return 1 if text[:1] in lex.surnames else 0


def _function_char_at(sentence: str, pos: int) -> bool:
    """Whether jieba reads the character at `pos` as a word of its own that is
    a preposition, conjunction, adverb or particle (在, 向, 和 …)."""
    for word, flag, start, _end in tokens(sentence):
        if start == pos:
            return len(word) == 1 and flag[:1] in ("p", "c", "d", "u")
        if start > pos:
            break
    return False


def name_at(sentence: str, pos: int, lex: Lexicon) -> str | None:
    """The person name starting at `pos`, decided by what follows it."""
    sn = _is_surname_start(sentence[pos:], lex)
    if not sn:
        return None
    for given in (2, 1):
        end = pos + sn + given
        cand = sentence[pos:end]
        if len(cand) != sn + given or not re.fullmatch(f"[{_CJK}]+", cand):
            continue
        if lex.not_names.search(cand) or lex.party_re.search(cand) or cand[-1] in "等与及的":
            continue
        if cand[sn:] in lex.role_words or cand[sn:] in lex.titles:  # 由校长任组长
            continue
        rest = sentence[end:]
        if given == 2 and _function_char_at(sentence, end - 1):
            continue  # 董妍在致辞: 在 is the preposition after a two-character name
        if not rest or not re.match(f"[{_CJK}]", rest[:1]):
            return cand
        if any(rest.startswith(w) for w in lex.after_name):
            return cand
    return None


def find_people(sentence: str, lex: Lexicon) -> list[PersonMention]:
    """Title-anchored person mentions in one sentence."""
    found: dict[int, PersonMention] = {}
    # Title before the name: the title span runs back to the last delimiter.
    for m in lex.title_any.finditer(sentence):
        pos = m.end()
        if pos in found:
            continue
        name = name_at(sentence, pos, lex)
        if not name:
            continue
        left = max(sentence.rfind(c, 0, m.start()) for c in ",,;;:: ")
        span_start = left + 1
        found[pos] = PersonMention(name, pos, pos + len(name), sentence[span_start:pos], span_start)
    # Title after the name: 程少娟副总经理, 於芳书记.
    for m in lex.title_any.finditer(sentence):
        for size in (3, 2):
            start = m.start() - size
            if start < 0 or start in found:
                continue
            cand = sentence[start : m.start()]
            before = sentence[start - 1 : start] if start else ""
            if before and re.match(f"[{_CJK}]", before) and before not in "与和及、":
                continue
            if not re.fullmatch(f"[{_CJK}]+", cand) or _is_surname_start(cand, lex) == 0:
                continue
            if lex.party_re.search(cand) or lex.not_names.search(cand):
                continue
            if any(cand.endswith(t) or t in cand for t in ("学校", "学院", "公司", "集团", "大学")):
                continue
            found[start] = PersonMention(cand, start, m.start(), "", start)
            break
    return sorted(found.values(), key=lambda p: p.start)


def find_bylines(sentence: str, lex: Lexicon) -> list[PersonMention]:
    """Bylines such as (记者 袁海军), 作者:储菊 万直国(通讯员), 审核:陈波 王倩倩."""
    out: list[PersonMention] = []
    labels = "|".join(map(re.escape, sorted(lex.bylines, key=len, reverse=True)))
    for m in re.finditer(f"(?:^|[((;;,,\\s])(?P<label>{labels})\\s*[::/ ]\\s*", sentence):
        role = lex.bylines[m.group("label")]
        pos = m.end()
        seg = re.match(r"[^;;))::。]*", sentence[pos:]).group(0)
        nxt = re.search(f"(?:{labels})\\s*[::/]", seg)
        seg = seg[: nxt.start()] if nxt else seg
        for part in re.finditer(f"[{_CJK}]+(?:[((](?P<r>[{_CJK}]+)[))])?", seg):
            word = part.group(0).split("(")[0].split("(")[0]
            if 2 <= len(word) <= 3 and _is_surname_start(word, lex):
                start = pos + part.start()
                out.append(
                    PersonMention(
                        word,
                        start,
                        start + len(word),
                        "",
                        start,
                        role=lex.bylines.get(part.group("r") or "", role),
                    )
                )
    return out
