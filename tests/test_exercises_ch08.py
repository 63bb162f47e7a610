import numpy as np
import pytest

from optlib.exercises.ch08 import ReferenceSGDWeightDecay, check_weight_decay


def make(rule, in_place=True):
    class Opt:
        def __init__(self, lr=0.01, weight_decay=0.0):
            self.lr, self.weight_decay = lr, weight_decay

        def update(self, params, grads):
            for k in params:
                new = rule(self, params[k], grads[k])
                if in_place:
                    params[k][...] = new
                else:
                    params[k] = new
    return Opt


RIGHT = lambda s, p, g: p - s.lr * (g + s.weight_decay * p)  # noqa: E731


def test_reference_and_right_answer_are_accepted(capsys):
    assert check_weight_decay(ReferenceSGDWeightDecay, lang="ja")
    assert "正解" in capsys.readouterr().out
    assert check_weight_decay(make(RIGHT), lang="en")
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("rule,lang,text", [
    (lambda s, p, g: p - s.lr * g, "en", "no effect"),
    (lambda s, p, g: p - s.lr * g, "ja", "普通の SGD"),
    (lambda s, p, g: p - s.lr * (g - s.weight_decay * p), "en", "wrong sign"),
    (lambda s, p, g: p - s.lr * (g - s.weight_decay * p), "ja", "符号"),
    (lambda s, p, g: p - s.lr * g - s.weight_decay * p, "en", "learning rate too"),
    (lambda s, p, g: p - s.lr * (g + s.weight_decay * p ** 2), "en", "not squared"),
    (lambda s, p, g: p - s.lr * (g + 0.5 * s.weight_decay * p), "ja", "半分"),
    (lambda s, p, g: p - 2 * s.lr * g, "en", "should be"),
])
def test_typical_slips_are_explained(rule, lang, text, capsys):
    assert not check_weight_decay(make(rule), lang=lang)
    assert text in capsys.readouterr().out


def test_replaced_arrays_and_missing_update(capsys):
    assert not check_weight_decay(make(RIGHT, in_place=False), lang="en")
    assert "in place" in capsys.readouterr().out

    class Todo:
        def __init__(self, lr=0.01, weight_decay=0.0):
            pass

        def update(self, params, grads):
            raise NotImplementedError

    assert not check_weight_decay(Todo, lang="en")
    assert "not implemented" in capsys.readouterr().out

    class Returns(Todo):
        def update(self, params, grads):
            return {k: v - 0.1 * grads[k] for k, v in params.items()}

    assert not check_weight_decay(Returns, lang="ja")
    assert "その場で" in capsys.readouterr().out


def test_bad_inputs(capsys):
    assert not check_weight_decay(None, lang="en")
    assert "No class" in capsys.readouterr().out
    assert not check_weight_decay(ReferenceSGDWeightDecay(), lang="en")
    assert "not a class" in capsys.readouterr().out

    class NoDecayArg:
        def __init__(self, lr=0.01):
            pass

    assert not check_weight_decay(NoDecayArg, lang="en")
    assert "Could not create" in capsys.readouterr().out

    class Raises(NoDecayArg):
        def __init__(self, lr=0.01, weight_decay=0.0):
            pass

        def update(self, params, grads):
            raise KeyError("W")

    assert not check_weight_decay(Raises, lang="ja")
    assert "エラー" in capsys.readouterr().out


def test_checker_never_raises_and_returns_result():
    result = check_weight_decay(ReferenceSGDWeightDecay, lang="en")
    assert bool(result) is True and np.isscalar(bool(result))
