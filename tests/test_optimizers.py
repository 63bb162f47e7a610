"""The optimizers: first steps derived by hand, convergence, conventions, state, bad input."""

import math

import numpy as np
import pytest

from optlib import ALL_OPTIMIZERS, SGD, AdaGrad, Adam, Momentum, Nesterov, RMSProp, surfaces

# ---------------------------------------------------------------------------------------------
# Exact first steps.  Every case starts from x = 1 and feeds the gradient g = 2 twice.
# ---------------------------------------------------------------------------------------------
HAND_DERIVED = {
    # W <- W - lr g:                        1 - 0.1*2 = 0.8;  0.8 - 0.2 = 0.6
    "SGD": (SGD(lr=0.1), [0.8, 0.6]),
    # v = -0.2, W = 0.8;   v = 0.9*(-0.2) - 0.2 = -0.38, W = 0.42
    "Momentum": (Momentum(lr=0.1, momentum=0.9), [0.8, 0.42]),
    # v = -0.2, W = 1 + 0.9*(-0.2) - 0.2 = 0.62;   v = -0.38, W = 0.62 - 0.342 - 0.2 = 0.078
    "Nesterov": (Nesterov(lr=0.1, momentum=0.9), [0.62, 0.078]),
    # h = 4, W = 1 - 0.1*2/(2 + 1e-7);   h = 8, W -= 0.1*2/(sqrt 8 + 1e-7)
    "AdaGrad": (AdaGrad(lr=0.1), [1 - 0.2 / (2 + 1e-7), 1 - 0.2 / (2 + 1e-7) - 0.2 / (math.sqrt(8) + 1e-7)]),
    # h = 0.04, W = 1 - 0.2/(0.2 + 1e-7);   h = 0.99*0.04 + 0.04 = 0.0796
    "RMSProp": (RMSProp(lr=0.1, decay_rate=0.99),
                [1 - 0.2 / (0.2 + 1e-7), 1 - 0.2 / (0.2 + 1e-7) - 0.2 / (math.sqrt(0.0796) + 1e-7)]),
    # m = 0.2, v = 0.004, m^ = 2, v^ = 4: W = 1 - 0.1*2/(2 + 1e-8)
    # m = 0.38, v = 0.007996; m^ = 0.38/0.19 = 2, v^ = 0.007996/0.001999 = 4: the same step again
    "Adam": (Adam(lr=0.1), [1 - 0.2 / (2 + 1e-8), 1 - 0.4 / (2 + 1e-8)]),
}


