"""Route figures: what the browser computes (route_figure.js, run here by Node.js) is what optlib
computes, and the figure is built as the page needs it."""

import json
import shutil
import subprocess
from pathlib import Path

import ipywidgets as W
import numpy as np
import pytest

from optlib import SGD, AdaGrad, Adam, Momentum, Nesterov, RMSProp, surfaces
from optlib.routes import AffineNoise, MapPanel, Metric, RouteFigure, SeriesPanel, Walker, metric_values, walk_spec
from optlib.widgets import Param

JS = Path(__file__).resolve().parents[1] / "optlib" / "route_figure.js"
node = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js runs the browser's computation")

RUNNER = """
const mod = await import(process.argv[1]);
const spec = JSON.parse(await new Promise(r => { let s = ""; process.stdin.on("data", d => s += d); process.stdin.on("end", () => r(s)); }));
const out = spec.cases.map(([values, indices]) => {
  const c = mod.compute(spec.spec, values, indices);
  const metrics = {};
  for (const [k, m] of Object.entries(spec.spec.metrics)) {
    const w = m.walker === null ? c.walkers.find(w => w.shown) : c.walkers[m.walker];
    metrics[k] = m.kind === "count" ? mod.count(m, c.walkers, c.field, w.steps) : mod.metric(m, w, c.field, w.steps);
  }
  return {walkers: c.walkers.map(w => ({route: w.route, diverged: w.diverged, shown: w.shown})), metrics};
});
console.log(JSON.stringify(out));
"""


