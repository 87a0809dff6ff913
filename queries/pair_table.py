"""The enterprise–school pairs of a link read as columns, kept with the read.

``connections`` and ``changes`` both group link evidence into pairs (as
:func:`queries.scoring.group_pairs` does for ``partners``, and with the
same results: ``tests/queries/test_pair_table.py``; a kind of link the
table has no bit for is refused) and show the same things about each.
Over the whole graph that is 532,850 pairs at 136,000 organisations, and
every pass over half a million Python objects costs a tenth of a second, so
the pairs of a read are turned into one table once per date: their names,
kinds, intermediaries, depth, dates, citations and counts. The national
link read is kept until the graph changes (:mod:`queries.kept`), and its
tables are kept with it (:func:`queries.kept.kept_with`), so ``connections``
asked again, with any kind or depth, or ``changes`` at a date already seen,
only selects rows, scores them and sorts them.

The table is built on columns: the read's hub rows are paired on arrays
and their pairs numbered and turned into arrays once (:class:`_Evidence`),
and each date's pairs are reduced from them with sorted, segmented numpy
operations; Python only words each distinct value (a kind set, an
intermediary, a citation) and joins the texts of the few pairs with more
than one. At 136,000 organisations (652,888 pieces of evidence, 532,850
pairs) grouping the rows into :class:`queries.scoring.Pair` objects and
reading them back took 7.5 s; on columns, :func:`_evidence` takes 2.8 s,
once per read, and each date's table 1.8 s (all pairs, no date).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, groupby, repeat
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from graph.dates import date_end
from graph.schema import SCHEMA
from queries.backend import Backend, cite
from queries.kept import kept_with
from queries.ladder import rung
from queries.links import HUB_COLUMNS, SIDE_FIELDS
from queries.names import concrete_label
from queries.ordered import frame_order
from queries.packed import unpacked
from queries.scoring import KIND_ORDER, LADDER_KINDS, TYPED_KINDS, source_dates, via_words

__all__ = ["BY_NAMES", "KIND_BITS", "PairTable", "pair_table"]

#: one bit per kind of link, to select the pairs joined a given way
KIND_BITS = {kind: 1 << i for i, kind in enumerate(KIND_ORDER)}
#: the column ranking the pairs by enterprise, school, then their ids: the tail of
#: both questions' sort keys, worked out once per table instead of on every answer
BY_NAMES = "pairOrder"
_NAME_KEYS = ("enterprise", "school", "enterpriseId", "schoolId")

Ints = npt.NDArray[np.int64]
Texts = npt.NDArray[np.object_]


@dataclass(frozen=True)
class PairTable:
    """One row per pair, in the order the pairs were first seen.

    Columns: ``enterprise``, ``school``, ``schoolKind``, ``kinds``,
    ``depthLevel``, ``via``, ``since``, ``latest``, ``sources`` (citations),
    ``enterpriseId``, ``schoolId``, and for selecting, scoring and sorting:
    ``kindBits``, ``kindCount``, ``sourceCount``, ``inRegion``, ``inIndustry``
    and :data:`BY_NAMES`.
    """

    frame: pd.DataFrame
    codes: npt.NDArray[np.int64]
    """Each row's pair as a number, the same in every table of one read: comparing
    two dates' tables compares these (:func:`numpy.isin`), not pairs of texts."""
    newest: str
    """The newest date on any pair ('' when none is dated)."""


def pair_table(raw: pd.DataFrame, as_of: str | None, backend: Backend) -> PairTable:
    """The pairs of packed link evidence as they held at the end of ``as_of`` (None: all).

    Evidence with no date of its own holds from its earliest dated source
    on (:func:`queries.scoring.valid_as_of`): the backend's sources are
    read once per read, for the sources of undated evidence only.

    Kept with ``raw``: the read belongs to one backend and one graph
    revision, so the citations worked out here are the backend's own.
    The read's columns (:func:`_evidence`) are worked out once, and the
    tables of the last few dates asked are kept.
    """
    end = date_end(as_of) if as_of else None
    evidence = kept_with(raw, "pair evidence", lambda: _evidence(unpacked(raw)))
    return kept_with(raw, ("pair table", end), lambda: _table(evidence, end, backend))


