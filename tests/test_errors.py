"""A learner's common mistakes with the library get a sentence that names the problem, raised where
the mistake is made, and a rejected call changes nothing."""

import numpy as np
import pytest

from optlib import SGD, Adam, Adventurer, Field, Momentum, surfaces
from optlib.network import MultiLayerNet, cross_entropy, load_digits, train


@pytest.fixture(scope="module")
def digits():
    return load_digits()


def test_a_none_gradient_is_refused_before_anything_changes():
    opt = Adam(lr=0.1)
    params = {"x": 1.0, "y": 2.0}
    with pytest.raises(ValueError, match="gradient for 'y' is None"):
        opt.update(params, {"x": 0.5, "y": None})
    assert params == {"x": 1.0, "y": 2.0} and opt.t == 0 and opt.m == {} and opt.v == {}


def test_a_gradient_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError, match="'x' must be a number"):
        SGD(lr=0.1).update({"x": 1.0}, {"x": "0.5"})


def test_an_optimizer_reused_on_parameters_of_another_shape_says_so_and_changes_nothing():
    opt = Momentum(lr=0.1)
    opt.update({"W1": np.ones((4, 3))}, {"W1": np.ones((4, 3))})
    w = np.ones((5, 3))
    with pytest.raises(ValueError, match=r"shape \(4, 3\).*\(5, 3\).*new optimizer"):
        opt.update({"W1": w}, {"W1": np.ones((5, 3))})
    assert opt.t == 1 and np.array_equal(w, np.ones((5, 3)))


def test_x_caret_2_is_caught_when_the_field_is_made():
    with pytest.raises(TypeError, match=r"\^.*XOR.*\*\*"):
        Field(lambda x, y: x^2 + y^2, (-1, 1), (-1, 1))  # noqa: E225 (the learner's spelling)


@pytest.mark.parametrize("f,match", [
    (lambda x, y: np.log(-1 - x**2) + y, "NaN"),
    (lambda x, y: np.array([x, y]), "one height per point"),
    (lambda x, y: __import__("math").sin(x) + y, "NumPy operations"),
])
def test_a_field_that_cannot_work_is_refused_when_made(f, match):
    with pytest.raises(ValueError, match=match):
        Field(f, (-1, 1), (-1, 1))


@pytest.mark.parametrize("levels", [0, -3, 2.5, "20"])
def test_contour_levels_must_be_a_positive_whole_number(levels):
    with pytest.raises(ValueError, match="levels"):
        surfaces.bowl().plot(levels=levels)


def test_a_class_instead_of_an_optimizer_says_so():
    with pytest.raises(TypeError, match=r"class SGD itself.*SGD\(lr=0.1\)"):
        Adventurer(0.5, 0.5).optimize(surfaces.bowl(), SGD)


def test_the_learners_own_key_error_is_not_disguised():
    class Forgetful:
        def __init__(self):
            self.v = {}

        def update(self, params, grads):
            for k in params:
                self.v[k] *= 0.9

    with pytest.raises(KeyError, match="'x'"):  # their error, with their line in the traceback
        Adventurer(0.5, 0.5).optimize(surfaces.bowl(), Forgetful(), steps=2)


def test_storing_none_in_params_names_the_key():
    class Nothing:
        def update(self, params, grads):
            params["y"] = None

    with pytest.raises(ValueError, match=r"params\['y'\] is None.*not a number"):
        Adventurer(0.5, 0.5).optimize(surfaces.bowl(), Nothing(), steps=2)


@pytest.mark.parametrize("kwargs,match", [
    ({"eval_every": 0}, "eval_every"), ({"batch_size": 2.5}, "batch_size"), ({"iterations": 0}, "iterations"),
])
def test_train_refuses_bad_settings(digits, kwargs, match):
    with pytest.raises(ValueError, match=match):
        train(MultiLayerNet([64, 10, 10]), SGD(lr=0.1), digits, **kwargs)


def test_train_refuses_an_optimizer_class(digits):
    with pytest.raises(TypeError, match="class Adam itself"):
        train(MultiLayerNet([64, 10, 10]), Adam, digits)


def test_layer_sizes_must_be_whole_numbers():
    with pytest.raises(ValueError, match=r"sizes\[1\].*whole number.*2.7"):
        MultiLayerNet([64, 2.7, 10])


def test_a_test_fraction_that_leaves_no_test_image_is_refused():
    with pytest.raises(ValueError, match="no image for testing"):
        load_digits(test_fraction=1e-4)


def test_a_negative_label_is_refused_not_read_from_the_end():
    y = np.full((2, 3), 1 / 3)
    with pytest.raises(ValueError, match=r"labels must be in 0..2.*-1"):
        cross_entropy(y, np.array([0, -1]))


def test_a_blow_up_is_flagged_even_though_the_loss_is_clipped(digits):
    hist = train(MultiLayerNet([64, 50, 10], seed=0), SGD(lr=50.0), digits, iterations=60, eval_every=25)
    assert hist.diverged and hist.divergence in ("not finite", "loss too high") and hist.diverged_at >= 1
    assert hist.test_accuracy and hist.eval_steps[-1] == len(hist.loss)  # always an accuracy to show


def test_a_healthy_run_is_not_flagged(digits):
    hist = train(MultiLayerNet([64, 50, 10], seed=0), Adam(lr=0.001), digits, iterations=60, eval_every=25)
    assert not hist.diverged and hist.diverged_at is None and hist.eval_steps == [25, 50, 60]
