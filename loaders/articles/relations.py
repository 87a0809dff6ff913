"""Read relations from cue words around the entities of one article.

Each rule is a Chinese reporting convention: 在…的指导下 (guides), …出席/参加
(attended), A与B签署 (signed), 由…牵头 / 作为成员单位 (member of), 共建 (takes
part in a project), a title between an organisation and a name (works at).
Rules stay inside one sentence so that every relation has one sentence of
evidence; when in doubt a rule stays silent.
"""

from __future__ import annotations

import re
from itertools import combinations
from typing import Any

from loaders.articles.industries import read_industries
from loaders.articles.lexicon import ORG_LABELS, SCHOOL_LABELS, Lexicon
from loaders.articles.mentions import match_suffix
from loaders.articles.people import PersonMention
from loaders.articles.registry import Node, Registry
from loaders.articles.text import Sentence

_JOIN = re.compile(r"[与和同]")


class Facts:
    """Collects relations (deduplicated) with their evidence sentence."""

    def __init__(
        self, reg: Registry, sentences: list[Sentence], lex: Lexicon, published: str | None
    ) -> None:
        self.reg = reg
        self.sentences = sentences
        self.lex = lex
        self.published = published
        self.relations: dict[tuple[str, str, str], tuple[int, dict[str, Any]]] = {}
        self.works: dict[str, str] = {}  # person -> organisation (first seen)

    def add(self, s: str | None, t: str, o: str | None, sent: int, **props: Any) -> None:
        """Record a relation once; SIGNED pairs are stored in one direction."""
        if not s or not o or s == o:
            return
        if t == "SIGNED" and (o, t, s) in self.relations:
            s, o = o, s
        key = (s, t, o)
        if key in self.relations:
            old = self.relations[key][1]
            if "role" in props and props["role"] not in old.get("role", "").split("、"):
                old["role"] = "、".join(filter(None, [old.get("role"), props["role"]]))
            added = {k: v for k, v in props.items() if v and k != "role" and k not in old}
            if added:
                # A later sentence that names the agreement is the better evidence.
                self.relations[key] = (sent, {**old, **added})
            return
        self.relations[key] = (sent, {k: v for k, v in props.items() if v})

    def relation_items(self) -> list[tuple[tuple[str, str, str], tuple[int, dict[str, Any]]]]:
        """Relations in insertion order."""
        return list(self.relations.items())

    def spots(
        self,
        sent: int,
        labels: frozenset[str] | set[str] | None = None,
        lo: int = 0,
        hi: int | None = None,
    ) -> list[tuple[int, int, str]]:
        """Known entity mentions in a sentence window: (start, end, canonical)."""
        out = []
        for sp in self.reg.spots:
            if sp.sent != sent or sp.start < lo or (hi is not None and sp.end > hi):
                continue
            canon = self.reg.canonical(sp.name)
            node = self.reg.nodes.get(canon or "")
            if node and (labels is None or node.label in labels):
                out.append((sp.start, sp.end, node.name))
        out.sort()
        label = {x[2]: self.reg.nodes[x[2]].label for x in out}
        nested = labels is not None and "Event" not in labels
        return [
            x
            for x in out
            if not any(
                o[0] <= x[0] and x[1] <= o[1] and o != x and (label[o[2]] == label[x[2]] or nested)
                for o in out
            )
        ]


ORGS = ORG_LABELS - {"Alliance"}


def read_relations(facts: Facts, people: list[tuple[int, PersonMention]]) -> None:
    """Apply every relation rule to the registry's entities."""
    from loaders.articles.leaders import read_leaders  # it builds on Facts, defined here

    _people(facts, people)
    for child, parent, sent in facts.reg.part_of:
        facts.add(child, "PART_OF", parent, sent)
    main_event = _main_event(facts)
    for i, sent in enumerate(facts.sentences):
        _events(facts, i, sent, main_event)
        _guides(facts, i, sent, main_event)
        _attended(facts, i, sent, main_event)
        _signed(facts, i, sent, main_event)
        _members(facts, i, sent)
        _built(facts, i, sent, main_event)
    read_leaders(facts)
    read_industries(facts)


def _main_event(facts: Facts) -> str | None:
    events = [n for n in facts.reg.nodes.values() if n.label == "Event"]
    return min(events, key=lambda n: n.first).name if events else None


