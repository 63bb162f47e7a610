"""Chapter 3 exercises: the learning rate above which SGD diverges on z = x²/20 + 3y², and the number
of steps SGD needs on the valley z = x²/20 + y²."""

from __future__ import annotations

import math

from .. import i18n
from ..feedback import CheckResult, say, verdict
from ..validation import is_number

__all__ = ["check_divergence_threshold", "ANSWER", "accepted_roundings"]

# z = a x^2 + c y^2 has curvatures 2a and 2c; SGD multiplies each coordinate by (1 - lr * curvature)
# every step, so it converges iff 0 < lr < 2 / max curvature = 1 / max(a, c); above, it diverges
# (at exactly 1/3 the y coordinate bounces between two values forever).
_A, _C = 1 / 20, 3.0
ANSWER = 1 / max(_A, _C)


def accepted_roundings(value: float = ANSWER, digits: int = 2) -> set[float]:
    """The decimal roundings of ``value`` a learner may write: 0.33, 0.333, ... (and the exact value)."""
    return {round(value, d) for d in range(digits, 16)} | {value}


def check_divergence_threshold(value, lang: str | None = None) -> CheckResult:
    """Check the learner's learning rate above which SGD diverges on z = x²/20 + 3y² (it is 1/3;
    0.33, 0.333, 1/3 and 2/6 are all accepted)."""
    lang = i18n.resolve(lang)
    if not is_number(value) or not math.isfinite(value):
        return verdict(False, say("ch03.not_number", lang, value=repr(value)))
    value = float(value)
    if any(math.isclose(value, ok, rel_tol=1e-12) for ok in accepted_roundings()):
        exact = "ch03.ok_exact" if math.isclose(value, ANSWER, rel_tol=1e-12) else "ch03.ok_rounded"
        return verdict(True, say(exact, lang, value=f"{value:g}"))
    if value <= 0:
        return verdict(False, say("ch03.not_positive", lang, value=f"{value:g}"))
    for wrong, msg in ((1 / _A, "ch03.flat_direction"), (1 / (2 * _C), "ch03.one_step"), (1.0, "ch03.old_valley")):
        if math.isclose(value, wrong, rel_tol=1e-3):
            return verdict(False, say(msg, lang))
    factor = f"{1 - 2 * _C * value:.3g}"
    if value < ANSWER:
        msg = "ch03.close_below" if value > 0.3 else "ch03.converges"
        return verdict(False, say(msg, lang, value=f"{value:g}", factor=factor))
    msg = "ch03.close_above" if value < 0.36 else "ch03.diverges"
    return verdict(False, say(msg, lang, value=f"{value:g}", factor=factor))


# -- exercise 2: predict how many steps SGD needs on the slides' valley ------------------------
# On z = x²/20 + y² one SGD step multiplies x by (1 − 2·(1/20)·lr) = 1 − lr/10.  From x = −7, with
# lr = 0.8 (factor 0.92), |x| first drops below 0.1 after n steps, the smallest n with 7·0.92ⁿ < 0.1.
STEPS_LR = 0.8
STEPS_START = -7.0
STEPS_TOL = 0.1
_FACTOR = 1 - 2 * (1 / 20) * STEPS_LR


def _first_step_below(factor: float, start: float = STEPS_START, tol: float = STEPS_TOL, limit: int = 100_000):
    x = start
    for n in range(1, limit + 1):
        x *= factor
        if abs(x) < tol:
            return n
    return None


STEPS_ANSWER = _first_step_below(_FACTOR)          # 51
__all__ += ["check_steps_prediction", "STEPS_ANSWER", "STEPS_LR"]


def check_steps_prediction(value, lang: str | None = None) -> CheckResult:
    """Check the learner's prediction of the step at which |x| first drops below 0.1
    (SGD with lr = 0.8 from (−7, 2) on z = x²/20 + y²)."""
    lang = i18n.resolve(lang)
    n = STEPS_ANSWER
    if not is_number(value) or not math.isfinite(value):
        return verdict(False, say("ch03.steps_not_number", lang, value=repr(value)))
    if value != int(value):
        if math.ceil(value) == n:
            return verdict(False, say("ch03.steps_round_up", lang, value=f"{value:g}"))
        return verdict(False, say("ch03.steps_not_whole", lang))
    value = int(value)
    if value < 1:
        return verdict(False, say("ch03.steps_at_least_one", lang))
    left = abs(STEPS_START) * _FACTOR ** value
    if value == n:
        return verdict(True, say("ch03.steps_ok", lang, n=n, before=n - 1,
                                 left_before=f"{abs(STEPS_START) * _FACTOR ** (n - 1):.4f}", left=f"{left:.4f}"))
    if value == n - 1:
        return verdict(False, say("ch03.steps_one_short", lang, value=value, left=f"{left:.4f}"))
    forgot_two = _first_step_below(1 - (1 / 20) * STEPS_LR)
    if value in (forgot_two, forgot_two - 1):
        return verdict(False, say("ch03.steps_forgot_two", lang))
    approx = math.log(abs(STEPS_START) / STEPS_TOL) / (2 * (1 / 20) * STEPS_LR)     # ln 70 / (2aη) ≈ 53.1
    if value in (math.floor(approx), math.ceil(approx)):
        return verdict(False, say("ch03.steps_approximation", lang))
    if value < n:
        return verdict(False, say("ch03.steps_too_few", lang, value=value, left=f"{left:.3g}"))
    return verdict(False, say("ch03.steps_too_many", lang, value=value))
