"""Merge mentions into entities: canonical names, aliases and nesting.

A report names the same organisation several ways (广州燃气集团 / 燃气集团,
湖北三峡职业技术学院 / 三峡职院, 宜昌高新技术产业开发区 / 高新区管委会).  The
rules here are structural (one name ends with the other, an abbreviation
piece, an explicit 以下简称) so they carry over to reports never seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.articles.lexicon import ORG_LABELS, Lexicon, tokens
from loaders.articles.mentions import Mention, match_suffix
from loaders.articles.regions import is_region
from loaders.articles.text import Sentence

_COMPANY = ("股份有限公司", "有限责任公司", "有限公司")
_WEAK_HEADS = re.compile(r"^[省市区县州]政府$|^(签约|揭牌|成立|开班|启动)")


@dataclass
class Node:
    """One entity being assembled from its mentions."""

    name: str
    label: str
    first: int  # sentence index of the first mention
    aliases: set[str] = field(default_factory=set)
    props: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Spot:
    """A mention placed in the body: sentence index and sentence offsets."""

    sent: int
    start: int
    end: int
    name: str
    label: str


class Registry:
    """Entities keyed by canonical name, with a surface-form lookup."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.nodes: dict[str, Node] = {}
        self.surface: dict[str, str] = {}
        self.spots: list[Spot] = []
        self.part_of: list[tuple[str, str, int]] = []

    def canonical(self, surface: str) -> str | None:
        """The entity a surface form stands for, if known."""
        return self.surface.get(surface)

    def node(self, surface: str) -> Node | None:
        """The node for a surface form, if known."""
        name = self.surface.get(surface)
        return self.nodes.get(name) if name else None

    def add(self, name: str, label: str, sent: int, **props: str) -> Node:
        """Add (or find) an entity under its canonical name."""
        if name in self.surface:
            return self.nodes[self.surface[name]]
        node = Node(name, label, sent, props=dict(props))
        self.nodes[name] = node
        self.surface[name] = name
        return node

    def alias(self, short: str, full: str) -> None:
        """Record `short` as another surface form of `full`'s entity."""
        target = self.surface.get(full, full)
        if short == target or target not in self.nodes:
            return
        if short in self.nodes and short != target:
            old = self.nodes.pop(short)
            self.nodes[target].aliases |= old.aliases
            self.nodes[target].first = min(self.nodes[target].first, old.first)
            for k, v in list(self.surface.items()):
                if v == short:
                    self.surface[k] = target
        self.nodes[target].aliases.add(short)
        self.surface[short] = target

    def build(
        self,
        mentions: list[tuple[int, Mention]],
        sentences: list[Sentence],
        body: str,
        own_words: dict[str, str] | None = None,
    ) -> None:
        """Turn raw mentions into entities, aliases and PART_OF pairs.

        `own_words` maps an event name that opens with its parties to the
        words that name the event itself; the latter becomes the name and the
        full form an alias.
        """
        lex = self.lex
        mentions = _drop_nested(mentions)
        explicit = _explicit_aliases(sentences, mentions)
        names = {m.name: m.label for _, m in mentions}
        strong = sorted(
            {(m.name, m.label) for _, m in mentions if not _weak(m, lex)},
            key=lambda x: -len(x[0]),
        )
        first = {}
        for s, m in mentions:
            first.setdefault(m.name, s)
            self.spots.append(Spot(s, m.start, m.end, m.name, m.label))
        for name, label in strong:
            if self.surface.get(name):
                continue
            own = (own_words or {}).get(name)
            if own and label == "Event":
                self.add(own, label, first[name])
                self.alias(name, own)
                continue
            full = self._alias_target(name, label, strong)
            if full:
                self.add(full, names[full], first[full])
                self.alias(name, full)
            else:
                self.add(name, label, first[name])
        for name, label in {(m.name, m.label) for _, m in mentions}:
            if name in self.surface:
                continue
            full = self._alias_target(name, label, strong)
            if full:
                self.alias(name, full)
        for short, full in explicit:
            if full in self.surface:
                self.alias(short, full)
        self._company_stems(body)
        self._nesting(strong, first)
        self._units()
        self._surface_spots(sentences)

    def _units(self) -> None:
        """A placeless "<field>学院" is a college of the report's one university.

        护理学院 or 材料科学与工程学院, named without a place, is a unit (二级学院)
        of a university, and a report names such units of its own school.  It
        is PART_OF that school when the report names exactly one other higher
        education institution; otherwise the parent stays unsaid.
        """
        schools = [n for n in self.nodes.values() if n.label == "HigherEducationInstitution"]
        units = [n for n in schools if _is_unit(n.name, self.lex)]
        parents = [n for n in schools if n not in units]
        if len(parents) != 1:
            return
        nested = {child for child, _, _ in self.part_of}
        for unit in units:
            if unit.name not in nested:
                self.part_of.append((unit.name, parents[0].name, unit.first))

    def _surface_spots(self, sentences: list[Sentence]) -> None:
        """Every later occurrence of a known name or alias is a mention too.

        Once a report has named an organisation (or tied a short form to it),
        the short form stands for it wherever it recurs, even where it has no
        suffix of its own (职教集团理事长莫少林, 中建西部建设的…).  Occurrences
        overlapping a mention already found are left alone.
        """
        forms = sorted(
            (
                (surface, name)
                for surface, name in self.surface.items()
                if len(surface) >= 3 and self.nodes[name].label not in {"Person", "Event"}
            ),
            key=lambda x: -len(x[0]),
        )
        by_sent: dict[int, list[tuple[int, int]]] = {}
        for sp in self.spots:
            if sp.label != "Event":  # events are named after what they are about
                by_sent.setdefault(sp.sent, []).append((sp.start, sp.end))
        for i, sent in enumerate(sentences):
            taken = by_sent.setdefault(i, [])
            for surface, name in forms:
                for m in re.finditer(re.escape(surface), sent.text):
                    if any(m.start() < e and s < m.end() for s, e in taken):
                        continue
                    taken.append((m.start(), m.end()))
                    self.spots.append(Spot(i, m.start(), m.end(), surface, self.nodes[name].label))

    def _alias_target(self, name: str, label: str, strong: list[tuple[str, str]]) -> str | None:
        """A unique longer name of a compatible label that `name` abbreviates."""
        forms = {name}
        for full_piece, shorts in self.lex.abbreviations.items():
            for short in shorts:
                if short in name:
                    forms.add(name.replace(short, full_piece))
        for manager in self.lex.park_managers:
            if name.endswith(manager) and label == "IndustrialPark":
                stem = name[: -len(manager)]
                forms.add(stem)
                for full_piece, shorts in self.lex.abbreviations.items():
                    for short in shorts:
                        if stem.endswith(short):
                            forms.add(stem[: -len(short)] + full_piece)
        hits = {
            full
            for full, flabel in strong
            if full != name
            and _compatible(label, flabel)
            and any(
                (full.endswith(f) or _unquoted(full).endswith(f)) and len(f) >= 2 for f in forms
            )
        }
        hits |= {
            full
            for full, flabel in strong
            if full != name and flabel == "IndustrialPark" == label and full in forms
        }
        # Prefer the longest when one full name contains the others.
        suffix = match_suffix(name, self.lex)[0]
        head = name[: len(name) - len(suffix)]
        if not hits and suffix and len(head) >= 2:
            # 大别山区域产教联合体 for 大别山区域智能制造产教联合体: a middle word dropped.
            hits = {
                full
                for full, flabel in strong
                if flabel == label
                and full != name
                and full.startswith(head)
                and full.endswith(suffix)
                and len(full) > len(name)
            }
        hits = {h for h in hits if not any(h != o and o.endswith(h) for o in hits)}
        if len(hits) > 1 and label == "IndustrialPark":
            # 绍兴黄酒小镇管委会管理中心 finds both 绍兴黄酒小镇管委会 and 绍兴黄酒小镇:
            # one park under two of its managers' names; the park itself wins.
            hits = {h for h in hits if all(o.startswith(h) for o in hits)}
        return next(iter(hits)) if len(hits) == 1 else None

    def _company_stems(self, body: str) -> None:
        """中建西部建设 for 中建西部建设股份有限公司, when the stem stands alone."""
        for name, node in list(self.nodes.items()):
            if node.label != "Enterprise":
                continue
            for suffix in _COMPANY:
                stem = name[: -len(suffix)] if name.endswith(suffix) else ""
                if len(stem) >= 4 and stem not in self.surface:
                    alone = [
                        m.start()
                        for m in re.finditer(re.escape(stem), body)
                        if not body.startswith(name, m.start())
                    ]
                    if alone:
                        self.alias(stem, name)
                break

    def _nesting(self, strong: list[tuple[str, str]], first: dict[str, int]) -> None:
        """`<org><unit>` is PART_OF `<org>` (绍兴滨海新区管委会人才发展局)."""
        for name, node in list(self.nodes.items()):
            if node.label not in ORG_LABELS or node.label in {"Enterprise", "Alliance"}:
                continue
            for inner, ilabel in strong:
                if inner == name or not name.startswith(inner) or ilabel not in ORG_LABELS:
                    continue
                rest = name[len(inner) :]
                managed = any(rest.startswith(p) for p in self.lex.park_managers)
                if ilabel == "IndustrialPark" or managed:
                    continue
                if any(rest.endswith(u) for u in self.lex.unit_suffixes) and len(rest) >= 2:
                    parent = self.surface.get(inner, inner)
                    if parent not in self.nodes:
                        self.add(inner, ilabel, first.get(inner, node.first))
                    self.part_of.append((name, self.surface[inner], node.first))
                    break