@pytest.mark.parametrize("name", sorted(HAND_DERIVED))
def test_first_two_steps_match_hand_derivation_on_scalars(name):
    opt, expected = HAND_DERIVED[name]
    params = {"x": 1.0}
    for want in expected:
        opt.update(params, {"x": 2.0})
        assert isinstance(params["x"], float)
        assert params["x"] == pytest.approx(want, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("name", sorted(HAND_DERIVED))
@pytest.mark.parametrize("kind", [np.float64, np.float32, np.int64, int, lambda g: np.array(g)], ids=["float64", "float32", "int64", "int", "0-d array"])
def test_a_scalar_gradient_of_any_number_type_takes_the_same_steps(name, kind):
    # a lesson's gradient is often a NumPy number (np.mean of a mini-batch): the same steps, a float kept
    opt, expected = type(HAND_DERIVED[name][0])(**HAND_DERIVED[name][0]._hyper()), HAND_DERIVED[name][1]
    params = {"x": 1.0}
    for want in expected:
        opt.update(params, {"x": kind(2)})
        assert type(params["x"]) is float
        assert params["x"] == pytest.approx(want, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("name", sorted(HAND_DERIVED))
def test_arrays_follow_the_same_rule_elementwise_and_in_place(name):
    opt = type(HAND_DERIVED[name][0])(**HAND_DERIVED[name][0]._hyper())
    expected = HAND_DERIVED[name][1]
    w = np.ones((2, 3))
    params = {"W": w}
    for want in expected:
        opt.update(params, {"W": np.full((2, 3), 2.0)})
        assert params["W"] is w, "the array must be updated in place"
        np.testing.assert_allclose(w, want, rtol=1e-12, atol=1e-15)


# ---------------------------------------------------------------------------------------------
# Convergence on a quadratic and on Rosenbrock, for every optimizer
# ---------------------------------------------------------------------------------------------
QUADRATIC_SETTINGS = {
    SGD: dict(lr=0.1),
    Momentum: dict(lr=0.05, momentum=0.9),
    Nesterov: dict(lr=0.05, momentum=0.9),
    AdaGrad: dict(lr=0.5),
    RMSProp: dict(lr=0.01),
    Adam: dict(lr=0.05),
}
ROSENBROCK_SETTINGS = {
    SGD: (dict(lr=1e-3), 20_000),
    Momentum: (dict(lr=2e-4, momentum=0.9), 20_000),
    Nesterov: (dict(lr=2e-4, momentum=0.9), 20_000),
    AdaGrad: (dict(lr=0.5), 20_000),
    RMSProp: (dict(lr=1e-3, decay_rate=0.9), 20_000),
    Adam: (dict(lr=0.01), 20_000),
}


def _descend(field, opt, start, steps):
    params = {"x": start[0], "y": start[1]}
    for _ in range(steps):
        gx, gy = field.gradient(params["x"], params["y"])
        opt.update(params, {"x": gx, "y": gy})
    return params["x"], params["y"]


@pytest.mark.parametrize("cls", ALL_OPTIMIZERS, ids=lambda c: c.__name__)
def test_converges_on_the_course_valley(cls):
    field = surfaces.valley()
    x, y = _descend(field, cls(**QUADRATIC_SETTINGS[cls]), (-7.0, 2.0), 3000)
    assert math.hypot(x, y) < 1e-2, (x, y)


@pytest.mark.parametrize("cls", ALL_OPTIMIZERS, ids=lambda c: c.__name__)
def test_converges_on_rosenbrock(cls):
    field = surfaces.rosenbrock()
    hyper, steps = ROSENBROCK_SETTINGS[cls]
    x, y = _descend(field, cls(**hyper), (-1.2, 1.0), steps)
    assert math.hypot(x - 1.0, y - 1.0) < 5e-2, (x, y)


# ---------------------------------------------------------------------------------------------
# Conventions and state
# ---------------------------------------------------------------------------------------------
def test_momentum_equals_the_pytorch_form_step_for_step():
    lr, mu = 0.05, 0.8
    rng = np.random.default_rng(0)
    ours = Momentum(lr=lr, momentum=mu)
    w_ours = rng.normal(size=5)
    w_torch = w_ours.copy()
    buf = np.zeros(5)
    params = {"w": w_ours}
    for _ in range(50):
        g = rng.normal(size=5) + 0.3 * w_torch
        ours.update(params, {"w": g.copy()})
        buf = mu * buf + g  # PyTorch: b <- mu b + g ; W <- W - lr b
        w_torch = w_torch - lr * buf
        np.testing.assert_allclose(w_ours, w_torch, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(ours.v["w"], -lr * buf, rtol=1e-12, atol=1e-12)


def test_nesterov_equals_the_pytorch_nesterov_form():
    lr, mu = 0.05, 0.9
    rng = np.random.default_rng(1)
    ours = Nesterov(lr=lr, momentum=mu)
    w = rng.normal(size=4)
    ref = w.copy()
    buf = np.zeros(4)
    params = {"w": w}
    for _ in range(30):
        g = rng.normal(size=4)
        ours.update(params, {"w": g})
        buf = mu * buf + g  # PyTorch nesterov=True: W <- W - lr (g + mu b)
        ref = ref - lr * (g + mu * buf)
        np.testing.assert_allclose(w, ref, rtol=1e-12, atol=1e-12)


def test_adam_bias_correction_recovers_the_gradient_on_the_first_step():
    opt = Adam(lr=0.001, beta1=0.9, beta2=0.999)
    params = {"x": 0.0, "y": np.zeros(3)}
    g = {"x": 3.0, "y": np.array([1.0, -2.0, 0.5])}
    opt.update(params, g)
    assert opt.t == 1
    # raw moments start too small: (1 - beta) times the gradient
    assert opt.m["x"] == pytest.approx(0.1 * 3.0)
    assert opt.v["x"] == pytest.approx(0.001 * 9.0)
    m_hat, v_hat = opt.bias_corrected()
    assert m_hat["x"] == pytest.approx(3.0)
    assert v_hat["x"] == pytest.approx(9.0)
    np.testing.assert_allclose(m_hat["y"], g["y"])
    np.testing.assert_allclose(v_hat["y"], g["y"] ** 2)
    # so the first step has length lr in every coordinate, whatever the gradient's scale
    np.testing.assert_allclose(np.abs(params["y"]), 0.001, rtol=1e-6)


def test_adam_without_bias_correction_would_start_too_slowly():
    # with a constant gradient, m_t = (1 - beta1^t) g exactly: the correction divides it back out
    opt = Adam(lr=0.1, beta1=0.9)
    params = {"x": 0.0}
    for t in range(1, 6):
        opt.update(params, {"x": 1.0})
        assert opt.m["x"] == pytest.approx((1 - 0.9**t) * 1.0)
        assert opt.bias_corrected()[0]["x"] == pytest.approx(1.0)


def test_state_is_a_copy_and_reset_forgets():
    opt = Momentum(lr=0.1)
    params = {"w": np.ones(2)}
    opt.update(params, {"w": np.ones(2)})
    snap = opt.state()
    assert snap.step == 1 and snap.name == "Momentum"
    np.testing.assert_allclose(snap["v"]["w"], -0.1)
    opt.update(params, {"w": np.ones(2)})
    np.testing.assert_allclose(snap["v"]["w"], -0.1)  # the snapshot did not move
    opt.reset()
    assert opt.t == 0 and opt.v == {}


def test_adaGrad_eventually_stops_moving():
    opt = AdaGrad(lr=0.5)
    params = {"x": 5.0}
    steps = []
    for _ in range(2000):
        before = params["x"]
        opt.update(params, {"x": 1.0})  # a constant slope: SGD would keep walking
        steps.append(before - params["x"])
    assert steps[-1] < steps[0] / 40  # step_t = lr / sqrt(t)


# ---------------------------------------------------------------------------------------------
# Bad input: clear errors, nothing changed
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cls", ALL_OPTIMIZERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("lr", [0, -0.1, float("nan"), float("inf"), "0.1", None, True])
def test_bad_learning_rate_is_refused(cls, lr):
    with pytest.raises(ValueError, match="lr"):
        cls(lr=lr)


@pytest.mark.parametrize("cls,kw", [
    (Momentum, "momentum"), (Nesterov, "momentum"), (RMSProp, "decay_rate"), (Adam, "beta1"), (Adam, "beta2"),
])
@pytest.mark.parametrize("value", [-0.1, 1.0, 1.5, float("nan")])
def test_decay_outside_unit_interval_is_refused(cls, kw, value):
    with pytest.raises(ValueError, match=kw):
        cls(**{kw: value})


@pytest.mark.parametrize("cls", [AdaGrad, RMSProp, Adam], ids=lambda c: c.__name__)
def test_eps_must_be_positive(cls):
    with pytest.raises(ValueError, match="eps"):
        cls(eps=0.0)


@pytest.mark.parametrize("cls", ALL_OPTIMIZERS, ids=lambda c: c.__name__)
def test_missing_gradient_entry_names_the_key_and_changes_nothing(cls):
    opt = cls(lr=0.1)
    params = {"x": 1.0, "y": 2.0}
    with pytest.raises(ValueError, match="'y'"):
        opt.update(params, {"x": 1.0})
    assert params == {"x": 1.0, "y": 2.0}
    assert opt.t == 0


@pytest.mark.parametrize("cls", ALL_OPTIMIZERS, ids=lambda c: c.__name__)
def test_misshapen_gradient_names_both_shapes_and_changes_nothing(cls):
    opt = cls(lr=0.1)
    w = np.ones((2, 3))
    params = {"a": 1.0, "W": w}
    with pytest.raises(ValueError, match=r"\(3, 2\).*\(2, 3\)"):
        opt.update(params, {"a": 1.0, "W": np.ones((3, 2))})
    assert params["a"] == 1.0
    np.testing.assert_array_equal(w, 1.0)


def test_scalar_parameter_with_array_gradient_is_refused():
    with pytest.raises(ValueError, match="scalar"):
        SGD(lr=0.1).update({"x": 1.0}, {"x": np.ones(2)})


def test_params_must_be_dicts():
    with pytest.raises(TypeError, match="dict"):
        SGD().update([1.0], [1.0])


def test_integer_arrays_are_refused_instead_of_silently_truncated():
    with pytest.raises(TypeError, match="float"):
        SGD().update({"w": np.array([1, 2])}, {"w": np.array([1, 1])})


def test_repr_shows_hyper_parameters():
    assert repr(Adam(lr=0.3)) == "Adam(lr=0.3, beta1=0.9, beta2=0.999, eps=1e-08)"


@pytest.mark.parametrize("shape,view", [((300, 400), False), ((300, 400), True), ((7,), False)],
                         ids=["large-contiguous", "large-strided-view", "small"])
def test_adam_array_paths_agree_with_the_formula(shape, view):
    """Large arrays take a blocked, cache-friendly path: it must compute exactly the textbook rule."""
    rng = np.random.default_rng(2)
    base = rng.normal(size=(shape[0], shape[1] * 2) if view else shape)
    w = base[:, ::2] if view else base
    w0 = w.copy()
    opt = Adam(lr=0.01, beta1=0.8, beta2=0.99, eps=1e-6)
    m = np.zeros_like(w0)
    v = np.zeros_like(w0)
    ref = w0.copy()
    params = {"w": w}
    for t in range(1, 4):
        g = rng.normal(size=w0.shape)
        opt.update(params, {"w": g})
        m = 0.8 * m + 0.2 * g
        v = 0.99 * v + 0.01 * g**2
        ref = ref - 0.01 * (m / (1 - 0.8**t)) / (np.sqrt(v / (1 - 0.99**t)) + 1e-6)
    assert params["w"] is w
    np.testing.assert_allclose(w, ref, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(opt.m["w"], m, rtol=1e-12, atol=1e-15)
