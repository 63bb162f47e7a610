"""Describing a slider: :class:`Param`, and the ipywidgets slider that stands for it.

A ``Param`` names the keyword a figure's ``draw`` function receives, the values the slider offers,
its label and readout.  Two kinds of figures use it:

- a figure that can be computed for **any** value in the range (``continuous=True``, the default for
  numbers): in a live kernel the slider is a ``FloatSlider`` / ``FloatLogSlider`` / ``IntSlider``
  over ``[min(values), max(values)]``, and the listed values are the ones the static page
  precomputes;
- a figure that can only show its **listed** values (``continuous=False``: its results were computed
  in advance, say): the slider, live or static, is a ``SelectionSlider`` over exactly those values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral
from typing import Sequence

import ipywidgets as W

from .validation import is_number

__all__ = ["Param", "slider_layout"]


def slider_layout(width_px: int) -> dict:
    """The look every optlib slider shares: its label in full, as wide as the figure (at least 320 px)."""
    return dict(continuous_update=True, style={"description_width": "initial"},
                layout=W.Layout(width=f"{max(width_px, 320)}px"))


@dataclass(frozen=True)
class Param:
    """One slider: the keyword ``name`` passed to the drawing function, the ``values`` it takes,
    the ``label`` shown beside it, the ``fmt`` of its readout, the ``initial`` value, whether
    the figure can be drawn for any value in between (``continuous``; see the module docstring), and
    the range a continuous slider spans (``span``, default: from the smallest listed value to the
    largest)."""

    name: str
    values: Sequence
    label: str | None = None
    fmt: str = "{:g}"
    initial: object = None
    continuous: bool = True
    span: tuple | None = None

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ValueError(f"Param name must be a Python identifier, got {self.name!r}")
        values = tuple(self.values)
        if not values:
            raise ValueError(f"Param {self.name!r} has no values: give at least one")
        object.__setattr__(self, "values", values)
        if self.initial is not None and self.initial not in values:
            raise ValueError(f"initial value {self.initial!r} of {self.name!r} is not one of its values {values}")
        if not isinstance(self.fmt, str):
            raise ValueError(f"fmt of {self.name!r} must be a format string such as '{{:g}}', got {self.fmt!r}")
        if self.span is not None:
            try:
                lo, hi = (float(v) for v in self.span)
            except (TypeError, ValueError):
                raise ValueError(f"span of {self.name!r} must be a pair (low, high), got {self.span!r}") from None
            if not (lo < hi and self.numeric and lo <= min(values) and max(values) <= hi):
                raise ValueError(f"span {self.span!r} of {self.name!r} must run from low to high and hold every "
                                 f"listed value {values}")
            object.__setattr__(self, "span", (lo, hi))
        try:
            self.fmt.format(self.initial_value)
        except (KeyError, IndexError, ValueError, TypeError) as e:
            raise ValueError(f"fmt {self.fmt!r} of {self.name!r} cannot write its value {self.initial_value!r} "
                             f"({type(e).__name__}: {e}): use one empty field, such as '{{:g}}' or '{{:.2f}}'") from None

    @property
    def initial_index(self) -> int:
        return 0 if self.initial is None else self.values.index(self.initial)

    @property
    def initial_value(self):
        return self.values[self.initial_index]

    @property
    def numeric(self) -> bool:
        """Numbers that span a range (a slider between them makes sense)."""
        return all(is_number(v) and math.isfinite(v) for v in self.values) and min(self.values) < max(self.values)

    def readout(self, value) -> str:
        return self.fmt.format(value)

    def selection_slider(self, width_px: int) -> W.SelectionSlider:
        """A slider over exactly the listed values (its value is the index of one)."""
        options = [(self.readout(v), i) for i, v in enumerate(self.values)]
        return W.SelectionSlider(options=options, value=self.initial_index, description=self.label or self.name,
                                 **slider_layout(width_px))

    def live_slider(self, width_px: int):
        """The slider a live kernel shows, and a function turning its value into the ``draw`` argument."""
        values = self.values
        if not (self.continuous and self.numeric):
            return self.selection_slider(width_px), lambda i: values[i]
        common = dict(description=self.label or self.name, **slider_layout(width_px))
        lo, hi = self.span or (min(values), max(values))
        if all(isinstance(v, Integral) and not isinstance(v, bool) for v in values):
            s = W.IntSlider(value=int(self.initial_value), min=int(lo), max=int(hi), step=1, **common)
            return s, lambda v: _snap(int(v), values)
        lo, hi = float(lo), float(hi)
        if lo > 0 and hi / lo >= 100:  # orders of magnitude: a logarithmic slider
            s = W.FloatLogSlider(value=float(self.initial_value), base=10, min=math.log10(lo), max=math.log10(hi),
                                 step=(math.log10(hi) - math.log10(lo)) / 200, readout_format=".3g", **common)
            return s, lambda v: _snap(float(v), values, rel=1e-3, floor=0.0)
        d = _decimals(values + (lo, hi))
        step = min(10.0 ** math.floor(math.log10((hi - lo) / 100)), 10.0 ** -d) if d else \
            10.0 ** math.floor(math.log10((hi - lo) / 100))
        d = max(d, -math.floor(math.log10(step)), 0)
        s = W.FloatSlider(value=float(self.initial_value), min=lo, max=hi, step=step, readout_format=f".{d}f", **common)
        return s, lambda v: _snap(round(float(v), d), values)


def _decimals(values, limit: int = 6) -> int:
    """The fewest decimals that write every value exactly (at most ``limit``)."""
    for d in range(limit + 1):
        if all(abs(round(float(v), d) - float(v)) <= 1e-12 * max(1.0, abs(float(v))) for v in values):
            return d
    return limit


def _snap(v, values, rel: float = 1e-9, floor: float = 1.0):
    """A listed value when ``v`` is (within rounding) one of them, so the listed values come back
    exactly (the static page shows exactly those)."""
    for listed in values:
        if abs(float(listed) - float(v)) <= rel * max(floor, abs(float(listed))):
            return listed
    return v
