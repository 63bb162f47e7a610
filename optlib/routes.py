"""Route figures computed in the reader's browser: any slider value, at once, with no kernel.

A :class:`RouteFigure` shows walkers descending a field (and curves derived from their routes: the
loss or the stride at each step...).  The field's contour map, the axes and their labels are drawn
by matplotlib once, when the page is built; the routes are computed in JavaScript each time a slider
moves, with the same rules as optlib: the six optimizers as :mod:`optlib.optimizers` writes them, the
gradient exactly as the field's :class:`~optlib.formula.Formula` gives it.  The figure is an
`anywidget <https://anywidget.dev>`_, so it is the same ipywidgets figure on the static site (where
the page's widget manager runs it), in JupyterLab, Colab and VS Code; its sliders are ipywidgets
sliders linked to it in the browser.

A lesson describes the figure; optlib builds the pictures and the JavaScript settings::

    from optlib.routes import RouteFigure, Walker, Metric
    RouteFigure(
        surfaces.valley(),
        [Walker(SGD, start=(-7, 2), steps=30, lr="lr", label="SGD (η = {lr:.3g})")],
        sliders=[Param("lr", [0.1, 0.5, 0.95], label="learning rate η", initial=0.95, span=(0.01, 1.1))],
        metrics={"n": Metric("reached", tol=0.1, horizon=500)},
        title=[("n", "η = {lr:.3g}: the bottom after {n} steps"), (None, "η = {lr:.3g}: not within 500 steps")],
        alt=...)

Sliders are :class:`optlib.sliders.Param`: a continuous one becomes a ``FloatSlider`` (or
``FloatLogSlider``) over ``span``, its listed values shown as marks to jump to; one with
``continuous=False`` (a field parameter, whose maps are drawn in advance for each listed value, or a
choice among walkers) becomes a ``SelectionSlider``.  Texts (labels, titles, notes, the alternative
text) are templates filled in by the browser: ``{lr:.3g}`` (a slider), ``{n}`` (a metric); a title
may be a list of ``(metric or None, template)`` cases, the first whose metric exists is shown.
"""

from __future__ import annotations

import inspect
import itertools
import json
import math
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import ipywidgets as W
import numpy as np
import traitlets

from . import i18n
from .adventurer import DIVERGENCE_FACTOR, Adventurer
from .field import Field, draw_route
from .frames import FrameRenderer
from .images import data_uri
from .optimizers import ALL_OPTIMIZERS, Optimizer
from .plotting import new_figure, route_style
from .sliders import Param
from .validation import whole_number

__all__ = ["RouteFigure", "Walker", "MapPanel", "SeriesPanel", "Metric", "AffineNoise", "SERIES", "walk_spec", "metric_values"]

_ESM = Path(__file__).with_name("route_figure.js")
_CSS = """
.optlib-route { font-size: 0.85rem; }
.optlib-route-marks { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; margin: 0.15rem 0 0.35rem; }
.optlib-route-marks [role=group] { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem; }
.optlib-route-mark { font: inherit; padding: 0 0.45em; line-height: 1.6; border-radius: 0.3em; cursor: pointer;
  border: 1px solid #8a8a8a; background: #f4f4f4; color: #1a1a1a; }
.optlib-route-mark[aria-pressed=true] { background: #1f77b4; border-color: #1f77b4; color: white; }
.optlib-route-mark:focus-visible { outline: 2px solid #1f77b4; outline-offset: 1px; }
.optlib-route canvas { background: white; }
.optlib-route-summary { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; margin: 0; }
"""

#: the formats the browser writes as Python does: '', 'g', 'd', '.3g', '.2f', '.0%'
_FORMAT = re.compile(r"|g|d|\.\d+[gf%]")

#: what a series panel can plot against the step number (and what a metric can read)
SERIES = ("x", "y", "loss", "distance", "stride", "stride_x", "stride_y")


