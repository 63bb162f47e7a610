"""Chapter 3 exercise: the largest stable learning rate of SGD on z = x²/20 + 3y²."""

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
