"""Write each question's Cypher to ``queries/cypher/<name>.cypher`` for Neo4j Browser.

The files are generated from the :class:`~queries.question.Question`
objects, never edited by hand; ``tests/queries/test_cypher_files.py`` fails
when one is out of date. Regenerate them with::

    python -m queries.cypher_files
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from queries.backend import cypher_params, cypher_values
from queries.question import Question

__all__ = ["CYPHER_DIR", "render", "write_all"]

CYPHER_DIR = Path(__file__).with_name("cypher")


def _literal(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def render(question: Question) -> str:
    """The text of one ``.cypher`` file: a header, ``:param`` lines, the query.

    >>> from queries import REGISTRY
    >>> text = render(REGISTRY["path"])
    >>> [line for line in text.splitlines() if line.startswith(":param")][:3]
    [':param a => "";', ':param b => "";', ':param k => 4;']
    """
    if not question.cypher:
        raise ValueError(f"{question.name} has no Cypher text")
    nodes = [p.name for p in question.params if p.node]
    lines = [
        f"// iekg question: {question.name}",
        f"// {question.zh}",
        f"// {question.en}",
        "//",
        "// Generated from the question's definition by `python -m queries.cypher_files`;",
        "// do not edit. Paste the :param lines into Neo4j Browser, set the values, then",
        f"// run the query. It returns the raw rows; `iekg query {question.name} --backend neo4j`",
        "// runs the same Cypher and finishes the rows into the documented answer.",
    ]
    if nodes:
        lines.append(
            f"// {', '.join(nodes)}: a node id or an exact name, '' for any "
            "(iekg also accepts aliases and unique parts of names)."
        )
    used = set(cypher_params(question.cypher))
    after = [p.name for p in question.params if p.name not in used]
    if after:
        lines.append(f"// Applied by iekg after the query: {', '.join(after)}.")
    if question.notes:
        lines.append(f"// {question.notes}")
    if question.packed:
        lines.append(
            "// iekg receives these rows collected into one record (one list per row), "
            "which the driver reads far faster; the last lines unwind them into a table."
        )
    values = cypher_values(question, {p.name: p.default for p in question.params})
    lines += [f":param {n} => {_literal(v)};" for n, v in values.items()]
    text = question.table_cypher or question.cypher
    return "\n".join([*lines, "", text.rstrip() + ";", ""])


def write_all(folder: Path = CYPHER_DIR) -> list[Path]:
    """Write every registered question's file; return the paths written."""
    from queries import REGISTRY

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for question in REGISTRY.values():
        if question.cypher:
            path = folder / f"{question.name}.cypher"
            path.write_text(render(question), encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    for written_path in write_all():
        print(written_path)