@dataclass(frozen=True)
class _Evidence:
    """A link read's pairs of evidence as columns: what each row adds to its pair, as numbers.

    A row is one pair of one hub row's two sides (:func:`queries.links.pair_rows`);
    what belongs to an end of it (its organisation, the sources, dates and
    until of the relationship joining it) is kept once per participant and
    read through :attr:`end_a` and :attr:`end_b`. Texts are kept once
    each, sorted, and rows point at them by position, so comparing and
    ordering them is comparing integers.
    """

    a_id: Texts
    a_name: Texts
    b_id: Texts
    b_name: Texts
    """Each row's ids and names (a pair's are its first row's)."""
    labels: Sequence[Any]
    """Each participant's labels (a row's school's are ``labels[end_b[row]]``)."""
    pair: Ints
    """Each row's pair, numbered in the order the evidence names them."""
    kind_bit: Ints
    """Each row's :data:`KIND_BITS` (0 for a kind not there)."""
    kind_code: Ints
    """Each row's kind as a position in :attr:`kinds`, to name a kind that has no bit."""
    kinds: list[Any]
    depth: Ints
    """The rung each row reaches (as :func:`queries.scoring.group_pairs` reads it)."""
    via: Ints
    """Each row's intermediary (``str(via)``) as its position in :attr:`vias`."""
    vias: list[str]
    start: Ints
    """When each row came to be (:func:`queries.scoring.row_start`) as its position
    in :attr:`dates`, -1 when undated."""
    dates: list[str]
    end_a: Ints
    end_b: Ints
    """Each row's two participants, as positions in :attr:`labels` and :attr:`until_lists`."""
    until_lists: Sequence[Any]
    """Each participant's ``until`` dates as read; their ends are worked out only when
    a date is asked (:func:`_until_ends`), as grouping pair by pair does."""
    in_region: npt.NDArray[np.bool_]
    in_industry: npt.NDArray[np.bool_]
    source_row: Ints
    """The row of every source a row cites, one entry per citing."""
    source: Ints
    """Those sources, as positions in :attr:`source_ids`."""
    source_ids: list[Any]


def _evidence(rows: list[list[Any]]) -> _Evidence:
    """The columns of packed hub rows (value lists in ``HUB_COLUMNS`` order).

    A hub row's pairs are the product of its two sides without the pairs
    of one organisation with itself, numbered with ``repeat`` and
    ``cumsum`` rather than listed one by one: at 136,000 organisations the
    652,888 pairs of evidence come from 180,320 hub rows and 534,048
    participants, and only those are Python values (the synthetic graph's
    hubs are small; a hub of 40 enterprises and 60 schools is 100 of them,
    not 2,400). The passes over every participant or every date are
    made by C loops (``zip``, ``map``, ``dict.fromkeys``, ``max``); what
    Python works out itself, a rung, a date's end, an intermediary's text,
    it works out once per distinct value.
    """
    hubs = len(rows)
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(HUB_COLUMNS)
    kinds, _, via, via_kind, hub_dates, hub_industry, a_sides, b_sides = columns
    a_count = np.fromiter(map(len, a_sides), np.int64, hubs)
    b_count = np.fromiter(map(len, b_sides), np.int64, hubs)
    # every participant, the a sides' first: positions index these columns
    ends = [*chain.from_iterable(a_sides), *chain.from_iterable(b_sides)]
    fields = list(zip(*ends, strict=True)) if ends else [()] * len(SIDE_FIELDS)
    ids, names, labels, sources, dates, untils, in_region, in_industry = fields
    hub, end_a, end_b = _pairs(a_count, b_count)
    id_code, distinct_ids = _distinct(ids)
    kept = id_code[end_a] != id_code[end_b]
    hub, end_a, end_b = hub[kept], end_a[kept], end_b[kept]
    size = len(hub)
    pair, _ = pd.factorize(id_code[end_a] * len(distinct_ids) + id_code[end_b])
    kind_code, kind_distinct = _distinct(kinds)
    kind_bits = np.array([KIND_BITS.get(k, 0) for k in kind_distinct] + [0], np.int64)
    via_code, via_distinct = _distinct(via)
    via_rank, vias = _ranked([str(v) for v in via_distinct])
    depth = _depths(kind_code, kind_distinct, via_kind, via_code, via_distinct)
    start_rank, starts = _starts([*dates, *hub_dates])
    end_start, hub_start = start_rank[: len(ends)], start_rank[len(ends) :]
    source_codes, source_ids, source_lengths = _flat(sources)
    rows_a, cited_a = _gathered(source_codes, source_lengths, end_a)
    rows_b, cited_b = _gathered(source_codes, source_lengths, end_b)
    region = np.fromiter(in_region, bool, len(ends))
    industry = np.fromiter(in_industry, bool, len(ends))
    names_of, ids_of = _objects(names), _objects(ids)
    return _Evidence(
        a_id=ids_of[end_a],
        a_name=names_of[end_a],
        b_id=ids_of[end_b],
        b_name=names_of[end_b],
        labels=labels,
        pair=pair.astype(np.int64),
        kind_bit=kind_bits[kind_code][hub],
        kind_code=kind_code[hub],
        kinds=kind_distinct,
        depth=depth[hub],
        via=via_rank[via_code][hub],
        vias=vias,
        start=np.maximum(np.maximum(end_start[end_a], end_start[end_b]), hub_start[hub]),
        dates=starts,
        end_a=end_a,
        end_b=end_b,
        until_lists=untils,
        in_region=region[end_a] | region[end_b],
        in_industry=industry[end_a] | industry[end_b] | np.fromiter(hub_industry, bool, hubs)[hub],
        source_row=np.concatenate((rows_a, rows_b)) if size else np.zeros(0, np.int64),
        source=np.concatenate((cited_a, cited_b)) if size else np.zeros(0, np.int64),
        source_ids=source_ids,
    )


