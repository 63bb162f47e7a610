import numpy as np
import pytest

from optlib import SGD, AdaGrad, Adam, Momentum, surfaces
from optlib.exercises.ch07 import STEPS, TOLERANCE, check_tuned_optimizer, run_exercise


def _distance(optimizer):
    walker = run_exercise(optimizer)
    return np.inf if walker.diverged else float(np.hypot(*walker.position))


@pytest.mark.parametrize("optimizer", [AdaGrad(lr=3.0), Momentum(lr=1.3, momentum=0.4)], ids=repr)
@pytest.mark.parametrize("lang,text", [("ja", "正解"), ("en", "Correct")])
def test_good_settings_pass(optimizer, lang, text, capsys):
    assert check_tuned_optimizer(optimizer, lang=lang)
    assert text in capsys.readouterr().out


def test_the_check_can_be_run_twice_on_the_same_optimizer():
    opt = AdaGrad(lr=3.0)
    assert check_tuned_optimizer(opt, lang="en") and check_tuned_optimizer(opt, lang="en")


def test_the_sgd_message_is_true_no_learning_rate_reaches_the_goal():
    assert 7 * 0.9**30 == pytest.approx(0.30, abs=0.005)
    assert min(_distance(SGD(lr=lr)) for lr in np.linspace(0.01, 1.2, 400)) > TOLERANCE
    walker = run_exercise(SGD(lr=0.95))
    assert len(walker.route) == STEPS + 1 and walker.route[0].tolist() == [-7.0, 2.0]
    assert walker.route[-1, 0] < -7 * 0.9**STEPS  # x alone stays farther than 7 * 0.9**30


class Unfinished:
    def update(self, params, grads):
        raise NotImplementedError


class Broken:
    def update(self, params, grads):
        params["x"] = params["x"] / 0.0


class Frozen:
    def update(self, params, grads):
        pass


@pytest.mark.parametrize("optimizer,lang,text", [
    (None, "en", "No optimizer chosen"),
    (None, "ja", "まだ最適化手法が選ばれていません"),
    (Adam, "en", "is a class"),
    (object(), "en", "no update(params, grads)"),
    (Unfinished(), "ja", "まだ実装されていません"),
    (Broken(), "en", "ZeroDivisionError"),
    (SGD(lr=0.95), "en", "SGD cannot reach this goal"),
    (SGD(lr=0.95), "ja", "どの学習率でも"),
    (SGD(lr=1.5), "en", "diverged at step"),
    (Adam(lr=0.3), "en", "swing across the valley"),        # ends at (0.136, 0.318): y is left
    (Momentum(lr=0.1), "en", "rolled past the bottom"),     # ends at x = 0.90 > 0
    (Momentum(lr=0.1), "ja", "通り過ぎています"),
    (AdaGrad(lr=0.1), "en", "still short of the bottom"),   # far to the left, y settled
    (Frozen(), "ja", "一歩も動きません"),                    # never moves: not "a larger learning rate"
    (Frozen(), "en", "never moved"),
])
def test_wrong_answers_are_explained(optimizer, lang, text, capsys):
    assert not check_tuned_optimizer(optimizer, lang=lang)
    out = capsys.readouterr().out
    assert out.startswith("❌") and text in out


def test_the_default_language_is_the_lesson_language(capsys):
    import optlib

    before = optlib.get_language()
    try:
        optlib.set_language("ja")
        check_tuned_optimizer(None)
        assert "まだ" in capsys.readouterr().out
    finally:
        optlib.set_language(before)


def test_the_valley_is_the_course_valley():
    field = surfaces.valley()
    assert field(-7.0, 2.0) == pytest.approx(49 / 20 + 4)
