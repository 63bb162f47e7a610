"""Live sliders: in a running kernel the figure is computed on each move, for any value in range.

``optlib.widgets.slider_figure`` calls :func:`live_slider_figure` when :func:`is_live` says the
code runs in a live kernel (Binder, Colab, JupyterHub, Thebe, a local Jupyter) and not during the
static build.  The same ``draw``/``Param``/``alt`` arguments are used:

- a numeric ``Param`` becomes a ``FloatSlider`` (``FloatLogSlider`` when its values span two or
  more orders of magnitude) or an ``IntSlider`` over ``[min(values), max(values)]``, so any value
  in the range can be tried, not only the listed ones;
- any other ``Param`` (names, labels) becomes a ``SelectionSlider`` over its values.

Moves are debounced: a move after a pause (no redraw pending or finished in the last ``debounce``
seconds) is drawn at once; a move in quick succession, as in a drag, schedules one redraw
``debounce`` seconds later (a newer move pushes it back, but never past ``max_wait`` since the
first pending one, so a long drag still shows intermediate figures).  A redraw always uses the
sliders' latest values.  The figure is
drawn by ``optlib.frames.FrameRenderer`` (one Agg canvas, the layout computed once) and written as
a palette PNG (the static frames' palette) with fast compression.

Live or static?  :func:`is_live` decides, in this order:

1. an explicit ``live=True`` / ``live=False`` argument;
2. ``OPTLIB_STATIC`` set to anything but ``""``/``0``/``false``/``no`` → static.  The build
   (``scripts/build.sh``) and the test command (``scripts/test.sh``) export ``OPTLIB_STATIC=1``,
   and the notebook kernels they start inherit it, so the static site keeps its precomputed,
   jslinked frames;
3. ``OPTLIB_LIVE`` set likewise → live (e.g. to try live mode from a script);
4. otherwise live exactly when the code runs inside an IPython kernel (``get_ipython().kernel``).
"""

from __future__ import annotations

import asyncio
import html as _html
import math
import numbers
import os
import threading
import time
import weakref
from typing import Callable, Sequence

import ipywidgets as W

from .frames import FrameRenderer

__all__ = ["is_live", "live_slider_figure", "LiveSliderFigure", "live_figures", "DEBOUNCE", "MAX_WAIT"]

#: seconds a change waits for a newer one before the figure is redrawn
DEBOUNCE = 0.02
#: the longest a pending change waits while the slider keeps moving (seconds)
MAX_WAIT = 0.15

_FALSE = {"", "0", "false", "no", "off"}
_registry: "weakref.WeakSet[LiveSliderFigure]" = weakref.WeakSet()
_made = 0
#: how many rendered frames a live figure keeps, by value
CACHE_FRAMES = 32


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in _FALSE


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return False
    ip = get_ipython()
    return ip is not None and getattr(ip, "kernel", None) is not None


def is_live(live: bool | None = None) -> bool:
    """Whether slider figures are computed live (see the module docstring for the rules)."""
    if live is not None:
        return bool(live)
    if _flag("OPTLIB_STATIC"):
        return False
    if _flag("OPTLIB_LIVE"):
        return True
    return _in_kernel()


def live_figures() -> list["LiveSliderFigure"]:
    """The live slider figures made in this process (for benchmarks and tests)."""
    return sorted(_registry, key=lambda f: f.serial)


# --------------------------------------------------------------------------------------------
# sliders
# --------------------------------------------------------------------------------------------
def _is_number(v) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool) and math.isfinite(float(v))


def _is_int(v) -> bool:
    return isinstance(v, numbers.Integral) and not isinstance(v, bool)


def _decimals(values, limit: int = 6) -> int:
    """The fewest decimals that write every value exactly (at most ``limit``)."""
    for d in range(limit + 1):
        if all(abs(round(float(v), d) - float(v)) <= 1e-12 * max(1.0, abs(float(v))) for v in values):
            return d
    return limit


