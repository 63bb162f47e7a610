import numpy as np
import pytest

from optlib.exercises.ch01 import check_step


def test_right_answer(capsys):
    assert check_step(lambda w, grad, lr: w - lr * grad, lang="ja")
    assert "正解" in capsys.readouterr().out


@pytest.mark.parametrize("fn,lang,text", [
    (lambda w, g, lr: w + lr * g, "ja", "引き算"),
    (lambda w, g, lr: w - g, "en", "learning rate"),
    (lambda w, g, lr: None, "en", "returned nothing"),
    (lambda w, g, lr: 0.0, "en", "should be"),
    ("w - lr*g", "ja", "関数ではありません"),
])
def test_wrong_answers_are_explained(fn, lang, text, capsys):
    assert not check_step(fn, lang=lang)
    assert text in capsys.readouterr().out


def test_not_implemented_and_errors(capsys):
    def todo(w, grad, lr):
        raise NotImplementedError

    assert not check_step(todo, lang="en")
    assert "not implemented" in capsys.readouterr().out
    assert not check_step(lambda w, grad: w, lang="en")
    assert "TypeError" in capsys.readouterr().out


def test_scalar_only_answer_is_caught(capsys):
    assert not check_step(lambda w, g, lr: float(w) - lr * float(g) if np.ndim(w) == 0 else w, lang="en")
    assert "arrays" in capsys.readouterr().out


# -- exercise 2: check_learning_rate ------------------------------------------------------------
from optlib.exercises.ch01 import check_learning_rate  # noqa: E402


@pytest.mark.parametrize("lr", [0.15, 0.25, 0.35, np.float64(0.2)])
def test_learning_rates_in_the_working_range_are_accepted(lr, capsys):
    assert check_learning_rate(lr, lang="ja")
    assert "正解" in capsys.readouterr().out


def test_one_step_rate_is_reported_with_its_step_count(capsys):
    assert check_learning_rate(0.25, lang="en")  # 1/(2c) with c = 2: the bottom in one step
    assert "after 1 step." in capsys.readouterr().out


@pytest.mark.parametrize("lr,lang,text", [
    (None, "ja", "代入してください"),
    ("0.1", "en", "without quotes"),
    (True, "en", "positive number"),
    (0, "ja", "0 より大きい"),
    (-0.2, "en", "greater than 0"),
    (float("nan"), "en", "finite"),
    (0.05, "ja", "小さすぎて"),          # factor 0.8: too slow
    (0.05, "en", "too short"),
    (0.45, "ja", "飛び越えて"),          # factor -0.8: bounces, too slow
    (0.45, "en", "overshoots"),
    (0.5, "ja", "同じ 2 点"),            # factor -1: bounces forever
    (0.5, "en", "same two points"),
    (0.6, "ja", "発散"),                # factor -1.4: diverges
    (3, "en", "diverges"),
])
def test_wrong_learning_rates_are_explained(lr, lang, text, capsys):
    assert not check_learning_rate(lr, lang=lang)
    assert text in capsys.readouterr().out


def test_working_range_matches_the_theory():
    # |1 - 4 lr|^k * |start| <= 0.01 for some k <= 10  <=>  |1 - 4 lr| <= (0.01 / 2.06...)^(1/10)
    r = (0.01 / np.hypot(-1.6, 1.3)) ** (1 / 10)
    lo, hi = (1 - r) / 4, (1 + r) / 4
    for lr in np.linspace(0.01, 0.7, 140):
        if min(abs(lr - lo), abs(lr - hi)) < 1e-3:
            continue
        assert check_learning_rate(lr, lang="en") == (lo < lr < hi), lr
