"""Answers put in their documented order, as pandas' sort would order them, but sooner.

A question's rows are sorted by :func:`queries.question.finish` on the
columns its ``sort`` names, with :func:`sorted_frame`: pandas' own sort
orders each text key's values as Python objects with numpy, which for the
whole-graph answers at 136,000 organisations took longer than building the
rows. A question that keeps its rows (``timeline``, ``industry-coverage``)
sorts them once instead (:func:`ordered_frame`) and hands ``finish`` one
integer column, ``order``, that is already ascending.

>>> frame = ordered_frame([("b", 1), ("a", 2), ("a", 1)], ["x", "y"], by=("x",))
>>> frame.values.tolist()
[['a', 2, 0], ['a', 1, 1], ['b', 1, 2]]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["ORDER", "frame_order", "ordered_frame", "sorted_frame"]

#: the column ``finish`` sorts on (and drops, as it is not in the answer)
ORDER = "order"


def ordered_frame(
    rows: list[tuple[Any, ...]], columns: Sequence[str], by: Sequence[str]
) -> pd.DataFrame:
    """The rows as a frame, sorted on the columns named ``by``, with ``order``."""
    frame = sorted_frame(pd.DataFrame.from_records(rows, columns=list(columns)), by)
    frame[ORDER] = np.arange(len(frame))
    return frame


def sorted_frame(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """``frame`` sorted on ``keys`` (``-name`` for descending), as ``sort_values`` sorts it.

    With :func:`frame_order`, or pandas' own sort for values that do not
    hash or compare (mixed kinds, lists). The index is renumbered.
    """
    if not len(frame):
        return frame.reset_index(drop=True)
    try:
        frame = frame.take(frame_order(frame, keys))
    except TypeError:
        names = [k.lstrip("-") for k in keys]
        ascending = [not k.startswith("-") for k in keys]
        frame = frame.sort_values(names, ascending=ascending, kind="stable")
    return frame.reset_index(drop=True)


def frame_order(frame: pd.DataFrame, keys: Sequence[str]) -> npt.NDArray[np.intp]:
    """Row positions in the order ``frame.sort_values`` gives, stable, missing values last.

    ``keys`` are column names, ``-name`` for descending. Each key is ranked
    (:func:`_ranks`) only over the rows the keys before it left tied, and
    those rows are put in order within their tie: a national
    ``connections`` answer (532,850 pairs) is told apart by strength and
    names, so its id columns are ranked for a handful of rows, not all of
    them. pandas' own sort factorized and ordered every key column as
    Python objects, which took a second there.
    Raises TypeError for values that do not hash or compare.

    >>> frame = pd.DataFrame({"n": ["b", None, "a", "b"], "x": [1.0, 2.0, float("nan"), 3.0]})
    >>> frame_order(frame, ["n", "-x"]).tolist()
    [2, 3, 0, 1]
    """
    order = np.arange(len(frame))
    tied = order.copy()  # positions in ``order`` whose rows the keys so far leave tied
    tie = np.zeros(len(frame), np.int64)  # which tie each of them is in, ascending
    for key in keys:
        if not len(tied):
            break
        rows = order[tied]
        rank = _ranks(frame[key.lstrip("-")].take(rows), key.startswith("-"))
        within = np.lexsort((rank, tie))  # stable: equal ranks keep their order
        order[tied] = rows[within]
        rank, tie = rank[within], tie[within]
        starts = np.ones(len(rank), bool)  # where a new tie begins
        starts[1:] = (tie[1:] != tie[:-1]) | (rank[1:] != rank[:-1])
        tie = np.cumsum(starts)
        still = np.bincount(tie)[tie] > 1
        tied, tie = tied[still], tie[still]
    return order


def _ranks(column: pd.Series, descending: bool) -> npt.NDArray[np.int64]:
    """Each value's place among the column's distinct values; missing values last."""
    if column.dtype.kind in "biuf":  # numbers: numpy orders them (NaN last) in C
        values = column.to_numpy()
        distinct, codes = np.unique(values, return_inverse=True)
        codes = codes.reshape(-1).astype(np.int64)
        if descending:
            codes = len(distinct) - 1 - codes
        codes[column.isna().to_numpy()] = len(distinct)  # NaN, and NA of a nullable dtype
        return codes
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    distinct = uniques.tolist()
    position = {value: i for i, value in enumerate(sorted(distinct, reverse=descending))}
    rank_of = np.fromiter(map(position.__getitem__, distinct), np.int64, len(distinct))
    # missing values (code -1) last, whichever the direction, as pandas puts them
    return np.append(rank_of, len(distinct))[codes]