def _pairs(a_count: Ints, b_count: Ints) -> tuple[Ints, Ints, Ints]:
    """Every pair of each hub's two sides: its hub, its ``a`` end and its ``b`` end.

    Hub ``i`` has ``a_count[i]`` ``a`` participants and ``b_count[i]`` ``b``
    participants, numbered hub after hub, the ``a`` ones before all the
    ``b`` ones. Its pairs come ``a`` by ``a``, each with every ``b`` in
    turn, as two nested loops would list them.

    >>> [x.tolist() for x in _pairs(np.array([2, 1]), np.array([3, 1]))]
    [[0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 1, 1, 1, 2], [3, 4, 5, 3, 4, 5, 6]]
    """
    per_hub = a_count * b_count
    hub = np.repeat(np.arange(len(per_hub), dtype=np.int64), per_hub)
    nth = np.arange(int(per_hub.sum()), dtype=np.int64) - np.repeat(
        np.cumsum(per_hub) - per_hub, per_hub
    )
    width = b_count[hub]
    first_a = (np.cumsum(a_count) - a_count)[hub]
    first_b = int(a_count.sum()) + (np.cumsum(b_count) - b_count)[hub]
    return hub, first_a + nth // np.maximum(width, 1), first_b + nth % np.maximum(width, 1)


def _gathered(values: Ints, lengths: Ints, picked: Ints) -> tuple[Ints, Ints]:
    """The runs of ``values`` (list ``i`` is ``lengths[i]`` long) of each of ``picked``:
    which of ``picked`` each value came with, and the values.

    >>> [x.tolist() for x in _gathered(np.array([7, 8, 9]), np.array([2, 0, 1]), np.array([2, 0]))]
    [[0, 1, 1], [9, 7, 8]]
    """
    count = lengths[picked]
    first = (np.cumsum(lengths) - lengths)[picked]
    position = np.repeat(first - (np.cumsum(count) - count), count) + np.arange(
        int(count.sum()), dtype=np.int64
    )
    return np.repeat(np.arange(len(picked), dtype=np.int64), count), values[position]


def _distinct(values: Sequence[Any]) -> tuple[Ints, list[Any]]:
    """Each value's position among the distinct values (first seen first), and those values.

    By Python's own equality, as the sets and dicts of the values compare
    them, with a dict at C speed (``dict.fromkeys`` and ``map``): for the
    1,265,403 sources the national read cites, 0.43 s, where pandas' hash
    table of objects took 0.61 s. Values Python holds equal are one value
    (``1``, ``1.0`` and ``True``, never seen in a read's texts).
    """
    distinct = list(dict.fromkeys(values))
    position = {value: i for i, value in enumerate(distinct)}
    return np.array(list(map(position.__getitem__, values)), np.int64).reshape(-1), distinct