def _make_slider(p, width: str):
    """The live widget for one Param, and a function turning its value into the draw argument."""
    values = p.values
    initial = values[p.initial_index]
    common = dict(description=p.label or p.name, continuous_update=True,
                  style={"description_width": "initial"}, layout=W.Layout(width=width))
    numeric = all(_is_number(v) for v in values) and min(values) < max(values)
    if not numeric:
        options = [(p.readout(v), i) for i, v in enumerate(values)]
        s = W.SelectionSlider(options=options, value=p.initial_index, **common)
        return s, lambda i: values[i]
    lo, hi = min(values), max(values)
    if all(_is_int(v) for v in values):
        s = W.IntSlider(value=int(initial), min=int(lo), max=int(hi), step=1, **common)
        return s, lambda v: _snap(int(v), values)
    lo, hi = float(lo), float(hi)
    if lo > 0 and hi / lo >= 100:  # orders of magnitude: a logarithmic slider
        s = W.FloatLogSlider(value=float(initial), base=10, min=math.log10(lo), max=math.log10(hi),
                             step=(math.log10(hi) - math.log10(lo)) / 200, readout_format=".3g", **common)
        return s, lambda v: _snap(float(v), values, rel=1e-3, floor=0.0)
    d = max(_decimals(values), 0)
    step = min(10.0 ** math.floor(math.log10((hi - lo) / 100)), 10.0 ** -d) if d else \
        10.0 ** math.floor(math.log10((hi - lo) / 100))
    d = max(d, -math.floor(math.log10(step)), 0)
    s = W.FloatSlider(value=float(initial), min=lo, max=hi, step=step, readout_format=f".{d}f", **common)
    return s, lambda v: _snap(round(float(v), d), values)


def _snap(v, values, rel: float = 1e-9, floor: float = 1.0):
    """A listed value when ``v`` is (within rounding) one of them, so lookups by value still work."""
    for listed in values:
        if abs(float(listed) - float(v)) <= rel * max(floor, abs(float(listed))):
            return listed
    return v


def _nearest(v, values):
    if not _is_number(v):
        return v
    return min(values, key=lambda listed: abs(float(listed) - float(v)))


