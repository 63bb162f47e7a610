"""Figures with sliders, and still figures with alternative text: what a lesson calls.

:func:`slider_figure` gives the right kind of figure for where the page is read:

- on the static site (the build exports ``OPTLIB_STATIC=1``) every frame is precomputed and the
  slider switches between them in the browser (:mod:`optlib.static`);
- in a live kernel (Binder, Colab, JupyterHub, Thebe, a local Jupyter) the kernel draws the figure for
  any value of a continuous slider (:mod:`optlib.live`).

>>> from optlib.widgets import Param, slider_figure
>>> def draw(fig, lr):
...     fig.add_subplot().set_title(f"lr = {lr}")
>>> slider_figure(draw, Param("lr", [0.01, 0.1, 1.0], label="η"),
...               alt=lambda lr: f"a figure for lr = {lr}")  # doctest: +SKIP

A figure that a slider redraws often can make the frames after the first far cheaper: ``draw``
builds the figure once and returns a function that only changes what depends on the values.

>>> import numpy as np
>>> def draw(fig, lr):
...     ax = fig.add_subplot()
...     steps = np.arange(20)
...     line, = ax.plot(steps, steps * 0.0)
...     ax.set_ylim(0, 1)
...     def update(lr):
...         line.set_ydata((1 - lr) ** steps)
...         ax.set_title(f"lr = {lr}")
...     update(lr)
...     return update

Live or static?  :func:`is_live` decides, in this order: an explicit ``live=True``/``False``;
``OPTLIB_STATIC`` set to anything but ``""``/``0``/``false``/``no``/``off`` → static (the build and
the test command export it, and the kernels they start inherit it); ``OPTLIB_LIVE`` set likewise →
live; otherwise live exactly when the code runs inside an IPython kernel.
"""

from __future__ import annotations

import math
import os
from typing import Callable, Sequence

from .debounce import in_kernel
from .images import figure_html, show_figure
from .live import LiveSliderFigure
from .sliders import Param
from .static import SliderFigure, render_frames, static_slider_figure

__all__ = ["Param", "SliderFigure", "LiveSliderFigure", "slider_figure", "figure_html", "show_figure",
           "render_frames", "is_live", "MAX_FRAMES"]

#: the most frames one slider figure may precompute (each costs page weight)
MAX_FRAMES = 150

_FALSE = {"", "0", "false", "no", "off"}


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in _FALSE


def is_live(live: bool | None = None) -> bool:
    """Whether slider figures are computed live (see the module docstring for the rules)."""
    if live is not None:
        return bool(live)
    if _flag("OPTLIB_STATIC"):
        return False
    if _flag("OPTLIB_LIVE"):
        return True
    return in_kernel()


def slider_figure(draw: Callable, params: Sequence[Param] | Param, *, alt: Callable[..., str],
                  figsize=(6.0, 4.0), dpi: int = 72, colors: int | None = 96, live: bool | None = None):
    """A figure with one or two sliders that works on the static page and in a live kernel.

    Parameters
    ----------
    draw : callable
        ``draw(fig, **values)`` draws on a fresh matplotlib ``Figure`` for one combination of
        slider values (keyword names are the ``Param`` names).  It may return an update function,
        ``update(**values)``, that changes the artists it made (``line.set_ydata(...)``,
        ``ax.set_title(...)``) for other values: the next frames are then drawn by updating the
        same figure, several times faster (see :mod:`optlib.frames`).
    params : Param or list of Param
        One or two sliders.
    alt : callable
        ``alt(**values)`` returns the alternative text of that frame, in the page's language.
    figsize, dpi, colors :
        Frame size in inches, resolution, and PNG palette size (None keeps full colour).
    live : bool, optional
        Draw in the kernel on each move instead of precomputing frames (default: see :func:`is_live`).

    Returns an ``ipywidgets.VBox`` (the sliders above the figure) with attributes ``sliders``,
    ``stack`` and ``links`` (live: a :class:`LiveSliderFigure`, with ``image``).
    """
    if isinstance(params, Param):
        params = [params]
    params = list(params)
    if not 1 <= len(params) <= 2 or not all(isinstance(p, Param) for p in params):
        raise ValueError(f"slider_figure takes one or two Params, got {params!r:.100}")
    if len({p.name for p in params}) != len(params):
        raise ValueError("the Params must have different names")
    if not callable(draw):
        raise TypeError("draw must be a function draw(fig, **values)")
    if not callable(alt):
        raise TypeError("alt must be a function of the slider values that returns the text of that frame, "
                        f"such as alt=lambda lr: f'... {{lr}} ...' (got {type(alt).__name__})")
    n_frames = math.prod(len(p.values) for p in params)
    if n_frames > MAX_FRAMES:
        raise ValueError(f"{n_frames} frames is more than MAX_FRAMES = {MAX_FRAMES}: use fewer slider values")
    if is_live(live):
        return LiveSliderFigure(draw, params, alt, figsize=figsize, dpi=dpi, colors=colors)
    return static_slider_figure(draw, params, alt=alt, figsize=figsize, dpi=dpi, colors=colors)
