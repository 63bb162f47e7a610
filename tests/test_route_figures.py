"""Route figures on the published pages, in Chromium with the network cut: the routes the page computes
are optlib's, for any slider value; the sliders move them by keyboard and by mouse; a reload and two
figures on one page work.

For every route figure of every page, 200 random settings (any value of a continuous slider, any
listed value of the others) are given to the figure's model in the page; the routes and the numbers
of the titles that the page computed are read back from the model and compared with what optlib
computes in Python for the same settings (``optlib.routes.walk_spec`` and ``metric_values``), to 1e-9.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from browser_support import HTML, load_page, open_tab, toc_pages, widget_state
from optlib.routes import metric_values, walk_spec

SETTINGS_PER_FIGURE = 200


def _route_pages() -> list[str]:
    pages = []
    for docname in toc_pages():
        path = HTML / f"{docname}.html"
        if path.exists() and any(m.get("model_name") == "AnyModel" for m in widget_state(path.read_text("utf-8")).values()):
            pages.append(docname)
    return pages


def _specs(docname: str) -> list[dict]:
    state = widget_state((HTML / f"{docname}.html").read_text(encoding="utf-8"))
    return [m["state"]["spec"] for m in state.values() if m.get("model_name") == "AnyModel"]


def _settings(spec: dict, rng) -> list[tuple[dict, dict]]:
    """Random slider values: anywhere in a continuous slider's range, any listed value of the others."""
    out = []
    for _ in range(SETTINGS_PER_FIGURE):
        values, indices = {}, {}
        for s in spec["sliders"]:
            if s["listed"]:
                indices[s["name"]] = int(rng.integers(len(s["values"])))
                values[s["name"]] = s["values"][indices[s["name"]]]
            else:
                lo, hi = s["span"]
                if s["integer"]:
                    values[s["name"]] = int(rng.integers(int(lo), int(hi) + 1))
                elif s["log"]:
                    values[s["name"]] = float(np.exp(rng.uniform(np.log(lo), np.log(hi))))
                else:
                    values[s["name"]] = float(rng.uniform(lo, hi))
        out.append((values, indices))
    return out


COMPUTE_JS = """async ([index, settings]) => {
  const root = document.querySelectorAll('.optlib-route')[index];
  const {model, draw} = root.optlib, spec = model.get('spec'), out = [];
  for (const [values, indices] of settings) {
    for (const s of spec.sliders) model.set(s.name, s.listed ? indices[s.name] : values[s.name]);
    await draw();
    const c = model.get('computed');
    out.push({routes: c.routes.map((r, i) => r.slice(0, spec.walkers[i].steps + 1)), diverged: c.diverged,
              metrics: c.metrics, alt: c.alt, title: c.title});
  }
  return out;
}"""


def _same_route(js, py, tol=1e-9) -> bool:
    js = np.array(js, dtype=float).reshape(-1, 2)
    if js.shape != py.shape:
        return False
    with np.errstate(invalid="ignore"):
        return bool(np.all((np.abs(js - py) <= tol * np.maximum(1.0, np.abs(py))) | (np.isinf(js) & (js == py))))


def _same_metrics(got: dict, want: dict, tol=1e-9) -> bool:
    return got.keys() == want.keys() and all(
        (g is None and w is None) or (g is not None and w is not None and abs(g - w) <= tol * max(1.0, abs(w)))
        for g, w in ((got[k], want[k]) for k in want))


@pytest.fixture(scope="module")
def route_pages(build):
    pages = _route_pages()
    assert len(pages) >= 12, f"route figures expected on the lessons of chapters 0-7 in both languages, found {pages}"
    return pages


# the parts of a figure's settings that the routes and the numbers depend on (not its words)
_WORDS = {"title", "alt", "words", "lang", "suptitle", "label"}


def _numbers_of(spec) -> str:
    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in _WORDS}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x
    return json.dumps(strip(spec), sort_keys=True)


def test_every_route_figure_computes_what_optlib_computes(site, browser, route_pages):
    # A figure and its twin in the other language get the same settings, and optlib's answers for
    # them are computed once (the Python side is the slow half of this test).
    expected: dict[str, list] = {}
    for docname in route_pages:
        tab = open_tab(browser, site)
        try:
            load, _ = load_page(tab.page, site, docname)
            specs = _specs(docname)
            tab.page.wait_for_function("n => document.querySelectorAll('.optlib-route[data-drawn]').length >= n",
                                       arg=len(specs))
            for index, spec in enumerate(tab.page.evaluate(
                    "() => [...document.querySelectorAll('.optlib-route')].map(r => r.optlib.model.get('spec'))")):
                key = _numbers_of(spec)
                if key not in expected:
                    settings = _settings(spec, np.random.default_rng([20261205, len(expected)]))
                    expected[key] = [(values, indices, walk_spec(spec, values, indices)) for values, indices in settings]
                answers = expected[key]
                got = tab.page.evaluate(COMPUTE_JS, [index, [(values, indices) for values, indices, _ in answers]])
                for (values, indices, walkers), page in zip(answers, got):
                    for k, w in enumerate(walkers):
                        drawn = w.route[: spec["walkers"][k]["steps"] + 1]
                        assert _same_route(page["routes"][k], drawn), (docname, index, k, values)
                        assert page["diverged"][k] == w.diverged_at, (docname, index, k, values)
                    want = metric_values(spec, walkers, values, indices)
                    assert _same_metrics(page["metrics"], want), (docname, index, values, page["metrics"], want)
                    for text in (page["alt"], page["title"]):
                        assert "{" not in text and "}" not in text and "undefined" not in text and "NaN" not in text
            assert not load and not tab.problems and not tab.blocked, (docname, load, tab.problems, tab.blocked)
        finally:
            tab.close()


