"""Chapter 1 exercises: one step of gradient descent, ``step(w, grad, lr)``; a learning rate that
reaches the bottom of a steep bowl within 10 steps, ``check_learning_rate(lr)``."""

from __future__ import annotations

import numpy as np

from ..checks import report

__all__ = ["check_step", "check_learning_rate", "BOWL_C", "BOWL_START", "BOWL_STEPS", "BOWL_TOL"]

_CASES = [(1.0, 2.0, 0.1), (-3.0, -6.0, 0.25), (0.5, 0.0, 0.3), (2.0, 4.0, 1.0)]


def check_step(step, lang: str | None = None) -> bool:
    """Check ``step(w, grad, lr)``, which must return ``w - lr * grad`` (for floats and arrays)."""
    if not callable(step):
        return report(False, ja="step は関数ではありません。def step(w, grad, lr): ... で定義してください。",
                      en="step is not a function: define it with def step(w, grad, lr): ...", lang=lang)
    for w, g, lr in _CASES:
        want = w - lr * g
        try:
            got = step(w, g, lr)
        except NotImplementedError:
            return report(False, ja="step がまだ実装されていません。", en="step is not implemented yet.", lang=lang)
        except Exception as e:  # the learner's code: report whatever it raised
            return report(False, ja=f"step({w}, {g}, {lr}) がエラーになりました: {type(e).__name__}: {e}",
                          en=f"step({w}, {g}, {lr}) raised {type(e).__name__}: {e}", lang=lang)
        if got is None:
            return report(False, ja="step が何も返していません。新しい重みを return してください。",
                          en="step returned nothing: return the new weight.", lang=lang)
        if np.isclose(got, want):
            continue
        if np.isclose(got, w + lr * g):
            hint_ja, hint_en = "勾配と逆向きに進むので、引き算です。", "The step goes against the gradient: subtract."
        elif np.isclose(got, w - g):
            hint_ja, hint_en = "学習率を掛け忘れていませんか。", "Did you forget to multiply by the learning rate?"
        else:
            hint_ja, hint_en = "新しい重み = 今の重み − 学習率 × 勾配 です。", "new weight = weight − learning rate × gradient."
        return report(False, ja=f"step({w}, {g}, {lr}) は {got} を返しましたが、正しくは {want} です。{hint_ja}",
                      en=f"step({w}, {g}, {lr}) returned {got}, but it should be {want}. {hint_en}", lang=lang)
    w = np.array([1.0, -2.0])
    got = step(w, np.array([2.0, -4.0]), 0.5)
    if not np.allclose(got, [0.0, 0.0]):
        return report(False, ja="配列の重みでも動くようにしましょう（NumPy の演算をそのまま使えば動きます）。",
                      en="Make it work for arrays of weights too (plain NumPy arithmetic does).", lang=lang)
    return report(True, ja="正解です！ 新しい重み = 今の重み − 学習率 × 勾配 が書けました。",
                  en="Correct! new weight = weight − learning rate × gradient.", lang=lang)


# -- exercise 2: a learning rate that reaches the bottom of a steep bowl -------------------------

#: the bowl of exercise 2, z = BOWL_C (x² + y²): curvature 2·BOWL_C in every direction
BOWL_C = 2.0
#: where the walker starts, how many steps it may take and how close it must get to (0, 0)
BOWL_START = (-1.6, 1.3)
BOWL_STEPS = 10
BOWL_TOL = 1e-2


def _bowl_walk(lr: float):
    from ..adventurer import Adventurer
    from ..field import Field
    from ..optimizers import SGD

    c = BOWL_C
    bowl = Field(lambda x, y: c * (x**2 + y**2), (-2, 2), (-2, 2), grad=lambda x, y: (2 * c * x, 2 * c * y),
                 minimum=(0.0, 0.0))
    walker = Adventurer(*BOWL_START)
    walker.optimize(bowl, SGD(lr=lr), steps=BOWL_STEPS)
    return walker


def check_learning_rate(lr, lang: str | None = None) -> bool:
    """Check that SGD with learning rate ``lr`` on the bowl z = 2(x² + y²), started at (-1.6, 1.3),
    comes within 0.01 of the bottom (0, 0) in at most 10 steps; say why not otherwise."""
    if isinstance(lr, str):
        return report(False, ja=f"lr が文字列 {lr!r} になっています。引用符を付けずに数で書いてください（例: lr = 0.1）。",
                      en=f"lr is the string {lr!r}: write a number without quotes (e.g. lr = 0.1).", lang=lang)
    if lr is None or isinstance(lr, bool) or not isinstance(lr, (int, float, np.integer, np.floating)):
        return report(False, ja=f"lr に学習率（正の数）を代入してください（今は {lr!r} です）。",
                      en=f"Set lr to a learning rate, a positive number (it is {lr!r} now).", lang=lang)
    lr = float(lr)
    if not np.isfinite(lr) or lr <= 0:
        return report(False, ja=f"学習率は 0 より大きい有限の数にしてください（{lr:g} では坂を下りません）。",
                      en=f"The learning rate must be a finite number greater than 0 ({lr:g} does not go downhill).",
                      lang=lang)
    walker = _bowl_walk(lr)
    dist = np.hypot(walker.route[:, 0], walker.route[:, 1])
    arrived = walker.reached((0.0, 0.0), tol=BOWL_TOL)
    if arrived is not None:
        return report(True, ja=f"正解です！ 学習率 {lr:g} で、{arrived} 歩目に谷底（距離 {BOWL_TOL:g} 以内）に着きました。",
                      en=f"Correct! With learning rate {lr:g} the walker is within {BOWL_TOL:g} of the bottom "
                         f"after {arrived} step{'s' if arrived != 1 else ''}.", lang=lang)
    if walker.diverged or dist[-1] > dist[0] * (1 + 1e-9):
        return report(False, ja=f"学習率 {lr:g} では、一歩ごとに谷底から遠ざかって発散しました。歩幅が大きすぎます。",
                      en=f"With learning rate {lr:g} every step lands farther from the bottom: the walk diverges. "
                         "The stride is too long.", lang=lang)
    if np.isclose(dist[-1], dist[0], rtol=1e-6):
        return report(False, ja=f"学習率 {lr:g} では、谷底をはさんで同じ 2 点を行ったり来たりするだけで、少しも近づきません。"
                                "歩幅が大きすぎます。",
                      en=f"With learning rate {lr:g} the walker jumps back and forth between the same two points "
                         "across the bottom and never gets closer. The stride is too long.", lang=lang)
    overshoots = bool(np.any(walker.route[1:, 0] * walker.route[:-1, 0] < 0))
    if overshoots:
        return report(False, ja=f"学習率 {lr:g} では谷底を飛び越えて行ったり来たりし、{BOWL_STEPS} 歩後も谷底まで "
                                f"{dist[-1]:.3g} 離れています。歩幅を少し小さくしましょう。",
                      en=f"With learning rate {lr:g} the walker overshoots the bottom and bounces back and forth; "
                         f"after {BOWL_STEPS} steps it is still {dist[-1]:.3g} away. Try a slightly shorter stride.",
                      lang=lang)
    return report(False, ja=f"学習率 {lr:g} では歩幅が小さすぎて、{BOWL_STEPS} 歩後も谷底まで {dist[-1]:.3g} 離れています。"
                            "歩幅を大きくしましょう。",
                  en=f"With learning rate {lr:g} the stride is too short: after {BOWL_STEPS} steps the walker is "
                     f"still {dist[-1]:.3g} from the bottom. Try a longer stride.", lang=lang)
