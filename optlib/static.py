"""Slider figures precomputed for the static page: every frame drawn in advance, switched in the
browser with no kernel.

A figure that depends on one or two parameters is drawn once for every combination of slider
values.  The frames sit in an ``ipywidgets.Stack`` whose ``selected_index`` is linked in the browser
(``jslink``) to the slider's ``index``, so moving the slider only switches which frame is visible.
The widget state (frames and links) is saved in the executed notebook and replayed by the page's
widget manager.  The frame shown first is the background of all; every other frame keeps only the
pixels where it differs from it and is laid over it: the same picture, far fewer bytes.
"""

from __future__ import annotations

import io
import itertools
from typing import Callable, Sequence

import ipywidgets as W
import numpy as np
from PIL import Image

from .frames import FrameRenderer
from .images import data_uri, figure_html
from .sliders import Param

__all__ = ["SliderFigure", "static_slider_figure", "render_frames"]


def render_frames(draw: Callable, params: Sequence[Param], figsize=(6.0, 4.0), dpi: int = 72,
                  colors: int | None = 96) -> dict[tuple[int, ...], bytes]:
    """Draw every combination of parameter values; return PNG bytes keyed by value indices."""
    renderer = FrameRenderer(figsize, dpi, colors=colors)  # one canvas and one layout for all frames
    frames = {}
    for idx in itertools.product(*(range(len(p.values)) for p in params)):
        values = {p.name: p.values[i] for p, i in zip(params, idx)}
        try:
            frames[idx] = renderer.render(draw, values)
        except Exception as e:  # the lesson's draw: say for which values it failed
            raise RuntimeError(f"draw failed for {_shown(values)}: {type(e).__name__}: {e}") from e
    if renderer.updated and renderer.render_afresh(draw, values) != frames[idx]:
        # frames after the first came from draw's update function: the last must be what draw gives
        raise RuntimeError(f"the update function that draw returned left the frame for {_shown(values)} different "
                           "from a fresh draw: it must change every artist that depends on the slider values "
                           "(set their data, text or colour) and nothing else (no new artists, the same axis limits)")
    return frames


def _shown(values: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in values.items())


class SliderFigure(W.VBox):
    """The sliders above the picture: the frames, laid over the background they share (an ordinary
    VBox to the browser).  ``sliders``, ``stack`` (the frames) and ``links`` are kept as attributes so
    tests and lessons can inspect them."""

    live = False

    def __init__(self, sliders, stack, links, picture):
        super().__init__([*sliders, picture])
        self.sliders, self.stack, self.links = list(sliders), stack, list(links)
        self.add_class("optlib-slider-figure")


def static_slider_figure(draw: Callable, params: Sequence[Param], *, alt: Callable[..., str], figsize=(6.0, 4.0),
                         dpi: int = 72, colors: int | None = 96) -> SliderFigure:
    """Precompute every frame and link the sliders to them in the browser (see the module docstring)."""
    frames = render_frames(draw, params, figsize=figsize, dpi=dpi, colors=colors)
    px = int(round(figsize[0] * dpi))
    first = tuple(p.initial_index for p in params)
    background = _rgb(frames[first])

    def frame(idx):
        values = {p.name: p.values[i] for p, i in zip(params, idx)}
        return W.HTML(figure_html(_difference(frames[idx], background), alt(**values), width=px))

    sliders = [p.selection_slider(px) for p in params]
    links = []
    if len(params) == 1:
        stack = W.Stack([frame((i,)) for i in range(len(params[0].values))], selected_index=params[0].initial_index)
        links.append(W.jslink((sliders[0], "index"), (stack, "selected_index")))
    else:
        inner = []
        for i in range(len(params[0].values)):
            s = W.Stack([frame((i, j)) for j in range(len(params[1].values))], selected_index=params[1].initial_index)
            links.append(W.jslink((sliders[1], "index"), (s, "selected_index")))
            inner.append(s)
        stack = W.Stack(inner, selected_index=params[0].initial_index)
        links.append(W.jslink((sliders[0], "index"), (stack, "selected_index")))
    under = W.HTML(_background_html(frames[first], px), layout=W.Layout(grid_area="frame"))
    stack.layout.grid_area = "frame"
    picture = W.GridBox([under, stack], layout=W.Layout(grid_template_areas='"frame"', width="max-content",
                                                        max_width="100%"))
    return SliderFigure(sliders, stack, links, picture)


def _rgb(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def _difference(png: bytes, background: np.ndarray) -> bytes:
    """``png`` with every pixel equal to ``background``'s made transparent (a frame to lay over it),
    or ``png`` itself when that is lighter."""
    img = Image.open(io.BytesIO(png))
    rgb = np.asarray(img.convert("RGB"))
    if rgb.shape != background.shape:
        return png  # another size: the frame stands alone (it covers the background)
    same = (rgb == background).all(axis=2)
    if img.mode == "P" and len(img.getpalette() or []) // 3 < 256:
        index = np.asarray(img).copy()
        clear = len(img.getpalette()) // 3  # a palette entry no pixel uses
        index[same] = clear
        out = Image.fromarray(index.astype(np.uint8), "P")
        out.putpalette(img.getpalette() + [0, 0, 0])
        kw = {"transparency": clear}
    else:
        rgba = np.dstack([np.where(same[..., None], 0, rgb), np.where(same, 0, 255)]).astype(np.uint8)
        out, kw = Image.fromarray(rgba, "RGBA"), {}
    buf = io.BytesIO()
    out.save(buf, format="png", optimize=True, **kw)
    # a frame that differs almost everywhere is lighter whole (and, opaque, it covers the background)
    return min(buf.getvalue(), png, key=len)


def _background_html(png: bytes, width: int) -> str:
    """The picture under the frames: decorative (each frame above it carries the alternative text)."""
    return (f'<img src="{data_uri(png)}" alt="" role="presentation" class="optlib-frame-background" '
            f'width="{width}" style="max-width:100%;height:auto">')
