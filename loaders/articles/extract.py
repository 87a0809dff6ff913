"""Extract entities and relations from one Chinese industry–education report.

The pipeline: split sentences, find suffix-anchored names, events and
titled people, merge surface forms into entities (registry), then read
relations from cue words (relations).  Every fact keeps the sentence it came
from, so an analyst can check it against the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from loaders.articles.gazetteer import as_gazetteer, merge_known
from loaders.articles.lexicon import ORG_LABELS, load_lexicon, tokens
from loaders.articles.mentions import (
    Mention,
    co_built_institutes,
    drop_departments,
    event_own_words,
    scan_events,
    scan_names,
)
from loaders.articles.model import Entity, Evidence, Extraction, Relation
from loaders.articles.people import PersonMention, find_bylines, find_people
from loaders.articles.registry import Registry
from loaders.articles.relations import Facts, read_relations
from loaders.articles.text import resolve_date, split_sentences


def _outside_titles(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """Drop names inside 《…》 unless they are the whole bracketed title."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"《[^》]*》", sentence)]
    out = []
    for m in mentions:
        inside = [s for s in spans if s[0] < m.start and m.end < s[1]]
        if inside and not any(s[0] + 1 == m.start and m.end + 1 == s[1] for s in inside):
            continue
        out.append(m)
    return out


def extract_article(
    text: str,
    *,
    path: str | None = None,
    published: str | None = None,
    title: str | None = None,
    url: str | None = None,
    gazetteer: Mapping[str, str] | None = None,
) -> Extraction:
    """Read entities and relations out of an article's cleaned body text.

    `published` (ISO date) fixes the year of dates written without one.
    `path` is accepted for provenance by callers; the text is not re-read.
    `gazetteer` maps names (and aliases) the graph already holds to their
    labels, so that they are recognised even without a known suffix; pass a
    `Gazetteer` to index a large one once for many articles.
    """
    del path
    lex = load_lexicon()
    tokens.cache_clear()  # the cache serves one article's rules, not repeated texts
    known = as_gazetteer(gazetteer)
    sentences = split_sentences(text)
    mentions: list[tuple[int, Mention]] = []
    people: list[tuple[int, PersonMention]] = []
    own_words: dict[str, str] = {}
    for i, sent in enumerate(sentences):
        found = scan_events(sent.text, lex)
        names = scan_names(sent.text, lex)
        if known:
            names = merge_known(names, known.scan(sent.text, lex))
        names = drop_departments(co_built_institutes(sent.text, names, lex))
        for ev in found:
            own = event_own_words(sent.text, ev, names, lex)
            if own:
                own_words.setdefault(ev.name, own)
        found += [
            m
            for m in names
            if not any(
                e.start <= m.start
                and m.end <= e.end
                and e.label == "Event"
                and m.label == "Project"
                for e in found
            )
        ]
        mentions += [(i, m) for m in _outside_titles(sent.text, found)]
        orgs = [m for m in found if m.label in ORG_LABELS]
        people += [
            (i, p)
            for p in find_people(sent.text, lex) + find_bylines(sent.text, lex)
            if not any(o.start <= p.start and p.end <= o.end for o in orgs)
        ]
    reg = Registry(lex)
    reg.build(mentions, sentences, text, own_words)
    facts = Facts(reg, sentences, lex, published)
    read_relations(facts, people)
    return _assemble(facts, published, title, url)


def _evidence(facts: Facts, sent: int) -> Evidence:
    s = facts.sentences[sent]
    return Evidence(s.text, s.start, s.end)


def _assemble(
    facts: Facts, published: str | None, title: str | None, url: str | None
) -> Extraction:
    """Freeze the collected nodes and relations into the public types."""
    reg = facts.reg
    used = {n for r in facts.relations for n in (r[0], r[2])}
    entities: list[Entity] = []
    for name, node in reg.nodes.items():
        if node.label == "Event":
            sent = facts.sentences[node.first].text
            node.props.setdefault("kind", _event_kind(name))
            date = resolve_date(sent, published)
            if date:
                node.props.setdefault("date", date)
        if (
            node.label == "Person"
            and name not in used
            and not node.props.get("role")
            and not node.props.get("titled")
        ):
            continue
        props = {k: v for k, v in node.props.items() if k != "titled"}
        entities.append(
            Entity(
                name, node.label, _evidence(facts, node.first), tuple(sorted(node.aliases)), props
            )
        )
    known = {e.name for e in entities}
    relations = [
        Relation(s, t, o, _evidence(facts, sent), props)
        for (s, t, o), (sent, props) in facts.relation_items()
        if s in known and o in known
    ]
    return Extraction(entities, relations, published, title, url)


def _event_kind(name: str) -> str:
    kinds = "成立大会|签约仪式|揭牌仪式|开班仪式|成立仪式|启动仪式|研讨会|理事大会|大会|会议|仪式"
    m = re.search(f"({kinds})$", name)
    return m.group(1) if m else "活动"


__all__ = ["ORG_LABELS", "extract_article"]
