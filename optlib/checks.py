"""Automatic checks for the exercises: run the learner's code against optlib's and say what differs.

A check never raises on a wrong answer (so an unfinished exercise does not stop the notebook); it
prints a message in the lesson's language and returns ``True`` or ``False``.
"""

from __future__ import annotations

import traceback

import numpy as np

from . import i18n
from .optimizers import Optimizer

__all__ = ["check_optimizer", "report", "CheckResult"]


class CheckResult:
    """A checker's verdict: true or false like a bool (``assert check(...)`` works), with the
    message kept in ``message``.  In a notebook it shows nothing more: the message is printed once."""

    __slots__ = ("ok", "message")

    def __init__(self, ok: bool, message: str) -> None:
        self.ok, self.message = bool(ok), message

    def __bool__(self) -> bool:
        return self.ok

    def __eq__(self, other) -> bool:
        if isinstance(other, CheckResult):
            return self.ok == other.ok
        if isinstance(other, (bool, np.bool_)):
            return self.ok == bool(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.ok)

    def __repr__(self) -> str:
        return f"CheckResult(ok={self.ok})"

    def _ipython_display_(self) -> None:
        pass  # the message was already printed; do not echo True/False under it


def report(ok: bool, *, ja: str, en: str, lang: str | None = None) -> CheckResult:
    """Print a checker's verdict in the lesson's language (✅ or ❌ first) and return it.

    Chapter checkers in :mod:`optlib.exercises` use it so every exercise answers the same way.
    """
    message = i18n.pick(lang, ja=ja, en=en)
    print(("✅ " if ok else "❌ ") + message)
    return CheckResult(ok, message)

_MESSAGES = {
    "ok": {
        "ja": "正解です！ {name} の update は optlib の {ref} と {n} ステップ分一致しました。",
        "en": "Correct! {name}.update matches optlib's {ref} over {n} steps.",
    },
    "not_class": {
        "ja": "{name} はクラスではありません。class {name}: ... で定義したクラスそのものを渡してください。",
        "en": "{name} is not a class: pass the class itself (the one defined with class {name}: ...).",
    },
    "construct": {
        "ja": "{name}({args}) でインスタンスを作れませんでした: {err}",
        "en": "Could not create {name}({args}): {err}",
    },
    "not_implemented": {
        "ja": "update がまだ実装されていません（NotImplementedError が出ました）。",
        "en": "update is not implemented yet (it raised NotImplementedError).",
    },
    "raised": {
        "ja": "update を呼ぶとエラーになりました: {err}",
        "en": "update raised an error: {err}",
    },
    "returned_new": {
        "ja": "update が params を書き換えていません（{step} ステップ目で params['{key}'] が変わっていません）。"
              "新しい値を return するのではなく、params[key] に代入してください。",
        "en": "update did not change params (after step {step}, params['{key}'] is unchanged). "
              "Assign to params[key] instead of returning the new value.",
    },
    "wrong_value": {
        "ja": "{step} ステップ目で params['{key}'] が {got} になりましたが、正しくは {want} です。{hint}",
        "en": "After step {step}, params['{key}'] is {got}, but it should be {want}. {hint}",
    },
    "not_in_place": {
        "ja": "配列のパラメータが置き換えられました。params[key] -= ... のように、配列をその場で更新してください。",
        "en": "An array parameter was replaced by a new array: update it in place (params[key] -= ...).",
    },
    "hint_sign": {
        "ja": "符号を確かめましょう: 勾配と逆向き（マイナス）に進みます。",
        "en": "Check the sign: the step goes against the gradient (minus).",
    },
    "hint_first_ok": {
        "ja": "1 ステップ目は合っています。ステップをまたいで保つ状態（速度やモーメント）を確かめましょう。",
        "en": "The first step is right: check the state carried from one step to the next (velocity, moments).",
    },
    "hint_general": {
        "ja": "式をもう一度見比べましょう。",
        "en": "Compare your formula with the one above once more.",
    },
}


