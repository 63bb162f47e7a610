"""Rendering the frames of one slider figure, fast.

A slider figure is drawn many times with the same shape: once per precomputed value on the static
page (``optlib.widgets``), once per move in a live kernel (``optlib.live``).  :class:`FrameRenderer`
makes the repeated drawing cheap without changing a pixel that matters:

- every frame is drawn on **one Agg canvas**: its renderer, and with it matplotlib's cache of text
  sizes, is reused from frame to frame (a fresh canvas measures every tick label again);
- the **constrained layout** (about a third of a frame) is computed on the first frame and reused by
  the next frames of the same structure (number, kind and grid place of the axes, legends), so the
  axes also stay put while the slider moves.  A frame whose text would then stick out of the
  picture (say, wider tick labels) is laid out again, so nothing is ever cut off.
"""

from __future__ import annotations

import io
import time
from typing import Callable

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from .plotting import new_figure

__all__ = ["FrameRenderer"]

#: how far (pixels) a text may reach past the edge of the figure before the frame is laid out again
_SLACK = 1.0


class FrameRenderer:
    """Draw ``draw(fig, **kwargs)`` on fresh figures of one size and return PNG bytes.

    Parameters
    ----------
    figsize, dpi :
        Frame size in inches and resolution.
    colors : int or None
        Quantize to a palette of this many colours (light frames for the page), or keep full colour.
    compress_level : int
        zlib level of the PNG (1 is fast, for live frames that are not stored).

    After each :meth:`render`, ``timing`` holds the seconds spent in the lesson's ``draw``, in
    matplotlib's rendering and in PNG encoding, and ``relayouts`` counts the frames that had to be
    laid out again.
    """

    def __init__(self, figsize=(6.0, 4.0), dpi: int = 72, *, colors: int | None = None, compress_level: int = 6):
        self.figsize, self.dpi, self.colors, self.compress_level = figsize, dpi, colors, compress_level
        self._canvas: FigureCanvasAgg | None = None
        self._layout_key = None
        self._positions: list = []
        self.timing: dict[str, float] = {}
        self.relayouts = 0

    @staticmethod
    def _structure(fig):
        axes = []
        for ax in fig.axes:
            spec = ax.get_subplotspec()
            axes.append((type(ax).__name__, spec.get_geometry() if spec is not None else None))
        return tuple(axes), len(fig.legends), len(fig.texts), fig.get_layout_engine() is None

    def _attach(self, fig) -> FigureCanvasAgg:
        if self._canvas is None:
            self._canvas = FigureCanvasAgg(fig)
        else:
            self._canvas.figure = fig
            fig.set_canvas(self._canvas)
        return self._canvas

    @staticmethod
    def _decorations(fig):
        """The texts around the axes that a layout makes room for (and the legends)."""
        yield from fig.texts
        yield from fig.legends
        for ax in fig.axes:
            yield from (ax.title, ax._left_title, ax._right_title)  # the three title slots
            for axis in (getattr(ax, name, None) for name in ("xaxis", "yaxis", "zaxis")):
                if axis is not None:
                    yield axis.label
                    # the ticks drawn (get_ticklabels also lists ticks beyond the view limits)
                    for tick in axis._update_ticks():
                        yield tick.label1
                        yield tick.label2
            if ax.get_legend() is not None:
                yield ax.get_legend()

    def _text_overflows(self, fig, renderer) -> bool:
        width, height = fig.bbox.width, fig.bbox.height
        for artist in self._decorations(fig):
            if not artist.get_visible() or isinstance(artist, Text) and not artist.get_text():
                continue
            box = artist.get_window_extent(renderer)
            if box.x0 < -_SLACK or box.y0 < -_SLACK or box.x1 > width + _SLACK or box.y1 > height + _SLACK:
                return True
        return False

    def draw_figure(self, draw: Callable, kwargs: dict):
        """The figure for ``kwargs``, drawn and laid out on the shared canvas (for tests)."""
        fig = new_figure(figsize=self.figsize, dpi=self.dpi)
        canvas = self._attach(fig)
        t0 = time.perf_counter()
        draw(fig, **kwargs)
        t1 = time.perf_counter()
        key = self._structure(fig)
        reuse = key == self._layout_key and fig.get_layout_engine() is not None
        if reuse:
            engine = fig.get_layout_engine()
            fig.set_layout_engine(None)
            for ax, pos in zip(fig.axes, self._positions):
                ax.set_position(pos)
            canvas.draw()
            if self._text_overflows(fig, canvas.get_renderer()):
                fig.set_layout_engine(engine)
                for ax in fig.axes:
                    ax.set_in_layout(True)  # set_position took them out of the layout
                canvas.draw()
                self.relayouts += 1
                reuse = False
        else:
            canvas.draw()
        if not reuse:
            self._layout_key = key
            self._positions = [ax.get_position().frozen() for ax in fig.axes]
        self.timing = {"draw": t1 - t0, "render": time.perf_counter() - t1}
        return fig

    def render(self, draw: Callable, kwargs: dict) -> bytes:
        """Draw one frame and return it as PNG bytes."""
        from PIL import Image

        self.draw_figure(draw, kwargs)
        t2 = time.perf_counter()
        canvas = self._canvas
        w, h = canvas.get_width_height(physical=True)
        img = Image.frombuffer("RGBA", (w, h), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
        if self.colors is not None:
            # fast octree quantization: ~3 ms a frame instead of ~15 ms for median cut, same size
            img = img.quantize(colors=self.colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        out = io.BytesIO()
        img.save(out, format="png", compress_level=self.compress_level)
        self.timing["encode"] = time.perf_counter() - t2
        return out.getvalue()