@dataclass(frozen=True)
class AffineNoise:
    """A gradient wobble that depends on where the walker stands, as a mini-batch's does: at step
    ``t`` (1, 2, ...) the gradient gets ``A[t-1] @ (x, y) + b[t-1]`` added (``A`` of shape
    (steps, 2, 2), ``b`` of shape (steps, 2)).  For a least-squares loss, a mini-batch's gradient is
    exactly the full gradient plus such a term."""

    A: np.ndarray
    b: np.ndarray

    def __post_init__(self):
        A, b = np.asarray(self.A, dtype=float), np.asarray(self.b, dtype=float)
        if A.ndim != 3 or A.shape[1:] != (2, 2) or b.shape != (A.shape[0], 2):
            raise ValueError(f"AffineNoise needs A of shape (steps, 2, 2) and b of shape (steps, 2), got {A.shape} "
                             f"and {b.shape}")
        object.__setattr__(self, "A", A)
        object.__setattr__(self, "b", b)

    def __call__(self, step, x, y):
        A, b = self.A[step - 1], self.b[step - 1]
        # the same operations, in the same order, as the browser's
        return (A[0, 0] * x + A[0, 1] * y) + b[0], (A[1, 0] * x + A[1, 1] * y) + b[1]


@dataclass(frozen=True)
class Walker:
    """One route: ``optimizer`` (an optlib optimizer class) from ``start`` for ``steps`` steps.

    Hyper-parameters are keyword arguments: a number, a slider's name (``lr="lr"``), or a slider's
    name and a factor (``lr=("scale", 0.3)``: 0.3 times the slider).  ``noise`` is added to the
    gradient at each step: an array of shape (steps, 2) times the slider ``noise_scale`` (or times 1),
    an :class:`AffineNoise`, or a function of the listed sliders giving either.  ``start`` may also be
    a function of the listed sliders.  ``shown_when=("name", i)`` shows the walker only while the
    listed slider ``name`` is at its ``i``-th value.
    """

    optimizer: type
    start: tuple | Callable = (-7.0, 2.0)
    steps: int = 30
    label: str = ""
    style: int | None = None
    noise: object = None
    noise_scale: str | None = None
    shown_when: tuple | None = None
    hyper: dict = field(default_factory=dict)

    def __init__(self, optimizer, *, start=(-7.0, 2.0), steps: int = 30, label: str = "", style: int | None = None,
                 noise=None, noise_scale: str | None = None, shown_when: tuple | None = None, **hyper):
        if not (isinstance(optimizer, type) and issubclass(optimizer, Optimizer)) or optimizer not in ALL_OPTIMIZERS:
            raise ValueError(f"a Walker's optimizer must be one of optlib's, such as optlib.SGD, got {optimizer!r}")
        for name, value in (("optimizer", optimizer), ("start", start), ("label", label), ("style", style),
                            ("noise", noise), ("noise_scale", noise_scale), ("shown_when", shown_when),
                            ("hyper", dict(hyper))):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "steps", whole_number("steps", steps, low=1))


@dataclass(frozen=True)
class Metric:
    """A number the browser reads off a route, for titles and notes.

    ``kind``: ``"reached"`` (the first step within ``tol`` of the minimum, measured with ``norm``
    ``"euclid"`` or ``"max"``), ``"settled"`` (the step from which it stays within ``tol``, as
    :meth:`Adventurer.settled_at`), ``"diverged"`` (the step at which it diverged), one of
    :data:`SERIES` at step ``at`` (default: the last step drawn, or the step slider's), ``"mean"`` (of
    ``series`` over the ``last`` steps up to ``at``), or ``"count"`` (how many of the walkers shown
    have ``series`` above ``above`` at step ``at``).  Computed on walker ``walker`` over ``horizon``
    steps (default: the walker's steps); None when it does not exist (not reached, not diverged,
    diverged before ``at``).
    """

    kind: str
    walker: int | None = 0      # None: the first walker shown (with walkers chosen by a slider)
    tol: float = 0.1
    norm: str = "euclid"
    horizon: int | None = None
    at: int | None = None
    series: str = "distance"
    last: int = 1
    above: float = 0.0

    def __post_init__(self):
        if self.kind not in ("reached", "settled", "diverged", "mean", "count", *SERIES):
            raise ValueError(f"unknown metric kind {self.kind!r}")
        if self.norm not in ("euclid", "max"):
            raise ValueError(f"norm must be 'euclid' or 'max', got {self.norm!r}")
        if self.series not in SERIES:
            raise ValueError(f"a metric reads one of {SERIES}, got {self.series!r}")
        whole_number("last", self.last, low=1)


