"""Chapter 8 exercise: add weight decay to SGD.

The learner writes a class ``SGDWeightDecay(lr, weight_decay)`` whose ``update(params, grads)`` does

    params[key] -= lr * (grads[key] + weight_decay * params[key])

for every parameter (the gradient of the loss plus the gradient of the penalty
``weight_decay / 2 * sum(W**2)``).  The checker runs it for a few steps on a small dict of arrays and
compares it with the reference; when they differ it says which usual slip it looks like.
"""

from __future__ import annotations

import numpy as np

from .. import i18n
from ..checks import ATOL, RTOL
from ..feedback import CheckResult, describe_value, learner_name, run_learner, say, two_numbers, verdict

__all__ = ["check_weight_decay", "ReferenceSGDWeightDecay", "LR", "WEIGHT_DECAY", "STEPS", "SETTINGS"]

LR = 0.1
WEIGHT_DECAY = 0.5
STEPS = 3
#: the two settings every answer is run with (the second catches numbers written into the formula)
SETTINGS = ({"lr": LR, "weight_decay": WEIGHT_DECAY}, {"lr": 0.05, "weight_decay": 0.2})


class ReferenceSGDWeightDecay:
    """SGD with weight decay: ``W ← W − η (∂L/∂W + λ W)``."""

    def __init__(self, lr: float = 0.01, weight_decay: float = 0.0) -> None:
        self.lr, self.weight_decay = lr, weight_decay

    def update(self, params, grads) -> None:
        for key in params:
            params[key] -= self.lr * (grads[key] + self.weight_decay * params[key])


def _problem():
    rng = np.random.default_rng(8)
    params = {"W1": rng.standard_normal((3, 4)), "b1": rng.standard_normal(4)}
    grads = [{k: rng.standard_normal(v.shape) for k, v in params.items()} for _ in range(STEPS)]
    return params, grads


def _run_rule(rule, lr, wd):
    """Apply ``rule(p, g, lr, wd)`` (returns the new array) for STEPS steps; the parameters after each step."""
    params, grads = _problem()
    out = []
    for g in grads:
        params = {k: rule(params[k], g[k], lr, wd) for k in params}
        out.append({k: v.copy() for k, v in params.items()})
    return out


_RIGHT = lambda p, g, lr, wd: p - lr * (g + wd * p)  # noqa: E731
#: the usual slips: (catalogue id, what the learner's update seems to do)
_SLIPS = [
    ("ch08.no_decay", lambda p, g, lr, wd: p - lr * g),
    ("ch08.sign", lambda p, g, lr, wd: p - lr * (g - wd * p)),
    ("ch08.no_lr", lambda p, g, lr, wd: p - lr * g - wd * p),
    ("ch08.squared", lambda p, g, lr, wd: p - lr * (g + wd * p ** 2)),
    ("ch08.half", lambda p, g, lr, wd: p - lr * (g + 0.5 * wd * p)),
]


def _same(got, run) -> bool:
    return all(np.allclose(a[k], b[k], rtol=RTOL, atol=ATOL) for a, b in zip(got, run) for k in a)


def _learner_run(cls, settings, lang):
    """The learner's parameters after each step, or a message saying why the run stopped."""
    name = learner_name(cls)
    args = ", ".join(f"{k}={v}" for k, v in settings.items())
    opt, failure = run_learner(cls, **settings)
    if failure is not None:
        return say("ch08.construct", lang, name=name, args=args, error=failure.message(lang, f"{name}({args})"))
    params, grads = _problem()
    originals = dict(params)
    got = []
    for g in grads:
        before = {k: v.copy() for k, v in params.items()}
        returned, failure = run_learner(opt.update, params, {k: v.copy() for k, v in g.items()})
        if failure is not None:
            return failure.message(lang, "update")
        for key, original in originals.items():
            value = params.get(key)
            if not isinstance(value, np.ndarray) or value.shape != original.shape:
                return say("ch08.stored_bad", lang, key=key, value=describe_value(value, lang), shape=original.shape)
        if all(np.array_equal(before[k], params[k]) for k in params):
            return say("ch08.unchanged", lang)
        if any(params[k] is not originals[k] for k in originals):
            return say("ch08.not_in_place", lang) if not _same([params], [_run_rule(_RIGHT, **_lw(settings))[len(got)]]) \
                else say("ch08.right_but_replaced", lang)
        got.append({k: np.array(v, dtype=float) for k, v in params.items()})
    return got


def _lw(settings):
    return {"lr": settings["lr"], "wd": settings["weight_decay"]}


def check_weight_decay(cls, lang: str | None = None) -> CheckResult:
    """Accept ``cls`` if ``cls(lr=..., weight_decay=...).update`` matches SGD with weight decay for 3
    steps, with two settings (0.1 and 0.5, then 0.05 and 0.2)."""
    lang = i18n.resolve(lang)
    if cls is None:
        return verdict(False, say("ch08.none", lang))
    if not isinstance(cls, type):
        return verdict(False, say("ch08.not_class", lang, value=repr(cls)[:60]))
    name = learner_name(cls)
    for settings in SETTINGS:
        got = _learner_run(cls, settings, lang)
        if isinstance(got, str):
            return verdict(False, got)
        want = _run_rule(_RIGHT, **_lw(settings))
        if _same(got, want):
            continue
        if settings is not SETTINGS[0]:
            return verdict(False, say("ch08.second_set", lang, first=_args(SETTINGS[0]), second=_args(settings)))
        for msg, rule in _SLIPS:
            if _same(got, _run_rule(rule, **_lw(settings))):
                return verdict(False, say(msg, lang))
        step, key, index = next((s, k, tuple(int(i) for i in np.argwhere(~np.isclose(a[k], b[k], rtol=RTOL, atol=ATOL))[0]))
                                for s, (a, b) in enumerate(zip(got, want), start=1) for k in a
                                if not np.allclose(a[k], b[k], rtol=RTOL, atol=ATOL))
        shown, right = two_numbers(got[step - 1][key][index], want[step - 1][key][index])
        return verdict(False, say("ch08.wrong_value", lang, step=step, key=key, index=", ".join(map(str, index)),
                                  got=shown, want=right))
    return verdict(True, say("ch08.ok", lang, name=name, steps=STEPS, first=_args(SETTINGS[0]),
                             second=_args(SETTINGS[1])))


def _args(settings) -> str:
    return ", ".join(f"{k}={v}" for k, v in settings.items())
