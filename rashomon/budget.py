"""Per-document time budgets: a runaway stage is stopped and the document recorded as skipped.

How a stage is stopped depends on where the pipeline runs:

* in the main thread of a POSIX process (the CLI, ``rashomon add``), a ``SIGALRM``
  timer interrupts the stage at the next Python bytecode once the budget is
  spent, so a looping stage is stopped without its cooperation;
* elsewhere (worker threads of the web app, other platforms) signals cannot be
  used: the pipeline checks the clock between stages, and long loops call
  :func:`check`, which raises once the current document's deadline has passed.

Limits: one long call into compiled code (a spaCy parse, a regular expression)
is interrupted only when it returns to Python, so a document can overrun its
budget by the length of that call.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from .errors import RashomonError


class OverBudget(RashomonError):
    """A document (or a corpus stage) used up its time budget."""


_local = threading.local()


def check() -> None:
    """Raise :class:`OverBudget` if the current deadline has passed (cheap: one clock read)."""
    deadline = getattr(_local, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        raise OverBudget("time budget spent")


def remaining() -> float | None:
    """Seconds left before the current deadline (``None`` when unbounded).

    Lets a stage that works in chunks stop on its own between chunks and keep
    what it has, instead of losing everything to the timer.
    """
    deadline = getattr(_local, "deadline", None)
    return None if deadline is None else deadline - time.monotonic()


def _can_signal() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def limit(seconds: float | None) -> Iterator[None]:
    """Run the block with at most ``seconds`` of wall time (``None``: unbounded; <= 0: already spent)."""
    if seconds is None:
        yield
        return
    if seconds <= 0.001:
        raise OverBudget("time budget spent")
    outer = getattr(_local, "deadline", None)
    deadline = time.monotonic() + seconds
    _local.deadline = deadline if outer is None else min(outer, deadline)
    if not _can_signal():
        try:
            yield
        finally:
            _local.deadline = outer
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise OverBudget("time budget spent")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, max(0.001, _local.deadline - time.monotonic()))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _local.deadline = outer
        if outer is not None:  # an enclosing limit keeps its own timer
            signal.setitimer(signal.ITIMER_REAL, max(0.001, outer - time.monotonic()))