@dataclass(frozen=True)
class MapPanel:
    """The field's contour map with the walkers' routes (all, or those numbered in ``walkers``)."""

    walkers: Sequence[int] | None = None
    title: object = None
    note: object = None
    legend: bool = True
    upto: str | None = None        # a slider: draw each route only up to that step
    mark_end: bool = False         # a large marker where each walker stands at the last step drawn
    levels: int = 20
    n: int = 200
    ticks: tuple | None = None     # (xticks, yticks)
    xlabel: str = "x"
    ylabel: str = "y"
    decorate: Callable | None = None


@dataclass(frozen=True)
class SeriesPanel:
    """A quantity of :data:`SERIES` at each step, one curve per walker (or per ``(walker, series)``
    pair in ``curves``), on axes with fixed limits."""

    series: str | None = None
    curves: Sequence | None = None   # [(walker, series, label), ...]
    xlim: tuple = (0, 30)
    ylim: tuple = (1e-4, 10)
    xscale: str = "linear"
    yscale: str = "log"
    xlabel: str = ""
    ylabel: str = ""
    title: object = None
    legend: bool = True
    decorate: Callable | None = None


def _templates(value):
    """A text, or a list of (metric or None, text) cases, as the browser's list of cases."""
    if value is None:
        return []
    if isinstance(value, str):
        return [[None, value]]
    return [[cond, text] for cond, text in value]


