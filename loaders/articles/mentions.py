"""Find name mentions (organisations, projects, events) in one sentence.

Names are found from their right edge: a schema suffix (有限公司, 职业技术学院,
产教联合体, 成立大会 …) ending on a jieba token boundary, read leftwards token
by token until a function word, verb, punctuation mark or title stops it.
Suffix-first matching generalises to unseen reports because the suffix list
is the schema's, not a list of known organisations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.articles.lexicon import ORG_LABELS, Lexicon, tokens
from loaders.articles.regions import is_region, region_ending_at, region_starting_at

_NAME_POS = ("n", "j", "b", "m", "eng", "vn", "a", "l", "i", "s", "nz", "ns", "nt", "nr", "ng")
_QUOTES = '“”"‘’「」『』'
_DATEISH = re.compile(r"^\d+$|^[\d一二三四五六七八九十]+[年月日号]$|^[年月日号]$")
_EVENT_VERBS = re.compile(r"(?:隆重|顺利|正式|成功)?(?:召开|举行|举办|开幕)")


@dataclass(frozen=True)
class Mention:
    """A candidate name at sentence-relative offsets."""

    name: str
    label: str
    start: int
    end: int
    suffix: str


def match_suffix(text: str, lex: Lexicon, labels: frozenset[str] | None = None) -> tuple[str, str]:
    """The longest schema suffix `text` ends with, as (suffix, label)."""
    for suffix, label in lex.suffixes_by_last.get(text[-1:], ()):
        if text.endswith(suffix) and (labels is None or label in labels):
            return suffix, label
    return "", ""


_LOCATIVES = frozenset(
    [
        "上",
        "下",
        "后",
        "前",
        "里",
        "间",
        "内",
        "外",
        "之间",
        "以上",
        "以下",
        "其中",
        "之中",
        "当中",
        "中间",
        "以后",
        "以前",
        "之后",
        "之前",
    ]
)
_STOP_FLAGS = ("p", "c", "u", "r", "d", "f", "y", "e", "o", "q")


def _token_ok(word: str, flag: str, lex: Lexicon) -> bool:
    """Whether a token may sit inside a name while reading leftwards."""
    if word in lex.name_breakers or _DATEISH.match(word) or word in lex.titles:
        return False
    if word in "()()•·-—“”":
        return True
    if not re.match(r"[\u4e00-\u9fffA-Za-z0-9]", word):
        return False
    if flag == "f":
        return word not in _LOCATIVES
    return not flag.startswith(_STOP_FLAGS) or word in lex.name_verbs


def _one_char_holder_ok(holder: tuple[str, str, int, int], lex: Lexicon) -> bool:
    """Whether the token carrying a one-character suffix (局, 处, 署 …) can end a name.

    A one-character suffix inside a verb (签署, 部署, 主办) or a common word
    (格局, 本科) is not an agency: the suffix must be a token of its own or
    end a token jieba does not read as a verb, adverb or function word.
    """
    word, flag = holder[0], holder[1]
    if word in lex.non_org_words or word in lex.name_breakers or flag in ("ns", "nr"):
        return False
    return len(word) == 1 or flag == "vn" or flag[:1] not in "vbdapcurf"


def _read_left(sentence: str, toks: list, j: int, e: int, lex: Lexicon) -> int:
    """Where a name ending at `e` (its suffix in token `j`) starts.

    Tokens are read leftwards while they can sit inside a name.  A listed
    place anchors the start: the name may open with a place even when the
    word after it looks like a verb (黑龙江省促进…学会) or jieba mistags the
    place itself (大连/d 工业大学).
    """
    start = toks[j][2]
    k = j - 1
    fallback: int | None = None  # the start before crossing an ambiguous verb
    while True:
        while k >= 0 and e - toks[k][2] <= 40:
            word, flag = toks[k][0], toks[k][1]
            if word in lex.name_breakers and word in lex.name_verbs and fallback is None:
                # 中建西部建设股份有限公司 or 推动建设职业学院: 建设 joins the name
                # only if the name then opens with a place.
                fallback, start, k = start, toks[k][2], k - 1
                continue
            if not _token_ok(word, flag, lex):
                break
            verb = flag.startswith("v") and flag != "vn"
            if verb and len(word) > 1 and word not in lex.name_verbs:
                # A verb-like token opens a name only right after a delimiter
                # (a brand in a list: 、兴发集团、); otherwise it is the verb.
                if k == 0 or toks[k - 1][0] != "、":
                    break
                return _settle(sentence, toks, toks[k][2], fallback)
            start = toks[k][2]
            k -= 1
        if _joins_fields(sentence, toks, k, start, e, lex):
            start, k = toks[k - 1][2], k - 2
            continue
        anchored = _place_anchor(sentence, toks, k, start, e, lex)
        if anchored is None:
            return _settle(sentence, toks, start, fallback)
        start, k = anchored


def _settle(sentence: str, toks: list, start: int, fallback: int | None) -> int:
    """Keep a start reached across an ambiguous verb only when a place opens the name."""
    if fallback is None:
        return start
    opening = next((t for t in toks if t[2] == start), None)
    placed = (
        region_starting_at(sentence, start) > 0
        or (opening and opening[1] == "ns")
        or re.match(r"[省市县区州]|自治区", sentence[start:])
    )
    return start if placed else fallback


_FIELD_JOINED = ("学院", "系", "处", "科", "部", "研究院", "研究所", "研究中心", "中心", "实验室")


def _joins_fields(sentence: str, toks: list, k: int, start: int, e: int, lex: Lexicon) -> bool:
    """Whether 与/和 at token `k` joins two fields inside one unit's name.

    Colleges and offices are named after two fields (材料科学与工程学院,
    职业教育与成人教育处).  The join is read as part of the name only when
    the name is a unit (学院, 处, 中心 …), the word before the join is a
    noun that does not itself end an organisation name, and the field after
    it has at least two characters: "A大学与B学院" stays two names.
    """
    if k < 1 or toks[k][0] not in ("与", "和") or e - toks[k - 1][2] > 40:
        return False
    if not any(sentence[start:e].endswith(u) for u in _FIELD_JOINED):
        return False
    field = sentence[toks[k][3] : e]
    if len(field) - max((len(u) for u in _FIELD_JOINED if field.endswith(u)), default=0) < 2:
        return False
    word, flag = toks[k - 1][0], toks[k - 1][1]
    if len(word) < 2 or not (flag.startswith("n") or flag == "vn") or flag in ("nr", "ns"):
        return False
    if is_region(word) or word in lex.generic_heads or word in lex.name_breakers:
        return False
    return not match_suffix(word, lex)[0]


def _place_anchor(
    sentence: str, toks: list, k: int, start: int, e: int, lex: Lexicon
) -> tuple[int, int] | None:
    """(new start, next token) when a listed place sits just left of `start`.

    Token `k` stopped the leftward reading.  Either it is itself (the end of)
    a place jieba did not tag as one, or it is a verb-like word with a place
    right before it.  Function words and the breakers never join a name.
    """
    if k < 0:
        return None
    word, flag = toks[k][0], toks[k][1]
    if word in lex.name_breakers or not re.match(r"[\u4e00-\u9fff]", word):
        return None
    if flag.startswith(("p", "c", "u", "r", "y", "e", "o", "q", "m")) or _DATEISH.match(word):
        return None
    for end in (toks[k][3], toks[k][2]):
        if end == toks[k][2] and not (flag.startswith(("v", "d", "a")) and len(word) > 1):
            continue
        begin = _region_start(sentence, toks, end, lex)
        if begin is not None and e - begin <= 40:
            i = k
            while i >= 0 and toks[i][2] > begin:
                i -= 1
            return begin, i - 1 if toks[i][2] == begin else i
    return None


def _region_start(sentence: str, toks: list, end: int, lex: Lexicon) -> int | None:
    """Start of a listed place (optionally with its 省/市/县/区 word) ending at `end`."""
    begin = region_ending_at(sentence, end)
    admin = sentence[end - 1 : end]
    if begin < 0 and admin and admin in "省市县区州旗盟":
        begin = region_ending_at(sentence, end - 1)
        if begin < 0 and admin in "省市":
            # 省促进…学会: the bare 省/市 of a name after a delimiter or a
            # function word (…和省促进…学会) stands for the article's province.
            before = [t for t in toks if t[3] == end - 1]
            if end - 1 == 0 or (before and not _token_ok(before[0][0], before[0][1], lex)):
                begin = end - 1
    if begin < 0:
        return None
    boundaries = {t[2] for t in toks}
    return begin if begin in boundaries else None


def _split_titles(toks: tuple, lex: Lexicon) -> list[tuple[str, str, int, int]]:
    """Split tokens that glue a one-character unit to its head's title.

    jieba reads 科研处处长 as 科研/处处长: the office 处 ends a name and 处长 is
    the title.  Splitting such tokens lets the suffix end the name.
    """
    out: list[tuple[str, str, int, int]] = []
    for word, flag, s, e in toks:
        head, rest = word[:1], word[1:]
        if len(word) >= 3 and rest in lex.titles and match_suffix(head, lex)[0] == head:
            out += [(head, "n", s, s + 1), (rest, "n", s + 1, e)]
            continue
        out.append((word, flag, s, e))
    return out


def _drop_self_reference(sentence: str, start: int, sstart: int, lex: Lexicon) -> int:
    """Skip a leading 学校/我校/公司 …: the report's own organisation, not the name.

    学校材料科学与工程学院 is the school's 材料科学与工程学院; no name opens with
    the word for "the school".  The rest must still have a two-character head.
    """
    for ref in lex.self_references:
        if sentence.startswith(ref, start) and sstart - (start + len(ref)) >= 2:
            return start + len(ref)
    return start


def scan_names(sentence: str, lex: Lexicon) -> list[Mention]:
    """Suffix-anchored names (organisations, alliances, projects) in a sentence."""
    toks = _split_titles(tokens(sentence), lex)
    starts = {t[2] for t in toks}
    found: list[Mention] = []
    for i, (_word, _flag, _s, e) in enumerate(toks):
        suffix, label = match_suffix(sentence[max(0, e - 12) : e], lex)
        if not suffix or label == "Event":
            continue
        sstart = e - len(suffix)
        j = i
        while j > 0 and toks[j][2] > sstart:
            j -= 1
        holder = toks[j]
        if len(suffix) == 1 and not _one_char_holder_ok(holder, lex):
            continue
        start = _read_left(sentence, toks, j, e, lex)
        # An opening quote with no closing one inside the name is not part of it.
        name = sentence[start:e]
        q = name.rfind("“")
        bare = sstart - (start + q + 1) < 2  # the quoted part is only the suffix
        if q > 0 and bare and "”" not in name[q:] and sentence[e : e + 1] == "”":
            e += 1  # 亿沣蔬粮种植“产学研基地”: the quote closes right after the suffix
        elif q >= 0 and "”" not in name[q:]:
            start += q + 1
        paren = max(name.rfind("("), name.rfind("("))
        if paren >= 0 and not re.search(r"[))]", name[paren:]):
            start += paren + 1  # X(Y学校: Y opens inside the bracket after X
        while sentence[start:e][:1] in ("”", ")", ")", "•", "·", "-"):
            start += 1
        start = _drop_self_reference(sentence, start, sstart, lex)
        name = sentence[start:e]
        if start not in starts and sentence[start - 1 : start] != "“":
            continue
        label = park_label(name, label, lex)
        if not _valid(name, suffix, label, toks, start, e, lex):
            continue
        booked = sentence[start - 1 : start] == "《" and sentence[e : e + 1] == "》"
        if suffix == "协议" and not booked:
            continue
        if label == "Project" and suffix in ("创新工作站", "工作站", "工作室"):
            for t in toks:
                if (
                    start < t[2]
                    and t[3] <= sstart
                    and t[1] == "nr"
                    and len(t[0]) in (2, 3)
                    and t[0][0] in lex.surnames
                    and re.fullmatch(r"(创新|技能大师)?", sentence[t[3] : sstart])
                ):
                    start = t[2]
                    name = sentence[start:e]
        found.append(Mention(name, label, start, e, suffix))
    return found


def park_label(name: str, label: str, lex: Lexicon) -> str:
    """A park's managing body (管委会, 管理办公室 …) is typed as the park."""
    for manager in lex.park_managers:
        if name.endswith(manager):
            stem = name[: -len(manager)]
            if match_suffix(stem, lex, frozenset({"IndustrialPark"}))[0]:
                return "IndustrialPark"
    return label