# --------------------------------------------------------------------------------------------
# the live figure
# --------------------------------------------------------------------------------------------
class LiveSliderFigure(W.VBox):
    """Sliders above a figure that the kernel redraws (debounced) whenever a slider moves.

    Attributes: ``sliders``, ``image`` (an ``ipywidgets.HTML`` holding the ``<img>`` with its
    alternative text), ``status`` (a note when a value cannot be drawn), ``stack`` (None) and
    ``links`` (empty: nothing is linked in the browser), ``live`` (True), ``last_redraw`` (seconds
    the latest redraw took), ``redraws`` (how many were made).
    """

    live = True

    def __init__(self, draw: Callable, params: Sequence, alt: Callable[..., str], *, figsize=(6.0, 4.0),
                 dpi: int = 72, colors: int | None = 96, debounce: float = DEBOUNCE, max_wait: float = MAX_WAIT):
        from .widgets import figure_html

        self._figure_html = figure_html
        self.draw_fn, self.params, self.alt_fn = draw, list(params), alt
        self.debounce, self.max_wait = debounce, max_wait
        px = int(round(figsize[0] * dpi))
        self._px = px
        width = f"{max(px, 320)}px"
        made = [_make_slider(p, width) for p in self.params]
        self.sliders = [s for s, _ in made]
        self._convert = [c for _, c in made]
        self.image = W.HTML()
        self.status = W.HTML(layout=W.Layout(min_height="0"))
        self.stack, self.links = None, []
        self.last_redraw, self.redraws, self.timing = None, 0, {}
        self._cache: dict = {}  # the last few frames by value: moving back to a value is instant
        self._listed_only, self._failure = False, ""
        global _made
        _made += 1
        self.serial = _made  # creation order (figures of one notebook are numbered 1, 2, ...)
        # the static frames' palette (the same look, and 4 times fewer bytes to send: ~18 kB a frame,
        # which matters more than rendering on a remote kernel) with fast compression
        self._renderer = FrameRenderer(figsize, dpi, colors=colors, compress_level=1)
        self._lock = threading.RLock()
        self._cancel = None
        self._first_pending = None
        self._last_done = float("-inf")  # when the latest redraw finished
        super().__init__([*self.sliders, self.image, self.status])
        self.add_class("optlib-slider-figure")
        self.add_class("optlib-live")
        self.redraw()
        for s in self.sliders:
            s.observe(self._changed, names="value")
        _registry.add(self)

    # the values the draw function gets now
    def values(self) -> dict:
        return {p.name: conv(s.value) for p, s, conv in zip(self.params, self.sliders, self._convert)}

    def redraw(self) -> float:
        """Draw the figure for the sliders' current values now; return the seconds it took."""
        with self._lock:
            try:
                return self._redraw()
            finally:
                self._cancel, self._first_pending = None, None  # nothing pending once drawn
                self._last_done = time.perf_counter()

    def _nearest_listed(self, kwargs: dict) -> dict:
        return {p.name: _nearest(kwargs[p.name], p.values) for p in self.params}

    def _frame(self, kwargs: dict):
        """PNG and alternative text for ``kwargs``: from the last frames kept, or drawn now."""
        try:
            key = tuple(kwargs.values())
            hash(key)
        except TypeError:
            key = None
        if key is not None and key in self._cache:
            self.timing = {"cached": True}
            return self._cache[key]
        png = self._renderer.render(self.draw_fn, kwargs)
        ta = time.perf_counter()
        alt = self.alt_fn(**kwargs)
        self.timing = dict(self._renderer.timing, alt=time.perf_counter() - ta)
        if key is not None:
            if len(self._cache) >= CACHE_FRAMES:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = (png, alt)
        return png, alt

    def _redraw(self) -> float:
        wanted = self.values()
        t0 = time.perf_counter()
        # a lesson whose draw knows only the listed values (it looks its results up by value) is
        # sent to the nearest listed value at once, once it has failed on another value
        shown = self._nearest_listed(wanted) if self._listed_only else wanted
        try:
            png, alt = self._frame(shown)
        except Exception as exc:  # a value the lesson's draw cannot compute: show the nearest listed one
            near = self._nearest_listed(wanted)
            if near == shown:
                raise
            png, alt = self._frame(near)
            shown, self._listed_only = near, True
            self._failure = f"{type(exc).__name__}: {exc}"
        note = ""
        if shown != wanted:
            from . import i18n

            listed = ", ".join(f"{p.label or p.name} = {p.readout(shown[p.name])}" for p in self.params)
            msg = i18n.pick(ja=f"この値はここでは計算できないため、いちばん近い値 ({listed}) の図を表示しています",
                            en=f"This value cannot be computed here; showing the nearest listed value ({listed})")
            note = (f'<span class="optlib-live-note">{_html.escape(msg)} '
                    f"[{_html.escape(self._failure[:80])}]</span>")
        self.image.value = self._figure_html(png, alt, width=self._px)
        self.status.value = note
        self.last_redraw = time.perf_counter() - t0
        self.redraws += 1
        return self.last_redraw

    # debouncing
    def _changed(self, change=None):
        now = time.perf_counter()
        with self._lock:
            idle = self._cancel is None and now - self._last_done >= self.debounce
            if self._first_pending is None:
                self._first_pending = now
            if self._cancel is not None:
                self._cancel()
            # a move after a pause is drawn at once; moves in quick succession (a drag) wait for
            # the next one, but never longer than max_wait since the first of them
            delay = 0.0 if idle else max(0.0, min(self.debounce, self._first_pending + self.max_wait - now))
            self._cancel = _call_later(delay, self._fire)

    def _fire(self):
        try:
            self.redraw()
        except Exception as exc:  # never let a redraw error escape into the event loop silently
            self.status.value = f'<span class="optlib-live-note">{_html.escape(type(exc).__name__)}: {_html.escape(str(exc))[:200]}</span>'

    def flush(self, timeout: float = 5.0) -> None:
        """Wait (outside an event loop) until no redraw is pending (for tests and scripts)."""
        end = time.perf_counter() + timeout
        while self._cancel is not None and time.perf_counter() < end:
            time.sleep(0.005)


def _call_later(delay: float, fn) -> Callable[[], None]:
    """Run ``fn`` after ``delay`` seconds on the kernel's event loop (so the redraw runs on the
    kernel's thread, between messages), else on a timer thread; return a function that cancels it.
    Outside a kernel a loop that reports itself running may not be turning (e.g. the one
    Playwright's sync API leaves behind), so only a kernel's loop is used."""
    loop = None
    if _in_kernel():
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
    if loop is not None:
        return loop.call_later(delay, fn).cancel
    t = threading.Timer(delay, fn)
    t.daemon = True
    t.start()
    return t.cancel


def live_slider_figure(draw, params, *, alt, figsize=(6.0, 4.0), dpi: int = 72, colors: int | None = 96,
                       **kw) -> LiveSliderFigure:
    return LiveSliderFigure(draw, params, alt, figsize=figsize, dpi=dpi, colors=colors, **kw)