class RouteFigure(W.VBox):
    """Sliders above a figure whose routes the browser computes (see the module docstring).

    ``figure`` is the anywidget holding the pictures and settings; ``sliders`` the ipywidgets sliders;
    ``links`` their links to it.  :meth:`compute` gives what the browser computes, with optlib.
    """

    def __init__(self, field: Field | Callable, walkers: Sequence[Walker], *, sliders: Sequence[Param] = (),
                 panels: Sequence = (MapPanel(),), metrics: dict | None = None, title=None, alt=None,
                 grid: tuple | None = None, width_ratios=None, sharex: bool = False, sharey: bool = False,
                 figsize=(6.0, 4.0), dpi: int = 72, colors: int | None = 96, lang: str | None = None) -> None:
        lang = i18n.resolve(lang)
        self.sliders_spec = list(sliders)
        names = [p.name for p in self.sliders_spec]
        if len(set(names)) != len(names):
            raise ValueError("the sliders must have different names")
        self.walkers, self.panels = list(walkers), list(panels)
        self.metrics = dict(metrics or {})
        if not self.walkers:
            raise ValueError("a RouteFigure needs at least one Walker")
        if alt is None:
            raise ValueError("every figure needs alternative text (alt): a template such as 'SGD, η = {lr:.3g}'")
        self._check_names(names)
        self._check_templates(title, alt)
        self.listed = [p for p in self.sliders_spec if not (p.continuous and p.numeric)]
        self._field = field
        takes = set(inspect.signature(field).parameters) if callable(field) and not isinstance(field, Field) else set()
        #: continuous sliders that set a parameter of the field's formula (the browser sets it too)
        self.field_sliders = [p for p in self.sliders_spec if p.name in takes and p not in self.listed]
        self.figsize, self.dpi = figsize, dpi
        px = int(round(figsize[0] * dpi))
        combos = list(itertools.product(*(range(len(p.values)) for p in self.listed)))
        fields, pictures, layout = {}, {}, None
        renderer = FrameRenderer(figsize, dpi, colors=colors)
        initial = self.values()
        for combo in combos:
            key = _key(combo)
            listed = {p.name: p.values[i] for p, i in zip(self.listed, combo)}
            f = self.field_for({**initial, **listed})
            fields[key] = _field_spec(f, self.walkers, listed,
                                      [_horizon(i, w, self.metrics) for i, w in enumerate(self.walkers)])
            pictures[key], layout = self._background(renderer, f, listed, grid, width_ratios, sharex, sharey,
                                                     title=title is not None)
            for p in self.field_sliders:  # the map must be the same picture whatever the slider (a scale, say)
                for v in (min(p.values), max(p.values)):
                    g = self.field_for({**initial, **listed, p.name: v})
                    if g.formula.params.get(p.name) != v:
                        raise ValueError(f"the slider {p.name!r} must set the field's formula parameter {p.name!r} "
                                         "itself (the browser sets it by that name)")
                    if _rgb(self._background(renderer, g, listed, grid, width_ratios, sharex, sharey,
                                             title=title is not None)[0]) != _rgb(pictures[key]):
                        raise ValueError(f"the map changes with the slider {p.name!r}: give it continuous=False, so "
                                         "the map is drawn for each of its listed values")
        spec = {
            "lang": lang,
            "width": px, "height": int(round(figsize[1] * dpi)),
            "sliders": [_slider_spec(p) for p in self.sliders_spec],
            "listed": [p.name for p in self.listed],
            "field_sliders": [p.name for p in self.field_sliders],
            "fields": fields,
            "backgrounds": {k: data_uri(v) for k, v in pictures.items()},
            "walkers": [self._walker_spec(i, w) for i, w in enumerate(self.walkers)],
            "panels": [dict(_panel_spec(p, self.walkers), **layout["panels"][i]) for i, p in enumerate(self.panels)],
            "suptitle": layout["suptitle"],
            "metrics": {k: _metric_spec(m) for k, m in self.metrics.items()},
            "title": _templates(title),
            "alt": _templates(alt),
            "divergence_factor": DIVERGENCE_FACTOR,
            "styles": [route_style(i) for i in range(6)],
            "words": {"start": i18n.label("start", lang), "minimum": i18n.label("minimum", lang)},
        }
        self.sliders, self.links = [], []
        for p, entry in zip(self.sliders_spec, spec["sliders"]):
            slider, _ = p.live_slider(px)
            slider.add_class("optlib-route-slider")
            self.sliders.append(slider)
            if isinstance(slider, W.FloatLogSlider):
                entry.update(span=[10.0**slider.min, 10.0**slider.max], log=True, integer=False)
            elif not isinstance(slider, W.SelectionSlider):
                entry.update(span=[float(slider.min), float(slider.max)], log=False,
                             integer=isinstance(slider, W.IntSlider))
        self.figure = _RouteWidget(spec, {p.name: _initial(p) for p in self.sliders_spec})
        for p, slider in zip(self.sliders_spec, self.sliders):
            self.links.append(W.jslink((slider, "index" if isinstance(slider, W.SelectionSlider) else "value"),
                                       (self.figure, p.name)))
        super().__init__([*self.sliders, self.figure])
        self.add_class("optlib-slider-figure")
        self.add_class("optlib-route-figure")

    # -- checks -----------------------------------------------------------------------------------
    def _check_names(self, names):
        for w in self.walkers:
            for hp, value in w.hyper.items():
                ref = value[0] if isinstance(value, tuple) else value
                if isinstance(ref, str) and ref not in names:
                    raise ValueError(f"{w.optimizer.__name__}'s {hp} follows the slider {ref!r}, which is not one of "
                                     f"the sliders {names}")
            for ref in (w.noise_scale, w.shown_when[0] if w.shown_when else None):
                if ref is not None and ref not in names:
                    raise ValueError(f"no slider {ref!r} among {names}")
        for p in self.panels:
            if getattr(p, "upto", None) is not None and p.upto not in names:
                raise ValueError(f"no slider {p.upto!r} among {names}")

    def _check_templates(self, title, alt):
        """Every field of every text the browser fills in is a slider, a metric (or, in a walker's label,
        one of its hyper-parameters), with a format the browser writes as Python does."""
        known = set(p.name for p in self.sliders_spec) | set(self.metrics)
        texts = [("title", t) for _, t in _templates(title)] + [("alt", t) for _, t in _templates(alt)]
        for p in self.panels:
            texts += [("a panel's title", t) for _, t in _templates(p.title)]
            texts += [("a panel's note", t) for _, t in _templates(getattr(p, "note", None))]
            texts += [("a curve's label", c[2]) for c in (getattr(p, "curves", None) or []) if c[2]]
        checks = [(where, text, known) for where, text in texts]
        checks += [("a walker's label", w.label, known | set(w.hyper)) for w in self.walkers]
        for where, text, allowed in checks:
            for _, name, spec, conversion in string.Formatter().parse(text):
                if name is None:
                    continue
                if name not in allowed or conversion or not _FORMAT.fullmatch(spec or ""):
                    raise ValueError(f"{where} {text!r} has the field {{{name}{':' + spec if spec else ''}}}: fields "
                                     f"are the sliders and metrics {sorted(allowed)}, formatted as '', 'g', 'd', "
                                     "'.3g', '.2f' or '.0%'")

    # -- what the browser computes, computed by optlib ------------------------------------------
    def field_for(self, values: dict) -> Field:
        """The field for these slider values (a field given as a function of sliders is made for them)."""
        f = self._field
        if callable(f) and not isinstance(f, Field):
            f = f(**{k: values[k] for k in inspect.signature(f).parameters if k in values})
        if not isinstance(f, Field) or f.formula is None:
            raise ValueError("a RouteFigure needs a Field made from a formula (Field.from_formula or optlib.surfaces), "
                             "so the browser can compute its gradient")
        return f

    def values(self, **given) -> dict:
        """Every slider's value (the initial ones, unless given), listed ones as their values."""
        out = {p.name: p.initial_value for p in self.sliders_spec}
        out.update(given)
        return out

    def compute(self, **given) -> list[Adventurer]:
        """The walkers as optlib computes them for these slider values (what the browser must compute),
        each over its horizon (the most steps a metric of it looks at)."""
        values = self.values(**given)
        listed = {p.name: values[p.name] for p in self.listed}
        f = self.field_for(values)
        walkers = []
        for i, w in enumerate(self.walkers):
            hyper = {hp: _resolve(v, values) for hp, v in w.hyper.items()}
            start = w.start(**_args(w.start, listed)) if callable(w.start) else w.start
            noise = w.noise(**_args(w.noise, listed)) if callable(w.noise) and not isinstance(w.noise, AffineNoise) \
                else w.noise
            steps = _horizon(i, w, self.metrics)
            if isinstance(noise, np.ndarray) or isinstance(noise, (list, tuple)):
                scale = values[w.noise_scale] if w.noise_scale else 1.0
                table = np.asarray(noise, dtype=float)[:steps]
                noise = lambda step, x, y, t=table, s=scale: (s * t[step - 1, 0], s * t[step - 1, 1])  # noqa: E731
            walkers.append(Adventurer(*start).optimize(f, w.optimizer(**hyper), steps=steps, noise=noise))
        return walkers

    def _walker_spec(self, i, w: Walker) -> dict:
        """The walker as the browser reads it (its style: its number, unless given)."""
        hyper = {}
        for hp, v in w.hyper.items():
            if isinstance(v, tuple):
                hyper[hp] = {"slider": v[0], "times": float(v[1])}
            elif isinstance(v, str):
                hyper[hp] = {"slider": v, "times": 1.0}
            else:
                hyper[hp] = float(v)
        w.optimizer(**{hp: (1e-3 if isinstance(v, dict) else v) for hp, v in hyper.items()})  # names it takes
        return {"optimizer": w.optimizer.__name__, "hyper": hyper, "steps": w.steps,
                "horizon": _horizon(i, w, self.metrics), "label": w.label,
                "style": i if w.style is None else w.style, "noise_scale": w.noise_scale,
                "shown_when": list(w.shown_when) if w.shown_when else None}

    # -- the picture under the routes ----------------------------------------------------------
    def _background(self, renderer, f, listed, grid, width_ratios, sharex, sharey, title: bool):
        """The panels drawn by matplotlib without routes, and where the browser draws into them: each
        panel's axes box, limits and scales, and the places of the titles (pixels from the top left)."""
        made = {}

        def draw(fig):
            rows, cols = grid or (1, len(self.panels))
            kw = {"width_ratios": width_ratios} if width_ratios else {}
            axes = fig.subplots(rows, cols, sharex=sharex, sharey=sharey, squeeze=False, **kw).ravel()
            single = len(self.panels) == 1
            for ax, panel in zip(axes, self.panels):
                slot = " " if panel.title or (single and title) else ""  # room for a title the browser writes
                if isinstance(panel, MapPanel):
                    f.plot(ax=ax, legend=False, title=slot, levels=panel.levels, n=panel.n, xlabel=panel.xlabel,
                           ylabel=panel.ylabel)
                    if panel.ticks:
                        ax.set_xticks(panel.ticks[0])
                        ax.set_yticks(panel.ticks[1])
                else:
                    ax.set_xscale(panel.xscale)
                    ax.set_yscale(panel.yscale)
                    ax.set_xlim(*panel.xlim)
                    ax.set_ylim(*panel.ylim)
                    if "log" in (panel.xscale, panel.yscale):
                        ax.minorticks_off()
                    ax.set_xlabel(panel.xlabel)
                    ax.set_ylabel(panel.ylabel)
                    ax.set_title(slot)
                if panel.decorate is not None:
                    panel.decorate(ax, **_args(panel.decorate, listed))
                if sharex or sharey:
                    ax.label_outer()
            made["axes"] = list(axes[: len(self.panels)])
            made["suptitle"] = fig.suptitle(" ") if title and not single else None

        fig = renderer.draw_figure(lambda fig: draw(fig), {})
        png = renderer.encode()
        height = fig.bbox.height
        to_px = fig.dpi / 72

        def place(text):
            b = text.get_window_extent()
            return {"at": [(b.x0 + b.x1) / 2, height - b.y0], "size": text.get_fontsize() * to_px}

        panels = []
        for ax in made["axes"]:
            box = ax.get_window_extent()
            panels.append({"box": [box.x0, height - box.y1, box.x1, height - box.y0],
                           "xlim": list(ax.get_xlim()), "ylim": list(ax.get_ylim()),
                           "xscale": ax.get_xscale(), "yscale": ax.get_yscale(), "title_place": place(ax.title)})
        suptitle = place(made["suptitle"]) if made["suptitle"] is not None else None
        return png, {"panels": panels, "suptitle": suptitle}