def _person_orgs(facts: Facts, sent: int, lo: int, hi: int) -> list[tuple[int, str]]:
    """Organisations standing for people named in a window (via WORKS_AT)."""
    text = facts.sentences[sent].text[lo:hi]
    return [(lo + text.index(p), org) for p, org in facts.works.items() if p in text]


_MODIFIER = r"[^,,。]*?的(?:领导|嘉宾|人员|同志|代表|师生)"
_OWN_PARTY = ("党委", "党总支", "党工委", "校党委")
_SEP = re.compile(r"^[、,,与和及\s]*$")


def _people(facts: Facts, people: list[tuple[int, PersonMention]]) -> None:
    """Person nodes and WORKS_AT from the title span before each name."""
    reg, lex = facts.reg, facts.lex
    # The report's schools, leaving out its colleges (护理学院 is part of one).
    units = {child for child, _, _ in reg.part_of}
    schools = [
        n.name for n in reg.nodes.values() if n.label in SCHOOL_LABELS and n.name not in units
    ]
    last: dict[int, tuple[int, str | None]] = {}
    for i, p in people:
        node = reg.add(p.name, "Person", i)
        if node.label != "Person":
            continue
        if p.role:
            node.props.setdefault("role", p.role)
            _byline_org(facts, i, p)
            continue
        node.props["titled"] = "yes"
        if not p.title:
            _body_title_after(facts, i, p)
            continue
        text = facts.sentences[i].text
        span_lo = p.title_start
        # Cut the span after a person named earlier in it (a list of people).
        for j, q in people:
            if j == i and q is not p and span_lo < q.end <= p.start:
                span_lo = q.end
        prev = last.get(i)
        cont_org = prev[1] if prev and _SEP.match(text[prev[0] : span_lo]) else None
        while span_lo < p.start and text[span_lo] in "、,,与和及 ":
            span_lo += 1
        span = text[span_lo : p.start]
        orgs = facts.spots(i, ORG_LABELS, span_lo, p.start)
        tail = _title_tail(span, lex)
        org, title = None, span
        if orgs:
            o_start, o_end, org = orgs[-1]
            title = text[o_end : p.start]
            before = text[span_lo:o_start].strip("、 ")
            own = before and not lex.party_re.search(before)
            if own and cont_org and lex.title_re.search(before) and len(orgs) == 1:
                facts.add(p.name, "WORKS_AT", cont_org, i, title=before)
        elif own_titles := _own_school_titles(span, lex):
            # 学校党委副书记、校长王军: the report's own school, titles and all.
            org, title = (schools[0], own_titles) if len(schools) == 1 else (None, span)
        elif lex.party_re.search(span) and not span.startswith(_OWN_PARTY):
            org = None
        elif cont_org and _continues(span, tail, lex):
            # 冀南技师学院党委书记许克亮、院长王小生, …教学部主任陆文美: titles
            # and units continue the organisation of the person before.
            org = cont_org
        elif (
            tail in lex.school_titles
            and len(schools) == 1
            and re.search(_SCHOOL_WORD, span[: len(span) - len(tail)])
        ):
            org, title = schools[0], tail
        title = re.sub(r"^(学校|学院)", "", title).strip("、 ")
        if org and title and lex.title_re.search(title):
            facts.add(p.name, "WORKS_AT", org, i, title=title)
            facts.works.setdefault(p.name, org)
        last[i] = (p.end, org if org and title else None)


_SCHOOL_WORD = re.compile(r"(?:^|[由和与及在请])(学校|学院|本校|该校)?$")
_SELF_SCHOOL = re.compile(r"(?:^|[由和与及在请])(?:学校|本校|该校|我校|校)(?P<t>[^由和与及在请]+)$")


def _own_school_titles(span: str, lex: Lexicon) -> str | None:
    """The titles in "(…由)学校党委书记" — the school's own word, then only titles."""
    m = _SELF_SCHOOL.search(span)
    if not m:
        return None
    pieces = m.group("t").split("、")
    return m.group("t") if all(lex.title_any.fullmatch(x) for x in pieces) else None


def _continues(span: str, tail: str, lex: Lexicon) -> bool:
    """Whether a title span goes on with the previous person's organisation.

    It does when it holds only titles or a unit of that organisation (教学部,
    招生就业科); a word for another body (市政府副市长, 学校校长) starts anew.
    """
    head = span[: len(span) - len(tail)].strip("、 ")
    if re.match(r"(学校|学院|本校|该校|公司|集团|企业)", head):
        return False
    if not head or all(lex.title_any.fullmatch(x) for x in span.split("、")):
        return True
    suffix = match_suffix(head, lex)[0]
    return not suffix or suffix in lex.unit_suffixes


