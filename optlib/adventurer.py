"""``Adventurer``: the walker who descends a :class:`~optlib.field.Field` with an optimizer."""

from __future__ import annotations

import math
import warnings
import numpy as np

from .field import Field
from .validation import is_number, number, whole_number

__all__ = ["Adventurer", "DIVERGENCE_FACTOR"]

#: a walker is declared diverged when it is farther from the map's centre than this many
#: map-widths (or when its position or height stops being a finite number)
DIVERGENCE_FACTOR = 1e3


class Adventurer:
    """A walker standing at ``(x, y)`` who only feels the slope under its feet.

    >>> from optlib import Adventurer, SGD, surfaces
    >>> walker = Adventurer(-7.0, 2.0).optimize(surfaces.valley(), SGD(lr=0.9), steps=30)
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
    field : Field or None
        The field of the last run (its minimum is where :meth:`reached` and :meth:`settled_at`
        measure from by default).
    """

    def __init__(self, x: float, y: float) -> None:
        self.start = (number("the starting x", x), number("the starting y", y))
        self.route = np.array([self.start], dtype=float)
        self.losses = np.array([], dtype=float)
        self.diverged = False
        self.diverged_at: int | None = None
        self.field: Field | None = None

    @property
    def position(self) -> tuple[float, float]:
        """Where the walker stands now (the end of the route)."""
        return float(self.route[-1, 0]), float(self.route[-1, 1])

    def __repr__(self) -> str:
        state = f", diverged at step {self.diverged_at}" if self.diverged else ""
        return f"Adventurer(start={self.start}, steps={len(self.route) - 1}{state})"

    def optimize(self, field: Field, method, steps: int = 30, *, noise=None) -> "Adventurer":
        """Walk ``steps`` updates of ``method`` on ``field``, starting from the start point; return
        the walker itself (so ``Adventurer(-7, 2).optimize(field, SGD(lr=0.1)).route`` reads as one line).

        ``method`` is any object with ``update(params, grads)`` (an optlib optimizer or your
        own).  It receives ``params = {"x": ..., "y": ...}`` and ``grads`` with the same keys,
        and must rewrite ``params`` in place.  An optimizer with a ``reset()`` method (every optlib
        optimizer) is reset first, so the same object can be reused for several walkers.  Each call
        starts again from the start point.

        ``noise`` is added to the gradient at every step (a seeded stand-in for the wobble of
        mini-batch gradients): an array of shape ``(steps, 2)``, or a function ``noise(step, x, y)``
        giving ``(nx, ny)`` for step 1, 2, ... at the walker's position.
        """
        if not hasattr(field, "gradient") or not callable(field):
            raise TypeError(f"field must be an optlib Field, got {type(field).__name__}")
        if isinstance(method, type):
            raise TypeError(f"method is the class {method.__name__} itself: pass an optimizer made from it, "
                            f"such as {method.__name__}(lr=0.1)")
        if not callable(getattr(method, "update", None)):
            raise TypeError(f"method must have an update(params, grads) method, got {type(method).__name__}")
        steps = whole_number("steps", steps, low=0)
        if noise is not None and not callable(noise):
            noise = np.asarray(noise, dtype=float)
            if noise.shape != (steps, 2):
                raise ValueError(f"noise must have shape (steps, 2) = ({steps}, 2), got {noise.shape}")
        resettable = callable(getattr(method, "reset", None))
        self.field, self.diverged, self.diverged_at = field, False, None
        # A blow-up is an expected outcome here, not an error: keep NumPy quiet about it.
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            walked = None
            if resettable and not callable(noise):
                # The walk again from its start gives the same route: walk without evaluating the height at
                # every step (a third of a step's time), then evaluate all heights at once.  A height that is
                # not a finite number before the end (where the walk must stop), or an error, is rare: the
                # walk is then made again below, step by step, and gives what it gives.
                method.reset()
                try:
                    route, diverged_at = self._walk(field, method, steps, noise, check_height=False)
                    losses = self._heights(field, route)
                    if np.all(np.isfinite(losses[:-1])) and (diverged_at is not None or np.isfinite(losses[-1])):
                        walked = route, diverged_at, losses
                except Exception:
                    pass
            if walked is None:
                if resettable:
                    method.reset()
                route, diverged_at = self._walk(field, method, steps, noise, check_height=True)
                walked = route, diverged_at, self._heights(field, route)
            self.route, self.diverged_at, self.losses = walked
            self.diverged = self.diverged_at is not None
        return self

    def _walk(self, field, method, steps: int, noise, check_height: bool):
        """The route from the start (an array) and the step at which it diverged (or None).  A walk
        stops when the position is no longer a finite number or far off the map, or (with
        ``check_height``) when the height there is not a finite number."""
        (x0, x1), (y0, y1) = field.xrange, field.yrange
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        limit = DIVERGENCE_FACTOR * max(x1 - x0, y1 - y0)
        params = {"x": self.start[0], "y": self.start[1]}
        route = [self.start]
        for step in range(1, steps + 1):
            try:
                # (float64, not float: an overflow gives inf, where Python's float raises)
                gx, gy = field._slope(np.float64(params["x"]), np.float64(params["y"]))
                if noise is not None:
                    nx, ny = noise(step, params["x"], params["y"]) if callable(noise) else noise[step - 1]
                    gx, gy = gx + nx, gy + ny
                method.update(params, {"x": float(gx), "y": float(gy)})
                x, y = _coordinate(params, "x"), _coordinate(params, "y")
            except OverflowError:
                x = y = math.inf
            route.append((x, y))
            if not (math.isfinite(x) and math.isfinite(y)) or max(abs(x - cx), abs(y - cy)) > limit \
                    or (check_height and not math.isfinite(field._height(np.float64(x), np.float64(y)))):
                return np.array(route, dtype=float), step
        return np.array(route, dtype=float), None

    @staticmethod
    def _heights(field, route) -> np.ndarray:
        losses = np.asarray(field(route[:, 0], route[:, 1]), dtype=float)
        return np.full(len(route), float(losses)) if losses.ndim == 0 else losses

    # -- what lessons ask of a route ----------------------------------------------------------
    def _target(self, point):
        if point is not None:
            return float(point[0]), float(point[1])
        if self.field is None:
            raise ValueError("give a point: this walker has not walked on a field yet")
        return self.field.minimum

    def distance_to(self, point=None) -> np.ndarray:
        """The distance from every position of the route to ``point`` (default: the field's minimum)."""
        px, py = self._target(point)
        return np.hypot(self.route[:, 0] - px, self.route[:, 1] - py)

    def reached(self, point=None, tol: float = 1e-2) -> int | None:
        """The first step at which the route is within ``tol`` of ``point`` (default: the field's
        minimum), or None."""
        hits = np.flatnonzero(self.distance_to(point) <= tol)
        return int(hits[0]) if len(hits) else None

    def settled_at(self, tol: float = 0.1, point=None) -> int | None:
        """The step from which the walker stays within ``tol`` of ``point`` (default: the field's
        minimum) to the end of the route; None if it diverged or is not within ``tol`` at the end."""
        away = np.flatnonzero(self.distance_to(point) >= tol)
        if self.diverged or (len(away) and away[-1] == len(self.route) - 1):
            return None
        return int(away[-1] + 1) if len(away) else 0

    def distance_travelled(self, axis: int | None = None) -> float:
        """The length of the route: along the path (``axis=None``), or the sum of the moves along
        x (``axis=0``) or y (``axis=1``) alone."""
        moves = np.diff(self.route, axis=0)
        if axis is None:
            return float(np.hypot(moves[:, 0], moves[:, 1]).sum())
        return float(np.abs(moves[:, axis]).sum())

    def crossings(self, axis: int = 1) -> int:
        """How many times the route crosses the line through the field's minimum along the other
        axis (``axis=1``: y changes sign around the minimum's y)."""
        c = self.route[:, axis] - self._target(None)[axis]
        return int(np.sum(np.sign(c[1:]) != np.sign(c[:-1])))


def _coordinate(params: dict, key: str) -> float:
    """``params[key]`` after an update, as a float, or a clear error naming what was stored."""
    if key not in params:
        raise ValueError(f"after update(), params has no entry {key!r}: update must change params in place "
                         "and keep its keys")
    value = params[key]
    if type(value) is float:  # what every optlib optimizer stores
        return value
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if not is_number(value):
        raise ValueError(f"after update(), params[{key!r}] is {value!r:.60} (a {type(value).__name__}), "
                         "not a number: update must store the new value of each parameter in params")
    return float(value)
