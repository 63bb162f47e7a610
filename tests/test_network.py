"""The NumPy network: backpropagation checked against numerical gradients; training with optlib."""

import copy

import numpy as np
import pytest

from optlib import ALL_OPTIMIZERS, SGD, Adam, AdaGrad, Momentum
from optlib.network import (MultiLayerNet, TwoLayerNet, load_digits, numerical_gradient, softmax, train,
                            train_together)


@pytest.fixture(scope="module")
def digits():
    return load_digits(seed=0)


@pytest.mark.parametrize("sizes", [[64, 10, 10], [64, 12, 8, 10]], ids=["two-layer", "three-layer"])
def test_backpropagation_matches_numerical_gradients(digits, sizes):
    net = MultiLayerNet(sizes, seed=1)
    x, t = digits.x_train[:8], digits.t_train[:8]
    analytic = net.gradient(x, t)
    numeric = numerical_gradient(lambda: net.loss(x, t), net.params)
    assert analytic.keys() == net.params.keys()
    for key in net.params:
        a, n = analytic[key], numeric[key]
        rel = np.linalg.norm(a - n) / max(np.linalg.norm(a) + np.linalg.norm(n), 1e-12)
        assert rel < 1e-6, f"{key}: relative error {rel:.2e}"


def test_data_is_the_bundled_digits_split_with_a_fixed_seed(digits):
    assert digits.x_train.shape[1] == 64
    assert len(digits.t_train) + len(digits.t_test) == 1797
    assert 0.0 <= digits.x_train.min() and digits.x_train.max() <= 1.0
    again = load_digits(seed=0)
    np.testing.assert_array_equal(again.t_test, digits.t_test)
    assert not np.array_equal(load_digits(seed=1).t_test, digits.t_test)


def test_digits_read_from_the_file_are_scikit_learns(digits, monkeypatch):
    from sklearn.datasets import load_digits as sklearn_digits

    import optlib.network

    reference = sklearn_digits()
    pixels, labels = optlib.network._digits()
    np.testing.assert_array_equal(pixels, reference.data)
    np.testing.assert_array_equal(labels, reference.target)
    assert labels.dtype == np.int64
    order = np.random.default_rng(0).permutation(1797)
    np.testing.assert_array_equal(digits.images_test, reference.images[order[:449]] / 16.0)
    # another layout of scikit-learn (no file where it is read today): the same data, through scikit-learn
    monkeypatch.setattr(optlib.network.importlib.util, "find_spec", lambda name: None)
    again = load_digits(seed=0)
    np.testing.assert_array_equal(again.x_train, digits.x_train)
    np.testing.assert_array_equal(again.images_test, digits.images_test)


def test_same_seed_same_start_and_copy_is_independent():
    a, b = TwoLayerNet(64, 20, 10, seed=3), TwoLayerNet(64, 20, 10, seed=3)
    for k in a.params:
        np.testing.assert_array_equal(a.params[k], b.params[k])
    c = a.copy()
    c.params["W1"] += 1
    assert not np.array_equal(c.params["W1"], a.params["W1"])


@pytest.mark.parametrize("cls", ALL_OPTIMIZERS, ids=lambda c: c.__name__)
def test_every_optimizer_trains_the_network_unchanged(digits, cls):
    lr = {"SGD": 0.1, "Momentum": 0.05, "Nesterov": 0.05, "AdaGrad": 0.05}.get(cls.__name__, 0.001)
    net = TwoLayerNet(64, 30, 10, seed=0)
    before = net.accuracy(digits.x_test, digits.t_test)
    hist = train(net, cls(lr=lr), digits, iterations=300, batch_size=32)
    assert not hist.diverged
    assert hist.test_accuracy[-1] > 0.85 > before


def test_a_too_large_learning_rate_is_flagged_not_crashing(digits):
    net = TwoLayerNet(64, 30, 10, seed=0)
    hist = train(net, SGD(lr=1e6), digits, iterations=50)
    assert hist.diverged or not np.isfinite(hist.loss[-1]) or hist.test_accuracy[-1] < 0.5


def test_softmax_is_stable_for_large_scores():
    y = softmax(np.array([[1000.0, 1001.0, 999.0]]))
    assert np.all(np.isfinite(y)) and y.sum() == pytest.approx(1.0)