def _is_unit(name: str, lex: Lexicon) -> bool:
    """Whether a 学院 name carries no place and no school-kind word of its own."""
    if match_suffix(name, lex)[0] != "学院" or re.match(r"[省市区县州]|国家|中国", name):
        return False
    return not any(flag == "ns" or is_region(word) for word, flag, _, _ in tokens(name))


def _unquoted(name: str) -> str:
    """The name without its quoted nickname (绍兴数字工匠“中高政园企”共育联盟)."""
    return re.sub(r"[“‘][^”’]*[”’]", "", name)


def _compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    schools = {"SecondaryVocationalSchool", "HigherEducationInstitution"}
    return (a in schools and b in schools) or {a, b} == {"GovernmentAgency", "IndustrialPark"}


def _weak(m: Mention, lex: Lexicon) -> bool:
    """Short or generic forms that only count as another name's alias."""
    head = m.name[: len(m.name) - len(m.suffix)]
    if _WEAK_HEADS.search(m.name):
        return True
    if m.label == "Alliance" and not re.search(r"[\u4e00-\u9fff]{2}", head.replace("共育", "")):
        return True
    return m.label in {"Alliance", "Event"} and len(head) < 2


def _drop_nested(mentions: list[tuple[int, Mention]]) -> list[tuple[int, Mention]]:
    """Drop a mention inside a longer one unless it also stands alone.

    Organisations inside event names are kept: the event is named after
    them.  A project inside an event name and a company inside a subsidiary's
    name are not separate facts unless written separately too.
    """
    standalone: set[str] = set()
    inside: list[tuple[int, Mention, bool]] = []
    for s, m in mentions:
        container = [
            o
            for t, o in mentions
            if t == s
            and o is not m
            and o.start <= m.start
            and m.end <= o.end
            and (o.end - o.start) > (m.end - m.start)
        ]
        keep = not container or any(
            (o.label in {"Event", "Project"} and m.label in ORG_LABELS)
            or (o.label != "Enterprise" and o.start == m.start and m.label in ORG_LABELS)
            for o in container
        )
        # A group inside its subsidiary's name stays hidden even inside an event name.
        keep = keep and not any(
            o.label == "Enterprise" and m.label in ORG_LABELS for o in container
        )
        inside.append((s, m, keep))
        if not container:
            standalone.add(m.name)
    return [(s, m) for s, m, keep in inside if keep or m.name in standalone]


def _explicit_aliases(
    sentences: list[Sentence], mentions: list[tuple[int, Mention]]
) -> list[tuple[str, str]]:
    """X(以下简称“Y”), and X(Y) with Y a name of the same kind, make Y an alias of X."""
    out: list[tuple[str, str]] = []
    for i, sent in enumerate(sentences):
        here = [x for s, x in mentions if s == i]
        for x in here:
            inner = [
                y
                for y in here
                if y.start == x.end + 1
                and sent.text[x.end : x.end + 1] in "(("
                and sent.text[y.end : y.end + 1] in "))"
                and _compatible(x.label, y.label)
            ]
            out += [(y.name, x.name) for y in inner]
        for m in re.finditer(r"[((]以下简称[::]?“?(?P<y>[^”))]{2,12})”?[))]", sent.text):
            before = [x for s, x in mentions if s == i and x.end == m.start()]
            if before:
                out.append((m.group("y"), max(before, key=lambda x: x.end - x.start).name))
    return out
