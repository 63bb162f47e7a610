"""Slider figures in a live kernel: the kernel draws the figure again whenever a slider moves.

In Binder, Colab, JupyterHub, Thebe or a local Jupyter, ``optlib.widgets.slider_figure`` gives a
:class:`LiveSliderFigure`: the same ``draw``/``Param``/``alt`` as the static page, but a continuous
``Param`` becomes a slider over its whole range (any value can be tried, not only the listed ones)
and a ``Param(continuous=False)`` a slider over its listed values.  Moves are debounced
(:mod:`optlib.debounce`), the figure is drawn on one canvas (:class:`optlib.frames.FrameRenderer`)
and sent as a palette PNG, and the last few frames are kept so moving back is instant.
"""

from __future__ import annotations

import html
import time
from typing import Callable, Sequence

import ipywidgets as W

from . import i18n
from .debounce import Debouncer
from .frames import FrameRenderer
from .images import figure_html
from .sliders import Param

__all__ = ["LiveSliderFigure", "DEBOUNCE", "MAX_WAIT", "CACHE_FRAMES"]

#: seconds a change waits for a newer one before the figure is redrawn
DEBOUNCE = 0.02
#: the longest a pending change waits while the slider keeps moving (seconds)
MAX_WAIT = 0.15
#: how many rendered frames a live figure keeps, by value
CACHE_FRAMES = 32


class LiveSliderFigure(W.VBox):
    """Sliders above a figure that the kernel redraws (debounced) whenever a slider moves.

    Attributes: ``sliders``, ``image`` (an ``ipywidgets.HTML`` holding the ``<img>`` with its
    alternative text), ``status`` (a note when ``draw`` fails for a value), ``stack`` (None) and
    ``links`` (empty: nothing is linked in the browser), ``live`` (True), ``last_redraw`` (seconds the
    latest redraw took), ``redraws`` (how many were made).
    """

    live = True

    def __init__(self, draw: Callable, params: Sequence[Param], alt: Callable[..., str], *, figsize=(6.0, 4.0),
                 dpi: int = 72, colors: int | None = 96, debounce: float = DEBOUNCE, max_wait: float = MAX_WAIT):
        self.draw_fn, self.params, self.alt_fn = draw, list(params), alt
        self._px = int(round(figsize[0] * dpi))
        made = [p.live_slider(self._px) for p in self.params]
        self.sliders = [s for s, _ in made]
        self._convert = [c for _, c in made]
        self.image = W.HTML()
        self.status = W.HTML(layout=W.Layout(min_height="0"))
        self.stack, self.links = None, []
        self.last_redraw, self.redraws = None, 0
        self._cache: dict = {}  # the last few frames by value: moving back to a value is instant
        # the static frames' palette (the same look, and 4 times fewer bytes to send: ~18 kB a frame,
        # which matters more than rendering on a remote kernel) with fast compression
        self._renderer = FrameRenderer(figsize, dpi, colors=colors, compress_level=1)
        self._debouncer = Debouncer(self.redraw_now, debounce, max_wait)
        super().__init__([*self.sliders, self.image, self.status])
        self.add_class("optlib-slider-figure")
        self.add_class("optlib-live")
        self.redraw()
        for s in self.sliders:
            s.observe(lambda change: self._debouncer.trigger(), names="value")

    # the debounce settings (tests change them)
    debounce = property(lambda self: self._debouncer.debounce, lambda self, v: setattr(self._debouncer, "debounce", v))
    max_wait = property(lambda self: self._debouncer.max_wait, lambda self, v: setattr(self._debouncer, "max_wait", v))

    def values(self) -> dict:
        """The values the draw function gets now."""
        return {p.name: conv(s.value) for p, s, conv in zip(self.params, self.sliders, self._convert)}

    def redraw(self) -> float:
        """Draw the figure for the sliders' current values now; return the seconds it took."""
        self._debouncer.run_now()
        return self.last_redraw

    def redraw_now(self) -> None:
        values = self.values()
        t0 = time.perf_counter()
        try:
            png, alt = self._frame(values)
        except Exception as exc:  # the lesson's draw failed for this value: say which, keep the last picture
            shown = ", ".join(f"{p.label or p.name} = {p.readout(values[p.name])}" for p in self.params)
            note = i18n.pick(ja=f"この値（{shown}）では図を描けませんでした", en=f"The figure cannot be drawn for {shown}")
            self.status.value = (f'<span class="optlib-live-note">{html.escape(note)}: '
                                 f"{html.escape(type(exc).__name__)}: {html.escape(str(exc))[:200]}</span>")
        else:
            self.image.value = figure_html(png, alt, width=self._px)
            self.status.value = ""
        self.last_redraw = time.perf_counter() - t0
        self.redraws += 1

    def _frame(self, values: dict):
        """PNG and alternative text for ``values``: from the last frames kept, or drawn now."""
        key = tuple(values.values())
        try:
            return self._cache[key]
        except KeyError:
            pass
        except TypeError:  # unhashable values: draw every time
            key = None
        frame = self._renderer.render(self.draw_fn, values), self.alt_fn(**values)
        if key is not None:
            if len(self._cache) >= CACHE_FRAMES:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = frame
        return frame

    def flush(self, timeout: float = 5.0) -> None:
        """Wait (outside an event loop) until no redraw is pending (for tests and scripts)."""
        self._debouncer.flush(timeout)
