"""Chapter 7 exercise: choose and tune an optimizer that reaches the bottom of the narrow valley.

The learner passes an optimizer instance (optlib's or their own: anything with
``update(params, grads)``).  The checker walks a copy of it 30 steps from (-7, 2) on
z = x²/20 + y² (so the learner's object is untouched and the same instance gets the same verdict every
time) and accepts it when the walker ends within 0.1 of the minimum (0, 0).  Otherwise the message
says what went wrong: the walker never moved, blew up or left the map, still swings across the
valley, stopped short of the bottom, or rolled past it (and, for SGD, why no learning rate can do it).
"""

from __future__ import annotations

import copy
import math

from .. import i18n, surfaces
from ..adventurer import Adventurer
from ..feedback import CheckResult, learner_name, run_learner, say, verdict
from ..optimizers import SGD

__all__ = ["check_tuned_optimizer", "run_exercise", "START", "STEPS", "TOLERANCE"]

START = (-7.0, 2.0)
STEPS = 30
TOLERANCE = 0.1
_VALLEY = surfaces.valley()


def run_exercise(optimizer) -> Adventurer:
    """Walk ``optimizer`` for :data:`STEPS` steps from :data:`START` on the narrow valley."""
    return Adventurer(*START).optimize(_VALLEY, optimizer, steps=STEPS)


def check_tuned_optimizer(optimizer, lang: str | None = None) -> CheckResult:
    """Accept ``optimizer`` if 30 steps from (-7, 2) on z = x²/20 + y² end within 0.1 of (0, 0)."""
    lang = i18n.resolve(lang)
    if optimizer is None:
        return verdict(False, say("ch07.none", lang))
    name = learner_name(optimizer)
    if isinstance(optimizer, type):
        return verdict(False, say("ch07.class", lang, name=name))
    if not callable(getattr(optimizer, "update", None)):
        return verdict(False, say("ch07.no_update", lang, name=name))
    fresh, failure = run_learner(copy.deepcopy, optimizer)
    if failure is not None:  # an object that cannot be copied: walk it as it is (optlib resets its own)
        fresh = optimizer
    walker, failure = run_learner(run_exercise, fresh)
    if failure is not None:
        return verdict(False, say("ch07.raised", lang, error=failure.message(lang, f"{name}.update")))

    (x0, x1), (y0, y1) = _VALLEY.xrange, _VALLEY.yrange
    x, y = walker.position
    if len(walker.route) > 1 and (walker.route[1:] == walker.route[0]).all():
        return verdict(False, say("ch07.frozen", lang, name=name))
    if walker.diverged:
        return verdict(False, say("ch07.diverged", lang, step=walker.diverged_at))
    outside = [i for i, (px, py) in enumerate(walker.route) if not (x0 <= px <= x1 and y0 <= py <= y1)]
    if outside and not (x0 <= x <= x1 and y0 <= y <= y1):
        return verdict(False, say("ch07.left_map", lang, step=outside[0], where=f"({x:.3g}, {y:.3g})"))
    distance = math.hypot(x, y)
    fields = dict(name=name, where=f"({x:.3g}, {y:.3g})", distance=f"{distance:.3g}", tol=TOLERANCE, steps=STEPS)
    if distance <= TOLERANCE:
        return verdict(True, say("ch07.ok", lang, **fields))
    head = say("ch07.far", lang, **fields)
    if isinstance(optimizer, SGD):
        return verdict(False, head + say("ch07.sgd", lang))
    if abs(y) >= abs(x):
        return verdict(False, head + say("ch07.swing", lang))
    if x > 0:
        return verdict(False, head + say("ch07.past", lang))
    return verdict(False, head + say("ch07.short", lang))
