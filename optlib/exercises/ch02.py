"""Chapter 2 exercise: how large a mini-batch makes the gradient's wobble three times smaller.

The spread (standard deviation) of a mini-batch gradient, the mean of B independent per-example
gradients, is proportional to 1 / sqrt(B) (when the data set is much larger than B).  Going from
B = 8 to a spread three times smaller needs sqrt(B) three times larger: B = 8 * 3**2 = 72.
"""

from __future__ import annotations

import math
from numbers import Real

from ..checks import report

__all__ = ["check_batch_size", "START_BATCH", "SHRINK", "ANSWER"]

START_BATCH = 8  #: the batch size the exercise starts from
SHRINK = 3  #: how many times smaller the spread must become
ANSWER = START_BATCH * SHRINK**2


def check_batch_size(value, lang: str | None = None) -> bool:
    """Check the learner's batch size that makes the gradient's spread 1/3 of its value at B = 8."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        return report(False, ja=f"答えは数で書いてください（今は {value!r} です）。",
                      en=f"Give the answer as a number (it is {value!r} now).", lang=lang)
    if math.isclose(value, ANSWER, rel_tol=1e-3):
        return report(True, ja=f"正解です！ ぶれは 1/√B に比例するので、√B を 3 倍、つまり B を 3² = 9 倍にします: "
                               f"{START_BATCH} × 9 = {ANSWER}。",
                      en=f"Correct! The spread is proportional to 1/√B, so √B must grow 3 times, that is B 3² = 9 "
                         f"times: {START_BATCH} × 9 = {ANSWER}.", lang=lang)
    hints = [
        (START_BATCH * SHRINK,
         "ぶれは B に反比例するのではなく、√B に反比例します。B を 3 倍にしても、ぶれは 1/√3 倍にしかなりません。",
         "The spread is not inversely proportional to B but to √B: tripling B only divides it by √3."),
        (SHRINK**2,
         f"B = 9 は、B = 1 から始めたときの答えです。ここでは B = {START_BATCH} から始めます。",
         f"B = 9 is the answer when starting from B = 1; here we start from B = {START_BATCH}."),
    ]
    for wrong, ja, en in hints:
        if math.isclose(value, wrong, rel_tol=1e-3):
            return report(False, ja=ja, en=en, lang=lang)
    if value <= START_BATCH:
        return report(False, ja=f"バッチを小さくすると、ぶれは大きくなります。B = {START_BATCH} より大きくしましょう。",
                      en=f"A smaller batch wobbles more, not less: go above B = {START_BATCH}.", lang=lang)
    return report(False, ja=f"B = {value:g} では、ぶれは B = {START_BATCH} のときの √({START_BATCH}/{value:g}) ≈ "
                            f"{math.sqrt(START_BATCH / value):.2f} 倍です。ちょうど 1/3 ≈ 0.33 倍になる B を求めましょう。",
                  en=f"With B = {value:g} the spread is √({START_BATCH}/{value:g}) ≈ {math.sqrt(START_BATCH / value):.2f} "
                     f"times its value at B = {START_BATCH}; find the B that makes it exactly 1/3 ≈ 0.33.", lang=lang)