def _rgb(png: bytes) -> bytes:
    import io

    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB").tobytes()


def _key(combo) -> str:
    return ",".join(map(str, combo))


def _args(fn, values: dict) -> dict:
    names = inspect.signature(fn).parameters
    return {k: v for k, v in values.items() if k in names}


def _resolve(v, values):
    if isinstance(v, tuple):
        return values[v[0]] * v[1]
    if isinstance(v, str):
        return values[v]
    return v


def _horizon(i, w: Walker, metrics: dict) -> int:
    return max([w.steps] + [m.horizon for m in metrics.values() if m.walker in (i, None) and m.horizon])


def _initial(p: Param):
    return p.initial_index if not (p.continuous and p.numeric) else float(p.initial_value)


def _slider_spec(p: Param) -> dict:
    listed = not (p.continuous and p.numeric)
    return {"name": p.name, "label": p.label or p.name, "listed": listed,
            "values": [float(v) if isinstance(v, (int, float)) else str(v) for v in p.values],
            "marks": [] if listed or len(p.values) > 8 else [float(v) for v in p.values], "fmt": p.fmt}


def _field_spec(f: Field, walkers, listed, horizons) -> dict:
    js = f.formula.javascript()
    (x0, x1), (y0, y1) = f.xrange, f.yrange
    starts = []
    for w in walkers:
        start = w.start(**_args(w.start, listed)) if callable(w.start) else w.start
        starts.append([float(start[0]), float(start[1])])
    noises = []
    for w, horizon in zip(walkers, horizons):
        noise = w.noise(**_args(w.noise, listed)) if callable(w.noise) and not isinstance(w.noise, AffineNoise) \
            else w.noise
        if noise is None:
            noises.append(None)
        elif isinstance(noise, AffineNoise):
            noises.append({"A": noise.A.reshape(-1, 4).tolist(), "b": noise.b.tolist()})
        else:
            table = np.asarray(noise, dtype=float)
            if table.ndim != 2 or table.shape[1] != 2:
                raise ValueError(f"a walker's noise must have shape (steps, 2), got {table.shape}")
            noises.append({"add": table.tolist()})
        rows = len(noises[-1]["b"] if noises[-1] and "b" in noises[-1] else noises[-1]["add"]) if noises[-1] else None
        if rows is not None and rows < horizon:
            raise ValueError(f"a walker's noise has {rows} rows, but it walks {horizon} steps")
    return {"f": js.value, "gx": js.dx, "gy": js.dy, "params": f.formula.params, "minimum": list(f.minimum),
            "center": [(x0 + x1) / 2, (y0 + y1) / 2], "span": max(x1 - x0, y1 - y0), "starts": starts,
            "noise": noises, "formula": f.formula.text, "xrange": list(f.xrange), "yrange": list(f.yrange)}