def _canvas(page, index):
    return page.evaluate("i => document.querySelectorAll('.optlib-route canvas')[i].toDataURL()", index)


def _drawn(page, index):
    return int(page.evaluate("i => document.querySelectorAll('.optlib-route')[i].dataset.drawn", index))


def _wait_drawn(page, index: int, count: int, where) -> None:
    """Wait until route figure ``index`` has drawn more than ``count`` times (the figure counts)."""
    try:
        page.wait_for_function("([i, c]) => +document.querySelectorAll('.optlib-route')[i].dataset.drawn > c",
                               arg=[index, count], timeout=10_000)
    except Exception:
        pytest.fail(f"the figure did not redraw: {where}", pytrace=False)


def test_sliders_move_the_routes_by_keyboard_and_by_mouse_and_figures_stay_apart(site, browser, route_pages):
    for docname in route_pages:
        tab = open_tab(browser, site)
        page = tab.page
        try:
            load_page(page, site, docname)
            n = len(_specs(docname))
            page.wait_for_function("n => document.querySelectorAll('.optlib-route[data-drawn]').length >= n", arg=n)
            figures = page.locator(".optlib-route-figure")
            for index in range(n):
                figure = figures.nth(index)
                handle = figure.locator(".optlib-route-slider [role=slider], .optlib-route-slider .noUi-handle").first
                before, count = _canvas(page, index), _drawn(page, index)
                others = [_drawn(page, j) for j in range(n) if j != index]
                handle.focus()
                # the far end of the range (a value no list holds, most often), whichever end it is not at
                key = "Home" if handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax") else "End"
                page.keyboard.press(key)
                _wait_drawn(page, index, count, (docname, index, key, handle.get_attribute("aria-valuenow")))
                assert _canvas(page, index) != before, (docname, index, "the keyboard moved nothing")
                assert [_drawn(page, j) for j in range(n) if j != index] == others, "another figure redrew"
                # by mouse: a click near the start of the slider's track
                track = figure.locator(".optlib-route-slider .slider-container, .optlib-route-slider .widget-slider").first
                box = track.bounding_box()
                count, before = _drawn(page, index), _canvas(page, index)
                page.mouse.click(box["x"] + box["width"] * 0.15, box["y"] + box["height"] / 2)
                _wait_drawn(page, index, count, (docname, index, "click", handle.get_attribute("aria-valuenow")))
                assert _canvas(page, index) != before, (docname, index, "the mouse moved nothing")
                label = page.evaluate("i => document.querySelectorAll('.optlib-route canvas')[i].getAttribute('aria-label')",
                                      index)
                assert label and "{" not in label
            assert not tab.problems and not tab.blocked, (docname, tab.problems, tab.blocked)
        finally:
            tab.close()


def test_a_page_reloaded_from_the_cache_draws_its_routes_again(site, browser, route_pages):
    tab = open_tab(browser, site)
    page = tab.page
    try:
        docname = route_pages[0]
        load_page(page, site, docname)
        n = len(_specs(docname))
        page.wait_for_function("n => document.querySelectorAll('.optlib-route[data-drawn]').length >= n", arg=n)
        first = _canvas(page, 0)
        page.reload(wait_until="load")
        page.wait_for_function("n => document.querySelectorAll('.optlib-route[data-drawn]').length >= n", arg=n)
        assert _canvas(page, 0) == first
        assert not tab.problems and not tab.blocked
    finally:
        tab.close()


def test_the_summary_follows_the_slider_in_the_pages_language(site, browser, route_pages):
    for docname in (p for p in route_pages if p.startswith("book/ja/00") or p.startswith("book/en/00")):
        tab = open_tab(browser, site)
        page = tab.page
        try:
            load_page(page, site, docname)
            page.wait_for_selector(".optlib-route[data-drawn]")
            summary = page.locator(".optlib-route-summary").first
            page.locator(".optlib-route-mark").last.click()  # the last listed learning rate: 1.05, diverging
            page.wait_for_function("() => document.querySelector('.optlib-route-summary').textContent.includes('1.05')")
            text = summary.text_content()
            assert summary.get_attribute("aria-live") == "polite"
            assert bool(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text)) == docname.startswith("book/ja/"), text
        finally:
            tab.close()
