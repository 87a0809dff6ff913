"""An article's extraction → records, with the article as their Source.

The extractor (:mod:`loaders.articles`) speaks in names; this module turns
its entities and relations into the records the graph takes, each citing the
sentence it was read from. A relation the schema does not allow is left out
and reported rather than loaded: from news text, a missing fact misleads less
than a wrong one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graph.errors import LoadError, SchemaError
from graph.ids import make_id
from graph.ingest import Batch
from graph.knowledge_graph import KnowledgeGraph
from graph.records import EdgeRecord, NodeRecord, NodeRef, Provenance
from graph.schema import SCHEMA
from loaders.articles import Extraction, extract_article, read_article

__all__ = [
    "extract_file",
    "extraction_records",
    "known_names",
    "read_article_batch",
    "source_key",
    "text_digest",
]

log = logging.getLogger(__name__)
Record = NodeRecord | EdgeRecord
_CHINESE = re.compile("[\u3400-\u9fff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def extract_file(
    path: Path,
    *,
    encoding: str | None = None,
    gazetteer: Mapping[str, str] | None = None,
    published: str | None = None,
) -> Extraction:
    """Read one article file (UTF-8 or GBK, text or HTML) and extract its facts.

    A file that is not Chinese text is refused rather than loaded as a
    source that states nothing. ``published`` (``--published``) overrides
    the publication date read from the file.
    """
    try:
        article = read_article(path, encoding, published=published)
    except LookupError:
        raise LoadError(
            str(path), f"unknown encoding {encoding!r}", hint="use gb18030 or utf-8"
        ) from None
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise LoadError(
            str(path),
            f"line {line} is not valid {encoding} ({exc.reason})",
            hint="pass the encoding it is in, or leave --encoding out to detect it",
        ) from None
    _check_text(path, article.body)
    extraction = extract_article(
        article.body,
        path=str(path),
        published=article.published,
        title=article.title,
        url=article.url,
        gazetteer=gazetteer,
    )
    return dataclasses.replace(extraction, digest=text_digest(article.body))


def text_digest(body: str) -> str:
    """A hash of an article's text: one article saved twice (or as .txt and .html) is one Source."""
    return "sha1:" + hashlib.sha1(body.strip().encode("utf-8")).hexdigest()[:20]


def _check_text(path: Path, body: str) -> None:
    controls = len(_CONTROL.findall(body))
    if "\x00" in body or controls > len(body) // 100:
        raise LoadError(str(path), "not a text file", hint="give the article as .txt, .md or .html")
    if not _CHINESE.search(body):
        what = "empty" if not body.strip() else "not in Chinese"
        raise LoadError(
            str(path),
            f"the article is {what}: there is no Chinese text to read facts from",
            hint="iekg extracts facts from Chinese reports; load tables for anything else",
        )


def read_article_batch(
    path: Path,
    *,
    encoding: str | None = None,
    gazetteer: Mapping[str, str] | None = None,
    published: str | None = None,
) -> Batch:
    """Read, extract and convert one article file into one batch."""
    extraction = extract_file(path, encoding=encoding, gazetteer=gazetteer, published=published)
    return Batch(str(path), extraction_records(extraction, path))


def known_names(kg: KnowledgeGraph) -> dict[str, str]:
    """Organisation and project names (and aliases) already in the graph, with labels.

    Passed to the extractor as a gazetteer, so that an organisation the graph
    already knows is recognised in an article even without a telling suffix.
    """
    names: dict[str, str] = {}
    for label in ("Organization", "Project"):
        for node in kg.nodes(SCHEMA.label(label).name):
            for name in (node["name"], *node["aliases"]):
                names.setdefault(name, node["label"])
    return names


def source_key(extraction: Extraction, path: Path) -> str:
    """What identifies an article as a Source: its URL, else its text's hash, else its path.

    Never its title: two reports may share a headline, and each counts as an
    independent source of what it states.
    """
    return extraction.url or extraction.digest or str(path)


def extraction_records(extraction: Extraction, path: Path) -> list[Record]:
    """The Source node, then entities, then the relations the schema allows."""
    title = extraction.title or path.stem
    source_props = {
        "title": title,
        "url": extraction.url,
        "date": extraction.published,
        "kind": "media",
        "path": path.name,
    }
    key = (source_key(extraction, path),)
    source = NodeRecord("Source", title, props=_valid_props("Source", source_props), scope=key)
    source_id = str(make_id("Source", source.name, scope=source.scope))
    records: list[Record] = [source]
    labels: dict[str, str] = {}
    scopes = _scopes(extraction)
    for entity in extraction.entities:
        prov = _prov(source_id, path, entity.evidence)
        record = NodeRecord(
            entity.type,
            entity.name,
            tuple(entity.aliases),
            _valid_props(entity.type, entity.props),
            provenance=prov,
            scope=scopes.get(entity.name, ()),
        )
        records.append(record)
        labels[entity.name] = entity.type
        scopes[entity.name] = record.scope
    for relation in extraction.relations:
        src, tgt = labels.get(relation.source), labels.get(relation.target)
        if src is None or tgt is None or not SCHEMA.allows(src, relation.type, tgt):
            log.info(
                "%s: left out %s -[%s]-> %s (not allowed by the schema)",
                path.name,
                relation.source,
                relation.type,
                relation.target,
            )
            continue
        props = {
            k: v for k, v in relation.props.items() if k in SCHEMA.rel_properties(relation.type)
        }
        try:
            records.append(
                EdgeRecord(
                    NodeRef(src, relation.source, scopes.get(relation.source, ())),
                    relation.type,
                    NodeRef(tgt, relation.target, scopes.get(relation.target, ())),
                    props,
                    _prov(source_id, path, relation.evidence),
                )
            )
        except SchemaError as exc:  # e.g. a date the text gives in a form we cannot read
            log.info("%s: left out a relation: %s", path.name, exc)
    return records


def _scopes(extraction: Extraction) -> dict[str, tuple[str, ...]]:
    """Each person's scope: the one organisation the article places them at.

    Someone the article places at two organisations, or at none, is left
    unscoped, so never merged into a namesake another source places at an
    organisation.
    """
    orgs: dict[str, set[str]] = {}
    for relation in extraction.relations:
        if relation.type == _WORKS_AT:
            orgs.setdefault(relation.source, set()).add(relation.target)
    return {person: (next(iter(at)),) for person, at in orgs.items() if len(at) == 1}


_WORKS_AT = SCHEMA.rel("WORKS_AT").name


def _prov(source_id: str, path: Path, evidence: Any) -> Provenance:
    return Provenance(
        source_id,
        path=path.name,
        sentence=evidence.sentence,
        start=evidence.start,
        end=evidence.end,
    )


def _valid_props(label: str, props: dict[str, Any]) -> dict[str, Any]:
    """Keep the properties the schema declares whose values it accepts."""
    allowed = SCHEMA.node_properties(label)
    kept = {}
    for key, value in props.items():
        if key in allowed and value not in (None, ""):
            try:
                NodeRecord(label, "x", props={key: value})
            except SchemaError:
                continue  # a date written as 11月10日 with no year stays in the sentence
            kept[key] = value
    return kept