def _series(name: str, walker: Adventurer, field: Field) -> list:
    r, (mx, my) = walker.route, field.minimum
    if name in ("x", "y"):
        return list(r[:, "xy".index(name)])
    if name == "loss":
        return list(walker.losses)
    if name == "distance":
        return list(np.hypot(r[:, 0] - mx, r[:, 1] - my))
    d = np.diff(r, axis=0)
    moved = {"stride": np.hypot(d[:, 0], d[:, 1]), "stride_x": np.abs(d[:, 0]), "stride_y": np.abs(d[:, 1])}[name]
    return [None, *moved]


def metric_values(spec: dict, walkers: list[Adventurer], values: dict, indices: dict) -> dict:
    """The metrics of a figure (``spec``) for walkers computed by :func:`walk_spec`: what the browser
    must show in the titles."""
    field = walkers[0].field
    shown = [not w["shown_when"] or indices[w["shown_when"][0]] == w["shown_when"][1] for w in spec["walkers"]]
    upto_panel = next((p for p in spec["panels"] if p.get("upto")), None)
    out = {}
    for name, m in spec["metrics"].items():
        i = m["walker"] if m["walker"] is not None else shown.index(True)
        walker, steps = walkers[i], spec["walkers"][i]["steps"]
        at = m["at"] if m["at"] is not None else min(values[upto_panel["upto"]] if upto_panel else steps, steps)
        mx, my = field.minimum
        r = walker.route
        if m["kind"] in ("reached", "settled"):
            d = np.maximum(abs(r[:, 0] - mx), abs(r[:, 1] - my)) if m["norm"] == "max" else np.hypot(r[:, 0] - mx, r[:, 1] - my)
            if m["kind"] == "reached":
                hits = np.flatnonzero(d <= m["tol"])
                out[name] = int(hits[0]) if len(hits) else None
            else:
                away = np.flatnonzero(d >= m["tol"])
                out[name] = None if walker.diverged or (len(away) and away[-1] == len(r) - 1) else \
                    int(away[-1] + 1) if len(away) else 0
        elif m["kind"] == "diverged":
            out[name] = walker.diverged_at
        elif m["kind"] == "count":
            out[name] = sum(1 for w, on in zip(walkers, shown) if on and at < len(w.route)
                            and _series(m["series"], w, field)[at] > m["above"])
        elif m["kind"] == "mean":
            series = _series(m["series"], walker, field)
            out[name] = float(np.mean(series[at - m["last"] + 1: at + 1])) if at < len(series) else None
        else:
            series = _series(m["kind"], walker, field)
            out[name] = (float(series[at]) if series[at] is not None else None) if at < len(series) else None
    return out


