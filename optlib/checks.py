"""Checking a learner's optimizer class against optlib's: :func:`check_optimizer`.

The learner's class is driven for a few steps on the course's valley z = x²/20 + y² (the floats
``{"x": -0.5, "y": 0.2}``) and on a dict of arrays (as in a network), with **two** sets of
hyper-parameters, each on fresh instances: the set the lesson gives, and a second one the checker
chooses, so an ``update`` that writes ``0.1`` instead of ``self.lr`` is caught.  After every step the
learner's parameters are compared with optlib's to a tolerance that only rounding can explain.  A rule
written another standard way passes: ``p -= ...`` or ``p = p - ...`` for floats, PyTorch's momentum
convention, Adam in the paper's "efficient" form (ε added to √v, the corrections folded into the
step size).

A check never raises on anything the learner wrote (see :mod:`optlib.feedback`); a mistake in the
lesson's own call (an unknown hyper-parameter, ``steps=0``) is a ``ValueError``.
"""

from __future__ import annotations

import inspect
import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import i18n, surfaces
from .feedback import CheckResult, Failure, describe_value, learner_name, report, run_learner, say, two_numbers, \
    verdict
from .optimizers import Adam, Optimizer, _sqrt
from .validation import whole_number

__all__ = ["check_optimizer", "compare_optimizer", "Comparison", "report", "CheckResult", "accepted_forms",
           "RTOL", "ATOL"]

#: how close the learner's parameters must be to optlib's: rounding differences only
RTOL, ATOL = 1e-9, 1e-12

_VALLEY = surfaces.valley()


def numbers_start() -> dict:
    return {"x": -0.5, "y": 0.2}


def arrays_start() -> dict:
    return {"W": np.array([[1.0, -2.0], [0.5, 3.0]]), "b": np.array([0.1, -0.3])}


def exercise_gradient(params: dict) -> dict:
    """The floats walk the valley (its own gradient); the arrays descend ½‖w‖², whose gradient is w."""
    if "W" in params:
        return {k: np.array(v, dtype=float) for k, v in params.items()}
    gx, gy = _VALLEY.gradient(params["x"], params["y"])
    return {"x": gx, "y": gy}


class _AdamEfficient(Adam):
    """Adam in the paper's efficient form (section 2), as the classic textbook also writes it: the
    corrections folded into the step size, ε added to √v instead of √v̂."""

    def rule(self, key, w, g):
        m = self.m[key] = self.beta1 * self.m[key] + (1.0 - self.beta1) * g
        v = self.v[key] = self.beta2 * self.v[key] + (1.0 - self.beta2) * (g * g)
        lr_t = self.lr * math.sqrt(self._c2) / self._c1  # the corrections folded into the step size
        return w - lr_t * m / (_sqrt(v) + self.eps)

    def _update_array(self, key, w, g):
        w[...] = self.rule(key, w, g)


def accepted_forms(reference: type[Optimizer]) -> list[type[Optimizer]]:
    """The reference and the other standard ways of writing its rule that a learner may use."""
    return [reference, _AdamEfficient] if reference is Adam else [reference]


# --------------------------------------------------------------------------------------------
# the second set of hyper-parameters
# --------------------------------------------------------------------------------------------
def _other_value(name: str, value: float) -> float:
    """A different, valid value for hyper-parameter ``name``, far enough to change every step."""
    if name == "lr":
        return value / 2
    if name == "eps":
        return 1e-3 if value != 1e-3 else 1e-2        # large enough that where ε sits shows
    if name == "beta2":
        return 0.9 if value != 0.9 else 0.99
    return 0.5 if value != 0.5 else 0.7              # momentum, beta1, decay_rate


def _reference_defaults(reference: type[Optimizer]) -> dict:
    return {name: p.default for name, p in inspect.signature(reference.__init__).parameters.items()
            if name != "self" and p.default is not inspect.Parameter.empty}


def _accepts(cls, name: str) -> bool:
    try:
        params = inspect.signature(cls).parameters
    except (TypeError, ValueError):
        return True  # cannot tell: pass it
    return name in params or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