def _byline_org(facts: Facts, i: int, p: PersonMention) -> None:
    """图/轻工学院 曾飞虎: an organisation written just before a byline name."""
    text = facts.sentences[i].text
    for start, end, org in facts.spots(i, ORG_LABELS, 0, p.start):
        if re.fullmatch(r"\s*", text[end : p.start]) and re.search(r"[/::]\s*$", text[:start]):
            facts.add(p.name, "WORKS_AT", org, i)
            facts.works.setdefault(p.name, org)


_BODY_TITLES = ("副理事长", "理事长", "副秘书长", "秘书长", "副会长", "会长")


def _body_title_after(facts: Facts, i: int, p: PersonMention) -> None:
    """韦群生秘书长汇报了职教集团…: an alliance's or association's officer.

    Titles such as 理事长 and 秘书长 written after a name, with no
    organisation before it, belong to the report's alliance or association
    when it names exactly one of them.
    """
    text = facts.sentences[i].text
    title = next((t for t in _BODY_TITLES if text.startswith(t, p.end)), None)
    bodies = [n.name for n in facts.reg.nodes.values() if n.label in {"Alliance", "Association"}]
    if title and len(bodies) == 1 and p.name not in facts.works:
        facts.add(p.name, "WORKS_AT", bodies[0], i, title=title)
        facts.works.setdefault(p.name, bodies[0])


def _title_tail(span: str, lex: Lexicon) -> str:
    m = lex.title_re.search(span)
    return m.group(0) if m else ""


_HELD = r"(?:隆重|顺利|正式|成功)?(?:召开|举行|举办)"


def _place(text: str, name_end: int) -> str | None:
    m = re.match(r"在(?P<p>[^,,。;]{2,40}?)" + _HELD, text[name_end:])
    return m.group("p") if m else None


def _events(facts: Facts, i: int, sent: Sentence, main_event: str | None) -> None:
    """Place, HOSTED, LOCATED_IN and ESTABLISHED for events named here."""
    reg, text = facts.reg, sent.text
    for sp in [s for s in reg.spots if s.sent == i and s.label == "Event"]:
        event = reg.canonical(sp.name)
        node = reg.nodes.get(event or "")
        if not node or node.label != "Event":
            continue
        place = _place(text, sp.end)
        place_at = sp.end + 1 if place else -1
        before = re.search(
            r"(?P<a>[^,,。;]*?)在(?P<p>[^,,。;]{2,30}?)(?:举办|举行|召开)了?$", text[: sp.start]
        )
        pair = re.search(
            r"([^,,。;]+?)[与和]([^,,。;]+?)(?:在[^,,。;]+)?(?:举办|举行|召开)了?$",
            text[: sp.start],
        )
        if before and not place:
            place, place_at = before.group("p"), before.start("p")
        if place and node.name == event and "place" not in node.props:
            node.props["place"] = place
        host = None
        if place:
            hits = [
                x
                for x in facts.spots(i, ORGS)
                if x[0] == place_at  # the organisation the event is held at, where it is written
                or place.startswith(_surface_of(reg, x[2], text, x))
            ]
            if hits:
                host = hits[0][2]
            elif re.match(r"^(本校|我校|学校|校内)", place):
                subj = facts.spots(i, ORGS, 0, sp.start)
                host = subj[0][2] if subj else None
            elif re.search(r"[省市县]$|[省市].{1,4}[市县区]$", place) and not re.search(
                r"[楼室厅馆心场城]", place
            ):
                reg.add(place, "Region", i)
                facts.add(event, "LOCATED_IN", place, i)
        inner = facts.spots(i, ORGS, sp.start, sp.end)
        if pair or (inner and re.match(r"[与和]", text[inner[0][1] : inner[0][1] + 1])):
            parties = facts.spots(i, ORGS, text.rfind(",", 0, sp.start) + 1, sp.end)
            if len(parties) >= 2:
                host = host or parties[0][2]
                facts.add(parties[0][2], "HOSTED", event, i)
                for x in parties[1:]:
                    facts.add(x[2], "ATTENDED", event, i)
        elif inner and inner[0][0] == sp.start and reg.nodes[inner[0][2]].label != "Alliance":
            host = host or inner[0][2]
        host = host or _subject_holds(facts, i, sp.start)
        if host:
            facts.add(host, "HOSTED", event, i)
        for x in facts.spots(i, {"Alliance", "Project"}, sp.start, sp.end):
            # A signing ceremony sets up the agreement signed, not the project
            # the parties agree to build (共建“X”签约仪式).
            cue = r"成立|揭牌|开班|启动" + ("|签约" if x[2].endswith(("协议", "协议书")) else "")
            if re.search(cue, text[x[1] : sp.end]):
                facts.add(event, "ESTABLISHED", x[2], i)
    # Projects set up in a clause of this sentence: 为X揭牌, X签约, 成立X.
    scoped = re.search(r"在(?P<e>[^,,。]+?)(?:环节)?[中上][,,]", text)
    scoped_event = reg.canonical(scoped.group("e")) if scoped else None
    for lo, hi in _clauses(text):
        clause = text[lo:hi]
        if not re.search(_SETUP, clause):
            continue
        events_here = facts.spots(i, {"Event"}, lo, hi)
        for x in facts.spots(i, {"Project"}, lo, hi):
            if any(e[0] <= x[0] and x[1] <= e[1] for e in events_here):
                continue
            after = re.search(_SETUP, text[x[1] : hi])
            if not after and not re.search(f"(?:{_SETUP})[了的]?[《“]?$", text[lo : x[0]]):
                continue
            target = scoped_event or main_event
            if target and (not events_here or scoped_event):
                facts.add(target, "ESTABLISHED", x[2], i)