def walk_spec(spec: dict, values: dict, indices: dict) -> list[Adventurer]:
    """What the browser must compute for a figure's settings (``RouteFigure.figure.spec``, as a page
    holds it) and slider values (listed sliders also by index), computed by optlib: the browser
    tests compare the page's routes with these."""
    key = ",".join(str(indices[name]) for name in spec["listed"])
    fs = spec["fields"][key]
    params = {**fs["params"], **{name: values[name] for name in spec["field_sliders"]}}
    field = Field.from_formula(fs["formula"], fs["xrange"], fs["yrange"], minimum=fs["minimum"], **params)
    optimizers = {cls.__name__: cls for cls in ALL_OPTIMIZERS}
    walkers = []
    for i, w in enumerate(spec["walkers"]):
        hyper = {hp: h if isinstance(h, (int, float)) else values[h["slider"]] * h["times"] for hp, h in w["hyper"].items()}
        noise = fs["noise"][i]
        if noise is not None and "add" in noise:
            scale = values[w["noise_scale"]] if w["noise_scale"] else 1.0
            table = np.asarray(noise["add"], dtype=float)
            noise = lambda step, x, y, t=table, s=scale: (s * t[step - 1, 0], s * t[step - 1, 1])  # noqa: E731
        elif noise is not None:
            noise = AffineNoise(np.asarray(noise["A"], dtype=float).reshape(-1, 2, 2), noise["b"])
        walkers.append(Adventurer(*fs["starts"][i]).optimize(field, optimizers[w["optimizer"]](**hyper),
                                                             steps=w["horizon"], noise=noise))
    return walkers


