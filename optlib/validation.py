"""Checking the numbers a caller passes in: one validator, one wording for every error.

Every public function of optlib that takes a hyper-parameter, a coordinate or a count checks it here,
so a bad value gets a ``ValueError`` that names the argument and says what was expected, before
anything is changed.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

__all__ = ["is_number", "number", "whole_number"]


def is_number(value) -> bool:
    """True for a real number (Python or NumPy, not a bool), finite or not."""
    if type(value) is float or type(value) is int:  # the common case, without the slower ABC check
        return True
    return isinstance(value, Real) and not isinstance(value, bool)


def _describe(value) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} (a {type(value).__name__})" if not is_number(value) else text


def number(name: str, value, *, low: float | None = None, high: float | None = None,
           low_open: bool = False, high_open: bool = False) -> float:
    """``value`` as a finite float in the range given, or a ``ValueError`` naming ``name``.

    ``low``/``high`` are inclusive unless ``low_open``/``high_open``: ``number("lr", x, low=0,
    low_open=True)`` accepts every finite x > 0.
    """
    if not is_number(value):
        raise ValueError(f"{name} must be a number, got {_describe(value)}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        raise ValueError(f"{name} must be {_range_text(low, high, low_open, high_open)}, got {value!r}")
    return value


def whole_number(name: str, value, *, low: int | None = None, high: int | None = None) -> int:
    """``value`` as an int in ``[low, high]``, or a ``ValueError`` naming ``name``.

    A float with a fractional part (``2.5``) is refused rather than rounded; ``3.0`` is accepted.
    """
    if isinstance(value, Integral) and not isinstance(value, bool):
        value = int(value)
    elif is_number(value) and math.isfinite(value) and float(value).is_integer():
        value = int(value)
    else:
        raise ValueError(f"{name} must be a whole number, got {_describe(value)}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be {_range_text(low, high, False, False)}, got {value!r}")
    return value


def _range_text(low, high, low_open, high_open) -> str:
    if low is not None and high is not None:
        return f"in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if low is not None:
        return f"{'>' if low_open else '>='} {low:g}"
    return f"{'<' if high_open else '<='} {high:g}"
