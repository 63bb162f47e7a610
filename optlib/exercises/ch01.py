"""Chapter 1 exercise: one step of gradient descent, ``step(w, grad, lr)``."""

from __future__ import annotations

import numpy as np

from ..checks import report

__all__ = ["check_step"]

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