def _settings(student_cls, reference, hyper: dict) -> list[dict]:
    """The lesson's hyper-parameters (with optlib's defaults for those the learner's class takes and
    the lesson left out), and a second set with every one of them changed."""
    given = dict(hyper)
    for name, value in _reference_defaults(reference).items():
        if name not in given and _accepts(student_cls, name):
            given[name] = value
    other = {name: _other_value(name, value) for name, value in given.items()}
    return [given, other]


def _text(settings: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in settings.items())


# --------------------------------------------------------------------------------------------
# comparing the learner's run with optlib's
# --------------------------------------------------------------------------------------------
@dataclass
class Comparison:
    """The result of driving a learner's optimizer class beside optlib's.

    ``ok`` when every step matched; otherwise ``message`` says what went wrong (in the page's
    language); ``failure`` holds the learner's exception if their code raised, and ``step``,
    ``settings`` and ``case`` say where the first difference was.
    """

    ok: bool
    message: str = ""
    failure: Failure | None = None
    step: int | None = None
    settings: dict = field(default_factory=dict)
    case: str | None = None
    wrong_value: bool = False


@dataclass
class Run:
    """The learner's optimizer driven for some steps: ``route`` holds a copy of ``params`` after each
    step; ``stopped`` says why the run ended early (their code raised, or left something in
    ``params`` that is not a parameter), with ``failure`` when it raised; ``returned`` tells, per
    step, whether ``update`` returned something."""

    route: list = field(default_factory=list)
    returned: list = field(default_factory=list)
    stopped: str | None = None
    failure: Failure | None = None


def _copy(params: dict) -> dict:
    return {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in params.items()}


def _reference_route(cls, settings: dict, start: dict, steps: int) -> list[dict] | None:
    try:
        opt = cls(**settings)
    except ValueError:
        return None  # e.g. swapped values out of range: not a route anyone can take
    params, route = _copy(start), []
    with np.errstate(all="ignore"):
        for _ in range(steps):
            opt.update(params, exercise_gradient(params))
            route.append(_copy(params))
    return route


def _close(got, want) -> np.ndarray | bool:
    with np.errstate(all="ignore"):
        return np.isclose(got, want, rtol=RTOL, atol=ATOL, equal_nan=True)


def same_params(params: dict, row: dict) -> bool:
    return all(np.all(_close(params[k], row[k])) for k in row)


def _same_route(a: list[dict], b: list[dict] | None) -> bool:
    return b is not None and len(a) == len(b) and all(same_params(ra, rb) for ra, rb in zip(a, b))


def _shared_state(cls, instance) -> str | None:
    """The name of a container that the class itself holds and the instance fills (state shared by
    every instance: the second optimizer starts with the first one's velocities)."""
    for name, value in vars(cls).items():
        if isinstance(value, (dict, list)) and len(value) and name not in getattr(instance, "__dict__", {}):
            return name
    return None


def _stored_problem(params: dict, keys, originals: dict, lang: str) -> str | None:
    """A sentence when what the learner left in ``params`` is not a parameter any more."""
    for key in keys:
        if key not in params:
            return say("optimizer.key_missing", lang, key=key)
        value = params[key]
        if key in originals:
            if value is not originals[key]:
                if isinstance(value, np.ndarray) and value.shape == originals[key].shape:
                    return say("optimizer.not_in_place", lang, key=key)
                return say("optimizer.stored_bad", lang, key=key, value=describe_value(value, lang),
                           want=say("value.want_array", lang, shape=originals[key].shape))
        elif isinstance(value, np.ndarray) and value.ndim == 0 and np.issubdtype(value.dtype, np.number):
            continue
        elif isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            hint = say("optimizer.hint_none", lang) if value is None else ""
            return say("optimizer.stored_bad", lang, key=key, value=describe_value(value, lang),
                       want=say("value.want_number", lang)) + hint
    return None


