"""The judgement log and the alias table: decisions about identity, replayed on every load.

Whether 绍兴职院 is 绍兴职业技术学院 is a person's decision; once made it must
hold for every later load and be auditable. Each decision is one line of
JSON in ``judgements.jsonl`` beside the store: accept (merge), reject (keep
apart), or undo an earlier one. Before a batch is ingested, accepted merges
and the alias table (``data/aliases.csv``) rename the records that use a
merged name, so the same facts land on one node however they are written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from graph.errors import LoadError
from graph.ingest import Batch
from graph.records import EdgeRecord, NodeRecord, NodeRef
from graph.schema import SCHEMA
from graph.text import match_key
from loaders.merge_rules import describe_kind, same_kind
from loaders.readers import read_table

__all__ = [
    "ALIASES_PATH",
    "LOG_NAME",
    "JudgementLog",
    "Replay",
    "apply_aliases",
    "read_alias_table",
    "replay",
]

ALIASES_PATH = Path(__file__).resolve().parent.parent / "data" / "aliases.csv"
LOG_NAME = "judgements.jsonl"
_NAME_HEADERS = ("name", "名称", "标准名称", "全称")
_ALIAS_HEADERS = ("alias", "别名", "简称")


class JudgementLog:
    """Append-only decisions about pairs of names (``judgements.jsonl``)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def entries(self) -> list[dict[str, Any]]:
        """Every entry in order (an empty list when there is no log yet)."""
        if not self.path.exists():
            return []
        out = []
        with self.path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    try:
                        out.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise LoadError(
                            str(self.path),
                            f"not a judgement ({exc.msg})",
                            row=number,
                            hint="restore the line from a backup or delete it",
                        ) from None
        return out

    def append(self, entry: dict[str, Any]) -> dict[str, Any]:
        """Add an entry with the next id and the time; return it."""
        entries = self.entries()
        entry = {"id": f"j{len(entries) + 1}", "at": _now(), "by": _who(), **entry}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
        return entry

    def in_force(self) -> list[dict[str, Any]]:
        """Accept and reject entries that no later undo cancelled."""
        entries = self.entries()
        undone = {e["undoes"] for e in entries if e["action"] == "undo"}
        return [e for e in entries if e["action"] != "undo" and e["id"] not in undone]

    def find(self, entry_id: str) -> dict[str, Any]:
        """The entry called ``entry_id``; LoadError naming the ones there are."""
        for entry in self.entries():
            if entry["id"] == entry_id:
                return entry
        ids = ", ".join(e["id"] for e in self.entries()) or "none yet"
        raise LoadError(str(self.path), f"no judgement {entry_id!r}; the log has {ids}")

    def judged_pairs(self) -> set[str]:
        """Pair ids decided either way, so they are not proposed again."""
        return {e["pair"] for e in self.in_force() if e.get("pair")}

    def merged_ids(self) -> tuple[set[str], set[str]]:
        """(node ids folded away by merges in force, ids of both nodes of undone merges).

        A store that only adds (Neo4j, filled by ``iekg push``) needs both: the
        first are deleted, the second get exactly their own relationships back.
        """
        entries = self.entries()
        undone = {e["undoes"] for e in entries if e["action"] == "undo"}
        gone: set[str] = set()
        apart: set[str] = set()
        for entry in entries:
            if entry["action"] != "accept":
                continue
            if entry["id"] in undone:
                apart |= {entry["keep"], entry["merge"]}
            else:
                gone.add(entry["merge"])
        return gone, apart

    def renames(self) -> dict[str, str]:
        """match key of a merged name -> the kept name, from accepted merges."""
        table: dict[str, str] = {}
        for entry in self.in_force():
            if entry["action"] == "accept":
                for name in entry["mergeNames"]:
                    table[match_key(name)] = entry["keepName"]
        return table


def _who() -> str:
    """The account making the judgement, for the audit trail."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        return ""


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def read_alias_table(path: Path = ALIASES_PATH) -> dict[str, str]:
    """match key of an alias -> the name it stands for, from an alias CSV.

    The file has a ``name`` column (名称) and an ``alias`` column (别名);
    several aliases of one name are several rows.
    """
    if not Path(path).exists():
        return {}
    table = read_table(Path(path), known_headers=(*_NAME_HEADERS, *_ALIAS_HEADERS))
    keys = [match_key(h) for h in table.header]
    try:
        name_at = next(i for i, k in enumerate(keys) if k in {match_key(h) for h in _NAME_HEADERS})
        alias_at = next(
            i for i, k in enumerate(keys) if k in {match_key(h) for h in _ALIAS_HEADERS}
        )
    except StopIteration:
        raise LoadError(
            str(path), "an alias table needs a 'name' (名称) and an 'alias' (别名) column"
        ) from None
    aliases = {}
    for _, cells in table.rows:
        if max(name_at, alias_at) < len(cells) and cells[name_at] and cells[alias_at]:
            aliases[match_key(cells[alias_at])] = cells[name_at]
    return aliases


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
    return ref if kept is None else NodeRef(ref.label, kept)


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

    def __call__(self, batches: Iterable[Batch]) -> Iterator[Batch]:
        """``batches`` with every rename applied."""
        for batch in batches:
            used = self.used.setdefault(batch.name, set())
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