def _msg(msg_id: str, lang: str, **fields) -> str:
    return _MESSAGES[msg_id][lang].format(**fields)


def _grad(params: dict) -> dict:
    # gradient of the course's valley z = x^2/20 + y^2 (and of sum(w^2)/2 for arrays)
    out = {}
    for k, v in params.items():
        if isinstance(v, np.ndarray):
            out[k] = v.copy()
        else:
            out[k] = v / 10 if k == "x" else 2 * v
    return out


def check_optimizer(student_cls, reference: type[Optimizer], *, steps: int = 5, lang: str | None = None,
                    **hyper) -> CheckResult:
    """Check a learner's optimizer class against ``reference`` (an optlib optimizer class).

    Both are built with ``hyper`` (e.g. ``lr=0.1``), then driven for ``steps`` updates on the
    slides' ``params = {"x": -0.5, "y": 0.2}`` and on array parameters.  Prints what is wrong
    (or that it is right) in ``lang`` and returns True when everything matches.
    """
    lang = i18n.resolve(lang)
    name = getattr(student_cls, "__name__", repr(student_cls))
    ok, message = _run_check(student_cls, reference, steps, lang, name, hyper)
    return report(ok, ja=message, en=message, lang=lang)


def _run_check(student_cls, reference, steps, lang, name, hyper):
    if not isinstance(student_cls, type):
        return False, _msg("not_class", lang, name=name)
    args = ", ".join(f"{k}={v!r}" for k, v in hyper.items())
    try:
        student = student_cls(**hyper)
    except Exception as e:  # the learner's constructor: report whatever it raised
        return False, _msg("construct", lang, name=name, args=args, err=f"{type(e).__name__}: {e}")
    ref = reference(**hyper)

    cases = [
        ({"x": -0.5, "y": 0.2}, {"x": -0.5, "y": 0.2}),
        ({"W": np.array([[1.0, -2.0], [0.5, 3.0]]), "b": np.array([0.1, -0.3])},) * 2,
    ]
    cases[1] = tuple({k: v.copy() for k, v in c.items()} for c in cases[1])
    for case_no, (p_student, p_ref) in enumerate(cases):
        if case_no == 1:
            student, ref = student_cls(**hyper), reference(**hyper)
        originals = {k: v for k, v in p_student.items() if isinstance(v, np.ndarray)}
        for step in range(1, steps + 1):
            before = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in p_student.items()}
            g_student, g_ref = _grad(p_student), _grad(p_ref)
            try:
                student.update(p_student, g_student)
            except NotImplementedError:
                return False, _msg("not_implemented", lang)
            except Exception as e:
                detail = traceback.format_exception_only(type(e), e)[-1].strip()
                return False, _msg("raised", lang, err=detail)
            ref.update(p_ref, g_ref)
            for key in p_ref:
                got, want = p_student.get(key), p_ref[key]
                if isinstance(want, np.ndarray):
                    if got is not originals[key]:
                        return False, _msg("not_in_place", lang)
                    same = np.allclose(got, want, rtol=1e-9, atol=1e-12)
                    unchanged = np.array_equal(got, before[key])
                else:
                    same = got is not None and np.isclose(float(got), want, rtol=1e-9, atol=1e-12)
                    unchanged = got == before[key]
                if same:
                    continue
                if unchanged:
                    return False, _msg("returned_new", lang, step=step, key=key)
                if step > 1:
                    hint = _msg("hint_first_ok", lang)
                elif not isinstance(want, np.ndarray) and np.isclose(float(got) - before[key], before[key] - want):
                    hint = _msg("hint_sign", lang)
                else:
                    hint = _msg("hint_general", lang)
                return False, _msg("wrong_value", lang, step=step, key=key, got=_fmt(got), want=_fmt(want), hint=hint)
    return True, _msg("ok", lang, name=name, ref=reference.__name__, n=steps)


def _fmt(v) -> str:
    if isinstance(v, np.ndarray):
        return np.array2string(v, precision=6)
    try:
        return f"{float(v):.6g}"
    except (TypeError, ValueError):
        return repr(v)