_SETUP = "揭牌|签约|签订|签署|成立|开班|启动"


_HOLDS = re.compile(r"(?:于[^,,。;;]{1,20}?)?(?:隆重|顺利|正式)?(?:举行|举办|召开)了?$")


def _subject_holds(facts: Facts, i: int, event_start: int) -> str | None:
    """X(于…)举行Y: the one organisation right before the holding verb holds the event."""
    text = facts.sentences[i].text
    lo = max(text.rfind(c, 0, event_start) for c in ",,。;;") + 1
    orgs = facts.spots(i, ORGS, lo, event_start)
    if len({o[2] for o in orgs}) != 1 or text[lo : orgs[0][0]].strip():
        return None  # one organisation (its bracketed other name allowed), opening the clause
    rest = re.sub(r"^[))]", "", text[orgs[-1][1] : event_start])
    return orgs[0][2] if _HOLDS.fullmatch(rest) else None


def _surface_of(reg: Registry, name: str, text: str, spot: tuple[int, int, str]) -> str:
    return text[spot[0] : spot[1]] or name


def _clauses(text: str) -> list[tuple[int, int]]:
    out, lo = [], 0
    for m in re.finditer(r"[,,;;]", text):
        out.append((lo, m.start()))
        lo = m.end()
    out.append((lo, len(text)))
    return out


def _target_event(facts: Facts, i: int, main_event: str | None, lo: int = 0) -> str | None:
    here = facts.spots(i, {"Event"}, lo)
    return here[0][2] if here else main_event


def _guides(facts: Facts, i: int, sent: Sentence, main_event: str | None) -> None:
    """GUIDES / SUPPORTS / HOSTED from 在…的指导下, 在…的支持下, 由…主办."""
    for kind, rel in (("guide", "GUIDES"), ("support", "SUPPORTS"), ("host", "HOSTED")):
        for pat in facts.lex.cues[kind]:
            for m in re.finditer(pat, sent.text):
                target = _target_event(facts, i, main_event, m.end())
                if not target:
                    continue
                labels = {"GovernmentAgency", "IndustrialPark"} if rel == "GUIDES" else ORG_LABELS
                for x in facts.spots(i, labels, m.start("x"), m.end("x")):
                    facts.add(x[2], rel, target, i)


_LIST_INTRO = re.compile(
    r"(?:出席|参加|参会|与会|到会|到场)[^,,。;;]{0,24}?的[^,,。;;]{0,12}?(?:有|为|是)[::]?"
)


