"""Live sliders: in a running kernel the figure is computed on each move, for any value in range.

``optlib.widgets.slider_figure`` calls :func:`live_slider_figure` when :func:`is_live` says the
code runs in a live kernel (Binder, Colab, JupyterHub, Thebe, a local Jupyter) and not during the
static build.  The same ``draw``/``Param``/``alt`` arguments are used:

- a numeric ``Param`` becomes a ``FloatSlider`` (``FloatLogSlider`` when its values span two or
  more orders of magnitude) or an ``IntSlider`` over ``[min(values), max(values)]``, so any value
  in the range can be tried, not only the listed ones;
- any other ``Param`` (names, labels) becomes a ``SelectionSlider`` over its values.

Moves are debounced: a change schedules one redraw ``debounce`` seconds later (a newer change
pushes it back, but never past ``max_wait`` since the first pending change, so a long drag still
shows intermediate figures), and the redraw always uses the sliders' latest values.  The figure is
drawn on one reused matplotlib figure with a fixed Agg canvas and written as a full-colour PNG
with fast compression (no palette quantization), which keeps a lesson figure well under 100 ms.

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
import io
import math
import numbers
import os
import threading
import time
import weakref
from typing import Callable, Sequence

import ipywidgets as W

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
# rendering
# --------------------------------------------------------------------------------------------
class _Renderer:
    """Renders live frames fast: a fresh figure per frame (clearing one costs more), drawn straight
    to an Agg canvas and written as a full-colour PNG with light compression.  The constrained
    layout (about a quarter of a frame) runs on the first frame and whenever the figure's structure
    changes (number, kind or grid place of the axes); other frames reuse its axes positions."""

    def __init__(self, figsize, dpi):
        self.figsize, self.dpi = figsize, dpi
        self._layout_key, self._positions = None, None

    @staticmethod
    def _structure(fig):
        key = []
        for ax in fig.axes:
            spec = ax.get_subplotspec()
            key.append((type(ax).__name__, spec.get_geometry() if spec is not None else None))
        return tuple(key), len(fig.legends), fig.get_layout_engine() is None

    def render(self, draw, kwargs) -> bytes:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from PIL import Image

        from .plotting import new_figure

        t0 = time.perf_counter()
        fig = new_figure(figsize=self.figsize, dpi=self.dpi)
        canvas = FigureCanvasAgg(fig)
        draw(fig, **kwargs)
        t1 = time.perf_counter()
        key = self._structure(fig)
        reuse = key == self._layout_key and fig.get_layout_engine() is not None
        if reuse:
            fig.set_layout_engine(None)
            for ax, pos in zip(fig.axes, self._positions):
                ax.set_position(pos)
        canvas.draw()
        t2 = time.perf_counter()
        if not reuse:
            self._layout_key = key
            self._positions = [ax.get_position().bounds for ax in fig.axes]
        w, h = canvas.get_width_height(physical=True)
        img = Image.frombuffer("RGBA", (w, h), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
        out = io.BytesIO()
        img.save(out, format="png", compress_level=1)  # fast: live frames are not stored in the page
        #: seconds spent in the lesson's draw function, in matplotlib's rendering, in PNG encoding
        self.timing = {"draw": t1 - t0, "render": t2 - t1, "encode": time.perf_counter() - t2}
        return out.getvalue()


class LiveSliderFigure(W.VBox):
    """Sliders above a figure that the kernel redraws (debounced) whenever a slider moves.

    Attributes: ``sliders``, ``image`` (an ``ipywidgets.HTML`` holding the ``<img>`` with its
    alternative text), ``status`` (a note when a value cannot be drawn), ``stack`` (None) and
    ``links`` (empty: nothing is linked in the browser), ``live`` (True), ``last_redraw`` (seconds
    the latest redraw took), ``redraws`` (how many were made).
    """

    live = True

    def __init__(self, draw: Callable, params: Sequence, alt: Callable[..., str], *, figsize=(6.0, 4.0),
                 dpi: int = 72, debounce: float = DEBOUNCE, max_wait: float = MAX_WAIT):
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
        global _made
        _made += 1
        self.serial = _made  # creation order (figures of one notebook are numbered 1, 2, ...)
        self._renderer = _Renderer(figsize, dpi)
        self._lock = threading.RLock()
        self._cancel = None
        self._first_pending = None
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

    def _redraw(self) -> float:
        kwargs = self.values()
        t0 = time.perf_counter()
        note = ""
        try:
            key = tuple(kwargs.values())
            hash(key)
        except TypeError:
            key = None
        try:
            if key is not None and key in self._cache:
                png, alt, note = self._cache[key]
                self.timing = {"cached": True}
            else:
                png = self._renderer.render(self.draw_fn, kwargs)
                ta = time.perf_counter()
                alt = self.alt_fn(**kwargs)
                self.timing = dict(self._renderer.timing, alt=time.perf_counter() - ta)
        except Exception as exc:  # a value the lesson's draw cannot compute: show the nearest listed one
            near = {p.name: _nearest(kwargs[p.name], p.values) for p in self.params}
            if near == kwargs:
                raise
            png = self._renderer.render(self.draw_fn, near)
            alt = self.alt_fn(**near)
            self.timing = dict(self._renderer.timing)
            shown = ", ".join(f"{p.label or p.name} = {p.readout(near[p.name])}" for p in self.params)
            from . import i18n

            msg = i18n.pick(ja=f"この値はここでは計算できないため、いちばん近い値 ({shown}) の図を表示しています",
                            en=f"This value cannot be computed here; showing the nearest listed value ({shown})")
            note = (f'<span class="optlib-live-note">{_html.escape(msg)} '
                    f"[{_html.escape(type(exc).__name__)}: {_html.escape(str(exc))[:80]}]</span>")
        if key is not None:
            if len(self._cache) >= CACHE_FRAMES:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = (png, alt, note)
        self.image.value = self._figure_html(png, alt, width=self._px)
        self.status.value = note
        self.last_redraw = time.perf_counter() - t0
        self.redraws += 1
        return self.last_redraw

    # debouncing
    def _changed(self, change=None):
        now = time.perf_counter()
        with self._lock:
            if self._first_pending is None:
                self._first_pending = now
            if self._cancel is not None:
                self._cancel()
            delay = max(0.0, min(self.debounce, self._first_pending + self.max_wait - now))
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


def live_slider_figure(draw, params, *, alt, figsize=(6.0, 4.0), dpi: int = 72, **kw) -> LiveSliderFigure:
    return LiveSliderFigure(draw, params, alt, figsize=figsize, dpi=dpi, **kw)
