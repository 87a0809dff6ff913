"""Replaying decisions about identity on a load: the alias table and the judgement log.

Before a batch is ingested, every record that uses a merged name is given
the kept name (the written one stays as an alias), so the same facts land on
one node however they are written. A judgement that cannot be replayed is
named, with the command that undoes it, instead of the rows it broke.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from graph.errors import LoadError
from graph.ingest import Batch
from graph.records import EdgeRecord, NodeRecord, NodeRef
from graph.schema import SCHEMA
from graph.text import match_key
from loaders.judgements import ALIASES_PATH, LOG_NAME, JudgementLog, read_alias_table
from loaders.merge_rules import describe_kind, same_kind
from loaders.rescope import Rescopes

__all__ = ["Replay", "apply_aliases", "replay"]


def apply_aliases(batches: Iterable[Batch], renames: dict[str, str]) -> Iterator[Batch]:
    """Batches whose records use the kept name wherever a merged name was written.

    The written name stays as an alias, so searches by it still work. A
    relationship between two names of one organisation is left out, as a
    merge leaves it out: it would link the organisation to itself.
    """
    if not renames:
        yield from batches
        return
    for batch in batches:
        yield _renamed(batch, {key: (name, None) for key, name in renames.items()}, set())


# match key of a merged name -> (the kept name, the judgement that said so or None)
_Renames = dict[str, tuple[str, "dict[str, Any] | None"]]


def _renamed(batch: Batch, renames: _Renames, used: set[str]) -> Batch:
    """``batch`` with ``renames`` applied; adds the ids of the judgements used to ``used``."""
    records: list[NodeRecord | EdgeRecord] = []
    for record in batch.records:
        renamed = _rename(record, renames, used)
        if renamed is not None:
            records.append(renamed)
    return dataclasses.replace(batch, records=records)


def _rename(
    record: NodeRecord | EdgeRecord, renames: _Renames, used: set[str]
) -> NodeRecord | EdgeRecord | None:
    if isinstance(record, NodeRecord):
        kept = _kept(record.name, renames, used)
        if kept is None:
            return record
        aliases = (record.name, *record.aliases)
        return dataclasses.replace(record, name=kept, aliases=aliases)
    source = _ref(record.source, renames, used)
    target = _ref(record.target, renames, used)
    if source is record.source and target is record.target:
        return record
    if match_key(source.name) == match_key(target.name) and _one_family(source, target):
        return None  # the two ends were merged into one: the merge dropped this link too
    return dataclasses.replace(record, source=source, target=target)


def _kept(name: str, renames: _Renames, used: set[str]) -> str | None:
    found = renames.get(match_key(name))
    if found is None:
        return None
    kept, entry = found
    if entry is not None:
        used.add(entry["id"])
    return kept


def _ref(ref: NodeRef, renames: _Renames, used: set[str]) -> NodeRef:
    kept = _kept(ref.name, renames, used)
    # replace keeps the scope: a renamed 张伟 at 甲 is still the one at 甲
    return ref if kept is None else dataclasses.replace(ref, name=kept)


def _one_family(a: NodeRef, b: NodeRef) -> bool:
    if a.label is None or b.label is None:
        return True
    return SCHEMA.label(a.label).id_prefix == SCHEMA.label(b.label).id_prefix


class Replay:
    """The alias table and a store's judgements, applied to batches before they load.

    Made before anything loads, it refuses a log holding a merge of two
    nodes of different kinds (:mod:`loaders.merge_rules`), naming the
    judgement and the command that undoes it. It remembers which judgements
    renamed records in which batch, so that a refused batch can name them
    (:meth:`explain`).
    """

    def __init__(self, store_folder: Path, aliases: Path | None = ALIASES_PATH) -> None:
        self.store_folder = Path(store_folder)
        self.log = JudgementLog(self.store_folder / LOG_NAME)
        in_force = self.log.in_force()
        self._refuse_mixed_kinds(in_force)
        table = read_alias_table(aliases) if aliases else {}
        self.renames: _Renames = {key: (name, None) for key, name in table.items()}
        for entry in in_force:  # judgements win over the alias table
            if entry["action"] == "accept":
                for name in entry["mergeNames"]:
                    self.renames[match_key(name)] = (entry["keepName"], entry)
        self.used: dict[str, set[str]] = {}
        self.rescopes = Rescopes(in_force)  # merged namesakes take the kept scope

    def __call__(self, batches: Iterable[Batch]) -> Iterator[Batch]:
        """``batches`` with every rename applied."""
        for batch in batches:
            used = self.used.setdefault(batch.name, set())
            batch = self.rescopes(batch, used)  # before the names: it matches them as written
            yield _renamed(batch, self.renames, used) if self.renames else batch

    def undo_command(self, entry_id: str) -> str:
        """The command that undoes judgement ``entry_id`` in this store."""
        return f"iekg resolve --undo {entry_id} --store {self.store_folder}"

    def explain(self, exc: LoadError) -> LoadError:
        """``exc`` (a refused batch) naming the judgements that renamed its records."""
        used = self.used.get(exc.path or "")
        if not used:
            return exc
        entries = [e for e in self.log.in_force() if e["id"] in used]
        said = "; ".join(f"{e['id']} merged {_said(e)}" for e in entries)
        undo = ", or ".join(self.undo_command(e["id"]) for e in reversed(entries))
        return LoadError(
            exc.path,
            f"{exc.reason}\n  judgements replayed on this batch: {said}",
            row=exc.row,
            field=exc.field,
            hint=f"{exc.hint}; if a judgement caused it, undo it: {undo}"
            if exc.hint
            else f"if a judgement caused it, undo it: {undo}",
        )

    def _refuse_mixed_kinds(self, in_force: list[dict[str, Any]]) -> None:
        bad = [e for e in in_force if e["action"] == "accept" and not _one_kind(e)]
        if not bad:
            return
        said = "; ".join(f"{e['id']} ({e['at']}) merged {_said(e, kinds=True)}" for e in bad)
        undo = ", then ".join(self.undo_command(e["id"]) for e in reversed(bad))
        raise LoadError(
            str(self.log.path),
            f"judgement(s) merging nodes of different kinds, which replayed would break the "
            f"schema: {said}; nothing was loaded",
            hint=f"undo them with {undo}; then run iekg build again",
        )


def _one_kind(entry: dict[str, Any]) -> bool:
    snapshot = entry.get("snapshot") or {}
    if "keep" not in snapshot or "merge" not in snapshot:
        return True  # an entry without its nodes cannot be checked; replay it as before
    return same_kind(snapshot["keep"]["label"], snapshot["merge"]["label"])


def _said(entry: dict[str, Any], *, kinds: bool = False) -> str:
    """What an accept judgement said: 绍兴中专 into 绍兴市中等专业学校."""
    merged, kept = "、".join(entry["mergeNames"]), entry["keepName"]
    snapshot = entry.get("snapshot") or {}
    if kinds and "keep" in snapshot and "merge" in snapshot:
        merged += f" ({describe_kind(snapshot['merge']['label'])})"
        kept += f" ({describe_kind(snapshot['keep']['label'])})"
    return f"{merged} into {kept}"


def replay(
    batches: Iterable[Batch], store_folder: Path, aliases: Path | None = ALIASES_PATH
) -> Iterator[Batch]:
    """Batches with the alias table and the store's accepted merges applied.

    Judgements win over the alias table when both name the same alias. See
    :class:`Replay` for the checks and for naming a judgement in an error.
    """
    yield from Replay(store_folder, aliases)(batches)
