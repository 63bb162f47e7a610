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
import traceback
import warnings

import numpy as np

from ..checks import report

__all__ = ["diagnose_adam", "MISTAKES", "adam_route"]

_START = {"x": -0.5, "y": 0.2}
_STEPS = 5


def _grad(p: dict) -> dict:
    # the valley z = x^2/20 + y^2, as in optlib.checks
    return {"x": p["x"] / 10, "y": 2 * p["y"]}


def adam_route(lr: float = 0.1, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8, *,
               bias1: bool = True, bias2: bool = True, t_per_param: bool = False, eps_inside: bool = False,
               no_sqrt: bool = False, sign: float = 1.0, no_one_minus: bool = False,
               swap_betas: bool = False, steps: int = _STEPS) -> list[dict]:
    """The positions after each step of Adam (or of one of its typical mistakes) from the slides' start.

    With every flag at its default this is the textbook Adam (tests check it against
    :class:`optlib.Adam`); each flag turns on one mistake.
    """
    if swap_betas:
        beta1, beta2 = beta2, beta1
    p = dict(_START)
    m = {k: 0.0 for k in p}
    v = {k: 0.0 for k in p}
    t = 0
    route = []
    for _ in range(steps):
        g = _grad(p)
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
            if eps_inside:
                denom = math.sqrt(v_hat + eps)
            elif no_sqrt:
                denom = v_hat + eps
            else:
                denom = math.sqrt(v_hat) + eps
            p[k] = p[k] - sign * lr * m_hat / denom
        route.append(dict(p))
    return route


#: the typical mistakes: (name, flags for :func:`adam_route`, hint in Japanese, hint in English)
MISTAKES = [
    ("no_bias_correction", {"bias1": False, "bias2": False},
     "バイアス補正がありません。m と v をそのまま使わず、m̂ = m / (1 − β₁ᵗ)、v̂ = v / (1 − β₂ᵗ) で割ってから使いましょう。",
     "The bias correction is missing: use m̂ = m / (1 − β₁ᵗ) and v̂ = v / (1 − β₂ᵗ), not the raw m and v."),
    ("no_bias_correction_m", {"bias1": False},
     "m のバイアス補正がありません: m̂ = m / (1 − β₁ᵗ) を使いましょう（v は補正できています）。",
     "m is not bias-corrected: use m̂ = m / (1 − β₁ᵗ) (v is corrected already)."),
    ("no_bias_correction_v", {"bias2": False},
     "v のバイアス補正がありません: v̂ = v / (1 − β₂ᵗ) を使いましょう（m は補正できています）。",
     "v is not bias-corrected: use v̂ = v / (1 − β₂ᵗ) (m is corrected already)."),
    ("t_per_parameter", {"t_per_param": True},
     "t をパラメータごとに増やしていませんか。t は update を 1 回呼ぶごとに 1 だけ増やします（for ループの外で）。",
     "Is t increased once per parameter? It must grow by 1 per call to update (outside the for loop)."),
    ("eps_inside_sqrt", {"eps_inside": True},
     "ε は平方根の外に足します: √v̂ + ε です（√(v̂ + ε) ではありません）。",
     "ε goes outside the square root: √v̂ + ε, not √(v̂ + ε)."),
    ("no_sqrt", {"no_sqrt": True},
     "v̂ の平方根を取り忘れていませんか。分母は √v̂ + ε です。",
     "Did you forget the square root of v̂? The denominator is √v̂ + ε."),
    ("wrong_sign", {"sign": -1.0},
     "符号が逆です。勾配と逆向きに進むので、params[key] から引きます。",
     "The sign is flipped: the step goes against the gradient, so subtract it from params[key]."),
    ("no_one_minus_beta", {"no_one_minus": True},
     "(1 − β₁) と (1 − β₂) を掛け忘れていませんか: m = β₁m + (1 − β₁)g、v = β₂v + (1 − β₂)g² です。",
     "Did you forget the factors (1 − β₁) and (1 − β₂)? m = β₁m + (1 − β₁)g and v = β₂v + (1 − β₂)g²."),
    ("swapped_betas", {"swap_betas": True},
     "β₁ と β₂ が入れ替わっています。m（勾配の平均）には β₁ = 0.9、v（勾配の二乗の平均）には β₂ = 0.999 を使います。",
     "β₁ and β₂ are swapped: m (the mean of the gradient) uses β₁ = 0.9, v (the mean of its square) β₂ = 0.999."),
]


