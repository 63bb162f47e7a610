"""Sliders over precomputed figures: they work on the static web page, with no kernel.

A figure that depends on one or two parameters is drawn once for every combination of slider
values; each drawing becomes a light PNG frame.  The frames sit in an ``ipywidgets.Stack`` whose
``selected_index`` is linked in the browser (``jslink``) to the slider's ``index``, so moving the
slider only switches which frame is visible.  The widget state (frames and links) is saved in the
executed notebook and replayed by the page's widget manager.

>>> from optlib import widgets, SGD
>>> def draw(fig, lr):
...     ax = fig.add_subplot()
...     ax.set_title(f"lr = {lr}")
>>> widgets.slider_figure(draw, [widgets.Param("lr", [0.01, 0.1, 1.0], label="η")],
...                       alt=lambda lr: f"a figure for lr = {lr}")  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import html
import itertools
import math
from dataclasses import dataclass
from typing import Callable, Sequence

import ipywidgets as W

from .frames import FrameRenderer
from .live import is_live, live_slider_figure
from .plotting import figure_to_png

__all__ = ["Param", "SliderFigure", "slider_figure", "figure_html", "show_figure", "MAX_FRAMES"]

#: the most frames one slider figure may precompute (each costs page weight)
MAX_FRAMES = 150


@dataclass(frozen=True)
class Param:
    """One slider: the keyword ``name`` passed to the drawing function, the ``values`` it takes,
    the ``label`` shown beside it, the ``fmt`` of its readout and the ``initial`` value."""

    name: str
    values: Sequence
    label: str | None = None
    fmt: str = "{:g}"
    initial: object = None

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ValueError(f"Param name must be a Python identifier, got {self.name!r}")
        values = tuple(self.values)
        if not values:
            raise ValueError(f"Param {self.name!r} has no values: give at least one")
        object.__setattr__(self, "values", values)
        if self.initial is not None and self.initial not in values:
            raise ValueError(f"initial value {self.initial!r} of {self.name!r} is not one of its values {values}")

    @property
    def initial_index(self) -> int:
        return 0 if self.initial is None else self.values.index(self.initial)

    def readout(self, value) -> str:
        try:
            return self.fmt.format(value)
        except (ValueError, TypeError):
            return str(value)


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def figure_html(png: bytes, alt: str, width: int | None = None) -> str:
    """An ``<img>`` element holding ``png`` inline, with alternative text ``alt``."""
    if not alt or not alt.strip():
        raise ValueError("every figure needs alternative text (alt) describing what it shows")
    size = f' width="{width}"' if width else ""
    return f'<img src="{_data_uri(png)}" alt="{html.escape(alt, quote=True)}"{size} style="max-width:100%;height:auto">'


def show_figure(fig, alt: str, dpi: int = 80) -> None:
    """Display a matplotlib figure as an image with alternative text.

    Returns None, so that a call on the last line of a cell does not show the figure twice.
    """
    from IPython.display import HTML, display

    display(HTML(figure_html(figure_to_png(fig, dpi=dpi), alt)))


def render_frames(draw: Callable, params: Sequence[Param], figsize=(6.0, 4.0), dpi: int = 72,
                  colors: int | None = 96) -> dict[tuple[int, ...], bytes]:
    """Draw every combination of parameter values; return PNG bytes keyed by value indices."""
    renderer = FrameRenderer(figsize, dpi, colors=colors)  # one canvas and one layout for all frames
    frames = {}
    for idx in itertools.product(*(range(len(p.values)) for p in params)):
        frames[idx] = renderer.render(draw, {p.name: p.values[i] for p, i in zip(params, idx)})
    return frames


def slider_figure(draw: Callable, params: Sequence[Param] | Param, *, alt: Callable[..., str],
                  figsize=(6.0, 4.0), dpi: int = 72, colors: int | None = 96, live: bool | None = None):
    """A figure with one or two sliders that works on the static page.

    Parameters
    ----------
    draw : callable
        ``draw(fig, **values)`` draws on a fresh matplotlib ``Figure`` for one combination of
        slider values (keyword names are the ``Param`` names).
    params : Param or list of Param
        One or two sliders.
    alt : callable
        ``alt(**values)`` returns the alternative text of that frame, in the page's language.
    figsize, dpi, colors :
        Frame size in inches, resolution, and PNG palette size (None keeps full colour).

    live : bool, optional
        Compute the figure in the kernel on each move, for any value in the range (see
        ``optlib.live``).  By default live in a kernel unless ``OPTLIB_STATIC=1`` is set, as the
        build and the test command do (they keep the precomputed, jslinked frames).

    Returns an ``ipywidgets.VBox`` (the sliders above the figure) with attributes ``sliders``,
    ``stack`` and ``links`` (live: an ``optlib.live.LiveSliderFigure``, with ``image``).
    """
    if isinstance(params, Param):
        params = [params]
    params = list(params)
    if not 1 <= len(params) <= 2:
        raise ValueError(f"slider_figure takes one or two Params, got {len(params)}")
    if len({p.name for p in params}) != len(params):
        raise ValueError("the Params must have different names")
    if not callable(draw):
        raise TypeError("draw must be a function draw(fig, **values)")
    n_frames = math.prod(len(p.values) for p in params)
    if n_frames > MAX_FRAMES:
        raise ValueError(f"{n_frames} frames is more than MAX_FRAMES = {MAX_FRAMES}: use fewer slider values")
    if is_live(live):  # a running kernel: draw on each move instead of precomputing frames
        return live_slider_figure(draw, params, alt=alt, figsize=figsize, dpi=dpi, colors=colors)

    frames = render_frames(draw, params, figsize=figsize, dpi=dpi, colors=colors)
    px = int(round(figsize[0] * dpi))
    # The frame shown first is the background of all; each frame keeps only the pixels where it
    # differs from it (the rest transparent), and is laid over it: the same picture, far fewer bytes
    # (the contour map, the axes and most labels are sent once).
    first = tuple(p.initial_index for p in params)
    background = _rgb(frames[first])

    def frame(idx):
        kwargs = {p.name: p.values[i] for p, i in zip(params, idx)}
        return W.HTML(figure_html(_difference(frames[idx], background), alt(**kwargs), width=px))

    links = []
    sliders = []
    for p in params:
        options = [(p.readout(v), i) for i, v in enumerate(p.values)]
        s = W.SelectionSlider(options=options, value=p.initial_index, description=p.label or p.name,
                              continuous_update=True, style={"description_width": "initial"},
                              layout=W.Layout(width=f"{max(px, 320)}px"))
        sliders.append(s)

    if len(params) == 1:
        stack = W.Stack([frame((i,)) for i in range(len(params[0].values))],
                        selected_index=params[0].initial_index)
        links.append(W.jslink((sliders[0], "index"), (stack, "selected_index")))
    else:
        inner = []
        for i in range(len(params[0].values)):
            s = W.Stack([frame((i, j)) for j in range(len(params[1].values))],
                        selected_index=params[1].initial_index)
            links.append(W.jslink((sliders[1], "index"), (s, "selected_index")))
            inner.append(s)
        stack = W.Stack(inner, selected_index=params[0].initial_index)
        links.append(W.jslink((sliders[0], "index"), (stack, "selected_index")))
    under = W.HTML(_background_html(frames[first], px), layout=W.Layout(grid_area="frame"))
    stack.layout.grid_area = "frame"
    picture = W.GridBox([under, stack], layout=W.Layout(grid_template_areas='"frame"', width="max-content",
                                                        max_width="100%"))
    return SliderFigure(sliders, stack, links, picture)


def _rgb(png: bytes):
    import io

    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def _difference(png: bytes, background) -> bytes:
    """``png`` with every pixel equal to ``background``'s made transparent (a frame to lay over it),
    or ``png`` itself when that is lighter."""
    import io

    import numpy as np
    from PIL import Image

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
    return (f'<img src="{_data_uri(png)}" alt="" role="presentation" class="optlib-frame-background" '
            f'width="{width}" style="max-width:100%;height:auto">')


class SliderFigure(W.VBox):
    """The sliders above the picture: the frames, laid over the background they share (an ordinary
    VBox to the browser).

    ``sliders``, ``stack`` (the frames) and ``links`` are kept as attributes so tests and lessons can
    inspect them.
    """

    def __init__(self, sliders, stack, links, picture=None):
        super().__init__([*sliders, picture if picture is not None else stack])
        self.sliders, self.stack, self.links = list(sliders), stack, list(links)
        self.add_class("optlib-slider-figure")
