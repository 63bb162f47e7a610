"""Chapter 7 exercise: choose and tune an optimizer that reaches the bottom of the narrow valley.

The learner passes an optimizer instance (optlib's or their own: anything with
``update(params, grads)``).  The checker walks it 30 steps from (-7, 2) on z = x²/20 + y² and
accepts it when the walker ends within 0.1 of the minimum (0, 0).  Otherwise the message says what
went wrong: a blow-up, a swing across the valley that has not died out, stopping short of the
bottom, or rolling past it (and, for SGD, why no learning rate can do it).
"""

from __future__ import annotations

import math
import traceback

from .. import surfaces
from ..adventurer import Adventurer
from ..checks import report
from ..optimizers import SGD

__all__ = ["check_tuned_optimizer", "run_exercise", "START", "STEPS", "TOLERANCE"]

START = (-7.0, 2.0)
STEPS = 30
TOLERANCE = 0.1


def run_exercise(optimizer) -> Adventurer:
    """Walk ``optimizer`` for :data:`STEPS` steps from :data:`START` on the narrow valley."""
    walker = Adventurer(*START)
    walker.optimize(surfaces.valley(), optimizer, steps=STEPS)
    return walker


def check_tuned_optimizer(optimizer, lang: str | None = None) -> bool:
    """Accept ``optimizer`` if 30 steps from (-7, 2) on z = x²/20 + y² end within 0.1 of (0, 0)."""
    if optimizer is None:
        return report(False, ja="まだ最適化手法が選ばれていません。my_optimizer = Adam(lr=0.3) のように、"
                                "学習率を決めたインスタンスを代入してください。",
                      en="No optimizer chosen yet: assign an instance with its learning rate, "
                         "e.g. my_optimizer = Adam(lr=0.3).", lang=lang)
    if isinstance(optimizer, type):
        name = optimizer.__name__
        return report(False, ja=f"{name} はクラスです。{name}(lr=...) のように、学習率を決めたインスタンスを渡してください。",
                      en=f"{name} is a class: pass an instance with its learning rate, such as {name}(lr=...).",
                      lang=lang)
    name = type(optimizer).__name__
    if not callable(getattr(optimizer, "update", None)):
        return report(False, ja=f"{name} には update(params, grads) メソッドがありません。"
                                "最適化手法のインスタンスを渡してください。",
                      en=f"{name} has no update(params, grads) method: pass an optimizer instance.", lang=lang)
    try:
        walker = run_exercise(optimizer)
    except NotImplementedError:
        return report(False, ja="update がまだ実装されていません（NotImplementedError が出ました）。",
                      en="update is not implemented yet (it raised NotImplementedError).", lang=lang)
    except Exception as e:  # the learner's code: report whatever it raised
        detail = traceback.format_exception_only(type(e), e)[-1].strip()
        return report(False, ja=f"{name} で歩かせるとエラーになりました: {detail}",
                      en=f"Walking with {name} raised an error: {detail}", lang=lang)

    if walker.diverged:
        return report(False, ja=f"{walker.diverged_at} 歩目で発散しました。学習率が大きすぎます。小さくしてみましょう。",
                      en=f"The walker diverged at step {walker.diverged_at}: the learning rate is too large. "
                         "Make it smaller.", lang=lang)
    x, y = walker.position
    distance = math.hypot(x, y)
    where = f"({x:.3g}, {y:.3g})"
    if distance <= TOLERANCE:
        return report(True, ja=f"正解です！ {name} は 30 歩で {where} に着き、最小点までの距離は {distance:.3g} です"
                               f"（目標は {TOLERANCE} 以内）。",
                      en=f"Correct! After 30 steps {name} stands at {where}, {distance:.3g} from the minimum "
                         f"(the goal was within {TOLERANCE}).", lang=lang)

    head_ja = f"30 歩後の位置は {where} で、最小点までの距離 {distance:.3g} は {TOLERANCE} を超えています。"
    head_en = f"After 30 steps the walker stands at {where}, {distance:.3g} from the minimum: more than {TOLERANCE}."
    if isinstance(optimizer, SGD):
        return report(False, ja=head_ja + "SGD では、どの学習率でもこの目標には届きません。発散しないためには η < 1 が必要で、"
                                         "そのとき x は毎歩 (1 − η/10) > 0.9 倍にしかならないので、30 歩後も谷底から "
                                         "7 × 0.9³⁰ ≈ 0.30 以上離れているからです。別の手法を選びましょう。",
                      en=head_en + " SGD cannot reach this goal with any learning rate: it needs η < 1 not to "
                                   "diverge, and then x only shrinks by a factor (1 − η/10) > 0.9 per step, so after "
                                   "30 steps it is still more than 7 × 0.9³⁰ ≈ 0.30 from the bottom. "
                                   "Choose another method.", lang=lang)
    if abs(y) >= abs(x):
        return report(False, ja=head_ja + "谷を横切る y 方向の揺れがまだ残っています。学習率を少しずつ変えて"
                                         "（多くの場合は小さくして）、揺れが早く収まる値を探しましょう。",
                      en=head_en + " The swing across the valley (in y) has not died out yet. Change the learning "
                                   "rate a little at a time (usually: lower it) to find a value where the swing "
                                   "settles sooner.", lang=lang)
    if x > 0:
        return report(False, ja=head_ja + "x が正なので、谷底を通り過ぎています（勢いがつきすぎです）。"
                                         "学習率か、モーメンタム係数（Adam なら beta1）を小さくしてみましょう。",
                      en=head_en + " x is positive: the walker has rolled past the bottom (too much speed). "
                                   "Try a smaller learning rate or a smaller momentum coefficient (beta1 for Adam).", lang=lang)
    return report(False, ja=head_ja + "谷に沿った x 方向で、まだ谷底の手前にいます。学習率を大きくしてみましょう。",
                  en=head_en + " Along the valley (in x) the walker is still short of the bottom. "
                               "Try a larger learning rate.", lang=lang)
