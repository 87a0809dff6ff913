"""What the ``iekg`` process lets go of only by ending.

:func:`iekg.cli.main` ends the process at once when its command is done
(exit handlers run, streams flush, the interpreter's teardown is skipped).
A graph a command lets go of before that is freed object by object inside
the command: 3.5 s for the national graph of 136,000 organisations after
``iekg query`` has its answer. A command hands such an object to
:func:`keep_until_exit`, and the operating system takes its memory back
with the process's. Anywhere else (a test's ``CliRunner``, a notebook)
nothing is kept: there the program goes on, and the memory must be freed.
"""

from __future__ import annotations

__all__ = ["end_at_once", "keep_until_exit"]

_KEPT: list[object] = []
_ENDING_AT_ONCE = False


def end_at_once() -> None:
    """Declare that this process ends at once after its command (only ``main`` does)."""
    global _ENDING_AT_ONCE
    _ENDING_AT_ONCE = True


def keep_until_exit(obj: object) -> None:
    """Keep ``obj`` alive until the process ends, when it ends at once; else do nothing."""
    if _ENDING_AT_ONCE:
        _KEPT.append(obj)
