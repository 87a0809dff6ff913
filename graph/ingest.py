"""The one load loop: batches of records into a store.

A batch (one file, or one folder of tables that refer to each other) is all
or nothing: every record is checked, all errors are collected and reported
together, and the store is written only when the batch is clean (or, with
``skip_invalid``, with the bad records set aside and reported). Writes are
idempotent, so an interrupted load can simply be run again.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from tqdm import tqdm

from graph.bulk import collector_paused
from graph.errors import LoadError, SchemaError
from graph.knowledge_graph import KnowledgeGraph
from graph.records import EdgeRecord, NodeRecord
from graph.store import Store

__all__ = ["Batch", "BatchRefused", "BatchReport", "ingest", "ingest_each"]

MAX_LISTED_ERRORS = 50


@dataclass(frozen=True)
class Batch:
    """Records from one source file or dataset, loaded as one transaction."""

    name: str
    records: Sequence[NodeRecord | EdgeRecord]
    #: problems the reader already found (bad cells); they refuse the batch
    #: like bad records do, and their rows are not among ``records``.
    errors: Sequence[LoadError] = ()
    #: things the analyst should know that do not refuse the batch (a
    #: mapping that states no relationships); shown in the build report.
    warnings: Sequence[str] = ()


@dataclass
class BatchReport:
    """What one batch did: counts before and after, and any rejected records."""

    name: str
    nodes_before: int
    nodes_after: int
    edges_before: int
    edges_after: int
    rejected: list[str] = field(default_factory=list)
    problems: list[LoadError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class BatchRefused(LoadError):
    """A batch with bad records: nothing from it was written; every error listed.

    ``alone`` is false when other batches of the same load were written
    before it: then "nothing was written" would deny what the store holds.
    """

    def __init__(self, name: str, errors: Sequence[str], *, alone: bool = True) -> None:
        self.errors = list(errors)
        listed = self.errors[:MAX_LISTED_ERRORS]
        more = len(self.errors) - len(listed)
        detail = "\n  ".join(listed) + (f"\n  … and {more} more" if more else "")
        written = "nothing was written" if alone else "nothing from it was written"
        super().__init__(
            name,
            f"refused, {written} ({len(self.errors)} error(s)):\n  {detail}",
            hint="fix the rows named above, or pass --skip-invalid to load the rest",
        )

    def among_others(self) -> BatchRefused:
        """The same refusal, worded for a load where other batches were written."""
        return BatchRefused(str(self.path), self.errors, alone=False)


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
    return list(ingest_each(store, batches, skip_invalid=skip_invalid, progress=progress))


def ingest_each(
    store: Store,
    batches: Iterable[Batch],
    *,
    skip_invalid: bool = False,
    progress: bool = True,
) -> Iterator[BatchReport]:
    """:func:`ingest`, yielding each batch's report as soon as it is written.

    A command loading several files tells the analyst what each one did as
    it goes, so when a later file is refused the earlier ones are already
    reported as loaded (they are in the store) instead of vanishing from
    the output behind the error.
    """
    kg = store.read_graph()
    for batch in batches:
        before = (kg.graph.number_of_nodes(), kg.graph.number_of_edges())
        snapshot = copy.deepcopy(kg) if skip_invalid else None
        problems = [*batch.errors, *_apply(kg, batch.records, batch.name, progress)]
        if problems and snapshot is not None:
            kg, problems = _apply_valid_rows(snapshot, batch, problems, progress)
        errors = [str(p) for p in problems]
        if errors and not skip_invalid:
            raise BatchRefused(batch.name, errors)
        store.write_graph(kg)
        after = (kg.graph.number_of_nodes(), kg.graph.number_of_edges())
        yield BatchReport(
            batch.name,
            before[0],
            after[0],
            before[1],
            after[1],
            errors,
            problems,
            list(batch.warnings),
        )


def _apply(
    kg: KnowledgeGraph, records: Sequence[NodeRecord | EdgeRecord], name: str, progress: bool
) -> list[LoadError]:
    errors: list[LoadError] = []
    shown = tqdm(
        records,
        desc=name,
        unit="rec",
        file=sys.stderr,
        disable=not progress or len(records) < 10_000,
    )
    with collector_paused(keep=True):
        for record in shown:
            try:
                if isinstance(record, NodeRecord):
                    kg.add_node(record)
                else:
                    kg.add_edge(record)
            except SchemaError as exc:
                errors.append(_record_error(record, exc, name))
    return errors


def _record_error(record: NodeRecord | EdgeRecord, exc: SchemaError, name: str) -> LoadError:
    prov = record.provenance
    if prov is None or prov.row is None:
        return LoadError(name, str(exc))
    # the message starts with the citation; keep it structured instead
    reason = str(exc).removeprefix(f"{prov.describe()}: ")
    return LoadError(prov.path, reason, row=prov.row)


def _apply_valid_rows(
    snapshot: KnowledgeGraph, batch: Batch, problems: list[LoadError], progress: bool
) -> tuple[KnowledgeGraph, list[LoadError]]:
    """Re-apply the batch without every row that had a bad record.

    A row is all or nothing: when one of its records fails, the others are
    left out too. Leaving a row out can break a later row that named a node
    it defined, so this repeats until no record fails.
    """

    def row_of(record: NodeRecord | EdgeRecord) -> tuple[str | None, int | None]:
        prov = record.provenance
        return (prov.path, prov.row) if prov else (None, None)

    problems = list(problems)
    bad = {(p.path, p.row) for p in problems if p.row is not None}
    while True:
        kg = copy.deepcopy(snapshot)
        kept = [r for r in batch.records if row_of(r) not in bad]
        new = _apply(kg, kept, batch.name, progress)
        if not new:
            return kg, problems
        problems.extend(new)
        bad |= {(p.path, p.row) for p in new}
