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

from typing import Callable

from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from .images import encode_png
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

    ``relayouts`` counts the frames that had to be laid out again.
    """

    def __init__(self, figsize=(6.0, 4.0), dpi: int = 72, *, colors: int | None = None, compress_level: int = 6):
        self.figsize, self.dpi, self.colors, self.compress_level = figsize, dpi, colors, compress_level
        self._canvas: FigureCanvasAgg | None = None
        self._layout_key = None
        self._positions: list = []
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
    def _text_overflows(fig, renderer) -> bool:
        """Whether anything the layout makes room for (titles, labels, tick labels, legends) reaches
        past the edge of the picture: the figure's tight box, through public API only."""
        box = fig.get_tightbbox(renderer).transformed(fig.dpi_scale_trans)  # inches -> pixels
        width, height = fig.bbox.width, fig.bbox.height
        return box.x0 < -_SLACK or box.y0 < -_SLACK or box.x1 > width + _SLACK or box.y1 > height + _SLACK

    def draw_figure(self, draw: Callable, kwargs: dict):
        """The figure for ``kwargs``, drawn and laid out on the shared canvas (for tests)."""
        fig = new_figure(figsize=self.figsize, dpi=self.dpi)
        canvas = self._attach(fig)
        draw(fig, **kwargs)
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
        return fig

    def render(self, draw: Callable, kwargs: dict) -> bytes:
        """Draw one frame and return it as PNG bytes."""
        self.draw_figure(draw, kwargs)
        return self.encode()

    def encode(self) -> bytes:
        """The frame drawn last, as PNG bytes."""
        canvas = self._canvas
        w, h = canvas.get_width_height(physical=True)
        frame = Image.frombuffer("RGBA", (w, h), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        return encode_png(frame, colors=self.colors, compress_level=self.compress_level)
