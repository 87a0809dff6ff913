"""Answers come out in the order pandas' sort would give them.

Answers are sorted on ranks of each key's distinct values instead of
pandas' ``sort_values`` (see queries/ordered.py); an analyst comparing two
answers must see the same row order either way, including names that are
prefixes of one another, missing values and text holding a NUL.
"""

from __future__ import annotations

import random

import pandas as pd
import pytest

from graph.knowledge_graph import KnowledgeGraph
from queries import ask
from queries.ordered import ORDER, frame_order, ordered_frame

WORDS = ["绍兴", "绍兴中专", "绍兴市", "a", "ab", "a b", "", "Z", "z", "é", "中\0专"]


def _sorted_rows(rows: list[tuple], by: tuple[int, ...]) -> list[tuple]:
    """``rows`` through :func:`ordered_frame` on the columns at ``by``, back as tuples."""
    columns = [f"c{i}" for i in range(len(rows[0]))]
    frame = ordered_frame(rows, columns, by=[columns[i] for i in by])
    return [
        tuple(None if pd.isna(v) else v for v in row)
        for row in frame.drop(columns=ORDER).itertuples(index=False)
    ]


def _pandas_order(rows: list[tuple], by: tuple[int, ...]) -> list[tuple]:
    frame = pd.DataFrame.from_records(rows, columns=[f"c{i}" for i in range(len(rows[0]))])
    keys = [f"c{i}" for i in by]
    ordered = frame.sort_values(keys, kind="stable")
    return [
        tuple(None if pd.isna(v) else v for v in row) for row in ordered.itertuples(index=False)
    ]


@pytest.mark.parametrize("with_missing", [False, True])
def test_same_order_as_pandas(with_missing: bool) -> None:
    rng = random.Random(7)
    choices = [*WORDS, None] if with_missing else WORDS
    rows = [(rng.choice(choices), rng.choice(choices), i) for i in range(400)]
    assert _sorted_rows(rows, (0, 1)) == _pandas_order(rows, (0, 1))
    assert _sorted_rows(rows, (1,)) == _pandas_order(rows, (1,))


def test_a_name_sorts_before_the_longer_names_it_begins() -> None:
    rows = [("绍兴市", "b"), ("绍兴", "c"), ("绍兴", "a")]
    assert _sorted_rows(rows, (0, 1)) == [("绍兴", "a"), ("绍兴", "c"), ("绍兴市", "b")]


def test_the_frame_carries_its_order_for_finish() -> None:
    frame = ordered_frame([("b", 2), ("a", 1)], ["name", "n"], by=("name",))
    assert frame["name"].tolist() == ["a", "b"]
    assert frame[ORDER].tolist() == [0, 1]


def test_a_whole_graph_answer_is_sorted_on_its_documented_keys(shaoxing: KnowledgeGraph) -> None:
    df = ask("timeline", shaoxing)
    keys = ["date", "what", "subject", "detail", "with", "subjectId"]
    expected = df.sort_values(keys, kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(df, expected)
    assert ORDER not in df.columns


@pytest.mark.parametrize(
    "keys", [["-n", "a", "b"], ["a", "-b"], ["-n"], ["b", "n", "a"], ["-k", "a"], ["k", "-n"]]
)
def test_finish_puts_rows_in_pandas_order(keys: list[str]) -> None:
    rng = random.Random(11)
    frame = pd.DataFrame(
        {
            "a": [rng.choice([*WORDS, None]) for _ in range(500)],
            "b": [rng.choice(["x", "y", None]) for _ in range(500)],
            "n": [rng.choice([1.5, 2.0, 72.0, float("nan")]) for _ in range(500)],
            "k": pd.array([rng.choice([1, 2, None]) for _ in range(500)], dtype="Int64"),
            "i": range(500),
        }
    )
    expected = frame.sort_values(
        [k.lstrip("-") for k in keys],
        ascending=[not k.startswith("-") for k in keys],
        kind="stable",
    )
    assert frame.take(frame_order(frame, keys))["i"].tolist() == expected["i"].tolist()


@pytest.mark.parametrize(
    ("name", "params", "keys"),
    [
        ("connections", {}, ["-strength", "enterprise", "school", "enterpriseId", "schoolId"]),
        ("connections", {"kind": "project"}, ["-strength", "enterprise", "school"]),
        ("changes", {"start": "2019", "end": "2023"}, ["change", "enterprise", "school"]),
    ],
)
def test_link_answers_are_sorted_on_their_documented_keys(
    synthetic: KnowledgeGraph, name: str, params: dict[str, str], keys: list[str]
) -> None:
    """Both sort on a rank of (enterprise, school, ids) kept with their pairs."""
    df = ask(name, synthetic, **params)
    assert len(df) > 100
    columns = [k.lstrip("-") for k in keys]
    if keys[-1] == "school":
        columns += ["enterpriseId", "schoolId"]
    expected = df.sort_values(
        columns,
        ascending=[not k.startswith("-") for k in keys] + [True] * (len(columns) - len(keys)),
        kind="stable",
    ).reset_index(drop=True)
    pd.testing.assert_frame_equal(df, expected)
    assert "pairOrder" not in df.columns


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    """A generated graph of 800 organisations: enough pairs for ties on strength and names."""
    from conftest import load_synthetic

    return load_synthetic(tmp_path_factory.mktemp("synth"), 800, 11)