def _attended(facts: Facts, i: int, sent: Sentence, main_event: str | None) -> None:
    """Organisations present when their people 出席/参加/到会 (or are listed).

    A list introduced by 出席…的有 / 参会的…为 runs to the end of the
    sentence and on through the pieces after it that a semicolon joins.
    """
    text = sent.text
    cues = "|".join(map(re.escape, facts.lex.cues["attend"]))
    intro = _LIST_INTRO.search(text)
    hits = [m for m in re.finditer(cues, text) if not re.match(_MODIFIER, text[m.end() :])]
    if (not hits and not intro) or not main_event:
        return
    target = main_event
    for m in re.finditer(r"(?:出席|参加)(?P<e>[^,,。]+?)的有", text):
        t = facts.reg.canonical(m.group("e"))
        target = t or target
    hi = max(m.end() for m in hits) if hits else 0
    if intro or re.match(r"^[^,,。]*的有", text[hits[0].end() :]):
        hi = len(text)
    windows = [(i, hi)]
    if intro:
        j = i
        while facts.sentences[j].text.endswith((";", ";")) and j + 1 < len(facts.sentences):
            j += 1
            windows.append((j, len(facts.sentences[j].text)))
    for k, k_hi in windows:
        for x in facts.spots(k, ORGS, 0, k_hi):
            if x[2] == target or (x[2], "HOSTED", target) in facts.relations:
                continue
            facts.add(x[2], "ATTENDED", target, k)


def _resolve(facts: Facts, i: int, lo: int, hi: int) -> list[tuple[int, str]]:
    """Organisations named, or standing behind people named, in a window."""
    orgs = [(x[0], x[2]) for x in facts.spots(i, ORGS, lo, hi)]
    orgs += _person_orgs(facts, i, lo, hi)
    seen: dict[str, int] = {}
    for pos, org in sorted(orgs):
        seen.setdefault(org, pos)
    return sorted((p, o) for o, p in seen.items())


def _listed(facts: Facts, i: int, orgs: list[tuple[int, str]], lo: int) -> list[tuple[int, str]]:
    """The organisations that open a window as one list (A、B和C), up to the first gap.

    "A与B、C签署" pairs A with B and C; "A与B在C学院签署" pairs A with B only.
    """
    text = facts.sentences[i].text
    out: list[tuple[int, str]] = []
    pos = lo
    for start, org in orgs:
        if not re.fullmatch(r"[、,,和及与\s]*", text[pos:start]):
            break
        out.append((start, org))
        ends = [x[1] for x in facts.spots(i, ORG_LABELS) if x[0] == start]
        pos = max(ends) if ends else start + len(org)
    return out


# The signing happens at the meeting reported (not in a speech about the past).
_AT_EVENT = re.compile(
    r"(?:^(?:会上|现场|仪式上|大会上|会议上|活动现场)|在会上|在仪式上|在大会上|当场)"
    r"(?![说讲]|表示|指出|强调|介绍|回顾)(?!.*\d{4}年)"
)


_NOMINAL_SIGN = re.compile(r"(?:暨[^,,。]{0,12})?(?:仪式|大会|会议|活动|现场|环节)")


def _signed(facts: Facts, i: int, sent: Sentence, main_event: str | None = None) -> None:
    """A与B签署/签订/签约; A、B、C…签约 (pairwise)."""
    text = sent.text
    for cue in re.finditer("|".join(facts.lex.cues["sign"]), text):
        # 参加签约仪式: the ceremony's name; only "A与B…签约仪式" says who signed.
        nominal = _NOMINAL_SIGN.match(text, cue.end())
        lo = max(text.rfind(c, 0, cue.start()) for c in "。;;") + 1
        agreement = re.match(
            r"(?:了)?(?:《(?P<a>[^》]+)》|(?P<b>[\u4e00-\u9fff]{0,12}协议书?))", text[cue.end() :]
        )
        agree = (agreement.group("a") or agreement.group("b")) if agreement else None
        joins = [m for m in _JOIN.finditer(text, lo, cue.start())]
        pairs: list[tuple[str, str]] = []
        for j in joins:
            left = _resolve(facts, i, lo, j.start())
            right = _listed(facts, i, _resolve(facts, i, j.end(), cue.start()), j.end())
            if left and right:
                if len(left) == 1:  # A(分别)与B、C、D签署: A signed with each
                    pairs = [(left[0][1], b) for _, b in right if b != left[0][1]]
                else:  # A、B与C签约
                    pairs = [(a, right[0][1]) for _, a in left if a != right[0][1]]
                break
        if not pairs and not nominal:
            listed = _resolve(facts, i, lo, cue.start())
            if len(listed) >= 2 and re.search(r"[、]", text[lo : cue.start()]):
                pairs = [(a, b) for (_, a), (_, b) in combinations(listed, 2)]
        date = None
        for a, b in pairs:
            facts.add(a, "SIGNED", b, i, agreement=agree, date=date)
            node = facts.reg.node(agree or "")
            if node and node.label == "Project":
                facts.add(a, "PARTICIPATES_IN", node.name, i, role="签约方")
                facts.add(b, "PARTICIPATES_IN", node.name, i, role="签约方")
        if pairs and not facts.__dict__.get("pair"):
            facts.__dict__["pair"] = pairs[0]
        if pairs and main_event and _AT_EVENT.search(text[lo : cue.start()]):
            # 会上/现场, A与B签署…: whoever signs at the meeting is there.
            for org in dict.fromkeys(x for pair in pairs for x in pair):
                if (org, "HOSTED", main_event) not in facts.relations:
                    facts.add(org, "ATTENDED", main_event, i)


