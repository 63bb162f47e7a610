import numpy as np
import pytest

from optlib import SGD, Adventurer, Field
from optlib.exercises.ch03 import ANSWER, check_divergence_threshold


def _diverges(lr):
    field = Field(lambda x, y: x**2 / 20 + 3 * y**2, (-10, 10), (-5, 5), grad=lambda x, y: (x / 10, 6 * y))
    w = Adventurer(-7.0, 2.0)
    w.optimize(field, SGD(lr=lr), steps=3000)
    return w.diverged


def test_the_answer_is_the_real_stability_limit():
    assert ANSWER == pytest.approx(1 / 3)
    assert not _diverges(ANSWER * 0.99) and _diverges(ANSWER * 1.01)


@pytest.mark.parametrize("value", [1 / 3, 2 / 6, 0.33, 0.333, 0.3333, np.float64(1 / 3)])
def test_right_answer_and_its_roundings(value, capsys):
    assert check_divergence_threshold(value, lang="ja")
    assert "正解" in capsys.readouterr().out


@pytest.mark.parametrize("value,lang,text", [
    (20.0, "en", "steepest"), (1 / 6, "en", "twice"), (1.0, "ja", "y の係数"),
    (0.1, "en", "still converges"), (0.5, "en", "diverges"), ("1/3", "en", "number"), (float("nan"), "ja", "数で"),
    (0.34, "en", "already diverges"), (0.331, "en", "Close"), (0.0, "en", "positive"), (-1 / 3, "ja", "正の数"),
])
def test_wrong_answers_are_explained(value, lang, text, capsys):
    assert not check_divergence_threshold(value, lang=lang)
    assert text in capsys.readouterr().out


# -- exercise 2: check_steps_prediction ----------------------------------------------------------
from optlib import surfaces  # noqa: E402
from optlib.exercises.ch03 import STEPS_ANSWER, STEPS_LR, check_steps_prediction  # noqa: E402


def test_the_steps_answer_matches_a_real_sgd_run():
    w = Adventurer(-7.0, 2.0)
    w.optimize(surfaces.valley(), SGD(lr=STEPS_LR), steps=80)
    first = int(np.argmax(np.abs(w.route[:, 0]) < 0.1))
    assert STEPS_ANSWER == first == 51


def test_right_prediction(capsys):
    assert check_steps_prediction(51, lang="en")
    assert "Correct" in capsys.readouterr().out
    assert check_steps_prediction(np.int64(51), lang="ja")
    assert "正解" in capsys.readouterr().out


@pytest.mark.parametrize("value,lang,text", [
    (50, "ja", "切り上げ"), (105, "en", "forget the 2"), (104, "ja", "2 を忘れない"), (54, "en", "approximation"),
    (10, "en", "Too few"), (80, "ja", "多すぎ"), (50.95, "en", "round up"), (3.5, "ja", "整数"),
    (0, "en", "at least 1"), (None, "ja", "整数"), ("fifty", "en", "integer"), (float("inf"), "en", "integer"),
])
def test_wrong_predictions_are_explained(value, lang, text, capsys):
    assert not check_steps_prediction(value, lang=lang)
    out = capsys.readouterr().out
    assert text in out
    assert "51" not in out.replace("0.92^51", "")     # the message never gives the answer away
