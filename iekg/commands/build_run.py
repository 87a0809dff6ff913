"""What ``iekg build`` says when it loads several paths and one of them fails.

Each path is written to the store as soon as it is read and checked, so when
the third of five files is refused the first two are already stored. The
message says so, names the files never tried, and says what to do: fix the
refused file and run the same command again, which reloads the first two
without changing anything (loading is idempotent).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from graph.errors import IekgError
from graph.ingest import Batch, BatchRefused

__all__ = ["PathRun"]


class PathRun:
    """The command's paths, which were loaded, and which one is being read."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = list(paths)
        self.current: Path | None = None
        self.loaded: list[str] = []  # batch names, in the order they were written

    def batches(self, load: Callable[[Path], Iterable[Batch]]) -> Iterator[Batch]:
        """Every batch of every path, remembering which path is being read."""
        for path in self.paths:
            self.current = path
            yield from load(path)
        self.current = None

    def failure(self, exc: IekgError) -> str:
        """``exc``'s message, with what was loaded before it and what was not tried.

        A single path that fails before anything is written keeps the plain
        message: there is nothing else to account for.
        """
        rest = self.paths[self.paths.index(self.current) + 1 :] if self.current else []
        if not self.loaded and not rest:
            return str(exc)
        if isinstance(exc, BatchRefused):
            exc = exc.among_others()
        failed = getattr(exc, "path", None) or (str(self.current) if self.current else "")
        parts = [
            f"{', '.join(self.loaded)} {'was' if len(self.loaded) == 1 else 'were'} "
            "loaded before it"
            if self.loaded
            else "nothing was loaded before it"
        ]
        untried = [str(p) for p in rest]
        if self.current is not None and self.current.is_dir() and str(self.current) != failed:
            untried.insert(0, f"the files after {failed} in {self.current}")
        if untried:
            parts.append(f"not tried: {', '.join(untried)}")
        parts.append(f"fix {failed} and run the same command again (loading is idempotent)")
        return f"{exc}\n{'; '.join(parts)}"
