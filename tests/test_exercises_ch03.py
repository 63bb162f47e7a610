import pytest

from optlib import SGD, Adventurer, Field
from optlib.exercises.ch03 import ANSWER, check_largest_learning_rate


def _diverges(lr):
    field = Field(lambda x, y: x**2 / 20 + 3 * y**2, (-10, 10), (-5, 5), grad=lambda x, y: (x / 10, 6 * y))
    w = Adventurer(-7.0, 2.0)
    w.optimize(field, SGD(lr=lr), steps=3000)
    return w.diverged


def test_the_answer_is_the_real_stability_limit():
    assert ANSWER == pytest.approx(1 / 3)
    assert not _diverges(ANSWER * 0.99) and _diverges(ANSWER * 1.01)


def test_right_answer(capsys):
    assert check_largest_learning_rate(1 / 3, lang="ja")
    assert "正解" in capsys.readouterr().out


@pytest.mark.parametrize("value,lang,text", [
    (20.0, "en", "steepest"), (1 / 6, "en", "twice"), (1.0, "ja", "y の係数"),
    (0.1, "en", "larger one"), (0.5, "en", "diverges"), ("1/3", "en", "number"), (float("nan"), "ja", "数で"),
])
def test_wrong_answers_are_explained(value, lang, text, capsys):
    assert not check_largest_learning_rate(value, lang=lang)
    assert text in capsys.readouterr().out
