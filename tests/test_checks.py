"""The exercise checker: accepts right answers, explains wrong ones in the page's language."""

import pytest

from optlib import SGD, Adam, Momentum
from optlib.checks import check_optimizer


class GoodSGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params:
            params[key] -= self.lr * grads[key]


class SignSGD(GoodSGD):
    def update(self, params, grads):
        for key in params:
            params[key] += self.lr * grads[key]


class ReturningSGD(GoodSGD):
    def update(self, params, grads):
        return {k: params[k] - self.lr * grads[k] for k in params}


class CopyingSGD(GoodSGD):
    def update(self, params, grads):
        for key in params:
            params[key] = params[key] - self.lr * grads[key]


class Todo(GoodSGD):
    def update(self, params, grads):
        raise NotImplementedError


class StatelessMomentum(GoodSGD):
    def __init__(self, lr=0.01, momentum=0.9):
        super().__init__(lr)


def test_right_answer_passes(capsys):
    assert check_optimizer(GoodSGD, SGD, lr=0.1, lang="ja")
    assert "正解" in capsys.readouterr().out


@pytest.mark.parametrize("cls,lang,expected", [
    (SignSGD, "ja", "符号"),
    (SignSGD, "en", "sign"),
    (ReturningSGD, "en", "Assign to params[key]"),
    (Todo, "ja", "まだ実装されていません"),
    (StatelessMomentum, "en", "first step is right"),
])
def test_wrong_answers_are_explained(cls, lang, expected, capsys):
    ref = Momentum if cls is StatelessMomentum else SGD
    assert not check_optimizer(cls, ref, lr=0.1, lang=lang)
    out = capsys.readouterr().out
    assert out.startswith("❌") and expected in out


def test_replacing_arrays_instead_of_updating_in_place_is_caught(capsys):
    # On scalars CopyingSGD is right; on arrays it replaces the learner's weight arrays.
    assert not check_optimizer(CopyingSGD, SGD, lr=0.1, lang="en")
    assert "in place" in capsys.readouterr().out


def test_a_function_instead_of_a_class(capsys):
    assert not check_optimizer(lambda p, g: None, Adam, lr=0.1, lang="en")
    assert "not a class" in capsys.readouterr().out


def test_constructor_errors_are_reported(capsys):
    class NoLr:
        def __init__(self):
            pass

    assert not check_optimizer(NoLr, SGD, lr=0.1, lang="en")
    assert "Could not create NoLr(lr=0.1)" in capsys.readouterr().out


def test_a_verdict_is_a_bool_that_a_notebook_does_not_echo(capsys):
    ok = check_optimizer(GoodSGD, SGD, lr=0.1, lang="en")
    bad = check_optimizer(SignSGD, SGD, lr=0.1, lang="en")
    assert ok and not bad and ok == True and bad == False  # noqa: E712 (comparisons are the point)
    assert "Correct" in ok.message and "sign" in bad.message
    assert ok._ipython_display_() is None  # nothing shown under the printed message