def drive(student_cls, settings: dict, start: dict, steps: int, lang: str | None = None) -> Run:
    """Make ``student_cls(**settings)`` and let it take ``steps`` steps from ``start`` (the floats
    on the valley, or the arrays); never raises on the learner's code."""
    lang = i18n.resolve(lang)
    name = learner_name(student_cls)
    run = Run()
    student, failure = run_learner(student_cls, **settings)
    if failure is not None:
        run.stopped = say("optimizer.construct", lang, name=name, args=_text(settings),
                          error=failure.message(lang, f"{name}({_text(settings)})"))
        run.failure = failure
        return run
    if not callable(getattr(student, "update", None)):
        run.stopped = say("optimizer.no_update", lang, name=name)
        return run
    params = _copy(start)
    originals = {k: v for k, v in params.items() if isinstance(v, np.ndarray)}
    for _ in range(steps):
        returned, failure = run_learner(student.update, params, exercise_gradient(params))
        if failure is not None:
            run.stopped, run.failure = failure.message(lang, "update"), failure
            return run
        shared = _shared_state(student_cls, student)
        problem = say("optimizer.class_state", lang, name=name, attr=shared) if shared is not None else \
            _stored_problem(params, start.keys(), originals, lang)
        if problem is not None:
            run.stopped = problem
            return run
        run.route.append({k: (np.array(params[k], dtype=float) if k in originals else float(params[k])) for k in start})
        run.returned.append(returned is not None)
    return run


def _first_difference(params: dict, row: dict):
    """The first key (and array index) where the learner's value differs from ``row``'s."""
    for key, want in row.items():
        got = params[key]
        close = _close(got, want)
        if np.all(close):
            continue
        if isinstance(want, np.ndarray):
            index = tuple(int(i) for i in np.argwhere(~np.asarray(close))[0])
            return key, index, float(got[index]), float(want[index])
        return key, None, float(got), float(want)
    return None  # pragma: no cover - called only when a row differs


def compare_optimizer(student_cls, reference: type[Optimizer], *, steps: int = 5, lang: str | None = None,
                      **hyper) -> Comparison:
    """Drive ``student_cls`` beside ``reference`` (see the module docstring); never raises on the
    learner's code.  :func:`check_optimizer` prints its verdict; chapter checkers reuse it."""
    lang = i18n.resolve(lang)
    steps = whole_number("steps", steps, low=1)
    if not (isinstance(reference, type) and issubclass(reference, Optimizer)):
        raise ValueError(f"reference must be an optlib optimizer class such as optlib.Adam, got {reference!r}")
    reference(**hyper)  # a hyper-parameter the reference does not know is the lesson's mistake: raise

    name = learner_name(student_cls)
    if student_cls is None:
        return Comparison(False, say("optimizer.none", lang))
    if not isinstance(student_cls, type):
        if callable(getattr(student_cls, "update", None)):
            return Comparison(False, say("optimizer.instance", lang, name=name))
        return Comparison(False, say("optimizer.not_class", lang, name=name))

    given, other = _settings(student_cls, reference, hyper)
    for settings in (given, other):
        for case, start in (("floats", numbers_start()), ("arrays", arrays_start())):
            result = _compare_run(student_cls, reference, settings, case, start, steps, lang)
            if result is not None:
                if result.wrong_value:
                    result.message = _explain(student_cls, reference, given, other, settings, case, steps, lang) \
                        or result.message
                return result
    return Comparison(True, say("optimizer.ok", lang, name=name, ref=reference.__name__, n=steps,
                                first=_text(given), second=_text(other)))


