"""Chapter 2 exercise: how large a mini-batch makes the gradient's wobble three times smaller.

The spread (standard deviation) of a mini-batch gradient, the mean of B independent per-example
gradients, is proportional to 1 / sqrt(B) (when the data set is much larger than B).  Going from
B = 8 to a spread three times smaller needs sqrt(B) three times larger: B = 8 * 3**2 = 72.
"""

from __future__ import annotations

import math

from .. import i18n
from ..feedback import CheckResult, say, verdict
from ..validation import is_number

__all__ = ["check_batch_size", "START_BATCH", "SHRINK", "ANSWER"]

START_BATCH = 8  #: the batch size the exercise starts from
SHRINK = 3  #: how many times smaller the spread must become
ANSWER = START_BATCH * SHRINK**2


def check_batch_size(value, lang: str | None = None) -> CheckResult:
    """Check the learner's batch size that makes the gradient's spread 1/3 of its value at B = 8."""
    lang = i18n.resolve(lang)
    if not is_number(value) or not math.isfinite(value):
        return verdict(False, say("ch02.not_number", lang, value=repr(value)))
    value = float(value)
    if value == ANSWER:
        return verdict(True, say("ch02.ok", lang, start=START_BATCH, answer=ANSWER))
    if value == START_BATCH * SHRINK:
        return verdict(False, say("ch02.linear", lang))
    if value == SHRINK**2:
        return verdict(False, say("ch02.from_one", lang, start=START_BATCH))
    if value <= START_BATCH:
        return verdict(False, say("ch02.smaller", lang, start=START_BATCH))
    if not value.is_integer() and math.isclose(value, ANSWER, rel_tol=0.05):
        return verdict(False, say("ch02.not_whole", lang, value=f"{value:g}"))
    return verdict(False, say("ch02.other", lang, start=START_BATCH, value=f"{value:g}",
                              ratio=f"{math.sqrt(START_BATCH / value):.2f}"))