def _only_generic(head: str, lex: Lexicon) -> bool:
    """Whether `head` is made only of generic words and ranks (省级产教融合)."""
    rest = head
    while rest:
        word = next((w for w in lex.generic_words if rest.startswith(w)), None)
        if word is None:
            return False
        rest = rest[len(word) :]
    return True


def _valid(
    name: str, suffix: str, label: str, toks: list, start: int, end: int, lex: Lexicon
) -> bool:
    """Reject bare suffixes, generic heads and place-less agency names."""
    head = name[: len(name) - len(suffix)].strip(_QUOTES)
    if lex.not_names.search(name):
        return False
    if (len(head) < 2 and head not in ("省", "市", "区", "县", "州")) or head in lex.generic_heads:
        return False
    inner = [t for t in toks if t[2] >= start and t[3] <= end - len(suffix)]
    if _only_generic(head, lex) or (
        inner and all(t[0] in lex.generic_heads or t[0] in lex.field_stop for t in inner)
    ):
        return False  # 合作企业, 省级产教融合实训基地: a description, not a name
    if any(head.endswith(v) for v in lex.name_breakers if len(v) > 1 and v not in lex.name_verbs):
        return False  # 全力支持联合体: the head ends with the sentence's verb
    if lex.party_re.search(name) and label in ORG_LABELS and label != "Alliance":
        return False
    if label == "GovernmentAgency" or (suffix in lex.needs_place and label != "IndustrialPark"):
        has_place = (
            any(t[1] == "ns" or is_region(t[0]) for t in inner)
            or re.match(r"[省市区县州旗]|国家|中国|自治区", name)
            or region_starting_at(name, 0) > 0
        )
        if not has_place:
            return False
    return not (label == "Project" and re.search(r"[与和及]", head[-1:]))


