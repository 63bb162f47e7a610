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