def _objects(values: Sequence[Any]) -> Texts:
    """``values`` as a numpy array of objects, to take a pair's from its first row."""
    array = np.empty(len(values), object)
    array[:] = values
    return array


def _unique(values: Ints) -> Ints:
    """The sorted distinct ``values``: ``np.unique`` by a sort, where its hashing
    took 0.24 s for each 600,000 pair numbers."""
    ordered = np.sort(values)
    first = np.ones(len(ordered), bool)
    first[1:] = ordered[1:] != ordered[:-1]
    return ordered[first]


def _flat(lists: Sequence[Any]) -> tuple[Ints, list[Any], Ints]:
    """The values of every row's list as one column (:func:`_distinct`), and each list's length.

    A missing list (None) has no values.
    """
    try:
        lengths = np.fromiter(map(len, lists), np.int64, len(lists))
        values = list(chain.from_iterable(lists))
    except TypeError:
        lengths = np.fromiter((len(v) if v else 0 for v in lists), np.int64, len(lists))
        values = list(chain.from_iterable(v or () for v in lists))
    codes, distinct = _distinct(values)
    return codes, distinct, lengths


def _flat_dated(lists: Sequence[Any]) -> tuple[Ints, list[Any], Ints]:
    """:func:`_flat` of the rows with a date in their list; the others count as empty.

    Dates that are not set (None, '') are skipped by the reading anyway, and
    most rows' ``untils`` are: 46,496 of the 1,265,403 ``until`` entries of
    the national read.
    """
    try:
        dated = np.fromiter(map(any, lists), bool, len(lists))
    except TypeError:
        dated = np.fromiter((any(v or ()) for v in lists), bool, len(lists))
    rows = np.flatnonzero(dated)
    codes, distinct, lengths = _flat([lists[i] for i in rows.tolist()])
    every = np.zeros(len(lists), np.int64)
    every[rows] = lengths
    return codes, distinct, every


def _starts(dates: Sequence[Any]) -> tuple[Ints, list[str]]:
    """When each row came to be (:func:`queries.scoring.row_start`), as its place among
    the sorted distinct such dates (-1 when undated), and those dates.

    The newest of a row's texts is found by ``max`` at C speed (0.41 s for
    the national read, against 0.8 s to number its 2,857,330 dates one by
    one), with ``''`` for an undated row; a date that is not a text cannot
    be compared with ``''``, and sends every row through :func:`_flat_dated`.
    """
    try:
        newest = list(map(max, map(chain, repeat(("",)), map(filter, repeat(None), dates))))
        codes, distinct = _distinct(newest)
        if all(type(d) is str for d in distinct):
            ranks, texts = _ranked([d or None for d in distinct])
            return ranks[codes], texts
    except TypeError:
        pass
    codes, distinct, lengths = _flat_dated(dates)
    ranks, texts = _ranked([str(d) if d else None for d in distinct])
    return _row_reduce(np.maximum, ranks[codes], lengths, -1), texts


def _ranked(texts: list[str | None]) -> tuple[Ints, list[str]]:
    """Each text's place among the sorted distinct texts (-1 for None), and those texts.

    Positions compare as the texts do, so a row's newest date is the
    largest position among its dates.
    """
    ordered = sorted({t for t in texts if t is not None})
    place = {t: i for i, t in enumerate(ordered)}
    ranks = [-1 if t is None else place[t] for t in texts]
    return np.array(ranks, np.int64).reshape(-1), ordered


def _row_reduce(ufunc: np.ufunc, values: Ints, lengths: Ints, empty: int) -> Ints:
    """``ufunc`` over each row's run of ``values`` (``lengths`` long); ``empty`` for none."""
    out = np.full(len(lengths), empty, np.int64)
    has = lengths > 0
    if has.any():
        starts = (np.cumsum(lengths) - lengths)[has]
        out[has] = ufunc.reduceat(values, starts)
    return out


