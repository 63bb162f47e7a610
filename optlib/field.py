"""``Field``: a two-dimensional loss surface z = f(x, y) that the walker descends."""

from __future__ import annotations

import hashlib
import math
import warnings
from collections import OrderedDict
from numbers import Real
from typing import Callable

import numpy as np
from matplotlib.collections import PathCollection

from . import i18n
from .plotting import new_figure, route_style
from .validation import whole_number

__all__ = ["Field", "NUMERICAL_STEP"]

#: step h of the central differences used when a Field has no analytic gradient:
#: df/dx ~ (f(x + h, y) - f(x - h, y)) / 2h, with h scaled by max(1, |x|) so large
#: coordinates keep enough significant digits.
NUMERICAL_STEP = 1e-6

#: traced contour maps (paths and colours), by a digest of the heights they were traced from, the
#: rectangle, the grid size and the number of levels: the same picture whatever Field drew it
_CONTOURS: OrderedDict = OrderedDict()
_CONTOURS_KEPT = 24


def _check_range(name: str, rng) -> tuple[float, float]:
    try:
        lo, hi = rng
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (low, high), got {rng!r}") from None
    for v in (lo, hi):
        if isinstance(v, bool) or not isinstance(v, (Real, np.number)) or not math.isfinite(v):
            raise ValueError(f"{name} must hold two finite numbers, got {rng!r}")
    lo, hi = float(lo), float(hi)
    if not lo < hi:
        raise ValueError(f"{name} is empty or reversed: {rng!r} (need low < high)")
    return lo, hi


def _check_function(f: Callable, xrange, yrange) -> None:
    """Evaluate ``f`` once on a few points of the rectangle, so a mistake shows when the Field is
    made (with a sentence that says what to change), not deep inside a later walk or plot."""
    xs, ys = np.meshgrid(np.linspace(*xrange, 5), np.linspace(*yrange, 5))
    cx, cy = np.float64(sum(xrange) / 2), np.float64(sum(yrange) / 2)
    for x, y, what in ((cx, cy, "one point"), (xs, ys, "an array of points")):
        try:
            with np.errstate(all="ignore"):
                z = f(x, y)
        except TypeError as e:
            if "^" in str(e) or "xor" in str(e):
                raise TypeError("f uses ^, which in Python is the bitwise XOR, not a power: write x**2 for x "
                                "squared") from e
            raise ValueError(f"f(x, y) failed on {what} ({type(e).__name__}: {e}); write it with NumPy "
                             "operations (np.exp, np.sin, ...), which work on numbers and on arrays") from e
        shape = np.shape(z)
        if shape not in ((), np.shape(x)):
            raise ValueError(f"f(x, y) must give one height per point, but on {what} it gave shape {shape}")
        try:
            heights = np.asarray(z, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"f(x, y) must give numbers, got {z!r:.60}") from None
        if what != "one point" and np.isnan(heights).all():
            raise ValueError("f(x, y) is NaN (not a number) everywhere it was tried: check the formula "
                             "(for example a log or a square root of negative values)")


