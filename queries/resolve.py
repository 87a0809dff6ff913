"""Finding a node from what an analyst types: exact name, alias or unique part.

The same rule runs on both backends (each supplies the candidate nodes), so
a name resolves to the same node whether the graph sits in the embedded
store or in Neo4j. An ambiguous name is never guessed: the error lists the
candidates so the analyst can pick one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from graph.errors import QueryError
from graph.schema import SCHEMA
from graph.text import match_key

__all__ = ["Candidate", "closest", "pick", "pick_spelled"]

MAX_LISTED = 12
#: how many of the closest names a "not found" error suggests
MAX_SUGGESTED = 5
#: how alike (difflib's ratio) a name must be to be suggested
_CUTOFF = 0.5
#: how many of the names sharing most characters are compared closely
_COMPARED = 300


@dataclass(frozen=True)
class Candidate:
    """A node that might be the one meant: id, display name, aliases, concrete label."""

    id: str
    name: str
    aliases: tuple[str, ...]
    label: str

    def describe(self) -> str:
        kind = SCHEMA.labels[self.label].short if self.label in SCHEMA.labels else self.label
        return f"{self.name}（{kind}）"


@lru_cache(maxsize=1 << 18)
def _key(name: str) -> str:
    """:func:`match_key`, remembered: every name parameter compares against every node."""
    return match_key(name)


def pick_spelled(text: str, spelled: Iterable[Candidate]) -> str | None:
    """The id ``text`` names when the nodes spelled exactly so settle it, else None.

    ``spelled`` holds the nodes whose id, name or an alias is ``text``
    character for character: a backend finds those with an index instead
    of listing every node. An id wins; one exactly spelled name or alias
    wins; anything else (no such node, or several) is left to :func:`pick`,
    which compares match keys and parts of names and words the errors.

    >>> c = [Candidate("a", "绍兴中专", (), "SecondaryVocationalSchool")]
    >>> pick_spelled("绍兴中专", c), pick_spelled("a", c), pick_spelled("中专", [])
    ('a', 'a', None)
    """
    found = list(spelled)
    for cand in found:
        if cand.id == text:
            return cand.id
    named = {c.id for c in found if text == c.name or text in c.aliases}
    return named.pop() if len(named) == 1 else None


def pick(text: str, candidates: Iterable[Candidate], what: str, param: str) -> str:
    """The id of the one candidate ``text`` names; QueryError when none or several.

    Exact names and aliases (compared by :func:`graph.text.match_key`) win
    over parts of names; several exact or several partial matches are
    ambiguous.

    >>> c = [Candidate("a", "绍兴中专", (), "SecondaryVocationalSchool"),
    ...      Candidate("b", "绍兴文理学院", (), "HigherEducationInstitution")]
    >>> pick("文理", c, "school", "school")
    'b'
    >>> pick("绍兴", c, "school", "school")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: school='绍兴' is ambiguous: 2 matches: 绍兴中专（中职）...
    """
    key = match_key(text)
    pool = list(candidates)
    for cand in pool:
        if cand.id == text:
            return cand.id
    exact = [c for c in pool if key in {_key(n) for n in (c.name, *c.aliases)}]
    if len(exact) == 1:
        return exact[0].id
    found = exact or [c for c in pool if key and any(key in _key(n) for n in (c.name, *c.aliases))]
    if len(found) == 1:
        return found[0].id
    if not found:
        close = closest(key, pool)
        hint = f"closest: {'、'.join(c.describe() for c in close)}; " if close else ""
        raise QueryError(
            f"{param}={text!r}: no {what} has this name, alias or part of a name; "
            f"{hint}check the spelling"
        )
    found.sort(key=lambda c: (c.name, c.id))
    listed = "、".join(c.describe() for c in found[:MAX_LISTED])
    more = f" … and {len(found) - MAX_LISTED} more" if len(found) > MAX_LISTED else ""
    raise QueryError(
        f"{param}={text!r} is ambiguous: {len(found)} matches: {listed}{more}; "
        "give more of the name"
    )


def closest(key: str, candidates: Iterable[Candidate]) -> list[Candidate]:
    """The candidates whose name or an alias is spelled most like ``key`` (a match key).

    A typo (绍兴中转 for 绍兴中专) or a variant of a name matches no name and
    no part of one; the nearest spellings are what the analyst most likely
    meant. Names sharing too few characters with ``key`` are set aside by a
    set intersection first, so only a few hundred reach difflib's slower
    comparison (all of them took seconds at 136,000 organisations).

    >>> c = [Candidate("a", "绍兴中专", (), "SecondaryVocationalSchool"),
    ...      Candidate("b", "绍兴文理学院", (), "HigherEducationInstitution")]
    >>> [x.name for x in closest(match_key("绍兴中转"), c)]
    ['绍兴中专']
    """
    by_key: dict[str, Candidate] = {}
    for cand in candidates:
        for name in (cand.name, *cand.aliases):
            by_key.setdefault(_key(name), cand)
    chars = set(key)
    # 2 × shared characters / total length bounds difflib's ratio from above
    bound = {k: 2 * len(chars.intersection(k)) / (len(key) + len(k) or 1) for k in by_key}
    likely = sorted((k for k, b in bound.items() if b >= _CUTOFF), key=lambda k: -bound[k])
    matcher = difflib.SequenceMatcher(b=key, autojunk=False)
    scored = []
    for k in likely[:_COMPARED]:
        matcher.set_seq1(k)
        if (ratio := matcher.ratio()) >= _CUTOFF:
            scored.append((-ratio, by_key[k].name, k))
    found: dict[str, Candidate] = {}
    for _, _, k in sorted(scored):
        found.setdefault(by_key[k].id, by_key[k])
        if len(found) == MAX_SUGGESTED:
            break
    return list(found.values())