def _student_route(student_cls, lr):
    """The learner's positions after each step, or ("error", kind, detail)."""
    try:
        opt = student_cls(lr=lr)
    except Exception as e:  # the learner's constructor: report whatever it raised
        return ("error", "construct", f"{type(e).__name__}: {e}")
    p = dict(_START)
    route = []
    for _ in range(_STEPS):
        try:
            opt.update(p, _grad(p))
        except NotImplementedError:
            return ("error", "not_implemented", "")
        except ZeroDivisionError as e:
            return ("error", "zero_division", f"{type(e).__name__}: {e}")
        except Exception as e:
            return ("error", "raised", traceback.format_exception_only(type(e), e)[-1].strip())
        try:
            p = {k: float(np.asarray(p[k])) for k in _START}
        except (KeyError, TypeError, ValueError):
            return ("error", "params", "")
        route.append(dict(p))
    return route


def _same(a: list[dict], b: list[dict]) -> bool:
    return all(np.isclose(ra[k], rb[k], rtol=1e-9, atol=1e-12) for ra, rb in zip(a, b) for k in _START)


def diagnose_adam(student_cls, lr: float = 0.1, lang: str | None = None) -> bool:
    """Say whether ``student_cls`` is Adam, and if not, which typical mistake it makes.

    Runs ``student_cls(lr=lr)`` for a few steps from the slides' start on the valley and compares
    the route with the right one and with each of :data:`MISTAKES`.  Prints ✅ or ❌ with a hint in
    the lesson's language, returns True only for a right answer, and never raises.
    """
    if not isinstance(student_cls, type):
        return report(False, ja="クラスそのもの（class MyAdam: ... で定義したもの）を渡してください。",
                      en="Pass the class itself (the one defined with class MyAdam: ...).", lang=lang)
    # the learner's nan/inf is explained below: keep NumPy's own warnings out of the page
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        got = _student_route(student_cls, lr)
    if isinstance(got, tuple):
        _, kind, detail = got
        if kind == "not_implemented":
            return report(False, ja="update がまだ実装されていません（NotImplementedError が出ました）。",
                          en="update is not implemented yet (it raised NotImplementedError).", lang=lang)
        if kind == "zero_division":
            return report(False, ja=f"0 で割っています（{detail}）。t を 1 増やしてから 1 − βᵗ で割りましょう"
                                    "（t = 0 のままだと 1 − β⁰ = 0 です）。",
                          en=f"A division by zero ({detail}). Increase t before dividing by 1 − βᵗ "
                             "(with t = 0, 1 − β⁰ = 0).", lang=lang)
        if kind == "construct":
            return report(False, ja=f"{student_cls.__name__}(lr={lr!r}) でインスタンスを作れませんでした: {detail}",
                          en=f"Could not create {student_cls.__name__}(lr={lr!r}): {detail}", lang=lang)
        if kind == "params":
            return report(False, ja="update のあと params の 'x' と 'y' が数ではなくなりました。params[key] に新しい値を代入してください。",
                          en="After update, params['x'] and params['y'] are no longer numbers: assign the new values to params[key].",
                          lang=lang)
        return report(False, ja=f"update を呼ぶとエラーになりました: {detail}",
                      en=f"update raised an error: {detail}", lang=lang)

    if not all(math.isfinite(row[k]) for row in got for k in _START):
        return report(False, ja="パラメータが nan や inf になりました。t を増やす前に 1 − βᵗ で割っていないか"
                                "（0 で割ることになります）、v に g² を足しているかを確かめましょう。",
                      en="The parameters became nan or inf. Check that t is increased before dividing by 1 − βᵗ "
                         "(otherwise it divides by 0) and that v accumulates g², not g.", lang=lang)
    right = adam_route(lr)
    if _same(got, right):
        return report(True, ja="正解です！ よくある間違いはどれも当てはまりません。",
                      en="Correct! None of the typical mistakes applies.", lang=lang)
    if all(row == _START for row in got):
        return report(False, ja="params が変わっていません。新しい値を params[key] に代入してください。",
                      en="params did not change: assign the new values to params[key].", lang=lang)
    for _, flags, ja, en in MISTAKES:
        if _same(got, adam_route(lr, **flags)):
            return report(False, ja=ja, en=en, lang=lang)
    for step, (row_got, row_right) in enumerate(zip(got, right), start=1):
        for k in _START:
            if not np.isclose(row_got[k], row_right[k], rtol=1e-9, atol=1e-12):
                return report(
                    False,
                    ja=f"よくある間違いのどれとも違いました。{step} ステップ目で params['{k}'] が {row_got[k]:.6g} "
                       f"になりましたが、正しくは {row_right[k]:.6g} です。式を 1 行ずつ見比べましょう。",
                    en=f"None of the typical mistakes matches. After step {step}, params['{k}'] is {row_got[k]:.6g}, "
                       f"but it should be {row_right[k]:.6g}: compare the formulas line by line.",
                    lang=lang)
    return report(False, ja="結果が正しい値と一致しません。", en="The result does not match the right one.",
                  lang=lang)  # pragma: no cover (the loop above always finds the difference)