def _alliance(facts: Facts, i: int) -> str | None:
    here = facts.spots(i, {"Alliance"})
    if here:
        return here[0][2]
    alliances = [n for n in facts.reg.nodes.values() if n.label == "Alliance"]
    counts = {
        n.name: sum(1 for s in facts.reg.spots if facts.reg.canonical(s.name) == n.name)
        for n in alliances
    }
    return max(counts, key=lambda k: counts[k]) if counts else None


def _members(facts: Facts, i: int, sent: Sentence) -> None:
    """MEMBER_OF with the role the text gives (牵头单位, 理事长单位, 成员单位 …)."""
    text = sent.text
    roles = "|".join(map(re.escape, sorted(facts.lex.cues["roles"], key=len, reverse=True)))
    marks: list[tuple[int, int, str]] = []
    for m in re.finditer(rf"(?:作为|当选为|成为|以|为)[^,,。、]{{0,20}}?(?P<r>{roles})", text):
        marks.append((m.start(), m.end(), m.group("r")))
    lead = r"由(?P<l>[^。;]{2,120}?)(?:[一二三四五六七八九十两\d]+方)?(?:共同)?牵头"
    for m in re.finditer(lead, text):
        # 由A指导,B牵头: the leaders come after the guiding (or hosting) clause.
        cut = list(re.finditer(r"(?:指导|主办|支持|批准)[,,]?", m.group("l")))
        marks.append((m.start("l") + (cut[-1].end() if cut else 0), m.end(), "牵头单位"))
    for m in re.finditer(r"加入(?P<a>[^,,。]{2,30}?)的?申请|加入(?P<b>[^,,。]{2,30})", text):
        marks.append((m.start(), m.end(), "成员单位"))
    if not marks:
        return
    alliance = _alliance(facts, i)
    lo = 0
    for start, end, role in sorted(marks):
        window_lo = start
        if text[start : start + 2] in ("加入", "当选", "成为") or text[start] in "作以为":
            window_lo = max(lo, text.rfind("。", 0, start) + 1)
        orgs = _resolve(facts, i, window_lo, start if window_lo < start else end)
        for _, org in orgs:
            if alliance and facts.reg.nodes[org].label != "Alliance":
                facts.add(org, "MEMBER_OF", alliance, i, role=role)
        lo = end


def _built(facts: Facts, i: int, sent: Sentence, main_event: str | None) -> None:
    """PARTICIPATES_IN for the parties that 共建 / jointly unveil a project."""
    text = sent.text
    cues = "|".join(map(re.escape, facts.lex.cues["build"]))
    for cue in re.finditer(cues, text):
        projects = [x for x in facts.spots(i, {"Project"}, cue.start())]
        if not projects:
            continue
        pair_m = None
        for m in _JOIN.finditer(text, 0, cue.start()):
            pair_m = m
        parties: list[str] = []
        if pair_m:
            left = _resolve(
                facts, i, max(text.rfind(c, 0, pair_m.start()) for c in ",,。") + 1, pair_m.start()
            )
            right = _resolve(facts, i, pair_m.end(), cue.start())
            if left and right:
                parties = [left[-1][1], right[0][1]]
        if not parties and "双方" in text[: cue.start()] and facts.__dict__.get("pair"):
            parties = list(facts.__dict__["pair"])
        unveil = "揭牌" in text[cue.start() :] and "共建" not in cue.group(0)
        for org in parties:
            for x in projects[:1] if "揭牌" in text[cue.start() :] else projects:
                facts.add(org, "PARTICIPATES_IN", x[2], i, role="揭牌方" if unveil else "共建方")


__all__ = ["Facts", "Node", "read_relations"]
