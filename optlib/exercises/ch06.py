"""Chapter 6 exercise: ``Adam.update``, and which typical mistake a wrong answer makes.

The exercise itself is checked with :func:`optlib.checks.check_optimizer` (against
:class:`optlib.Adam`).  When that check fails, :func:`diagnose_adam` replays the same start
(the slides' ``params = {"x": -0.5, "y": 0.2}`` on the valley z = x²/20 + y²) with the learner's
class and with the typical wrong versions of Adam below, and names the one the learner's code
reproduces: no bias correction, the step count ``t`` increased once per parameter instead of once
per call, ε under the square root, and so on.
"""

from __future__ import annotations

import math

import numpy as np

from .. import i18n
from ..checks import numbers_start, exercise_gradient, same_params, compare_optimizer, drive
from ..feedback import CheckResult, say, verdict
from ..optimizers import Adam

__all__ = ["diagnose_adam", "MISTAKES", "adam_route"]

_STEPS = 5


def adam_route(lr: float = 0.1, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8, *,
               bias1: bool = True, bias2: bool = True, t_per_param: bool = False, eps_inside: bool = False,
               no_sqrt: bool = False, sign: float = 1.0, no_one_minus: bool = False,
               swap_betas: bool = False, efficient: bool = False, steps: int = _STEPS) -> list[dict]:
    """The positions after each step of Adam (or of one of its typical mistakes) from the slides' start.

    With every flag at its default this is the course's Adam (tests check it against
    :class:`optlib.Adam`); each flag turns on one mistake (``efficient`` writes it in the paper's
    efficient form, which is not a mistake by itself).
    """
    if swap_betas:
        beta1, beta2 = beta2, beta1
    p = numbers_start()
    m = {k: 0.0 for k in p}
    v = {k: 0.0 for k in p}
    t = 0
    route = []
    for _ in range(steps):
        g = exercise_gradient(p)
        if not t_per_param:
            t += 1
        for k in p:
            if t_per_param:
                t += 1
            a1, a2 = (1.0, 1.0) if no_one_minus else (1.0 - beta1, 1.0 - beta2)
            m[k] = beta1 * m[k] + a1 * g[k]
            v[k] = beta2 * v[k] + a2 * g[k] ** 2
            m_hat = m[k] / (1.0 - beta1**t) if bias1 else m[k]
            v_hat = v[k] / (1.0 - beta2**t) if bias2 else v[k]
            if efficient:
                p[k] = p[k] - sign * lr * math.sqrt(1.0 - beta2**t) / (1.0 - beta1**t) * m[k] / (math.sqrt(v[k]) + eps)
                continue
            if eps_inside:
                denom = math.sqrt(v_hat + eps)
            elif no_sqrt:
                denom = v_hat + eps
            else:
                denom = math.sqrt(v_hat) + eps
            p[k] = p[k] - sign * lr * m_hat / denom
        route.append(dict(p))
    return route


#: the typical mistakes: (name, flags for :func:`adam_route`); the hint is the catalogue's "ch06.<name>"
MISTAKES = [
    ("no_bias_correction", {"bias1": False, "bias2": False}),
    ("no_bias_correction_m", {"bias1": False}),
    ("no_bias_correction_v", {"bias2": False}),
    ("t_per_parameter", {"t_per_param": True}),
    ("eps_inside_sqrt", {"eps_inside": True}),
    ("no_sqrt", {"no_sqrt": True}),
    ("wrong_sign", {"sign": -1.0}),
    ("no_one_minus_beta", {"no_one_minus": True}),
    ("eps_written_in", {"eps": 1e-7}),
    ("eps_written_in_efficient", {"eps": 1e-7, "efficient": True}),
    ("swapped_betas", {"swap_betas": True}),
]


def diagnose_adam(student_cls, lr: float = 0.1, lang: str | None = None) -> CheckResult:
    """Say whether ``student_cls`` is Adam, and if not, which typical mistake it makes.

    Checks the class as :func:`optlib.checks.check_optimizer` does (two sets of hyper-parameters,
    numbers and arrays), and when it is wrong on the lesson's settings, replays the slides' start on
    the valley and compares the route with each of :data:`MISTAKES`.  Prints ✅ or ❌ with a hint in
    the page's language, returns the verdict, and never raises on the learner's code.
    """
    lang = i18n.resolve(lang)
    result = compare_optimizer(student_cls, Adam, lang=lang, lr=lr)
    if result.ok:
        return verdict(True, say("ch06.ok", lang))
    if isinstance(result.failure and result.failure.exception, ZeroDivisionError):
        return verdict(False, say("ch06.zero_division", lang, error=result.failure.detail,
                                  where=result.failure.where(lang)))
    if not result.wrong_value or result.settings.get("lr") != lr:
        return verdict(False, result.message)  # a crash, a wrong thing stored, an ignored hyper-parameter
    got = drive(student_cls, result.settings, numbers_start(), _STEPS, lang).route
    if not all(math.isfinite(row[k]) for row in got for k in row):
        return verdict(False, say("ch06.not_finite", lang))
    for name, flags in MISTAKES:
        if all(same_params(a, b) for a, b in zip(got, adam_route(lr, **flags))):
            return verdict(False, say(f"ch06.{name}", lang))
    return verdict(False, say("ch06.unknown", lang, message=result.message))
