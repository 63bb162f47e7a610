"""Chapter 8 exercise: add weight decay to SGD.

The learner writes a class ``SGDWeightDecay(lr, weight_decay)`` whose ``update(params, grads)`` does

    params[key] -= lr * (grads[key] + weight_decay * params[key])

for every parameter (the gradient of the loss plus the gradient of the penalty
``weight_decay / 2 * sum(W**2)``).  The checker runs it for a few steps on a small dict of arrays and
compares it with the reference; when they differ it says which usual slip it looks like.
"""

from __future__ import annotations

import traceback

import numpy as np

from ..checks import report

__all__ = ["check_weight_decay", "ReferenceSGDWeightDecay", "LR", "WEIGHT_DECAY", "STEPS"]

LR = 0.1
WEIGHT_DECAY = 0.5
STEPS = 3


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


def _run_rule(rule):
    """Apply ``rule(p, g)`` (returns the new array) for STEPS steps; the parameters after each step."""
    params, grads = _problem()
    out = []
    for g in grads:
        params = {k: rule(params[k], g[k]) for k in params}
        out.append({k: v.copy() for k, v in params.items()})
    return out


_SLIPS = {  # rule -> (ja, en) explanation of what the learner's update seems to do
    "no_decay": (lambda p, g: p - LR * g,
                 "荷重減衰が効いていません（普通の SGD と同じ結果です）。勾配に weight_decay * params[key] を足してください。",
                 "Weight decay has no effect (the result equals plain SGD): add weight_decay * params[key] to the gradient."),
    "sign": (lambda p, g: p - LR * (g - WEIGHT_DECAY * p),
             "減衰項の符号が逆です。荷重減衰は重みを 0 に向けて縮めるので、勾配に + weight_decay * params[key] を足します。",
             "The decay term has the wrong sign: weight decay shrinks the weights toward 0, so add "
             "+ weight_decay * params[key] to the gradient."),
    "no_lr": (lambda p, g: p - LR * g - WEIGHT_DECAY * p,
              "減衰項にも学習率を掛けてください: params[key] -= lr * (grads[key] + weight_decay * params[key])。",
              "Multiply the decay term by the learning rate too: "
              "params[key] -= lr * (grads[key] + weight_decay * params[key])."),
    "squared": (lambda p, g: p - LR * (g + WEIGHT_DECAY * p ** 2),
                "減衰項は weight_decay * params[key] です（2 乗しません）。罰則 λ/2·W² を微分すると λW になります。",
                "The decay term is weight_decay * params[key] (not squared): the derivative of the penalty "
                "λ/2·W² is λW."),
    "half": (lambda p, g: p - LR * (g + 0.5 * WEIGHT_DECAY * p),
             "減衰項が半分になっています。罰則 λ/2·W² を微分すると λW です（1/2 は消えます）。",
             "The decay term is half as large as it should be: the derivative of the penalty λ/2·W² is λW "
             "(the 1/2 cancels)."),
}


def check_weight_decay(cls, lang: str | None = None) -> bool:
    """Accept ``cls`` if ``cls(lr=0.1, weight_decay=0.5).update`` matches SGD with weight decay for 3 steps."""
    if cls is None:
        return report(False, ja="まだクラスが定義されていません。class SGDWeightDecay: ... を書いて渡してください。",
                      en="No class yet: write class SGDWeightDecay: ... and pass it.", lang=lang)
    if not isinstance(cls, type):
        return report(False, ja=f"{cls!r} はクラスではありません。インスタンスではなくクラスそのものを渡してください。",
                      en=f"{cls!r} is not a class: pass the class itself, not an instance.", lang=lang)
    name = cls.__name__
    try:
        opt = cls(lr=LR, weight_decay=WEIGHT_DECAY)
    except Exception as e:
        detail = traceback.format_exception_only(type(e), e)[-1].strip()
        return report(False, ja=f"{name}(lr={LR}, weight_decay={WEIGHT_DECAY}) でインスタンスを作れませんでした: {detail}",
                      en=f"Could not create {name}(lr={LR}, weight_decay={WEIGHT_DECAY}): {detail}", lang=lang)
    params, grads = _problem()
    originals = {k: v for k, v in params.items()}
    got = []
    try:
        for g in grads:
            before = {k: v.copy() for k, v in params.items()}
            opt.update(params, {k: v.copy() for k, v in g.items()})
            if all(np.array_equal(before[k], params[k]) for k in params):
                return report(False, ja="update が params を書き換えていません。新しい値を return するのではなく、"
                                        "params[key] -= ... のように配列をその場で更新してください。",
                              en="update did not change params: instead of returning new values, update the arrays "
                                 "in place (params[key] -= ...).", lang=lang)
            got.append({k: np.array(v, dtype=float) for k, v in params.items()})
    except NotImplementedError:
        return report(False, ja="update がまだ実装されていません（NotImplementedError が出ました）。",
                      en="update is not implemented yet (it raised NotImplementedError).", lang=lang)
    except Exception as e:  # the learner's code: report whatever it raised
        detail = traceback.format_exception_only(type(e), e)[-1].strip()
        return report(False, ja=f"update を呼ぶとエラーになりました: {detail}",
                      en=f"update raised an error: {detail}", lang=lang)

    def same(run):
        return all(np.allclose(a[k], b[k], rtol=1e-10, atol=1e-12) for a, b in zip(got, run) for k in a)

    want = _run_rule(lambda p, g: p - LR * (g + WEIGHT_DECAY * p))
    if same(want):
        if any(params[k] is not originals[k] for k in params):
            return report(False, ja="値は正しいのですが、配列のパラメータが新しい配列に置き換えられました。"
                                    "params[key] -= ... のように、配列をその場で更新してください。",
                          en="The values are right, but an array parameter was replaced by a new array: "
                             "update it in place (params[key] -= ...).", lang=lang)
        return report(True, ja=f"正解です！ {name} の update は荷重減衰つき SGD と {STEPS} ステップ分一致しました。",
                      en=f"Correct! {name}.update matches SGD with weight decay over {STEPS} steps.", lang=lang)
    for rule, ja, en in _SLIPS.values():
        if same(_run_rule(rule)):
            return report(False, ja=ja, en=en, lang=lang)
    k = "W1"
    return report(False, ja=f"1 ステップ目で params['{k}'][0, 0] が {got[0][k][0, 0]:.6g} になりましたが、正しくは "
                            f"{want[0][k][0, 0]:.6g} です。式 params[key] -= lr * (grads[key] + weight_decay * params[key]) "
                            "と見比べましょう。",
                  en=f"After step 1, params['{k}'][0, 0] is {got[0][k][0, 0]:.6g}, but it should be "
                     f"{want[0][k][0, 0]:.6g}. Compare with params[key] -= lr * (grads[key] + weight_decay * params[key]).",
                  lang=lang)
