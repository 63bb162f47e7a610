"""Calling a function once after a burst of events: the redraws of a live slider figure.

A call after a pause (nothing pending, nothing done in the last ``debounce`` seconds) runs at once;
calls in quick succession, as in a drag, schedule one run ``debounce`` seconds after the latest (a
newer call pushes it back, but never past ``max_wait`` since the first pending one, so a long drag
still shows intermediate results).  In a kernel the run happens on the kernel's event loop (between
messages, on the kernel's thread); elsewhere on a timer thread.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Callable

__all__ = ["Debouncer", "call_later", "in_kernel"]


def in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return False
    ip = get_ipython()
    return ip is not None and getattr(ip, "kernel", None) is not None


def call_later(delay: float, fn: Callable[[], None]) -> Callable[[], None]:
    """Run ``fn`` after ``delay`` seconds on the kernel's event loop, else on a timer thread; return
    a function that cancels it.  Outside a kernel a loop that reports itself running may not be
    turning (e.g. the one Playwright's sync API leaves behind), so only a kernel's loop is used."""
    loop = None
    if in_kernel():
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
    if loop is not None:
        return loop.call_later(delay, fn).cancel
    timer = threading.Timer(delay, fn)
    timer.daemon = True
    timer.start()
    return timer.cancel


class Debouncer:
    """``trigger()`` asks for one run of ``fn`` (see the module docstring); ``run_now()`` runs it at
    once; ``flush()`` waits (outside an event loop) until nothing is pending."""

    def __init__(self, fn: Callable[[], None], debounce: float = 0.02, max_wait: float = 0.15) -> None:
        self.fn, self.debounce, self.max_wait = fn, debounce, max_wait
        self._lock = threading.RLock()
        self._cancel = None
        self._first_pending = None
        self._last_done = float("-inf")

    @property
    def pending(self) -> bool:
        return self._cancel is not None

    def trigger(self) -> None:
        now = time.perf_counter()
        with self._lock:
            idle = self._cancel is None and now - self._last_done >= self.debounce
            if self._first_pending is None:
                self._first_pending = now
            if self._cancel is not None:
                self._cancel()
            delay = 0.0 if idle else max(0.0, min(self.debounce, self._first_pending + self.max_wait - now))
            self._cancel = call_later(delay, self.run_now)

    def run_now(self) -> None:
        with self._lock:
            try:
                self.fn()
            finally:
                self._cancel, self._first_pending = None, None  # nothing pending once run
                self._last_done = time.perf_counter()

    def flush(self, timeout: float = 5.0) -> None:
        end = time.perf_counter() + timeout
        while self._cancel is not None and time.perf_counter() < end:
            time.sleep(0.005)
