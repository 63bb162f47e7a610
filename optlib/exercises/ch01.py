"""Chapter 1 exercises: one step of gradient descent, ``step(w, grad, lr)``; a learning rate that
reaches the bottom of a steep bowl within 10 steps, ``check_learning_rate(lr)``."""

from __future__ import annotations

import numpy as np

from .. import i18n, surfaces
from ..adventurer import Adventurer
from ..feedback import CheckResult, describe_value, run_learner, say, two_numbers, verdict
from ..optimizers import SGD
from ..validation import is_number

__all__ = ["check_step", "check_learning_rate", "BOWL_C", "BOWL_START", "BOWL_STEPS", "BOWL_TOL"]

#: (w, grad, lr) tried on numbers: two learning rates at least, so a step that ignores lr is caught
_CASES = [(1.0, 2.0, 0.1), (-3.0, -6.0, 0.25), (0.5, 0.0, 0.3), (2.0, 4.0, 1.0)]
_ARRAY_CASE = (np.array([1.0, -2.0, 0.5]), np.array([2.0, -4.0, 1.0]), 0.25)


def _as_number(value):
    """The learner's result as a float, or None when it is not one number."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    return float(value) if is_number(value) else None


def check_step(step, lang: str | None = None) -> CheckResult:
    """Check ``step(w, grad, lr)``, which must return ``w - lr * grad`` (for floats and arrays)."""
    lang = i18n.resolve(lang)
    if step is None:
        return verdict(False, say("ch01.step_none", lang))
    if not callable(step):
        return verdict(False, say("ch01.step_not_function", lang))
    for w, g, lr in _CASES:
        call = f"step({w}, {g}, {lr})"
        got, failure = run_learner(step, w, g, lr)
        if failure is not None:
            return verdict(False, failure.message(lang, call))
        if got is None:
            return verdict(False, say("ch01.step_none_returned", lang))
        number = _as_number(got)
        if number is None:
            msg = "ch01.step_tuple" if isinstance(got, tuple) else "ch01.step_not_number"
            return verdict(False, say(msg, lang, call=call, value=describe_value(got, lang)))
        want = w - lr * g
        if np.isclose(number, want, rtol=1e-12, atol=1e-12):
            continue
        if np.isclose(number, w + lr * g):
            hint = say("ch01.hint_sign", lang)
        elif np.isclose(number, w - g):
            hint = say("ch01.hint_lr", lang)
        else:
            hint = say("ch01.hint_formula", lang)
        shown, right = two_numbers(number, want)
        return verdict(False, say("ch01.step_wrong", lang, call=call, got=shown, want=right, hint=hint))
    w, g, lr = (a.copy() if isinstance(a, np.ndarray) else a for a in _ARRAY_CASE)
    got, failure = run_learner(step, w, g, lr)
    if failure is not None:
        return verdict(False, say("ch01.step_arrays_raised", lang, error=failure.message(lang, "step")))
    want = _ARRAY_CASE[0] - _ARRAY_CASE[2] * _ARRAY_CASE[1]
    if not isinstance(got, np.ndarray) or got.shape != want.shape:
        return verdict(False, say("ch01.step_arrays_kind", lang, value=describe_value(got, lang)))
    if not np.allclose(got, want, rtol=1e-12, atol=1e-12):
        return verdict(False, say("ch01.step_arrays_wrong", lang, got=np.array2string(got), want=np.array2string(want)))
    return verdict(True, say("ch01.step_ok", lang))


# -- exercise 2: a learning rate that reaches the bottom of a steep bowl -------------------------

#: the bowl of exercise 2, z = BOWL_C (x² + y²): curvature 2·BOWL_C in every direction
BOWL_C = 2.0
#: where the walker starts, how many steps it may take and how close it must get to (0, 0)
BOWL_START = (-1.6, 1.3)
BOWL_STEPS = 10
BOWL_TOL = 1e-2


def _bowl_walk(lr: float) -> Adventurer:
    return Adventurer(*BOWL_START).optimize(surfaces.bowl(c=BOWL_C), SGD(lr=lr), steps=BOWL_STEPS)


def check_learning_rate(lr, lang: str | None = None) -> CheckResult:
    """Check that SGD with learning rate ``lr`` on the bowl z = 2(x² + y²), started at (-1.6, 1.3),
    comes within 0.01 of the bottom (0, 0) in at most 10 steps; say why not otherwise."""
    lang = i18n.resolve(lang)
    if isinstance(lr, str):
        return verdict(False, say("ch01.lr_string", lang, value=repr(lr)))
    if not is_number(lr):
        return verdict(False, say("ch01.lr_not_number", lang, value=repr(lr)))
    lr = float(lr)
    if not np.isfinite(lr):
        return verdict(False, say("ch01.lr_not_finite", lang, value=f"{lr:g}"))
    if lr <= 0:
        return verdict(False, say("ch01.lr_zero" if lr == 0 else "ch01.lr_negative", lang, lr=f"{lr:g}"))
    walker = _bowl_walk(lr)
    dist = np.hypot(walker.route[:, 0], walker.route[:, 1])
    arrived = walker.reached((0.0, 0.0), tol=BOWL_TOL)
    if arrived is not None:
        return verdict(True, say("ch01.lr_ok" if arrived != 1 else "ch01.lr_ok_one", lang, lr=f"{lr:g}",
                                 tol=f"{BOWL_TOL:g}", n=arrived))
    if walker.diverged or dist[-1] > dist[0] * (1 + 1e-9):
        return verdict(False, say("ch01.lr_diverges", lang, lr=f"{lr:g}"))
    if np.isclose(dist[-1], dist[0], rtol=1e-6):
        return verdict(False, say("ch01.lr_bounces", lang, lr=f"{lr:g}"))
    fields = dict(lr=f"{lr:g}", steps=BOWL_STEPS, left=f"{dist[-1]:.3g}")
    if np.any(walker.route[1:, 0] * walker.route[:-1, 0] < 0):
        return verdict(False, say("ch01.lr_overshoots", lang, **fields))
    return verdict(False, say("ch01.lr_too_short", lang, **fields))