def _depths(
    kind_code: Ints,
    kinds: list[Any],
    via_kind: Sequence[Any],
    via_code: Ints,
    vias: list[Any],
) -> Ints:
    """Each row's rung: :func:`rung` of its intermediary's kind and name for the ladder
    kinds, 0 for the others; asked once per distinct pair of them."""
    ladder = np.array([k in LADDER_KINDS for k in kinds] + [False], bool)[kind_code]
    depth = np.zeros(len(kind_code), np.int64)
    if not ladder.any():
        return depth
    rows = np.flatnonzero(ladder)
    kind_of_via, kinds_of_via = _distinct([via_kind[i] for i in rows.tolist()])
    both, pairs = pd.factorize(kind_of_via * len(vias) + via_code[rows])
    levels = [rung(kinds_of_via[p // len(vias)], vias[p % len(vias)]) for p in pairs.tolist()]
    depth[rows] = np.array(levels, np.int64)[both]
    return depth


def _table(evidence: _Evidence, end: str | None, backend: Backend) -> PairTable:
    """The table of the pairs whose evidence held at ``end`` (a :func:`date_end` text; None: all).

    A pair's rows are put next to each other (a stable sort keeps them in
    the order read) and each column is reduced over those runs.
    """
    rows = _held(evidence, end, backend)
    local, codes = pd.factorize(evidence.pair[rows])
    size = len(codes)
    order = np.argsort(local, kind="stable")
    by_pair = rows[order]
    runs = np.cumsum(np.bincount(local, minlength=size)) - np.bincount(local, minlength=size)
    first = by_pair[runs]

    def reduced(ufunc: np.ufunc, values: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return ufunc.reduceat(values[by_pair], runs) if size else values[:0]

    bits = reduced(np.bitwise_or, evidence.kind_bit)
    unknown = np.flatnonzero(evidence.kind_bit[rows] == 0)
    if len(unknown):
        raise KeyError(evidence.kinds[int(evidence.kind_code[rows[unknown[0]]])])
    dates = np.array([*evidence.dates, ""], object)  # -1 and len(dates): undated
    since = dates[
        reduced(np.minimum, np.where(evidence.start < 0, len(evidence.dates), evidence.start))
    ]
    latest_at = reduced(np.maximum, evidence.start)
    sources, source_count = _citations(evidence, rows, local, size, backend)
    texts = {
        "enterprise": evidence.a_name[first],
        "school": evidence.b_name[first],
        "schoolKind": _school_kinds(evidence, first),
        "kinds": _kind_texts(bits),
        "via": _via_texts(evidence, by_pair, local[order], size),
        "since": since,
        "latest": dates[latest_at],
        "sources": sources,
        "enterpriseId": evidence.a_id[first],
        "schoolId": evidence.b_id[first],
    }
    frame = pd.DataFrame(
        {
            # pandas' text dtype, stated: an empty table's text columns are text too
            **{name: pd.array(values, dtype="str") for name, values in texts.items()},
            "depthLevel": reduced(np.maximum, evidence.depth).astype(np.int64),
            "kindBits": bits.astype(np.int64),
            "kindCount": np.bitwise_count(bits).astype(np.int64),
            "sourceCount": source_count,
            "inRegion": reduced(np.logical_or, evidence.in_region).astype(bool),
            "inIndustry": reduced(np.logical_or, evidence.in_industry).astype(bool),
        }
    )
    rank = np.empty(len(frame), np.int64)
    rank[frame_order(frame, _NAME_KEYS)] = np.arange(len(frame))
    frame[BY_NAMES] = rank
    newest = evidence.dates[int(latest_at.max())] if size and latest_at.max() >= 0 else ""
    return PairTable(frame, codes.astype(np.int64), newest)


def _held(evidence: _Evidence, end: str | None, backend: Backend) -> Ints:
    """The rows whose evidence held at ``end`` (:func:`queries.scoring.valid_as_of`), in order.

    A row with no date of its own begins at its earliest dated source
    (:func:`_known_from`); with none, it counts at any date.
    """
    if end is None:
        return np.arange(len(evidence.pair), dtype=np.int64)
    until, untils = kept_with(evidence, "until ends", lambda: _until_ends(evidence))
    known, knowns = kept_with(
        evidence, ("known from", backend.name), lambda: _known_from(evidence, backend)
    )
    begun = np.array([True, *(d <= end for d in evidence.dates)], bool)
    going = np.array([*(u >= end for u in untils), True], bool)
    reported = np.array([*(d <= end for d in knowns), True], bool)
    held = begun[evidence.start + 1] & going[until] & reported[known]
    return np.flatnonzero(held).astype(np.int64)


def _known_from(evidence: _Evidence, backend: Backend) -> tuple[Ints, list[str]]:
    """For each undated row (no date on its relationships or hub), its earliest dated
    source (:func:`queries.scoring.known_from`) as its position among the sorted
    distinct such dates, and those dates; ``len(dates)`` for every other row.

    The backend is asked once for the sources the undated rows cite, each
    once (:func:`queries.scoring.source_dates`); each row's earliest is a
    minimum over its citings, on arrays.
    """
    undated = evidence.start[evidence.source_row] < 0
    rows, cited = evidence.source_row[undated], evidence.source[undated]
    used = _unique(cited)
    ids = [evidence.source_ids[s] for s in used.tolist()]
    dated = source_dates(backend, ids)
    ranks, dates = _ranked([dated.get(sid) for sid in ids])
    none = len(dates)
    rank_of = np.full(len(evidence.source_ids), none, np.int64)
    rank_of[used] = np.where(ranks < 0, none, ranks)
    known = np.full(len(evidence.pair), none, np.int64)
    np.minimum.at(known, rows, rank_of[cited])
    return known, dates


def _until_ends(evidence: _Evidence) -> tuple[Ints, list[str]]:
    """The end of each row's first ``until`` (:func:`queries.scoring.row_window`), as its
    position among the sorted distinct ends (``len(ends)`` when it has none), and those ends.

    A row's untils are its two participants': the earliest end of either's.
    Only a question asked at a date needs them, and only such a question
    refuses an ``until`` that is no date, as grouping pair by pair does: so
    only the untils of participants in some row are read.
    """
    used = _unique(np.concatenate((evidence.end_a, evidence.end_b)))
    lists = evidence.until_lists
    codes, distinct, lengths = _flat_dated([lists[i] for i in used.tolist()])
    ranks, ends = _ranked([date_end(str(u)) if u else None for u in distinct])
    none = len(ends)
    each = np.full(len(lists), none, np.int64)
    each[used] = _row_reduce(np.minimum, np.where(ranks < 0, none, ranks)[codes], lengths, none)
    return np.minimum(each[evidence.end_a], each[evidence.end_b]), ends


def _school_kinds(evidence: _Evidence, first: Ints) -> Texts:
    """中职 or 高校 for each pair's school, named from the labels of its school's last pair.

    (The last, as a dict of school → kind filled pair by pair keeps it.)
    """
    schools, distinct = _distinct(evidence.b_id[first].tolist())
    by_school = np.argsort(schools, kind="stable")
    last = by_school[np.cumsum(np.bincount(schools, minlength=len(distinct))) - 1]
    labels = evidence.labels
    kinds = [_kind_short(tuple(labels[i])) for i in evidence.end_b[first[last]].tolist()]
    return np.array([*kinds, ""], object)[schools]


def _kind_texts(bits: Ints) -> Texts:
    """Each pair's kinds of link, strongest first, worded once per distinct set."""
    codes, distinct = pd.factorize(bits)
    words = ["、".join(k for k in KIND_ORDER if b & KIND_BITS[k]) for b in distinct.tolist()]
    return np.array([*words, ""], object)[codes]


def _via_texts(evidence: _Evidence, by_pair: Ints, pair: Ints, size: int) -> Texts:
    """The intermediaries of each kind, strongest kind first: ``project: 订单班、实训基地``.

    Each pair's distinct (kind, intermediary) come out of one sort of
    numbers, kinds in :data:`KIND_ORDER` and intermediaries as sorted texts;
    a kind with one intermediary is worded once per distinct such pair. A
    stated link without an agreement, and a direct one, has its
    relationship type as intermediary: that is shown by the schema's names
    (``direct: 成员 member of``, not ``MEMBER_OF``), worded once per type.
    """
    kinds, vias = len(KIND_ORDER), max(len(evidence.vias), 1)
    kind = np.log2(np.maximum(evidence.kind_bit[by_pair], 1)).astype(np.int64)
    keys = _unique((pair * kinds + kind) * vias + evidence.via[by_pair])
    part, via = keys // vias, keys % vias
    starts = np.ones(len(part), bool)
    starts[1:] = part[1:] != part[:-1]
    parts = np.cumsum(starts) - 1  # each key's (pair, kind) as a running number
    heads = part[starts]
    names = np.array([f"{k}: " for k in KIND_ORDER], object)[heads % kinds]
    texts, via = _rel_types_worded(evidence.vias, part % kinds, via)
    joined = _joined(parts, via, texts, len(heads), "、")
    return _joined(heads // kinds, np.arange(len(heads)), names + joined, size, "；")


_TYPED_KINDS = np.array([KIND_ORDER.index(k) for k in TYPED_KINDS], np.int64)


def _rel_types_worded(vias: list[str], kind: Ints, via: Ints) -> tuple[Texts, Ints]:
    """The intermediaries' texts, with a relationship type named as the schema names it.

    The types among the distinct ``vias`` are worded once each
    (:func:`queries.scoring.via_words`) and appended to the texts; a stated
    or direct intermediary that is one of them is pointed at its wording.
    Any other (a project, an event) keeps its own text, even one spelled
    like a type.
    """
    texts = [*vias]
    swap = np.full(len(vias), -1, np.int64)
    for i, text in enumerate(vias):
        words = via_words(TYPED_KINDS[0], text)
        if words != text:
            swap[i] = len(texts)
            texts.append(words)
    if len(texts) > len(vias):
        typed = np.isin(kind, _TYPED_KINDS) & (swap[via] >= 0)
        via = np.where(typed, swap[via], via)
    return np.array(texts, object), via


def _citations(
    evidence: _Evidence, rows: Ints, pair: Ints, size: int, backend: Backend
) -> tuple[Texts, Ints]:
    """Each pair's sources cited (:func:`queries.backend.citations`) and how many there are.

    The backend is asked once for every source the held rows cite; each
    pair's distinct citations come out of one sort of numbers.
    """
    pair_of_row = np.full(len(evidence.pair), -1, np.int64)
    pair_of_row[rows] = pair
    cited = pair_of_row[evidence.source_row]
    held = cited >= 0
    cited, source = cited[held], evidence.source[held]
    used = _unique(source)
    titles = cite(backend, [evidence.source_ids[s] for s in used.tolist()])
    title_of = np.zeros(len(evidence.source_ids), np.int64)
    title_rank, title_texts = _ranked([titles[evidence.source_ids[s]] for s in used.tolist()])
    title_of[used] = title_rank
    width = max(len(evidence.source_ids), len(title_texts), 1)
    count = np.bincount(_unique(cited * width + source) // width, minlength=size)
    keys = _unique(cited * width + title_of[source])
    texts = _joined(keys // width, keys % width, np.array(title_texts, object), size, "；")
    return texts, count.astype(np.int64)


def _joined(groups: Ints, items: Ints, texts: Texts, size: int, sep: str) -> Texts:
    """For each group ``0..size-1`` the texts of its items joined by ``sep`` ('' for none).

    ``groups`` ascending, items in the order they are to be joined. A
    group of one item takes its text as it is; only the others are joined
    in Python.
    """
    out = np.full(size, "", object)
    if not len(groups):
        return out
    differs = groups[1:] != groups[:-1]
    alone = np.concatenate(([True], differs)) & np.concatenate((differs, [True]))
    out[groups[alone]] = texts[items[alone]]
    several = np.flatnonzero(~alone)
    found = zip(groups[several].tolist(), texts[items[several]].tolist(), strict=True)
    for group, parts in groupby(found, key=lambda found: found[0]):
        out[group] = sep.join(text for _, text in parts)
    return out


@lru_cache(maxsize=64)
def _kind_short(labels: tuple[str, ...]) -> str:
    """中职 or 高校: a few label sets recur over every pair, named once each."""
    return SCHEMA.label(concrete_label(labels)).short