def browser_compute(fig: RouteFigure, cases):
    """Run route_figure.js's computation in Node.js for [(values, indices), ...]."""
    payload = json.dumps({"spec": fig.figure.spec, "cases": cases})
    proc = subprocess.run(["node", "--input-type=module", "-e", RUNNER, JS.as_uri()], input=payload,
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def same_metrics(got: dict, want: dict, tol=1e-9) -> bool:
    """The browser's metrics equal optlib's: the same steps, numbers to ``tol`` (relative)."""
    return got.keys() == want.keys() and all(
        (g is None and w is None) or (g is not None and w is not None and abs(g - w) <= tol * max(1.0, abs(w)))
        for g, w in ((got[k], want[k]) for k in want))


def _same(js_route, py_route, tol=1e-9):
    js = np.array(js_route, dtype=float)
    assert js.shape == py_route.shape
    scale = np.maximum(1.0, np.abs(py_route))
    with np.errstate(invalid="ignore"):
        return bool(np.all((np.abs(js - py_route) <= tol * scale) | (np.isinf(js) & (js == py_route))))


SETTINGS = {SGD: {"lr": (0.01, 1.2)}, Momentum: {"lr": (0.01, 0.6), "momentum": (0.0, 0.99)},
            Nesterov: {"lr": (0.01, 0.6), "momentum": (0.0, 0.99)}, AdaGrad: {"lr": (0.05, 4.0)},
            RMSProp: {"lr": (0.01, 1.0), "decay_rate": (0.0, 0.999)},
            Adam: {"lr": (0.01, 1.0), "beta1": (0.0, 0.99), "beta2": (0.5, 0.9999)}}


@node
@pytest.mark.parametrize("cls", list(SETTINGS), ids=lambda c: c.__name__)
@pytest.mark.parametrize("make", [surfaces.valley, surfaces.rosenbrock, surfaces.two_minima,
                                  lambda: surfaces.turned_valley(30)], ids=["valley", "rosenbrock", "two_minima",
                                                                            "turned"])
def test_the_browser_walks_as_optlib_walks(cls, make):
    ranges = SETTINGS[cls]
    sliders = [Param(name, [lo, hi], initial=lo) for name, (lo, hi) in ranges.items()]
    field = make()
    start = (-1.2, 1.0) if field.name == "Rosenbrock" else (-2.5, 1.0) if field.name == "two minima" else (-7.0, 2.0)
    fig = RouteFigure(field, [Walker(cls, start=start, steps=60, **{n: n for n in ranges})], sliders=sliders,
                      metrics={"r": Metric("reached", horizon=300), "s": Metric("settled", horizon=300),
                               "d": Metric("diverged", horizon=300), "m": Metric("mean", series="loss", last=20),
                               "c": Metric("count", series="x", above=0.0), "l": Metric("stride_y")}, alt="x")
    rng = np.random.default_rng(hash(cls.__name__) % 2**32)
    cases = [[{n: float(rng.uniform(lo, hi)) for n, (lo, hi) in ranges.items()}, {}] for _ in range(40)]
    for (values, _), got in zip(cases, browser_compute(fig, cases)):
        walker = fig.compute(**values)[0]
        assert _same(got["walkers"][0]["route"], walker.route), values
        assert got["walkers"][0]["diverged"] == walker.diverged_at
        want = metric_values(fig.figure.spec, walk_spec(fig.figure.spec, values, {}), values, {})
        assert same_metrics(got["metrics"], want), (values, got["metrics"], want)


@node
def test_noise_from_python_and_listed_fields_are_walked_as_optlib_walks():
    z = np.random.default_rng(0).standard_normal((300, 2))
    A = np.random.default_rng(1).normal(0, 0.3, (60, 2, 2))
    b = np.random.default_rng(2).normal(0, 0.3, (60, 2))
    fig = RouteFigure(
        lambda a: surfaces.valley(a),
        [Walker(SGD, start=(-7, 2), steps=300, lr="lr", noise=z, noise_scale="noise"),
         Walker(Momentum, start=(-7, 2), steps=60, lr=("lr", 0.5), momentum=0.8, noise=AffineNoise(A, b)),
         Walker(Adam, start=lambda a: (-7 * a / 0.05, 2.0), steps=60, lr="lr", shown_when=("a", 1))],
        sliders=[Param("lr", [0.1, 0.9]), Param("noise", [0.0, 2.0]), Param("a", [0.05, 0.2, 0.5], continuous=False)],
        alt="x")
    rng = np.random.default_rng(3)
    cases = []
    for _ in range(60):
        i = int(rng.integers(3))
        cases.append([{"lr": float(rng.uniform(0.1, 0.9)), "noise": float(rng.uniform(0, 2)), "a": [0.05, 0.2, 0.5][i]},
                      {"a": i}])
    for (values, indices), got in zip(cases, browser_compute(fig, cases)):
        from_spec = walk_spec(fig.figure.spec, values, indices)  # what the browser tests compare with
        for k, walker in enumerate(fig.compute(**values)):
            assert _same(got["walkers"][k]["route"], walker.route), (k, values)
            assert np.array_equal(from_spec[k].route, walker.route)
        assert [w["shown"] for w in got["walkers"]] == [True, True, indices["a"] == 1]


def test_the_figure_is_sliders_linked_to_the_widget():
    fig = RouteFigure(surfaces.valley(), [Walker(SGD, lr="lr")],
                      sliders=[Param("lr", [0.1, 0.5, 0.95], initial=0.95, span=(0.05, 1.1), label="η"),
                               Param("a", [1, 2], continuous=False)], alt="SGD, η = {lr}")
    lr, a = fig.sliders
    assert isinstance(lr, W.FloatSlider) and (lr.min, lr.max, lr.value) == (0.05, 1.1, 0.95) and lr.description == "η"
    assert isinstance(a, W.SelectionSlider)
    assert [(l.source[1], l.target[1]) for l in fig.links] == [("value", "lr"), ("index", "a")]
    assert fig.figure.lr == 0.95 and fig.figure.a == 0 and fig.figure._esm == JS.read_text(encoding="utf-8")
    spec = fig.figure.spec
    assert spec["sliders"][0]["marks"] == [0.1, 0.5, 0.95] and spec["sliders"][1]["listed"]
    assert len(spec["backgrounds"]) == 2 and all(v.startswith("data:image/png;base64,") for v in spec["backgrounds"].values())
    x0, y0, x1, y1 = spec["panels"][0]["box"]
    assert 0 < x0 < x1 <= spec["width"] and 0 < y0 < y1 <= spec["height"]
    assert (x1 - x0) / (y1 - y0) == pytest.approx(2.0, rel=0.02)  # the valley's map has equal scales: 20 by 10


@pytest.mark.parametrize("kwargs,match", [
    (dict(walkers=[]), "at least one Walker"),
    (dict(alt=None), "alternative text"),
    (dict(walkers=[Walker(SGD, lr="eta")]), "slider 'eta'"),
    (dict(field=surfaces.Field(lambda x, y: x * x + y * y, (-1, 1), (-1, 1))), "formula"),
    (dict(alt="SGD at {eta}"), "field {eta}"),
    (dict(title="{lr:.3e}"), "field {lr:.3e}"),
    (dict(walkers=[Walker(SGD, lr="lr", label="SGD {momentum}")]), "field {momentum}"),
])
def test_a_figure_that_cannot_work_says_why(kwargs, match):
    args = dict(field=surfaces.valley(), walkers=[Walker(SGD, lr="lr")], sliders=[Param("lr", [0.1, 0.5])], alt="x")
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        RouteFigure(args.pop("field"), args.pop("walkers"), **args)


def test_walkers_only_take_optlibs_optimizers():
    with pytest.raises(ValueError, match="one of optlib's"):
        Walker(object)


@node
def test_texts_are_formatted_as_python_formats_them():
    values = [0.95, 1.0, 0.1, 123456.0, 1234567.0, 0.00012, 1e-5, 2.5, -0.0, 0.1 + 0.2, 1 / 3, 43.0, 7]
    fmts = ["g", ".3g", ".2g", ".2f", ".0%", "d"]
    script = ("const m = await import(process.argv[1]); const [vs, fs] = JSON.parse(process.argv[2]);"
              "console.log(JSON.stringify(vs.map(v => fs.map(f => m.fill(`{v:${f}}`, {v})))));")
    out = json.loads(subprocess.run(["node", "--input-type=module", "-e", script, JS.as_uri(),
                                     json.dumps([values, fmts])], capture_output=True, text=True, check=True).stdout)
    for v, row in zip(values, out):
        want = [format(v, f) for f in fmts[:-1]] + [format(int(v), "d") if float(v).is_integer() else row[-1]]
        assert row == want, v
