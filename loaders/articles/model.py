"""Value types the article extractor hands to the rest of the system.

They are frozen so that a finished extraction can be cached, compared and
shared between threads without anyone mutating a fact after the fact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact was read from, with its offsets in the body text.

    Offsets let a reviewer jump to the exact place in the cleaned article and
    let tests prove that every fact is grounded in the text.
    """

    sentence: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        """Plain-dict form used in the JSON output."""
        return {"sentence": self.sentence, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Entity:
    """A named thing found in the article, typed with a schema label."""

    name: str
    type: str
    evidence: Evidence
    aliases: tuple[str, ...] = ()
    props: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Plain-dict form used in the JSON output."""
        return {
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "props": dict(self.props),
            "evidence": self.evidence.to_json(),
        }


@dataclass(frozen=True)
class Relation:
    """A typed, directed fact between two entities, named by entity name."""

    source: str
    type: str
    target: str
    evidence: Evidence
    props: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Plain-dict form used in the JSON output."""
        return {
            "source": self.source,
            "type": self.type,
            "target": self.target,
            "props": dict(self.props),
            "evidence": self.evidence.to_json(),
        }


@dataclass(frozen=True)
class ArticleText:
    """An article reduced to its body text plus the header facts around it.

    `body` is the text that evidence offsets point into: page furniture
    (navigation, related-article lists) is already gone.
    """

    body: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    #: where `published` came from: "header", "dateline", "--published", or
    #: "page lists (estimate)" for the newest date in the page's article lists
    published_from: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything read from one article: entities, relations and context."""

    entities: list[Entity]
    relations: list[Relation]
    published: str | None = None
    title: str | None = None
    url: str | None = None
    #: a hash of the article's text: what identifies it as a Source when it has no URL
    digest: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The exchange shape other loaders and the scorer consume."""
        return {
            "entities": [e.to_json() for e in self.entities],
            "relations": [r.to_json() for r in self.relations],
        }
