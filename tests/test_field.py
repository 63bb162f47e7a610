"""Field: values, gradients (analytic and numerical), minimum, plots, bad input."""

import warnings

import numpy as np
import pytest

from optlib import Field, surfaces


def test_scalars_give_floats_and_arrays_give_arrays():
    field = surfaces.valley()
    assert field(-7.0, 2.0) == pytest.approx(49 / 20 + 4)
    X, Y = np.meshgrid(np.linspace(-1, 1, 3), np.linspace(-1, 1, 4))
    assert field(X, Y).shape == (4, 3)


@pytest.mark.parametrize("make", [surfaces.valley, surfaces.bowl, surfaces.rosenbrock, surfaces.two_minima])
def test_analytic_gradients_agree_with_central_differences(make):
    exact = make()
    numeric = Field(exact.f, exact.xrange, exact.yrange)
    rng = np.random.default_rng(0)
    for x, y in rng.uniform(-1.5, 1.5, size=(20, 2)):
        np.testing.assert_allclose(numeric.gradient(x, y), exact.gradient(x, y), rtol=1e-6, atol=1e-6)


def test_numerical_gradient_on_arrays():
    field = Field(lambda x, y: x**2 + 3 * y, (-1, 1), (-1, 1))
    gx, gy = field.gradient(np.array([0.5, -1.0]), np.array([0.0, 2.0]))
    np.testing.assert_allclose(gx, [1.0, -2.0], rtol=1e-6)
    np.testing.assert_allclose(gy, [3.0, 3.0], rtol=1e-6)


def test_minimum_is_found_on_a_grid_when_not_given():
    field = Field(lambda x, y: (x - 0.3) ** 2 + (y + 0.2) ** 2, (-1, 1), (-1, 1))
    assert field.minimum == pytest.approx((0.3, -0.2), abs=0.01)
    assert surfaces.rosenbrock().minimum == (1.0, 1.0)


def test_two_minima_has_a_shallow_local_and_a_deeper_global_minimum():
    field = surfaces.two_minima()
    lx, ly = surfaces.TWO_MINIMA_LOCAL
    gx, gy = field.gradient(lx, ly)
    assert abs(gx) < 1e-3 and abs(gy) < 1e-3  # a stationary point
    assert field(*field.minimum) < field(lx, ly) - 0.5  # clearly deeper
    assert field.minimum[0] > 1.0


@pytest.mark.parametrize("rng,msg", [((1, -1), "reversed"), ((0, 0), "empty"), ((0,), "pair"),
                                      ((0, float("nan")), "finite"), ("ab", "finite"), (None, "pair")])
def test_bad_ranges_are_refused(rng, msg):
    with pytest.raises(ValueError, match=msg):
        Field(lambda x, y: x, rng, (0, 1))


def test_non_callable_f_is_refused():
    with pytest.raises(TypeError, match="f must be a function"):
        Field("x**2 + y**2", (-1, 1), (-1, 1))
    with pytest.raises(TypeError, match="grad must be a function"):
        Field(lambda x, y: x, (-1, 1), (-1, 1), grad=3)


def test_grad_returning_one_value_is_explained():
    field = Field(lambda x, y: x + y, (-1, 1), (-1, 1), grad=lambda x, y: 1.0)
    with pytest.raises(ValueError, match="pair"):
        field.gradient(0.0, 0.0)


def test_plot_draws_contours_route_arrows_and_minimum_without_warnings():
    field = surfaces.valley()
    route = np.array([[-7, 2], [-6, -1.5], [-5, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = field.plot(route=route, arrows=True, label="SGD")
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "SGD" in labels and "minimum" in labels
    assert len(ax.collections) >= 2  # filled contours and arrows
    line = [l for l in ax.lines if l.get_label() == "SGD"][0]
    np.testing.assert_allclose(line.get_xydata(), route)


def test_plot_several_routes_differ_in_marker_and_linestyle():
    field = surfaces.bowl()
    ax = field.plot(routes=[np.zeros((2, 2)), np.ones((2, 2))], labels=["a", "b"])
    a, b = (next(l for l in ax.lines if l.get_label() == k) for k in "ab")
    assert a.get_marker() != b.get_marker() and a.get_linestyle() != b.get_linestyle()
    with pytest.raises(ValueError, match="labels"):
        field.plot(routes=[np.zeros((2, 2))], labels=["a", "b"])


def test_plot3d_and_japanese_labels():
    field = surfaces.valley()
    ax = field.plot3d(route=np.array([[-7, 2], [-6, 1]]), lang="ja")
    assert ax.get_zlabel() == "損失"
    ax2 = field.plot(lang="ja")
    assert "最小点" in [t.get_text() for t in ax2.get_legend().get_texts()]


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang"):
        surfaces.bowl().plot(lang="fr")


def test_axis_names_can_be_the_parameters_names():
    ax = surfaces.bowl().plot(xlabel="a", ylabel="b")
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("a", "b")