_EVENT_LEFT = re.compile(r"(?:举行了|召开了|举办了|举行|召开|举办|出席|参加|在|[,,。;;::、\s])")
_DATE_HEAD = re.compile(
    r"^(?:\d{1,4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日|\d{1,2}日)"
    r"(?:上午|下午|晚上)?|^(?:近日|日前|今天|昨天|当天)"
)


def scan_events(sentence: str, lex: Lexicon) -> list[Mention]:
    """Event names: the clause before 在…召开/举行, or the object of 举行/召开.

    Event names contain verbs (成立, 签约), so they are read as the whole
    stretch between a clause boundary or a holding verb and the suffix, and
    kept only when the sentence says the event was held, attended or scoped.
    """
    found: list[Mention] = []
    seen_end = -1
    for suffix, label in lex.suffixes:
        if label != "Event":
            continue
        for m in re.finditer(re.escape(suffix), sentence):
            end = m.end()
            if end <= seen_end and any(f.end == end for f in found):
                continue
            left = [x.end() for x in _EVENT_LEFT.finditer(sentence, 0, m.start())]
            start = left[-1] if left else 0
            # …牵头组建的X成立大会: the event is named after the last 的.
            de = sentence.rfind("的", start, m.start())
            if (
                de >= 0
                and m.start() - de > 2
                and sentence.count("“", start, de) == sentence.count("”", start, de)
            ):
                start = de + 1
            if m.start() - start >= 2 and _event_ok(sentence, start, end, suffix, lex):
                found.append(Mention(sentence[start:end], "Event", start, end, suffix))
                seen_end = end
    found.sort(key=lambda x: (x.start, -x.end))
    out: list[Mention] = []
    for f in found:
        if not any(o.start <= f.start and f.end <= o.end for o in out):
            out.append(f)
    return out