def _compare_run(student_cls, reference, settings, case, start, steps, lang) -> Comparison | None:
    """One run of ``steps`` updates; None when every step matched, else what went wrong."""
    where = dict(settings=settings, case=case)
    run = drive(student_cls, settings, start, steps, lang)
    routes = [r for cls in accepted_forms(reference) if (r := _reference_route(cls, settings, start, steps))]
    alive = list(routes)
    before = start
    for step, params in enumerate(run.route, start=1):
        alive = [r for r in alive if same_params(params, r[step - 1])]
        if not alive:
            if all(np.array_equal(params[k], before[k]) for k in start):
                msg = "optimizer.returned_new" if run.returned[step - 1] else "optimizer.unchanged"
                return Comparison(False, say(msg, lang, step=step, key=next(iter(start))), step=step, **where)
            return Comparison(False, _wrong_value(step, params, routes[0][step - 1], before, settings, case, lang),
                              step=step, wrong_value=True, **where)
        before = params
    if run.stopped is not None:
        return Comparison(False, run.stopped, run.failure, step=len(run.route) + 1, **where)
    return None


def _all_entries(params: dict) -> np.ndarray:
    return np.concatenate([np.ravel(np.asarray(v, dtype=float)) for v in params.values()])


def _hint(step: int, got: dict, want: dict, before: dict, settings: dict, lang: str) -> str:
    """What the wrong values look like, judged on every entry at once (one entry can agree with a
    hypothesis by chance: on the valley the x gradient is 0.1·x, as large as a learning rate of 0.1)."""
    g, w, b = _all_entries(got), _all_entries(want), _all_entries(before)
    with np.errstate(all="ignore"):
        if not np.isfinite(g).all():
            return say("optimizer.hint_nan", lang)
        if step > 1:
            return say("optimizer.hint_first_ok", lang)
        if np.allclose(g - b, -(w - b), rtol=1e-6, atol=1e-15):
            return say("optimizer.hint_sign", lang)
        if np.allclose((g - b) * settings.get("lr", 1.0), w - b, rtol=1e-6, atol=1e-15):
            return say("optimizer.hint_lr", lang)
    return say("optimizer.hint_general", lang)


def _wrong_value(step, got, want, before, settings, case, lang) -> str:
    key, index, got_value, want_value = _first_difference(got, want)
    shown_got, shown_want = two_numbers(got_value, want_value)
    at = f"[{', '.join(map(str, index))}]" if index is not None else ""
    return say("optimizer.wrong_value", lang, step=step, key=key, index=at, got=shown_got, want=shown_want,
               settings=_text(settings), case=say(f"optimizer.case_{case}", lang),
               hint=_hint(step, got, want, before, settings, lang))


def _explain(student_cls, reference, given, other, settings, case, steps, lang) -> str | None:
    """Name the mistake behind a wrong value when replaying optlib finds it: a hyper-parameter the
    learner's code ignores (the lesson's set passed, the second did not), or two it swapped."""
    start = numbers_start() if case == "floats" else arrays_start()
    learner = drive(student_cls, settings, start, steps, lang).route
    if len(learner) < steps:
        return None
    if settings is other:
        for hp in other:
            if _same_route(learner, _reference_route(reference, dict(other, **{hp: given[hp]}), start, steps)):
                return say("optimizer.ignores", lang, attr=hp, given=given[hp], other=other[hp],
                           first=_text(given), second=_text(other))
    for a, b in itertools.combinations(settings, 2):
        swapped = dict(settings, **{a: settings[b], b: settings[a]})
        if _same_route(learner, _reference_route(reference, swapped, start, steps)):
            return say("optimizer.swapped", lang, a=a, b=b, settings=_text(settings))
    if settings is other:
        return say("optimizer.second_set", lang, first=_text(given), second=_text(other))
    return None


def check_optimizer(student_cls, reference: type[Optimizer], *, steps: int = 5, lang: str | None = None,
                    **hyper) -> CheckResult:
    """Check a learner's optimizer class against ``reference`` (an optlib optimizer class).

    ``hyper`` are the hyper-parameters the lesson asks for (e.g. ``lr=0.1``); the checker also tries
    a second set.  Prints ✅ or ❌ with a message in ``lang`` (default: the page's language) and
    returns the verdict, true only when every step matched.
    """
    lang = i18n.resolve(lang)
    result = compare_optimizer(student_cls, reference, steps=steps, lang=lang, **hyper)
    return verdict(result.ok, result.message)
