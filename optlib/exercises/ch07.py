"""Chapter 7 exercise: tune Momentum so it settles at the bottom of the valley within 30 steps."""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

from ..adventurer import Adventurer
from ..checks import report
from ..optimizers import Momentum
from ..surfaces import valley

__all__ = ["check_momentum_settings", "TARGET_STEPS", "TOLERANCE"]

TARGET_STEPS = 30
TOLERANCE = 0.1


def check_momentum_settings(lr, momentum, lang: str | None = None) -> bool:
    """Run Momentum(lr, momentum) from (-7, 2) on z = x²/20 + y² and check that from step 30 on it
    stays within 0.1 of the bottom."""
    for name, value in (("lr", lr), ("momentum", momentum)):
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
            return report(False, ja=f"{name} は数で書いてください（今は {value!r} です）。",
                          en=f"Give {name} as a number (it is {value!r} now).", lang=lang)
    try:
        method = Momentum(lr=lr, momentum=momentum)
    except ValueError as e:
        return report(False, ja=f"その値は使えません: {e}", en=f"Those values cannot be used: {e}", lang=lang)
    walker = Adventurer(-7.0, 2.0)
    walker.optimize(valley(), method, steps=200)
    if walker.diverged:
        return report(False, ja=f"{walker.diverged_at} 歩目で発散しました。学習率を小さくしましょう。",
                      en=f"It diverged at step {walker.diverged_at}: use a smaller learning rate.", lang=lang)
    dist = np.hypot(walker.route[:, 0], walker.route[:, 1])
    at_target = float(dist[TARGET_STEPS])
    later = dist[TARGET_STEPS:]
    if np.all(later <= TOLERANCE):
        return report(True, ja=f"正解です！ 30 歩目の谷底までの距離は {at_target:.3f} で、その後も 0.1 以内にとどまります。",
                      en=f"Correct! At step 30 the walker is {at_target:.3f} from the bottom and stays within 0.1.",
                      lang=lang)
    if at_target > TOLERANCE and np.all(np.diff(dist[:TARGET_STEPS + 1])[-10:] <= 0):
        return report(False, ja=f"30 歩目でまだ谷底から {at_target:.2f} 離れていて、近づいている途中です。もっと速く進ませましょう（学習率かモーメンタムを大きく）。",
                      en=f"At step 30 it is still {at_target:.2f} from the bottom and on its way: make it faster (a larger learning rate or momentum).",
                      lang=lang)
    worst = int(TARGET_STEPS + np.argmax(later))
    return report(False, ja=f"30 歩目以降も揺れていて、{worst} 歩目に谷底から {dist[worst]:.2f} 離れます。摩擦を増やしましょう（モーメンタムを小さく）。",
                  en=f"It is still swinging after step 30: at step {worst} it is {dist[worst]:.2f} from the bottom. Add friction (a smaller momentum).",
                  lang=lang)
