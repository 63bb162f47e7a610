"""Chapter 3 exercises: the largest stable learning rate of SGD on z = x²/20 + 3y², and the number
of steps SGD needs on the slides' valley z = x²/20 + y²."""

from __future__ import annotations

import math
from numbers import Real

from ..checks import report

__all__ = ["check_largest_learning_rate", "ANSWER"]

# z = a x^2 + c y^2 has curvatures 2a and 2c; SGD multiplies each coordinate by (1 - lr * curvature)
# every step, so it converges iff lr < 2 / max curvature = 1 / max(a, c).
_A, _C = 1 / 20, 3.0
ANSWER = 1 / max(_A, _C)


def check_largest_learning_rate(value, lang: str | None = None) -> bool:
    """Check the learner's largest stable learning rate for SGD on z = x²/20 + 3y²."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        return report(False, ja=f"答えは数で書いてください（今は {value!r} です）。",
                      en=f"Give the answer as a number (it is {value!r} now).", lang=lang)
    if math.isclose(value, ANSWER, rel_tol=1e-3):
        return report(True, ja="正解です！ いちばん急な y 方向（曲率 6）が上限 2/6 = 1/3 を決めます。",
                      en="Correct! The steepest direction, y (curvature 6), sets the limit 2/6 = 1/3.", lang=lang)
    hints = [
        (1 / _A, "平らな x 方向ではなく、いちばん急な方向が上限を決めます。",
         "The limit is set by the steepest direction, not the flat x direction."),
        (1 / (2 * _C), "それは 1 歩で y が 0 になる学習率です。発散しない上限はその 2 倍です。",
         "That learning rate sends y to 0 in one step; the limit before divergence is twice as large."),
        (1.0, "それは z = x²/20 + y² のときの上限です。y の係数が 3 になっています。",
         "That is the limit for z = x²/20 + y²; here the y coefficient is 3."),
    ]
    for wrong, ja, en in hints:
        if math.isclose(value, wrong, rel_tol=1e-3):
            return report(False, ja=ja, en=en, lang=lang)
    if value < ANSWER:
        return report(False, ja="その学習率でも収束しますが、もっと大きくできます。y は毎歩 (1 − 6η) 倍になります。",
                      en="That learning rate converges, but a larger one still does: y is multiplied by (1 − 6η) each step.",
                      lang=lang)
    return report(False, ja="その学習率では y 方向が発散します。|1 − 6η| < 1 となる η の上限を求めましょう。",
                  en="With that learning rate the y direction diverges: find the largest η with |1 − 6η| < 1.", lang=lang)


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


def check_steps_prediction(value, lang: str | None = None) -> bool:
    """Check the learner's prediction of the step at which |x| first drops below 0.1
    (SGD with lr = 0.8 from (−7, 2) on z = x²/20 + y²)."""
    n = STEPS_ANSWER
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        return report(False, ja=f"答えは歩数（整数）で書いてください（今は {value!r} です）。",
                      en=f"Give the answer as a number of steps, an integer (it is {value!r} now).", lang=lang)
    if value != int(value):
        if math.ceil(value) == n:
            return report(False, ja=f"歩数は整数です。{value:g} 歩では足りないので、切り上げましょう。",
                          en=f"A number of steps is an integer. {value:g} steps are not enough: round up.", lang=lang)
        return report(False, ja="歩数は整数で書いてください。", en="Write the number of steps as an integer.", lang=lang)
    value = int(value)
    if value < 1:
        return report(False, ja="歩数は 1 以上の整数です。", en="A number of steps is an integer of at least 1.", lang=lang)
    left = abs(STEPS_START) * _FACTOR ** value
    if value == n:
        return report(True,
                      ja=f"正解です！ x は毎歩 1 − 2·(1/20)·0.8 = 0.92 倍になり、7 × 0.92^{n - 1} ≈ "
                         f"{abs(STEPS_START) * _FACTOR ** (n - 1):.4f} はまだ 0.1 以上、7 × 0.92^{n} ≈ {left:.4f} で初めて 0.1 を下回ります。",
                      en=f"Correct! x is multiplied by 1 − 2·(1/20)·0.8 = 0.92 each step: 7 × 0.92^{n - 1} ≈ "
                         f"{abs(STEPS_START) * _FACTOR ** (n - 1):.4f} is still at least 0.1, 7 × 0.92^{n} ≈ {left:.4f} is the first below it.",
                      lang=lang)
    if value == n - 1:
        return report(False, ja=f"惜しい！ {value} 歩後の |x| は 7 × 0.92^{value} ≈ {left:.4f} で、まだ 0.1 以上です。切り捨てではなく切り上げです。",
                      en=f"Close! After {value} steps |x| = 7 × 0.92^{value} ≈ {left:.4f}, still at least 0.1: round up, not down.",
                      lang=lang)
    forgot_two = _first_step_below(1 - (1 / 20) * STEPS_LR)
    if value in (forgot_two, forgot_two - 1):
        return report(False, ja="x の倍率は 1 − 2aη です。x²/20 を微分すると x/10 になるので、2 を忘れないようにしましょう（倍率は 0.92）。",
                      en="The factor of x is 1 − 2aη: the derivative of x²/20 is x/10, so do not forget the 2 (the factor is 0.92).",
                      lang=lang)
    approx = math.log(abs(STEPS_START) / STEPS_TOL) / (2 * (1 / 20) * STEPS_LR)     # ln 70 / (2aη) ≈ 53.1
    if value in (math.floor(approx), math.ceil(approx)):
        return report(False, ja="近似 ln 70 / (2aη) では少し多めになります。−ln(0.92) をそのまま使って計算しましょう。",
                      en="The approximation ln 70 / (2aη) overestimates a little: use −ln(0.92) itself.", lang=lang)
    if value < n:
        return report(False, ja=f"少なすぎます。{value} 歩後の |x| は 7 × 0.92^{value} ≈ {left:.3g} で、まだ 0.1 以上です。",
                      en=f"Too few: after {value} steps |x| = 7 × 0.92^{value} ≈ {left:.3g}, still at least 0.1.", lang=lang)
    return report(False, ja=f"多すぎます。{value} 歩目より前に |x| は 0.1 を下回ります。x は毎歩 0.92 倍です。",
                  en=f"Too many: |x| drops below 0.1 before step {value}. x is multiplied by 0.92 each step.", lang=lang)
