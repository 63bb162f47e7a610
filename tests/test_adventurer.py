"""Adventurer: the route, divergence as a lesson (flagged, drawn, quiet), bad input."""

import math
import warnings

import numpy as np
import pytest

from optlib import SGD, Adam, Adventurer, Field, Momentum, surfaces


def test_route_has_start_and_one_row_per_step():
    walker = Adventurer(-7.0, 2.0)
    walker.optimize(surfaces.valley(), SGD(lr=0.95), steps=30)
    assert walker.route.shape == (31, 2)
    assert tuple(walker.route[0]) == (-7.0, 2.0)
    assert walker.losses.shape == (31,)
    assert not walker.diverged and walker.diverged_at is None
    # y flips sign every step at lr = 0.95 (the zig-zag): y <- (1 - 2*0.95) y
    assert np.all(np.sign(walker.route[1:, 1]) != np.sign(walker.route[:-1, 1]))


def test_the_slides_tour_runs_as_written():
    def f(x, y):
        return x**2 + y**2

    field = Field(f, (-1, 1), (-1, 1))
    adventurer = Adventurer(-0.5, 0.2)
    adventurer.optimize(field, SGD(lr=0.1))
    route = adventurer.route
    assert route.shape == (31, 2)
    assert math.hypot(*route[-1]) < math.hypot(-0.5, 0.2) * 0.9**29
    field.plot(route=route)


def test_a_blow_up_is_flagged_stops_early_and_is_quiet():
    walker = Adventurer(-1.5, 1.2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning may spill into a page
        walker.optimize(surfaces.bowl(), SGD(lr=5.0), steps=1000)
        ax = surfaces.bowl().plot(route=walker.route)
    assert walker.diverged
    assert 1 <= walker.diverged_at < 1000
    assert len(walker.route) == walker.diverged_at + 1
    assert "diverged" in repr(walker)
    assert len(ax.lines) >= 1


def test_overflow_in_python_floats_counts_as_divergence():
    # x**4 on a huge Python float raises OverflowError instead of giving inf
    field = Field(lambda x, y: x**4 + y**4, (-2, 2), (-2, 2), grad=lambda x, y: (4 * float(x) ** 3, 4 * float(y) ** 3))
    walker = Adventurer(1.5, 1.5)
    walker.optimize(field, SGD(lr=1.0), steps=100)
    assert walker.diverged


class _NoReset:
    """A learner's own SGD: no reset(), so every walk is checked step by step."""

    def __init__(self, lr):
        self.lr = lr

    def update(self, params, grads):
        for k in params:
            params[k] -= self.lr * grads[k]


def _gap_in_the_map(x, y):
    """A height that is not a number for x > 2 (where the slope is still a number): a walk must stop there."""
    return np.where(np.asarray(x) > 2, np.nan, (np.asarray(x) - 3) ** 2 + np.asarray(y) ** 2)


_GAP = Field(_gap_in_the_map, (-4, 4), (-4, 4), grad=lambda x, y: (2 * (x - 3), 2 * y))


@pytest.mark.parametrize("field, start, make, steps", [
    (surfaces.two_minima(), (-2.5, 1.0), lambda: SGD(lr=0.2), 300),
    (surfaces.valley(), (-7.0, 2.0), lambda: Adam(lr=0.3), 200),
    (surfaces.bowl(), (-1.5, 1.2), lambda: SGD(lr=5.0), 1000),            # blows up
    (_GAP, (-3.0, 0.5), lambda: SGD(lr=0.1), 100),                        # reaches a height that is not a number
    (_GAP, (-3.0, 0.5), lambda: Momentum(lr=0.05), 100),
], ids=["two minima", "valley, Adam", "blow-up", "height not a number", "height not a number, momentum"])
def test_a_walk_is_the_same_as_the_walk_checked_step_by_step(field, start, make, steps):
    """optlib's optimizers walk without the height at each step and check the heights afterwards; a
    learner's optimizer (no reset) is checked at every step.  Both give the route the rule defines."""
    noise = 0.3 * np.random.default_rng(1).standard_normal((steps, 2))
    fast = Adventurer(*start).optimize(field, make(), steps=steps, noise=noise)
    lr = make().lr
    step_by_step = Adventurer(*start).optimize(field, _NoReset(lr) if isinstance(make(), SGD) else make(), steps=steps,
                                               noise=lambda step, x, y: noise[step - 1])  # a function: checked at every step
    np.testing.assert_array_equal(fast.route, step_by_step.route)
    np.testing.assert_array_equal(fast.losses, step_by_step.losses)
    assert (fast.diverged, fast.diverged_at) == (step_by_step.diverged, step_by_step.diverged_at)
    if field is _GAP:
        assert fast.diverged and fast.route[-1, 0] > 2 and np.all(fast.route[:-1, 0] <= 2)


def test_every_call_starts_again_and_optimizers_are_reset():
    field, opt = surfaces.valley(), Momentum(lr=0.1)
    a = Adventurer(-7.0, 2.0)
    a.optimize(field, opt, steps=20)
    first = a.route.copy()
    a.optimize(field, opt, steps=20)  # same optimizer object: its velocity is reset
    np.testing.assert_array_equal(a.route, first)


def test_reached_reports_the_first_step_near_a_point():
    walker = Adventurer(-7.0, 2.0)
    walker.optimize(surfaces.valley(), Adam(lr=0.3), steps=200)
    k = walker.reached((0.0, 0.0), tol=0.5)
    assert k is not None and np.hypot(*walker.route[k]) <= 0.5 < np.hypot(*walker.route[k - 1])
    assert Adventurer(5, 5).reached((0, 0)) is None


class ForgetfulSGD:
    """A learner's mistake: builds a new dict instead of changing params in place."""

    def update(self, params, grads):
        params.pop("x")


@pytest.mark.parametrize("bad,err,msg", [
    (("a", 0), ValueError, "starting x"), ((0, float("inf")), ValueError, "starting y"),
])
def test_bad_start_is_refused(bad, err, msg):
    with pytest.raises(err, match=msg):
        Adventurer(*bad)


def test_bad_arguments_to_optimize_are_explained():
    walker = Adventurer(0.0, 0.0)
    with pytest.raises(TypeError, match="update"):
        walker.optimize(surfaces.bowl(), "SGD")
    with pytest.raises(TypeError, match="Field"):
        walker.optimize(lambda x, y: x, SGD())
    with pytest.raises(ValueError, match="steps"):
        walker.optimize(surfaces.bowl(), SGD(), steps=-1)
    with pytest.raises(ValueError, match="in place"):
        walker.optimize(surfaces.bowl(), ForgetfulSGD(), steps=3)