class Field:
    """A loss surface z = f(x, y) over the rectangle ``xrange`` × ``yrange``.

    Parameters
    ----------
    f : callable
        ``f(x, y)``, written with NumPy operations so it works on scalars and arrays alike
        (powers with ``**``: in Python ``^`` is the bitwise XOR, not a power).
    xrange, yrange : (float, float)
        The part of the plane that is drawn, ``(low, high)`` with low < high.
    grad : callable, optional
        ``grad(x, y) -> (df/dx, df/dy)``.  Without it, :meth:`gradient` uses central differences
        with step :data:`NUMERICAL_STEP` (scaled by ``max(1, |x|)``).
    name : str, optional
        A title for plots (e.g. the formula in LaTeX, ``r"$z = x^2/20 + y^2$"``).
    minimum : (float, float), optional
        Where the lowest point is.  When omitted it is searched for on a fine grid over the
        drawn rectangle.
    same_units : bool
        Whether x and y are measured in the same unit (True for a place on a map; False for, say, a
        slope and an intercept).  Maps of such a field are drawn with equal scales on both axes, so a
        round bowl looks round and a narrow valley as narrow as it is.
    """

    def __init__(self, f: Callable, xrange, yrange, grad: Callable | None = None, *, name: str | None = None,
                 minimum=None, same_units: bool = True) -> None:
        if not callable(f):
            raise TypeError(f"f must be a function f(x, y), got {type(f).__name__}")
        if grad is not None and not callable(grad):
            raise TypeError(f"grad must be a function grad(x, y) -> (dx, dy), got {type(grad).__name__}")
        self.f = f
        self.xrange = _check_range("xrange", xrange)
        self.yrange = _check_range("yrange", yrange)
        _check_function(f, self.xrange, self.yrange)
        self.grad = grad
        self.name = name
        self.same_units = bool(same_units)
        self._minimum = None if minimum is None else (float(minimum[0]), float(minimum[1]))
        self._grid = None  # the last grid computed: (key, (X, Y, Z))
        #: the :class:`optlib.formula.Formula` the field was made from (None for a Python function):
        #: a field with a formula can be drawn in the browser (:mod:`optlib.routes`)
        self.formula = None

    @classmethod
    def from_formula(cls, text: str, xrange, yrange, *, name: str | None = None, minimum=None,
                     same_units: bool = True, **params: float) -> "Field":
        """A field from a formula written once, e.g. ``Field.from_formula("x**2/20 + y**2", (-10, 10),
        (-5, 5))``: its exact gradient is derived, and the same formula runs in the reader's browser
        (see :class:`optlib.formula.Formula`; named parameters take values: ``a=0.05``)."""
        from .formula import Formula

        formula = Formula(text, **params)
        # the formula's plain functions: the field's own np.errstate guards them
        field = cls(formula.height, xrange, yrange, grad=formula.slope, name=name, minimum=minimum,
                    same_units=same_units)
        field.formula = formula
        return field

    def __repr__(self) -> str:
        return f"Field({self.name or getattr(self.f, '__name__', 'f')}, xrange={self.xrange}, yrange={self.yrange})"

    # -- values and slopes ------------------------------------------------------------------
    def __call__(self, x, y):
        """The height (loss) at ``(x, y)``; scalars give a float, arrays an array."""
        with np.errstate(all="ignore"):
            return self._height(x, y)

    def gradient(self, x, y) -> tuple:
        """The slope ``(df/dx, df/dy)`` at ``(x, y)``: analytic if ``grad`` was given, else numerical."""
        with np.errstate(all="ignore"):
            return self._slope(x, y)

    # The two above without their np.errstate, for callers that hold one already: entering it costs
    # as much as a step of the walker's loop, which calls these thousands of times.
    def _height(self, x, y):
        z = self.f(x, y)
        if isinstance(z, float) or np.ndim(z) == 0:  # (isinstance first: it is the walker's case, and cheap)
            return float(z)
        return np.asarray(z, dtype=float)

    def _slope(self, x, y) -> tuple:
        if self.grad is not None:
            result = self.grad(x, y)
            try:
                gx, gy = result
            except (TypeError, ValueError):
                raise ValueError(f"grad(x, y) must return a pair (df/dx, df/dy), got {result!r}") from None
        else:
            x = np.asarray(x, dtype=float)
            y = np.asarray(y, dtype=float)
            hx = NUMERICAL_STEP * np.maximum(1.0, np.abs(x))
            hy = NUMERICAL_STEP * np.maximum(1.0, np.abs(y))
            gx = (self.f(x + hx, y) - self.f(x - hx, y)) / (2 * hx)
            gy = (self.f(x, y + hy) - self.f(x, y - hy)) / (2 * hy)
        if (isinstance(gx, float) and isinstance(gy, float)) or (np.ndim(gx) == 0 and np.ndim(gy) == 0):
            return float(gx), float(gy)
        return np.asarray(gx, dtype=float), np.asarray(gy, dtype=float)

    def grid(self, n: int = 200):
        """Coordinates and heights on an ``n`` × ``n`` grid over the rectangle: ``X, Y, Z``.

        The arrays are computed once per ``n`` (a slider figure draws the same map for every frame,
        and some losses, such as a mean over a data set, are slow on 40,000 points), so ``f`` must
        be a function of ``x`` and ``y`` alone; the arrays are read-only."""
        key = (self.f, self.xrange, self.yrange, n)
        if self._grid is None or self._grid[0] != key:
            xs = np.linspace(*self.xrange, n)
            ys = np.linspace(*self.yrange, n)
            X, Y = np.meshgrid(xs, ys)
            Z = self(X, Y)
            if np.ndim(Z) == 0:  # f ignored its inputs (a constant field)
                Z = np.full_like(X, Z)
            for a in (X, Y, Z):
                a.flags.writeable = False  # shared by every caller
            self._grid = (key, (X, Y, Z))
        return self._grid[1]

    @property
    def minimum(self) -> tuple[float, float]:
        """The lowest point of the drawn rectangle (given, or found on a 401 × 401 grid)."""
        if self._minimum is None:
            X, Y, Z = self.grid(401)
            i = np.nanargmin(Z)
            self._minimum = (float(X.flat[i]), float(Y.flat[i]))
        return self._minimum

    # -- pictures ---------------------------------------------------------------------------
    def plot(self, route=None, ax=None, *, label=None, routes=None, labels=None, arrows: bool = False, levels: int = 20,
             title: str | None = None, lang: str | None = None, mark_minimum: bool = True, n: int = 200,
             legend: bool = True, xlabel: str = "x", ylabel: str = "y", equal: bool | None = None):
        """Draw the contour map, optionally the gradient arrows and one or more routes.

        Parameters
        ----------
        route : array of shape (k, 2), optional
            A walker's route (``Adventurer.route``) to draw over the map; ``label`` names it.
        ax : matplotlib Axes, optional
            Where to draw; a new figure is made when omitted.
        routes, labels : list, optional
            Several routes at once, each with its own colour, marker and line style.
        arrows : bool
            Draw the downhill direction (minus the gradient) on a coarse grid.
        lang : "ja" or "en", optional
            Language of the labels (default: :func:`optlib.set_language`).
        xlabel, ylabel : str
            Axis names (the parameters' names when the field is a loss over, say, ``a`` and ``b``).
        equal : bool, optional
            Equal scales on both axes (default: the field's ``same_units``).

        Returns the Axes.
        """
        lang = i18n.resolve(lang)
        levels = whole_number("levels (the number of contour levels)", levels, low=1)
        n = whole_number("n (the grid size)", n, low=2)
        if ax is None:
            ax = new_figure().add_subplot()
        self._draw_contour_map(ax, n, levels)
        if arrows:
            k = 15
            xs = np.linspace(*self.xrange, k)
            ys = np.linspace(*self.yrange, k)
            AX, AY = np.meshgrid(xs, ys)
            gx, gy = self.gradient(AX, AY)
            gx, gy = np.broadcast_to(gx, AX.shape), np.broadcast_to(gy, AX.shape)
            ax.quiver(AX, AY, -gx, -gy, color="white", alpha=0.9, angles="xy", width=0.004)
        if mark_minimum:
            mx, my = self.minimum
            ax.plot([mx], [my], marker="*", markersize=14, color="gold", markeredgecolor="black",
                    linestyle="none", label=i18n.label("minimum", lang), zorder=5)
        all_routes = []
        if route is not None:
            all_routes.append((route, label))
        if routes is not None:
            names = list(labels) if labels is not None else [None] * len(routes)
            if len(names) != len(routes):
                raise ValueError(f"got {len(routes)} routes but {len(names)} labels")
            all_routes.extend(zip(routes, names))
        for i, (r, name) in enumerate(all_routes):
            draw_route(ax, r, style=i, label=name, lang=lang, first=(i == 0))
        ax.set_xlim(*self.xrange)
        ax.set_ylim(*self.yrange)
        if self.same_units if equal is None else equal:
            ax.set_aspect("equal", adjustable="box")
        # about five ticks a side: enough to read a position off a small map, and each tick label
        # costs as much to draw as the contours (it is most of a slider frame's time)
        ax.locator_params(nbins=5)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if title is not None or self.name:
            ax.set_title(title if title is not None else self.name)
        if legend and (all_routes or mark_minimum):
            ax.legend(loc="upper right", fontsize="small", framealpha=0.8)
        return ax

    def _draw_contour_map(self, ax, n: int, levels: int) -> None:
        """Filled contour bands and their white outlines.

        Contour heights are on a square-root scale, so both the floor and the walls show detail.
        Tracing the contours is most of the cost of a frame, and a slider figure draws the same map
        for many frames: traced maps are kept by the heights they were traced from (see
        ``_CONTOURS``) and drawn again as plain collections, pixel for pixel the same picture.
        """
        X, Y, Z = self.grid(n)
        key = (hashlib.blake2b(np.ascontiguousarray(Z).tobytes(), digest_size=16).digest(),
               self.xrange, self.yrange, n, levels)
        cached = _CONTOURS.pop(key, None)
        if cached is None:
            zmin, zmax = np.nanmin(Z), np.nanmax(Z)
            if not (np.isfinite(zmin) and np.isfinite(zmax) and zmax > zmin):
                return  # a flat (or undefined) field has no contours to draw
            lv = zmin + (zmax - zmin) * np.linspace(0, 1, levels + 1) ** 2
            bands = ax.contourf(X, Y, Z, levels=lv, cmap="viridis", alpha=0.85)
            lines = ax.contour(X, Y, Z, levels=lv, colors="white", linewidths=0.4, alpha=0.6)
            # (below zero, matplotlib dashes the lines: their styles are kept with them)
            cached = (dict(paths=bands.get_paths(), facecolors=bands.get_facecolor(), edgecolors="none",
                           linewidths=0, antialiaseds=False, zorder=bands.get_zorder()),
                      dict(paths=lines.get_paths(), facecolors="none", edgecolors=lines.get_edgecolor(),
                           linewidths=lines.get_linewidth(), linestyles=_unscaled_dashes(lines),
                           zorder=lines.get_zorder()))
        else:
            for collection in cached:
                ax.add_collection(PathCollection(**collection), autolim=False)
        _CONTOURS[key] = cached  # most recently used last
        while len(_CONTOURS) > _CONTOURS_KEPT:
            _CONTOURS.pop(next(iter(_CONTOURS)))

    def plot3d(self, route=None, ax=None, *, title: str | None = None, lang: str | None = None, n: int = 80,
               elev: float = 35, azim: float = -60):
        """Draw the surface in 3-D (the "mountain"), with a route on it if given; return the Axes."""
        lang = i18n.resolve(lang)
        if ax is None:
            ax = new_figure().add_subplot(projection="3d")
        X, Y, Z = self.grid(n)
        ax.plot_surface(X, Y, Z, cmap="viridis", alpha=0.75, linewidth=0, antialiased=True)
        if route is not None:
            r = _finite_route(route)
            zs = self(r[:, 0], r[:, 1])
            st = route_style(0)
            ax.plot(r[:, 0], r[:, 1], zs, color=st["color"], marker=st["marker"], markersize=3,
                    linestyle=st["linestyle"], label=i18n.label("route", lang))
        ax.view_init(elev=elev, azim=azim)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.set_zlabel(i18n.label("loss", lang))
        if title is not None or self.name:
            ax.set_title(title if title is not None else self.name)
        return ax