def _panel_spec(p, walkers) -> dict:
    n_walkers = len(walkers)
    styles = [i if w.style is None else w.style for i, w in enumerate(walkers)]
    if isinstance(p, MapPanel):
        return {"kind": "map", "walkers": list(p.walkers) if p.walkers is not None else list(range(n_walkers)),
                "title": _templates(p.title), "note": _templates(p.note), "legend": p.legend, "upto": p.upto,
                "mark_end": p.mark_end}
    if p.curves:  # [(walker, series, label)]: each curve its own style, after the walkers'
        curves = [[w, name, label, n_walkers + k] for k, (w, name, label) in enumerate(p.curves)]
    else:
        curves = [[i, p.series, None, styles[i]] for i in range(n_walkers)]
    if any(c[1] not in SERIES for c in curves):
        raise ValueError(f"a SeriesPanel plots one of {SERIES}")
    return {"kind": "series", "curves": curves, "title": _templates(p.title), "legend": p.legend}


def _metric_spec(m: Metric) -> dict:
    return {"kind": m.kind, "walker": m.walker, "tol": m.tol, "norm": m.norm, "at": m.at, "series": m.series,
            "last": m.last, "above": m.above}


class _RouteWidget:  # replaced below once anywidget is imported (kept lazy: importing it costs time)
    pass


def _make_widget_class():
    import anywidget

    class RouteWidget(anywidget.AnyWidget):
        """The picture and the routes: an anywidget whose JavaScript (``route_figure.js``) computes and
        draws the routes for the slider values it holds (one trait per slider)."""

        _esm = _ESM.read_text(encoding="utf-8")
        _css = _CSS
        spec = traitlets.Dict().tag(sync=True)
        #: what the browser computed last (routes and metrics), for tests to compare with optlib
        computed = traitlets.Dict().tag(sync=True)

        def __init__(self, spec: dict, values: dict):
            traits = {name: (traitlets.Int(v) if isinstance(v, int) else traitlets.Float(v)).tag(sync=True)
                      for name, v in values.items()}
            self.add_traits(**traits)
            super().__init__(spec=json.loads(json.dumps(spec, allow_nan=False)), **values)
            self.add_class("optlib-route-widget")

    return RouteWidget


def _RouteWidget(spec, values):  # noqa: N802 - builds the widget class on first use
    global _WIDGET
    try:
        cls = _WIDGET
    except NameError:
        cls = _WIDGET = _make_widget_class()
    return cls(spec, values)
