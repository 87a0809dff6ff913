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
from graph.text import match_key
from loaders.readers import read_table

__all__ = [
    "ALIASES_PATH",
    "LOG_NAME",
    "JudgementLog",
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

    The written name stays as an alias, so searches by it still work.
    """
    if not renames:
        yield from batches
        return
    for batch in batches:
        yield dataclasses.replace(batch, records=[_rename(r, renames) for r in batch.records])


def _rename(record: NodeRecord | EdgeRecord, renames: dict[str, str]) -> NodeRecord | EdgeRecord:
    if isinstance(record, NodeRecord):
        kept = renames.get(match_key(record.name))
        if kept is None:
            return record
        aliases = (record.name, *record.aliases)
        return dataclasses.replace(record, name=kept, aliases=aliases)
    source = _ref(record.source, renames)
    target = _ref(record.target, renames)
    if source is record.source and target is record.target:
        return record
    return dataclasses.replace(record, source=source, target=target)


def _ref(ref: NodeRef, renames: dict[str, str]) -> NodeRef:
    kept = renames.get(match_key(ref.name))
    # replace keeps the scope: a renamed 张伟 at 甲 is still the one at 甲
    return ref if kept is None else dataclasses.replace(ref, name=kept)


def replay(
    batches: Iterable[Batch], store_folder: Path, aliases: Path | None = ALIASES_PATH
) -> Iterator[Batch]:
    """Batches with the alias table and the store's accepted merges applied.

    Judgements win over the alias table when both name the same alias.
    """
    renames = read_alias_table(aliases) if aliases else {}
    renames.update(JudgementLog(Path(store_folder) / LOG_NAME).renames())
    yield from apply_aliases(batches, renames)