def _event_ok(sentence: str, start: int, end: int, suffix: str, lex: Lexicon) -> bool:
    name = sentence[start:end]
    cut = _DATE_HEAD.match(name)
    if cut:
        return False
    after, before = sentence[end:], sentence[:start]
    held_after = re.match(r"(?:在[^,,。]{1,40}?|于[^,,。]{1,30}?)?" + _EVENT_VERBS.pattern, after)
    held_before = re.search(r"(?:召开|举行|举办)了?$", before)
    attended = re.search(r"(?:出席|参加)$", before) and after.startswith("的")
    scoped = re.search(r"在$", before) and re.match(r"(?:环节)?[中上](?:[,,]|$)", after)
    if not (held_after or held_before or attended or scoped):
        return False
    head = name[: len(name) - len(suffix)]
    if len(head) < 2 or re.match(r"^(本次|此次|这次|该|会上|大会|会议|上述)", name):
        return False
    if name.count("“") != name.count("”"):
        return False
    return not re.search(r"(出席|参加|表示|指出|认为|由|主持)", name)


_PARTY_JOINS = "与和同及、"


def event_own_words(
    sentence: str, event: Mention, names: list[Mention], lex: Lexicon
) -> str | None:
    """The event's own words when its name opens with the parties (A与B共建…仪式).

    Reports write "A与B共建X签约仪式在…举行"; the parties are who held the
    event, the rest is its name.  The own words are used only when they still
    identify the event (they name a project, alliance or organisation, or a
    quoted title); "A与B校企合作签约仪式" keeps the parties, because
    "校企合作签约仪式" alone would name every such ceremony.
    """
    orgs = {m.start: m for m in names if m.label in ORG_LABELS}
    pos, parties = event.start, 0
    while pos in orgs and orgs[pos].end < event.end:
        pos, parties = orgs[pos].end, parties + 1
        if sentence[pos : pos + 1] in _PARTY_JOINS and pos + 1 in orgs:
            pos += 1
        else:
            break
    if parties < 2:
        return None
    own = sentence[pos : event.end]
    if len(own) - len(event.suffix) < 2 or sentence[pos - 1 : pos] in _PARTY_JOINS:
        return None
    named = any(pos <= m.start and m.end <= event.end and m.label != "Event" for m in names)
    quoted = [
        q
        for q in re.findall(r"“([^”]{2,})”|《([^》]{2,})》", own)
        for q in q
        if q and not _bare_kind(q, lex)
    ]
    return own if named or quoted else None


