"""``Adventurer``: the walker who descends a :class:`~optlib.field.Field` with an optimizer."""

from __future__ import annotations

import math
import warnings
from numbers import Integral, Real

import numpy as np

from .field import Field

__all__ = ["Adventurer", "DIVERGENCE_FACTOR"]

#: a walker is declared diverged when it is farther from the map's centre than this many
#: map-widths (or when its position or height stops being a finite number)
DIVERGENCE_FACTOR = 1e3


class Adventurer:
    """A walker standing at ``(x, y)`` who only feels the slope under its feet.

    >>> from optlib import Adventurer, SGD, surfaces
    >>> walker = Adventurer(-7.0, 2.0)
    >>> walker.optimize(surfaces.valley(), SGD(lr=0.9), steps=30)
    >>> walker.route.shape
    (31, 2)

    Attributes
    ----------
    route : ndarray of shape (steps + 1, 2)
        Every position visited, the start included.  Shorter when the run diverged.
    losses : ndarray of shape (len(route),)
        The height of the field at each position of the route.
    diverged : bool
        True when the last run blew up (left the map far behind, or reached inf/NaN); the run
        stopped there, and ``diverged_at`` holds the step at which it happened.
    """

    def __init__(self, x: float, y: float) -> None:
        for name, v in (("x", x), ("y", y)):
            if isinstance(v, bool) or not isinstance(v, (Real, np.number)) or not math.isfinite(v):
                raise ValueError(f"the starting {name} must be a finite number, got {v!r}")
        self.start = (float(x), float(y))
        self.route = np.array([self.start], dtype=float)
        self.losses = np.array([], dtype=float)
        self.diverged = False
        self.diverged_at: int | None = None

    @property
    def position(self) -> tuple[float, float]:
        """Where the walker stands now (the end of the route)."""
        return float(self.route[-1, 0]), float(self.route[-1, 1])

    def __repr__(self) -> str:
        state = f", diverged at step {self.diverged_at}" if self.diverged else ""
        return f"Adventurer(start={self.start}, steps={len(self.route) - 1}{state})"

    def optimize(self, field: Field, method, steps: int = 30) -> None:
        """Walk ``steps`` updates of ``method`` on ``field``, starting from the start point.

        ``method`` is any object with ``update(params, grads)`` (an optlib optimizer or your
        own).  It receives ``params = {"x": ..., "y": ...}`` and ``grads`` with the same keys,
        and must rewrite ``params`` in place.  An optlib optimizer is reset first, so the same
        object can be reused for several walkers.  Each call starts again from the start point.
        """
        if not hasattr(field, "gradient") or not callable(field):
            raise TypeError(f"field must be an optlib Field, got {type(field).__name__}")
        if not callable(getattr(method, "update", None)):
            raise TypeError(f"method must have an update(params, grads) method, got {type(method).__name__}")
        if isinstance(steps, bool) or not isinstance(steps, Integral) or steps < 0:
            raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")
        if callable(getattr(method, "reset", None)):
            method.reset()

        (x0, x1), (y0, y1) = field.xrange, field.yrange
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        limit = DIVERGENCE_FACTOR * max(x1 - x0, y1 - y0)

        params = {"x": self.start[0], "y": self.start[1]}
        route = [self.start]
        self.diverged, self.diverged_at = False, None
        # A blow-up is an expected outcome here, not an error: keep NumPy quiet about it.
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            for step in range(1, int(steps) + 1):
                try:
                    gx, gy = field.gradient(np.float64(params["x"]), np.float64(params["y"]))
                    grads = {"x": float(gx), "y": float(gy)}
                    method.update(params, grads)
                    x, y = float(params["x"]), float(params["y"])
                except OverflowError:
                    x = y = math.inf
                except KeyError as e:
                    raise ValueError(f"after update(), params has no entry {e.args[0]!r}: "
                                     "update must change params in place and keep its keys") from None
                route.append((x, y))
                if not (math.isfinite(x) and math.isfinite(y)) or max(abs(x - cx), abs(y - cy)) > limit \
                        or not math.isfinite(field(np.float64(x), np.float64(y))):
                    self.diverged, self.diverged_at = True, step
                    break
            self.route = np.array(route, dtype=float)
            self.losses = np.asarray(field(self.route[:, 0], self.route[:, 1]), dtype=float)
            if self.losses.ndim == 0:
                self.losses = np.full(len(self.route), float(self.losses))

    def reached(self, point, tol: float = 1e-2) -> int | None:
        """The first step at which the route is within ``tol`` of ``point``, or None."""
        d = np.hypot(self.route[:, 0] - point[0], self.route[:, 1] - point[1])
        hits = np.flatnonzero(d <= tol)
        return int(hits[0]) if len(hits) else None