def _unscaled_dashes(collection) -> list:
    """A collection's line styles as they were given: ``get_linestyle`` returns the dashes already
    scaled by the line width (``lines.scale_dashes``), and a new collection would scale them again."""
    import matplotlib

    widths = np.broadcast_to(collection.get_linewidth(), len(collection.get_linestyle()))
    scale = matplotlib.rcParams["lines.scale_dashes"]
    return [(offset / w if scale and w else offset, None if dashes is None else
             [d / w for d in dashes] if scale and w else list(dashes))
            for (offset, dashes), w in zip(collection.get_linestyle(), widths)]


def _finite_route(route) -> np.ndarray:
    r = np.asarray(route, dtype=float)
    if r.ndim != 2 or r.shape[1] != 2:
        raise ValueError(f"a route must be an array of shape (k, 2), got shape {r.shape}")
    return r[np.all(np.isfinite(r), axis=1)]


def draw_route(ax, route, *, style: int = 0, label: str | None = None, lang: str | None = None,
               first: bool = True, markersize: float = 4) -> list:
    """Draw one route on ``ax``: line and markers in style ``style``, start marked.

    A route that left the map (diverged) is drawn as far as it is finite; the axes limits are
    set by the caller, so the escape shows as a line leaving the picture.  Returns the lines drawn:
    the route, then the start's marker (none for a route with no finite point), so that a slider
    figure can move them later (``route_line.set_data(...)``).
    """
    r = _finite_route(route)
    if len(r) == 0:
        return []
    st = route_style(style)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lines = ax.plot(r[:, 0], r[:, 1], color=st["color"], marker=st["marker"], linestyle=st["linestyle"],
                        markersize=markersize, linewidth=1.5, label=label, zorder=4)
    if first:
        lines += ax.plot([r[0, 0]], [r[0, 1]], marker="o", markersize=9, markerfacecolor="none", markeredgecolor="black",
                         markeredgewidth=1.5, linestyle="none", label=i18n.label("start", lang), zorder=6)
    return lines
