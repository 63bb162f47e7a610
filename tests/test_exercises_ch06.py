import itertools

import numpy as np
import pytest

from optlib import Adam
from optlib.catalogue import text
from optlib.checks import check_optimizer
from optlib.exercises.ch06 import MISTAKES, adam_route, diagnose_adam


def make_adam(*, bias1=True, bias2=True, t_per_param=False, eps_inside=False, no_sqrt=False, sign=1.0,
              no_one_minus=False, swap_betas=False, t_after=False, v_from_g=False, returns=False):
    """A learner's Adam written the way a learner would, with one mistake switched on."""

    class LearnerAdam:
        def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
            self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
            if swap_betas:
                self.beta1, self.beta2 = beta2, beta1
            self.t = 0
            self.m = self.v = None

        def update(self, params, grads):
            if self.m is None:
                self.m = {k: np.zeros_like(v) for k, v in params.items()}
                self.v = {k: np.zeros_like(v) for k, v in params.items()}
            if not (t_per_param or t_after):
                self.t += 1
            new = {}
            for key in params:
                if t_per_param:
                    self.t += 1
                g = grads[key]
                a1, a2 = (1.0, 1.0) if no_one_minus else (1 - self.beta1, 1 - self.beta2)
                self.m[key] = self.beta1 * self.m[key] + a1 * g
                self.v[key] = self.beta2 * self.v[key] + a2 * (g if v_from_g else g**2)
                m_hat = self.m[key] / (1 - self.beta1**self.t) if bias1 else self.m[key]
                v_hat = self.v[key] / (1 - self.beta2**self.t) if bias2 else self.v[key]
                if eps_inside:
                    denom = np.sqrt(v_hat + self.eps)
                elif no_sqrt:
                    denom = v_hat + self.eps
                else:
                    denom = np.sqrt(v_hat) + self.eps
                if returns:
                    new[key] = params[key] - sign * self.lr * m_hat / denom
                else:
                    params[key] -= sign * self.lr * m_hat / denom
            if t_after:
                self.t += 1
            return new

    return LearnerAdam


_LEARNER_FLAGS = {"bias1", "bias2", "t_per_param", "eps_inside", "no_sqrt", "sign", "no_one_minus", "swap_betas"}


def test_the_reference_route_is_optlibs_adam():
    for lr in (0.1, 0.3):
        opt, p = Adam(lr=lr), {"x": -0.5, "y": 0.2}
        for row in adam_route(lr):
            opt.update(p, {"x": p["x"] / 10, "y": 2 * p["y"]})
            assert p == pytest.approx(row, rel=1e-12)


def test_the_mistakes_can_be_told_apart():
    routes = [adam_route(0.1)] + [adam_route(0.1, **flags) for _, flags in MISTAKES]
    for a, b in itertools.combinations(routes, 2):
        assert not all(np.isclose(ra[k], rb[k], rtol=1e-9, atol=1e-12) for ra, rb in zip(a, b) for k in "xy")


def test_right_answer(capsys):
    cls = make_adam()
    assert check_optimizer(cls, Adam, lr=0.1, lang="en")
    assert diagnose_adam(cls, lang="ja")
    assert "正解" in capsys.readouterr().out


@pytest.mark.parametrize("name,flags", [m for m in MISTAKES if set(m[1]) <= _LEARNER_FLAGS],
                         ids=[m[0] for m in MISTAKES if set(m[1]) <= _LEARNER_FLAGS])
def test_each_typical_mistake_is_named(name, flags, capsys):
    ja, en = text(f"ch06.{name}", "ja"), text(f"ch06.{name}", "en")
    cls = make_adam(**flags)
    assert not check_optimizer(cls, Adam, lr=0.1, lang="en")  # the exercise's checker rejects it too
    capsys.readouterr()
    assert not diagnose_adam(cls, lang="en")
    assert capsys.readouterr().out.strip() == "❌ " + en
    assert not diagnose_adam(cls, lang="ja")
    assert capsys.readouterr().out.strip() == "❌ " + ja


def test_not_implemented_is_reported_politely(capsys):
    class MyAdam:
        def __init__(self, lr=0.001):
            self.lr = lr

        def update(self, params, grads):
            raise NotImplementedError

    assert not diagnose_adam(MyAdam, lang="ja")
    assert "まだ実装されていません" in capsys.readouterr().out


def test_increasing_t_too_late_divides_by_zero(capsys):
    # plain floats divide by zero and raise; NumPy scalars give inf/nan instead: both are explained
    assert not diagnose_adam(make_adam(t_after=True), lang="en")
    assert "1 − βᵗ" in capsys.readouterr().out


def test_plain_float_division_by_zero_is_explained(capsys):
    class FloatAdam:
        def __init__(self, lr=0.001):
            self.lr, self.t, self.m, self.v = lr, 0, {}, {}

        def update(self, params, grads):
            for key in params:
                self.m[key] = 0.9 * self.m.get(key, 0.0) + 0.1 * grads[key]
                self.v[key] = 0.999 * self.v.get(key, 0.0) + 0.001 * grads[key] ** 2
                m_hat = self.m[key] / (1 - 0.9**self.t)  # t is still 0 here
                params[key] -= self.lr * m_hat / ((self.v[key] / (1 - 0.999**self.t)) ** 0.5 + 1e-8)
            self.t += 1

    assert not diagnose_adam(FloatAdam, lang="ja")
    out = capsys.readouterr().out
    assert "0 で割って" in out and "ZeroDivisionError" in out


def test_v_from_the_gradient_instead_of_its_square(capsys):
    assert not diagnose_adam(make_adam(v_from_g=True), lang="en")
    assert "g²" in capsys.readouterr().out


def test_returning_instead_of_assigning(capsys):
    assert not diagnose_adam(make_adam(returns=True), lang="en")
    assert "did not change" in capsys.readouterr().out


def test_errors_and_non_classes_never_raise(capsys):
    class Broken:
        def __init__(self, lr):
            pass

        def update(self, params, grads):
            return params["z"]

    class NoLr:
        def __init__(self):
            pass

    assert not diagnose_adam(Broken, lang="en")
    assert "KeyError" in capsys.readouterr().out
    assert not diagnose_adam(NoLr, lang="en")
    assert "Could not create" in capsys.readouterr().out
    assert not diagnose_adam(make_adam()(lr=0.1), lang="en")
    assert "class itself" in capsys.readouterr().out.splitlines()[-1]


def test_an_unknown_mistake_points_at_the_first_difference(capsys):
    assert not diagnose_adam(make_adam(sign=0.5), lang="en")
    out = capsys.readouterr().out
    assert "None of the typical mistakes" in out and "step 1" in out
