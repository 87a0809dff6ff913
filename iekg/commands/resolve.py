"""``iekg resolve``: propose likely duplicates, and accept, reject or undo judgements."""

from __future__ import annotations

from typing import Any

import click
import pandas as pd

from graph.errors import LoadError
from graph.knowledge_graph import KnowledgeGraph
from graph.store import open_store
from graph.store import store_path as store_folder
from iekg.commands.options import store_option
from iekg.output import format_table
from loaders.judgements import LOG_NAME, JudgementLog
from loaders.namesakes import describe
from loaders.resolution import candidates
from loaders.resolve_actions import MERGE_KINDS, accept, find_candidate, node_named, reject, undo

REASON_WIDTH = 100
LOG_COLUMNS = ["id", "action", "keep", "merge", "kind", "date", "note", "at", "by"]


def _log_table(log: JudgementLog) -> pd.DataFrame:
    rows = [
        [
            e["id"],
            e["action"],
            e.get("keepName", ""),
            "、".join(e.get("mergeNames", [])),
            e.get("kind") or e.get("undoes") or "",
            e.get("date") or "",
            e.get("note") or "",
            e["at"],
            e.get("by", ""),
        ]
        for e in log.entries()
    ]
    return pd.DataFrame(rows, columns=LOG_COLUMNS)


@click.command("resolve")
@click.option("--accept", "accept_id", metavar="ID", help="Merge the pair proposed as ID.")
@click.option("--reject", "reject_id", metavar="ID", help="Keep the pair proposed as ID apart.")
@click.option("--merge", "merge_name", metavar="NAME", help="Merge this name (with --into).")
@click.option("--into", "into_name", metavar="NAME", help="The name that stays.")
@click.option("--kind", type=click.Choice(MERGE_KINDS), default="same", help="What the merge is.")
@click.option("--date", default=None, help="When a rename or merger happened (e.g. 2021-06).")
@click.option("--note", default=None, help="Why; kept in the log.")
@click.option("--undo", "undo_id", metavar="JUDGEMENT", help="Undo judgement j1, j2 …")
@click.option("--log", "show_log", is_flag=True, help="List the judgements made so far.")
@store_option
def command(
    accept_id: str | None,
    reject_id: str | None,
    merge_name: str | None,
    into_name: str | None,
    kind: str,
    date: str | None,
    note: str | None,
    undo_id: str | None,
    show_log: bool,
    store_path: str | None,
) -> None:
    """Find names that may be one node, and record who decided what.

    Without options, lists proposals (绍兴中专 ↔ 绍兴市中等专业学校, a 分公司
    beside its parent, an undated 签约仪式 beside the dated one of its name,
    张伟 with no organisation beside 张伟 at one …) and why. Every judgement
    goes to judgements.jsonl beside the store and is replayed by later
    `iekg build` runs. Only two nodes of one kind are merged (two schools,
    two enterprises, two people …); any other pair is refused with nothing
    written.

    \b
    Example:
      iekg resolve                                 # the proposals
      iekg resolve --accept p2f25abd7 --note 同一学校
      iekg resolve --merge 绍兴职院 --into 绍兴职业技术学院
      iekg resolve --undo j1
    """
    # Every action reads the store (the log lives in its folder): a mistyped
    # --store must say that nothing is there, not list no proposals.
    store = open_store(store_path, must_exist=True)
    log = JudgementLog(store_folder(store_path) / LOG_NAME)
    if show_log:
        click.echo(format_table(_log_table(log)))
        return
    kg = store.read_graph()
    extra = {"kind": kind, "date": date, "note": note}
    if undo_id:
        split, entry = undo(kg, log, undo_id)
        if split is not None:
            undone = log.find(undo_id)
            store.write_graph(split, changed=[undone["keep"], undone["merge"]])
        click.echo(
            f"{entry['id']}: {undo_id} undone; "
            + (
                "the store has both nodes again."
                if entry["restored"]
                else "the log no longer merges them. The merged node has changed since, so the "
                "store keeps it: rebuild the store (iekg build …) to see the two apart."
            )
        )
        return
    if reject_id:
        found = find_candidate(kg, log, reject_id)
        entry = reject(kg, log, found.keep, found.merge, note=note)
        click.echo(f"{entry['id']}: {found.merge_name} and {found.keep_name} are kept apart.")
        return
    before = kg
    if accept_id:
        found = find_candidate(kg, log, accept_id)
        kg, entry = accept(kg, log, found.keep, found.merge, reason=found.reason, **extra)
    elif merge_name and into_name:
        pair = node_named(kg, into_name), node_named(kg, merge_name)
        kg, entry = accept(kg, log, *pair, **extra)
    elif merge_name or into_name:
        raise LoadError(None, "--merge and --into go together", hint="give both names")
    else:
        rows = [c.as_row() for c in candidates(kg, skip=log.judged_pairs())]
        frame = pd.DataFrame(rows, columns=["id", "keep", "merge", "reason", "score"])
        # the reason says why (dates, places, organisations, what they share): not cut short
        click.echo(format_table(frame, max_cell=REASON_WIDTH) if rows else "No likely duplicates.")
        return
    store.write_graph(kg, changed=[entry["keep"]], removed=[entry["merge"]])
    click.echo(f"{entry['id']}: {_said(before, entry)}.")


def _said(before: KnowledgeGraph, entry: dict[str, Any]) -> str:
    """绍兴中专 merged into 绍兴市中等专业学校; for namesakes, with what told them apart."""
    if entry["keepName"] not in entry["mergeNames"]:
        return f"{'、'.join(entry['mergeNames'])} merged into {entry['keepName']}"
    merged, kept = (describe(before, before.node(entry[k])) for k in ("merge", "keep"))
    return f"{merged} merged into {kept}"
