"""The one load loop: batches of records into a store.

A batch (one file, or one folder of tables that refer to each other) is all
or nothing: every record is checked, all errors are collected and reported
together, and the store is written only when the batch is clean (or, with
``skip_invalid``, with the bad records set aside and reported). Writes are
idempotent, so an interrupted load can simply be run again.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tqdm import tqdm

from graph.errors import LoadError, SchemaError
from graph.knowledge_graph import KnowledgeGraph
from graph.records import EdgeRecord, NodeRecord
from graph.store import Store

__all__ = ["Batch", "BatchReport", "ingest"]

MAX_LISTED_ERRORS = 50


@dataclass(frozen=True)
class Batch:
    """Records from one source file or dataset, loaded as one transaction."""

    name: str
    records: Sequence[NodeRecord | EdgeRecord]


@dataclass
class BatchReport:
    """What one batch did: counts before and after, and any rejected records."""

    name: str
    nodes_before: int
    nodes_after: int
    edges_before: int
    edges_after: int
    rejected: list[str] = field(default_factory=list)


def ingest(
    store: Store,
    batches: Iterable[Batch],
    *,
    skip_invalid: bool = False,
    progress: bool = True,
) -> list[BatchReport]:
    """Load ``batches`` into ``store``, one all-or-nothing write per batch.

    Raises LoadError listing every bad record of the first refused batch;
    batches before it stay loaded, the refused one leaves the store unchanged.
    """
    kg = store.read_graph()
    reports = []
    for batch in batches:
        before = (kg.graph.number_of_nodes(), kg.graph.number_of_edges())
        errors = _apply(kg, batch, progress)
        if errors and not skip_invalid:
            listed = errors[:MAX_LISTED_ERRORS]
            more = len(errors) - len(listed)
            detail = "\n  ".join(listed) + (f"\n  … and {more} more" if more else "")
            raise LoadError(
                batch.name,
                f"refused, nothing was written ({len(errors)} error(s)):\n  {detail}",
                hint="fix the rows named above, or pass --skip-invalid to load the rest",
            )
        store.write_graph(kg)
        after = (kg.graph.number_of_nodes(), kg.graph.number_of_edges())
        reports.append(BatchReport(batch.name, before[0], after[0], before[1], after[1], errors))
    return reports


def _apply(kg: KnowledgeGraph, batch: Batch, progress: bool) -> list[str]:
    errors: list[str] = []
    records = tqdm(
        batch.records,
        desc=batch.name,
        unit="rec",
        file=sys.stderr,
        disable=not progress or len(batch.records) < 10_000,
    )
    for record in records:
        try:
            if isinstance(record, NodeRecord):
                kg.add_node(record)
            else:
                kg.add_edge(record)
        except SchemaError as exc:
            errors.append(str(exc))
    return errors
