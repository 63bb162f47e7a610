"""Ready-made loss surfaces, each a :class:`~optlib.field.Field` with its exact gradient."""

from __future__ import annotations

import math

from .field import Field
from .validation import number

__all__ = ["valley", "bowl", "rosenbrock", "two_minima", "turned_valley", "TWO_MINIMA_LOCAL"]


def valley(a: float = 1 / 20, xrange=(-10, 10), yrange=(-5, 5)) -> Field:
    r"""The narrow valley :math:`z = a x^2 + y^2` of the study-group slides (``a = 1/20`` by default).

    The curvature is :math:`2a` across x and 2 across y: the smaller ``a``, the narrower
    and flatter the valley floor.  Minimum at (0, 0).
    """
    a = number("a (the x coefficient)", a, low=0.0, low_open=True)
    name = r"$z = x^2/20 + y^2$" if math.isclose(a, 1 / 20) else rf"$z = {a:g}\,x^2 + y^2$"
    return Field.from_formula("a*x**2 + y**2", xrange, yrange, name=name, minimum=(0.0, 0.0), a=a)


def bowl(c: float = 1.0, xrange=(-2, 2), yrange=(-2, 2)) -> Field:
    r"""A round bowl :math:`z = c (x^2 + y^2)`, curvature :math:`2c` in every direction; minimum (0, 0)."""
    c = number("c (the steepness)", c, low=0.0, low_open=True)
    name = r"$z = x^2 + y^2$" if c == 1 else rf"$z = {c:g}\,(x^2 + y^2)$"
    return Field.from_formula("c*(x**2 + y**2)", xrange, yrange, name=name, minimum=(0.0, 0.0), c=c)


def rosenbrock(a: float = 1.0, b: float = 100.0, xrange=(-2, 2), yrange=(-1, 3)) -> Field:
    r"""Rosenbrock's banana valley :math:`z = (a - x)^2 + b (y - x^2)^2`; minimum at :math:`(a, a^2)`."""
    return Field.from_formula("(a - x)**2 + b*(y - x**2)**2", xrange, yrange, name="Rosenbrock",
                              minimum=(a, a * a), a=a, b=b)


# a wide, gentle bowl with two Gaussian dips: a shallow one (depth 0.6, width 0.5) at (-1, 0) and a
# deeper one (depth 1.5, width 0.7) at (1.5, 0); 0.5 = 2·0.5² and 0.98 = 2·0.7²
_TWO_MINIMA = "0.05*(x**2 + y**2) - 0.6*exp(-((x + 1)**2 + y**2)/0.5) - 1.5*exp(-((x - 1.5)**2 + y**2)/0.98)"

#: the shallow (local) minimum of :func:`two_minima`, found by descending from (-2.5, 1)
TWO_MINIMA_LOCAL = (-0.9533, 0.0)


def two_minima(xrange=(-3, 3.5), yrange=(-2.5, 2.5)) -> Field:
    """A shallow local minimum near (-0.95, 0) beside a deeper, global one near (1.45, 0).

    A walker started on the left that follows the exact gradient settles in the shallow dip;
    noisy steps can shake it out and over the ridge into the deeper one.
    ``Field.minimum`` is the global minimum; :data:`TWO_MINIMA_LOCAL` is the shallow one.
    """
    return Field.from_formula(_TWO_MINIMA, xrange, yrange, name="two minima")


def turned_valley(degrees: float, a: float = 1 / 20, xrange=(-9, 9), yrange=(-6, 6)) -> Field:
    r"""The narrow valley :math:`z = a u^2 + v^2` in axes (u, v) turned by ``degrees`` from (x, y):
    :math:`u = x\cos\theta + y\sin\theta`, :math:`v = -x\sin\theta + y\cos\theta`.  Minimum at (0, 0)."""
    t = math.radians(number("degrees", degrees))
    return Field.from_formula("a*(c*x + s*y)**2 + (c*y - s*x)**2", xrange, yrange, minimum=(0.0, 0.0),
                              name=rf"$z = u^2/20 + v^2$, {degrees:g}°", a=a, c=math.cos(t), s=math.sin(t))
