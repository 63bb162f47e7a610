"""Ready-made loss surfaces, each a :class:`~optlib.field.Field` with its exact gradient."""

from __future__ import annotations

import math

import numpy as np

from .field import Field
from .validation import number

__all__ = ["valley", "bowl", "rosenbrock", "two_minima", "TWO_MINIMA_LOCAL"]


def valley(a: float = 1 / 20, xrange=(-10, 10), yrange=(-5, 5)) -> Field:
    r"""The slides' narrow valley :math:`z = a x^2 + y^2` (``a = 1/20`` by default).

    The curvature is :math:`2a` across x and 2 across y: the smaller ``a``, the narrower
    and flatter the valley floor.  Minimum at (0, 0).
    """
    if not (isinstance(a, (int, float)) and math.isfinite(a) and a > 0):
        raise ValueError(f"a (the x coefficient) must be a finite number > 0, got {a!r}")
    name = r"$z = x^2/20 + y^2$" if math.isclose(a, 1 / 20) else rf"$z = {a:g}\,x^2 + y^2$"
    return Field(lambda x, y: a * x**2 + y**2, xrange, yrange,
                 grad=lambda x, y: (2 * a * x, 2 * y), name=name, minimum=(0.0, 0.0))


def bowl(c: float = 1.0, xrange=(-2, 2), yrange=(-2, 2)) -> Field:
    r"""A round bowl :math:`z = c (x^2 + y^2)`, curvature :math:`2c` in every direction; minimum (0, 0)."""
    c = number("c (the steepness)", c, low=0.0, low_open=True)
    name = r"$z = x^2 + y^2$" if c == 1 else rf"$z = {c:g}\,(x^2 + y^2)$"
    return Field(lambda x, y: c * (x**2 + y**2), xrange, yrange,
                 grad=lambda x, y: (2 * c * x, 2 * c * y), name=name, minimum=(0.0, 0.0))


def rosenbrock(a: float = 1.0, b: float = 100.0, xrange=(-2, 2), yrange=(-1, 3)) -> Field:
    r"""Rosenbrock's banana valley :math:`z = (a - x)^2 + b (y - x^2)^2`; minimum at :math:`(a, a^2)`."""
    return Field(lambda x, y: (a - x) ** 2 + b * (y - x**2) ** 2, xrange, yrange,
                 grad=lambda x, y: (-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)),
                 name="Rosenbrock", minimum=(a, a * a))


# two Gaussian dips: a shallow one at (-1, 0) and a deeper one at (1.5, 0)
_SHALLOW = (-1.0, 0.0, 0.6, 0.5)  # centre x, centre y, depth, width
_DEEP = (1.5, 0.0, 1.5, 0.7)


#: the shallow (local) minimum of :func:`two_minima`, found by descending from (-2.5, 1)
TWO_MINIMA_LOCAL = (-0.9533, 0.0)


def _two_minima(x, y):
    z = 0.05 * (x**2 + y**2)
    for cx, cy, depth, width in (_SHALLOW, _DEEP):
        z = z - depth * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * width**2))
    return z


def _two_minima_grad(x, y):
    gx, gy = 0.1 * x, 0.1 * y
    for cx, cy, depth, width in (_SHALLOW, _DEEP):
        e = depth * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * width**2)) / width**2
        gx = gx + e * (x - cx)
        gy = gy + e * (y - cy)
    return gx, gy


def two_minima(xrange=(-3, 3.5), yrange=(-2.5, 2.5)) -> Field:
    """A shallow local minimum near (-0.95, 0) beside a deeper, global one near (1.45, 0).

    A walker started on the left that follows the exact gradient settles in the shallow dip;
    noisy steps can shake it out and over the ridge into the deeper one.
    ``Field.minimum`` is the global minimum; :data:`TWO_MINIMA_LOCAL` is the shallow one.
    """
    return Field(_two_minima, xrange, yrange, grad=_two_minima_grad, name="two minima")
