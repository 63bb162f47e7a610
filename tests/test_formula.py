"""Formulas written once: the exact gradient optlib derives, and the JavaScript printout that the
reader's browser runs, computing the same numbers as Python."""

import json
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from optlib import Field, surfaces
from optlib.formula import Formula

FORMULAS = [
    Formula("x**2/20 + y**2"),
    Formula("a*x**2 + y**2", a=0.05),
    Formula("(a - x)**2 + b*(y - x**2)**2", a=1.0, b=100.0),
    surfaces.two_minima().formula,
    surfaces.turned_valley(30).formula,
    Formula("sqrt(1 + x**2 + y**2) + log(2 + sin(x)*cos(y)) + tanh(x*y) + abs(x - 0.3)"),
    Formula("x**3 - 3*x*y**2 + exp(-(x**2 + y**2)/c)", c=2.0),
    Formula("(1 + x**2)**1.5 + 2**y + x/(1 + y**2)"),
]
POINTS = np.random.default_rng(0).uniform(-2, 2, size=(25, 2))


@pytest.mark.parametrize("formula", FORMULAS, ids=repr)
def test_the_gradient_is_the_exact_derivative(formula):
    for x, y in POINTS:
        gx, gy = formula.gradient(x, y)
        h = 1e-6
        nx = (formula.value(x + h, y) - formula.value(x - h, y)) / (2 * h)
        ny = (formula.value(x, y + h) - formula.value(x, y - h)) / (2 * h)
        assert gx == pytest.approx(nx, rel=1e-6, abs=1e-6) and gy == pytest.approx(ny, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize("formula", FORMULAS, ids=repr)
def test_values_and_gradients_work_on_arrays_as_on_numbers(formula):
    xs, ys = POINTS[:, 0], POINTS[:, 1]
    z = formula.value(xs, ys)
    gx, gy = (np.broadcast_to(g, xs.shape) for g in formula.gradient(xs, ys))
    for i, (x, y) in enumerate(POINTS):
        assert z[i] == formula.value(x, y) and (gx[i], gy[i]) == tuple(formula.gradient(x, y))


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is needed to run the JavaScript printout")
def test_the_browser_computes_what_python_computes():
    cases = []
    for formula in FORMULAS:
        js = formula.javascript()
        cases.append({"code": [js.value, js.dx, js.dy], "params": formula.params})
    js = Path(__file__).resolve().parents[1] / "optlib" / "route_figure.js"  # the browser's exp
    script = ("const {exp} = await import(process.argv[1]);"
              "const cases = JSON.parse(process.argv[2]); const pts = JSON.parse(process.argv[3]);"
              "console.log(JSON.stringify(cases.map(c => { const fs = c.code.map(e => new Function('x', 'y', 'p', 'exp',"
              " 'return ' + e)); return pts.map(([x, y]) => fs.map(f => f(x, y, c.params, exp))); })));")
    out = subprocess.run(["node", "--input-type=module", "-e", script, js.as_uri(), json.dumps(cases),
                          json.dumps(POINTS.tolist())], capture_output=True, text=True, check=True).stdout
    for formula, rows in zip(FORMULAS, json.loads(out)):
        exact = all(fn not in formula.text for fn in ("log", "sin", "cos", "tanh", "**1.5", "2**"))
        for (x, y), (z, gx, gy) in zip(POINTS, rows):
            want = (formula.value(x, y), *formula.gradient(x, y))
            if exact:  # + - * / and whole powers: bit for bit
                assert (z, gx, gy) == tuple(float(w) for w in want), formula
            else:  # the browser's log, sin, pow may differ from NumPy's in the last digit
                assert (z, gx, gy) == pytest.approx([float(w) for w in want], rel=1e-14, abs=1e-15), formula


def test_the_surfaces_keep_their_slopes():
    valley = surfaces.valley()
    assert valley.gradient(-7.0, 2.0) == pytest.approx((-0.7, 4.0), rel=1e-15)
    assert surfaces.bowl(c=2).gradient(1.0, -0.5) == (4.0, -2.0)
    assert surfaces.rosenbrock().gradient(1.0, 1.0) == (0.0, 0.0)
    turned = surfaces.turned_valley(90)
    # turned by 90°, the point (3, 0) of the valley is at (0, 3), and its slope (0.3, 0) turns to (0, 0.3)
    assert turned.gradient(0.0, 3.0) == pytest.approx((0.0, valley.gradient(3.0, 0.0)[0]), abs=1e-15)
    assert surfaces.two_minima().minimum == pytest.approx((1.4525, 0.0), abs=1e-3)


@pytest.mark.parametrize("text,match", [
    ("x^2 + y^2", "XOR"), ("x**2 + z", "'z', which is not x or y"), ("np.exp(x)", "exp"),
    ("x if y else 1", "cannot read"), ("", "text"), ("x +", "not a Python expression"), ("x % 2", "operator"),
])
def test_a_formula_optlib_cannot_read_says_why(text, match):
    with pytest.raises(ValueError, match=match):
        Formula(text)


def test_parameters_are_checked_and_can_change():
    with pytest.raises(ValueError, match="parameter a"):
        Formula("a*x", a="big")
    f = Formula("a*x**2 + y**2", a=1.0)
    assert f.with_params(a=3.0).value(1.0, 0.0) == 3.0 and f.value(1.0, 0.0) == 1.0
    with pytest.raises(ValueError, match="no parameter 'b'"):
        f.with_params(b=1.0)


def test_a_field_from_a_formula_keeps_it():
    field = Field.from_formula("x**2/20 + y**2", (-10, 10), (-5, 5))
    assert field.formula.text == "x**2/20 + y**2" and field(2.0, 1.0) == pytest.approx(1.2)
    assert math.isclose(field.gradient(-7.0, 2.0)[0], -0.7)


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is needed to run the JavaScript")
def test_optlibs_exp_is_the_same_in_the_browser_bit_for_bit_and_close_to_the_true_value():
    from optlib.formula import exp

    zs = np.concatenate([np.random.default_rng(1).uniform(-60, 60, 3000), [0.0, -0.0, 1.0, -700.0, 709.7, 1e-300]])
    js = Path(__file__).resolve().parents[1] / "optlib" / "route_figure.js"
    script = ("const m = await import(process.argv[1]); const zs = JSON.parse(process.argv[2]);"
              "console.log(JSON.stringify(zs.map(z => m.exp(z))));")
    out = json.loads(subprocess.run(["node", "--input-type=module", "-e", script, js.as_uri(), json.dumps(zs.tolist())],
                                    capture_output=True, text=True, check=True).stdout)
    assert [float(v) for v in out] == [exp(float(z)) for z in zs] == exp(zs).tolist()
    assert np.allclose(exp(zs), np.exp(zs), rtol=4e-16, atol=0)