def test_bad_batches_are_explained():
    net = TwoLayerNet(64, 10, 10)
    with pytest.raises(ValueError, match=r"shape \(batch, 64\)"):
        net.loss(np.zeros((3, 5)), np.zeros(3, dtype=int))
    with pytest.raises(ValueError, match="integer labels"):
        net.loss(np.zeros((3, 64)), np.zeros(3))
    with pytest.raises(ValueError, match="labels must be in"):
        net.loss(np.zeros((1, 64)), np.array([10]))
    with pytest.raises(ValueError, match="sizes"):
        MultiLayerNet([64])
    with pytest.raises(ValueError, match="test_fraction"):
        load_digits(test_fraction=1.0)


def _same_history(a, b):
    # the same run: the same steps, flags and accuracies; losses equal up to the rounding of a batched
    # matrix product (a few units in the last place)
    assert (a.eval_steps, a.test_accuracy, a.diverged, a.diverged_at, a.divergence) == \
        (b.eval_steps, b.test_accuracy, b.diverged, b.diverged_at, b.divergence)
    np.testing.assert_allclose(a.loss, b.loss, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("sizes", [[64, 20, 10], [64, 12, 8, 10]], ids=["two-layer", "three-layer"])
@pytest.mark.parametrize("batch", [8, 50])
def test_training_together_is_training_one_by_one(digits, sizes, batch):
    """train_together gives, for every optimizer, what train() gives it on a copy of the start:
    several kinds and learning rates at once, runs that blow up (flagged, or stopped when not
    finite) beside runs that do not, and a used optimizer (not stacked) among fresh ones."""
    start = MultiLayerNet(sizes, seed=1)
    before = {k: v.copy() for k, v in start.params.items()}
    used = Adam(lr=0.01)
    train(start.copy(), used, digits, iterations=5, batch_size=batch, seed=3)
    fresh = SGD(lr=0.1)
    optimizers = [cls(lr=lr) for cls in (*ALL_OPTIMIZERS, Momentum) for lr in (0.003, 0.3, 1e300)] + [
        Momentum(lr=0.1, momentum=0.5), AdaGrad(lr=0.1, eps=1e-3), used, fresh, fresh, used]
    states = [(opt.t, repr(opt.state())) for opt in optimizers]

    together = train_together(start, optimizers, digits, iterations=60, batch_size=batch, seed=5, eval_every=20)
    assert [(opt.t, repr(opt.state())) for opt in optimizers] == states  # the optimizers passed are not changed
    alone = [train(start.copy(), copy.deepcopy(opt), digits, iterations=60, batch_size=batch, seed=5, eval_every=20)
             for opt in optimizers]
    assert len(together) == len(alone)
    for a, b in zip(together, alone):
        _same_history(a, b)
    assert {h.divergence for h in together} >= {None, "not finite"}  # both kinds of run were in the stacks
    for k, v in start.params.items():
        np.testing.assert_array_equal(v, before[k])  # the start is left as it was


def test_training_together_checks_like_train(digits):
    start = TwoLayerNet(64, 10, 10)
    with pytest.raises(TypeError, match="the class SGD itself"):
        train_together(start, [SGD(lr=0.1), SGD], digits)
    with pytest.raises(ValueError, match="batch_size"):
        train_together(start, [SGD(lr=0.1)], digits, batch_size=0)
    assert train_together(start, [], digits) == []


class _NoBiasGradient(TwoLayerNet):
    # a learner's variant: the biases are not trained
    def _gradient(self, x, t):
        grads = super()._gradient(x, t)
        return {k: (np.zeros_like(g) if k.startswith("b") else g) for k, g in grads.items()}


@pytest.mark.parametrize("make_start", [
    lambda: _NoBiasGradient(64, 10, 10, seed=2),
    lambda: _with_float32(TwoLayerNet(64, 10, 10, seed=2)),
], ids=["subclass", "float32"])
def test_training_together_trains_what_train_would_for_any_network(digits, make_start):
    """A network with its own maths, or of float32 parameters, is trained as train() trains it."""
    start = make_start()
    optimizers = [SGD(lr=0.1), SGD(lr=0.5), Adam(lr=0.01), Adam(lr=0.001)]
    together = train_together(start, optimizers, digits, iterations=30, batch_size=16, seed=1, eval_every=10)
    for opt, hist in zip(optimizers, together):
        alone = train(start.copy(), copy.deepcopy(opt), digits, iterations=30, batch_size=16, seed=1, eval_every=10)
        assert hist == alone  # exactly: these runs are not stacked


def _with_float32(net):
    net.params = {k: v.astype(np.float32) for k, v in net.params.items()}
    return net