def _bare_kind(text: str, lex: Lexicon) -> bool:
    """“订单班”: a kind of thing with no name of its own."""
    suffix = match_suffix(text, lex)[0]
    if not suffix:
        return False
    return len(text) - len(suffix) < 2 or _only_generic(text[: -len(suffix)], lex)


_INSTITUTES = ("研究院", "研究所", "研究中心")


def co_built_institutes(sentence: str, names: list[Mention], lex: Lexicon) -> list[Mention]:
    """Retype research institutes that the sentence says are co-built as projects.

    A 研究院 on its own is an organisation (Association); one that parties
    共建 (build together) is a joint project of theirs.  The institute must
    be the object of the build cue, alone or in a list (共建A、B和C).
    """
    cues = "|".join(map(re.escape, lex.cues["build"]))
    out: list[Mention] = []
    for m in names:
        if m.label != "Association" or not m.name.endswith(_INSTITUTES):
            out.append(m)
            continue
        clause_lo = max(sentence.rfind(c, 0, m.start) for c in ",,。;;") + 1
        cue = [c.end() for c in re.finditer(cues, sentence[clause_lo : m.start])]
        between = sentence[clause_lo + cue[-1] : m.start] if cue else None
        for other in names:
            if between and clause_lo + cue[-1] <= other.start and other.end <= m.start:
                between = between.replace(other.name, "")
        if between is not None and re.fullmatch(r"[、和与及“”\s]*", between):
            out.append(Mention(m.name, "Project", m.start, m.end, m.suffix))
        else:
            out.append(m)
    return out


def drop_departments(names: list[Mention]) -> list[Mention]:
    """Drop "<company or school><office>" read as an agency (…有限公司人力资源部).

    A firm's or school's office is no government agency and no organisation
    of its own in this graph: its people work at the firm or school, with the
    office in their title.  A university's colleges and institutes
    (…大学轻工学院, …学院纺织服装产业研究院) stay: they are schools and bodies.
    """
    hosts = {"Enterprise", "SecondaryVocationalSchool", "HigherEducationInstitution"}
    return [
        m
        for m in names
        if not (
            m.label == "GovernmentAgency"
            and any(o.start == m.start and o.end < m.end and o.label in hosts for o in names)
        )
    ]
