"""The built site as a reader gets it, in a real Chromium, with no network but the site itself.

The site built by the session's ``build`` fixture (conftest.py) is served from ``_build/html`` on
127.0.0.1 (a free port); every request to anywhere else is blocked and counted as a failure.  Every
page of ``_toc.yml`` (both languages, and the landing page) is opened once, in a fresh browser
context (a first visit: no cache, no stored settings), and checked for:

- a clean load: no failed request, no HTTP error, no console error, no request leaving the site;
- its sliders: each one, moved with the keyboard and with the mouse, switches the figure it
  controls, and moving it back brings the first frame back; each is named by its label and
  announces the value its readout shows;
- its formulas: every one typeset by MathJax (no error, no raw ``$$`` left in the text);
- its language link: it leads to the twin page, whose ``<html lang>`` is the other language;
- its figures: alternative text in the page's language (the frames of every slider too);
- axe-core (from npm, injected into the page): no serious or critical violation.

Every page is opened a second time in the reader's dark colour scheme (the theme follows it): a
screenshot beside the light one (``<page>.dark.png``), axe-core again (colour contrast included),
and no dark text on a dark background anywhere (slider readouts, exercise messages, code; figures
keep their light background).

The search tests search from a Japanese and an English page, as a reader does: the search page
speaks the page's language and lists its results first.  The offline tests unpack the site's zip
and open it from ``file://``: pages, formulas, sliders and search.

A full-page screenshot of every page goes to ``_build/browser/screenshots/`` and the figures
(pages, sliders, page weights) to ``_build/browser/report.json``; the terminal summary repeats
them.  The search tests type queries into the site's search page and look for the chapter that
teaches the term.

Chromium is Debian's (``scripts/setup.sh --system`` installs it); Playwright drives it through
``executable_path`` (set OPTCOURSE_CHROMIUM to use another binary).
"""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
import time
import zipfile
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import pytest

from browser_support import (HTML, ROOT, load_page, open_tab, page_language, page_weight,
                             slider_figures, toc_pages, twin, widget_state)

OUT = ROOT / "_build" / "browser"
SHOTS = OUT / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# CONTRIBUTING.md: a page stays under 2 MB in all, as a web server sends it (gzip); reported here,
# measured against its budget by bench/run.py (a budget is not a test)
PAGE_BUDGET = 2_000_000


PAGES = toc_pages()


# ---------------------------------------------------------------------------------------------
# what the static HTML promises: slider figures (from the saved widget state) and figure alt texts
# ---------------------------------------------------------------------------------------------
def frame_alts(text: str) -> list[str]:
    """The alternative text of every frame of every slider figure (shown or not)."""
    alts = []
    for model in widget_state(text).values():
        if model.get("model_name") == "HTMLModel":
            for tag in re.findall(r"<img\b[^>]*>", model["state"].get("value", "")):
                if 'role="presentation"' in tag:
                    continue  # the background the frames are laid over: decorative
                m = re.search(r'\balt="([^"]*)"', tag)
                alts.append(html_lib.unescape(m.group(1)) if m else "")
    return alts


KANA = re.compile(r"[\u3040-\u30ff]")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def alt_language_problem(alt: str, lang: str) -> str | None:
    if not alt.strip():
        return "empty alternative text"
    if lang == "ja" and not JAPANESE.search(alt):
        return f"alternative text not in Japanese: {alt[:80]!r}"
    if lang == "en" and (KANA.search(alt) or not re.search(r"[A-Za-z]{3}", alt)):
        return f"alternative text not in English: {alt[:80]!r}"
    return None


# ---------------------------------------------------------------------------------------------
# scripts run in the page
# ---------------------------------------------------------------------------------------------
MATH_JS = """() => {
  const math = [...document.querySelectorAll('.math')];
  const untypeset = math.filter((m) => !m.querySelector('mjx-container')).map((m) => m.textContent.slice(0, 80));
  const errors = [...document.querySelectorAll('mjx-merror')].map((e) => e.getAttribute('data-mjx-error') || e.textContent);
  // text a reader sees (code blocks may legitimately show $$)
  const clone = document.querySelector('main') ? document.querySelector('main').cloneNode(true) : document.body.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, textarea, mjx-container, .highlight').forEach((e) => e.remove());
  const text = clone.textContent;
  const raw = [];
  for (const pat of ['$$', '\\\\[', '\\\\(', '\\\\begin{']) if (text.includes(pat)) raw.push(pat);
  return {count: math.length, typeset: document.querySelectorAll('mjx-container').length, untypeset, errors, raw};
}"""

# one number for the frame a slider figure shows: a hash of the visible image (src and alt), or for a
# route figure (drawn in the browser) of its canvas's pixels and its text
FRAME_JS = """(fig) => {
  const hash = (s) => {
    let h = 2166136261;
    for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
    return (h >>> 0).toString(16) + ':' + s.length;
  };
  const route = fig.querySelector('.optlib-route');
  if (route) {
    const canvas = route.querySelector('canvas');
    if (!canvas || !route.dataset.drawn) return 'visible images: 0';
    return hash(canvas.toDataURL()) + ':' + canvas.getAttribute('aria-label');
  }
  // the frame on show (the background it is laid over is decorative and never changes)
  const imgs = [...fig.querySelectorAll('img')].filter((im) => im.checkVisibility() && im.getAttribute('role') !== 'presentation');
  if (imgs.length !== 1) return 'visible images: ' + imgs.length;
  return hash(imgs[0].currentSrc || imgs[0].src) + ':' + imgs[0].alt;
}"""

HANDLE_JS = """(h) => {
  const box = h.closest('.widget-slider');
  const label = box && box.querySelector('label.widget-label');
  const readout = box && box.querySelector('.widget-readout');
  const ids = (h.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
  const name = h.getAttribute('aria-label') ||
    ids.map((id) => (document.getElementById(id) || {textContent: ''}).textContent).join(' ').trim();
  return {
    name, label: label ? label.textContent.trim() : '', valuetext: h.getAttribute('aria-valuetext'),
    readout: readout ? readout.textContent.trim() : '', now: parseFloat(h.getAttribute('aria-valuenow')),
    min: parseFloat(h.getAttribute('aria-valuemin')), max: parseFloat(h.getAttribute('aria-valuemax')),
    tabIndex: h.tabIndex,
  };
}"""

# the figures of the page's content (the theme's own icons, e.g. the launch buttons', are not figures)
IMAGES_JS = """() => [...document.querySelectorAll('article.bd-article img, .bd-article img')].map((im) => ({
  src: (im.getAttribute('src') || '').slice(0, 60), alt: im.getAttribute('alt'),
  lang: (im.closest('[lang]') || document.documentElement).getAttribute('lang'),
  decorative: im.getAttribute('role') === 'presentation' || im.closest('[aria-hidden=true]') !== null,
}))"""

AXE_JS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ': ' + n.html.slice(0, 160))}));
}"""


# ---------------------------------------------------------------------------------------------
# one visit per page, everything checked on the way; the tests below read the results
# ---------------------------------------------------------------------------------------------
@dataclass
class Visit:
    page: str
    load: list[str] = field(default_factory=list)
    sliders: list[str] = field(default_factory=list)
    sliders_checked: int = 0
    math: list[str] = field(default_factory=list)
    formulas: int = 0
    language: list[str] = field(default_factory=list)
    alt: list[str] = field(default_factory=list)
    axe: list[dict] = field(default_factory=list)
    axe_error: str | None = None
    weight: dict = field(default_factory=dict)
    seconds: float = 0.0


def _wait_frame(page, fig, frame, *, same: bool) -> bool:
    try:
        page.wait_for_function(f"([fig, f]) => ({FRAME_JS})(fig) {'===' if same else '!=='} f", arg=[fig, frame],
                               timeout=5_000, polling="raf")
        return True
    except Exception:
        return False


def _check_slider(page, fig, handle, where: str) -> list[str]:
    problems = []
    info = handle.evaluate(HANDLE_JS)
    if not info["label"]:
        problems.append(f"{where}: the slider has no visible label")
    if not info["name"] or info["name"] != info["label"]:
        problems.append(f"{where}: the slider is not named by its label (name {info['name']!r}, label {info['label']!r})")
    if info["readout"] and info["valuetext"] != info["readout"]:
        problems.append(f"{where}: aria-valuetext {info['valuetext']!r} is not the value shown ({info['readout']!r})")
    if info["tabIndex"] < 0:
        problems.append(f"{where}: the slider cannot be reached with the Tab key")
    if info["max"] <= info["min"]:
        return problems + [f"{where}: the slider has a single value"]
    forward = info["now"] < info["max"]
    first = fig.evaluate(FRAME_JS)
    if first.startswith("visible images"):
        return problems + [f"{where}: {first} in the figure"]

    # keyboard
    handle.focus()
    if not handle.evaluate("(h) => document.activeElement === h"):
        problems.append(f"{where}: the slider does not take the keyboard focus")
    there, back = ("ArrowRight", "ArrowLeft") if forward else ("ArrowLeft", "ArrowRight")
    page.keyboard.press(there)
    if not _wait_frame(page, fig, first, same=False):
        problems.append(f"{where}: {there} did not change the figure")
    page.keyboard.press(back)
    if not _wait_frame(page, fig, first, same=True):
        problems.append(f"{where}: {back} did not bring the first frame back")

    # mouse: drag the handle to the far end of the track, then back to where it was
    handle.scroll_into_view_if_needed()
    track = handle.evaluate_handle("(h) => h.closest('.noUi-base') || h.closest('.slider')").as_element()
    hb, tb = handle.bounding_box(), track.bounding_box()
    x0, y = hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2
    end = tb["x"] + tb["width"] + 20 if forward else tb["x"] - 20
    page.mouse.move(x0, y)
    page.mouse.down()
    page.mouse.move(end, y, steps=8)
    page.mouse.up()
    if not _wait_frame(page, fig, first, same=False):
        problems.append(f"{where}: dragging the slider with the mouse did not change the figure")
    hb = handle.bounding_box()
    page.mouse.move(hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2)
    far = fig.evaluate(FRAME_JS)
    page.mouse.down()
    page.mouse.move(x0, y, steps=8)
    page.mouse.up()
    if fig.evaluate("(f) => !!f.querySelector('.optlib-route')"):
        # a route figure follows any value: back at the same pixel need not be the very first value
        # (tests/test_route_figures.py checks every drawn value against optlib's routes)
        if not _wait_frame(page, fig, far, same=False):
            problems.append(f"{where}: dragging the slider back did not change the figure")
    elif not _wait_frame(page, fig, first, same=True):
        problems.append(f"{where}: dragging the slider back did not bring the first frame back")
    page.mouse.move(0, 0)
    return problems


def visit_page(browser, base: str, docname: str) -> Visit:
    t0 = time.perf_counter()
    v = Visit(docname)
    source = HTML / f"{docname}.html"
    if not source.exists():
        v.load.append(f"{source.relative_to(ROOT)} was not built")
        return v
    text = source.read_text(encoding="utf-8")
    expected = slider_figures(text)
    lang_expected = page_language(docname)
    tab = open_tab(browser, base)
    page = tab.page
    try:
        load_problems, math_problems = load_page(page, base, docname, expected)
        v.load.extend(load_problems)
        v.math.extend(math_problems)

        # the page as it loads, for people to look at
        shot = SHOTS / f"{docname}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)

        # weight: the HTML and everything it loaded
        v.weight = page_weight(page, docname)

        # formulas
        m = page.evaluate(MATH_JS)
        v.formulas = m["count"]
        if m["untypeset"]:
            v.math.append(f"{len(m['untypeset'])} of {m['count']} formulas not typeset, e.g. {m['untypeset'][:3]}")
        if m["errors"]:
            v.math.append(f"MathJax errors: {m['errors'][:3]}")
        if m["raw"]:
            v.math.append(f"raw TeX left in the text: {m['raw']}")

        # figures' alternative text, in the page's language (the frames not shown included)
        page_lang = page.evaluate("() => document.documentElement.lang")
        for im in page.evaluate(IMAGES_JS):
            if im["decorative"]:
                continue
            problem = alt_language_problem(im["alt"] or "", im["lang"])
            if problem:
                v.alt.append(f"{im['src']}: {problem}")
        for alt in frame_alts(text):
            problem = alt_language_problem(alt, page_lang)
            if problem:
                v.alt.append(f"slider frame: {problem}")

        # accessibility, as loaded
        try:
            page.add_script_tag(path=str(AXE))
            v.axe = [x for x in page.evaluate(AXE_JS) if x["impact"] in ("serious", "critical")]
        except Exception as e:
            v.axe_error = f"axe-core did not run: {e}"

        # every slider, keyboard and mouse
        figs = page.locator(".optlib-slider-figure")
        for i in range(min(figs.count(), len(expected))):
            fig = figs.nth(i).element_handle()
            handles = figs.nth(i).locator("[role=slider]")
            if handles.count() != expected[i]:
                v.sliders.append(f"figure {i + 1}: {handles.count()} sliders drawn, {expected[i]} expected")
            for j in range(handles.count()):
                v.sliders.extend(_check_slider(page, fig, handles.nth(j).element_handle(),
                                               f"figure {i + 1}, slider {j + 1}"))
                v.sliders_checked += 1

        # the language link and the twin
        links = page.locator("nav.lang-switch a.lang-switch-link")
        if lang_expected is None:
            if links.count():
                v.language.append("a language link on a page outside both language trees")
        elif links.count() != 1:
            v.language.append(f"{links.count()} language links (one expected)")
        else:
            if page_lang != lang_expected:
                v.language.append(f'<html lang="{page_lang}">, expected "{lang_expected}"')
            with page.expect_navigation(wait_until="domcontentloaded"):
                links.first.click()
            got = urlsplit(page.url).path.lstrip("/")
            if got != f"{twin(docname)}.html":
                v.language.append(f"the language link leads to {got}, not {twin(docname)}.html")
            twin_lang = page.evaluate("() => document.documentElement.lang")
            other = "en" if lang_expected == "ja" else "ja"
            if twin_lang != other:
                v.language.append(f'the twin page has <html lang="{twin_lang}">, expected "{other}"')
    except Exception as e:  # anything unforeseen is a failed load, reported with the page's name
        v.load.append(f"{type(e).__name__}: {str(e)[:500]}")
    finally:
        v.load.extend(tab.problems)
        v.load.extend(f"request outside the site: {u}" for u in tab.blocked)
        tab.close()
    v.seconds = time.perf_counter() - t0
    return v


@pytest.fixture(scope="module")
def visits(browser, site):
    """``visits(docname)``: the page's Visit, made on first use (each page is opened once)."""
    done: dict[str, Visit] = {}
    shutil.rmtree(SHOTS, ignore_errors=True)  # the folder shows this run's pages only
    if not AXE.exists():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run `npm ci` (scripts/setup.sh does)", pytrace=False)

    def get(docname: str) -> Visit:
        if docname not in done:
            done[docname] = visit_page(browser, site, docname)
        return done[docname]

    yield get
    if done:
        OUT.mkdir(parents=True, exist_ok=True)
        weights = [v.weight for v in done.values() if v.weight]
        heaviest = max(weights, key=lambda w: w["total_bytes"]) if weights else None
        report = {
            "pages_in_toc": len(PAGES), "pages_checked": len(done),
            "sliders_checked": sum(v.sliders_checked for v in done.values()),
            "formulas_checked": sum(v.formulas for v in done.values()),
            "page_budget_bytes": PAGE_BUDGET,
            "heaviest_page": heaviest,
            "over_budget": [w["page"] for w in weights if w["total_gzip_bytes"] > PAGE_BUDGET],
            "pages": [{"page": v.page, "sliders": v.sliders_checked, "formulas": v.formulas,
                       "seconds": round(v.seconds, 2), **{k: v.weight.get(k) for k in
                                                          ("total_bytes", "total_gzip_bytes", "html_bytes",
                                                           "html_image_bytes", "resource_bytes",
                                                           "largest_resources")}}
                      for v in done.values()],
        }
        (OUT / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")


def _fail(problems, what):
    if problems:
        pytest.fail(f"{what}:\n  " + "\n  ".join(problems), pytrace=False)


# ---------------------------------------------------------------------------------------------
# the tests, one per page and aspect
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES)
def test_page_loads_from_the_site_alone_without_errors(visits, page):
    _fail(visits(page).load, f"{page} did not load cleanly")


@pytest.mark.parametrize("page", PAGES)
def test_every_slider_moves_its_figure_by_keyboard_and_mouse(visits, page):
    v = visits(page)
    _fail(v.sliders, f"{page}: sliders")
    if page_language(page) and (ROOT / f"{page}.ipynb").exists():
        assert v.sliders_checked > 0, "a lesson without a working slider"


@pytest.mark.parametrize("page", PAGES)
def test_every_formula_is_typeset(visits, page):
    _fail(visits(page).math, f"{page}: formulas")


@pytest.mark.parametrize("page", PAGES)
def test_language_link_leads_to_the_twin(visits, page):
    _fail(visits(page).language, f"{page}: language link")


@pytest.mark.parametrize("page", PAGES)
def test_figures_have_alternative_text_in_the_page_language(visits, page):
    _fail(visits(page).alt, f"{page}: alternative text")


@pytest.mark.parametrize("page", PAGES)
def test_axe_finds_no_serious_or_critical_violation(visits, page):
    v = visits(page)
    if v.axe_error:
        pytest.fail(v.axe_error, pytrace=False)
    _fail([f"[{x['impact']}] {x['id']}: {x['help']}\n      " + "\n      ".join(x["nodes"]) for x in v.axe],
          f"{page}: axe-core")


@pytest.mark.parametrize("page", PAGES)
def test_screenshot_is_written(visits, page):
    visits(page)
    shot = SHOTS / f"{page}.png"
    assert shot.exists() and shot.stat().st_size > 10_000, f"no screenshot at {shot}"


# ---------------------------------------------------------------------------------------------
# search: from the search page, as a reader types
# ---------------------------------------------------------------------------------------------
GLOSSARY_TERMS = {
    # (query, language): the chapter that teaches it (the term is in that language's glossary)
    ("学習率", "ja"): "book/ja/01_descending_the_mountain",
    ("確率的勾配降下法", "ja"): "book/ja/02_sgd",
    ("モーメンタム", "ja"): "book/ja/04_momentum",
    ("バイアス補正", "ja"): "book/ja/06_adam",
    ("learning rate", "en"): "book/en/01_descending_the_mountain",
    ("stochastic gradient descent", "en"): "book/en/02_sgd",
    ("momentum", "en"): "book/en/04_momentum",
    ("bias correction", "en"): "book/en/06_adam",
}


def search(browser, base: str, query: str) -> tuple[list[str], list[str]]:
    """Type ``query`` into the search page's box; the docnames of the results, and what went wrong."""
    tab = open_tab(browser, base)
    page = tab.page
    try:
        page.goto(f"{base}/search.html", wait_until="load")
        box = page.locator("form.bd-search input[name=q]:visible").first
        box.fill(query)
        with page.expect_navigation(wait_until="load"):
            box.press("Enter")
        # set by search-language.js once every result is listed and the summary written
        page.wait_for_function("() => document.getElementById('search-results').dataset.searchDone === 'true'")
        hrefs = page.eval_on_selector_all("#search-results ul.search > li > a",
                                          "as => as.map((a) => new URL(a.href).pathname)")
        found = []
        for h in hrefs:
            doc = re.sub(r"\.html$", "", h.lstrip("/"))
            if doc not in found:
                found.append(doc)
        return found, tab.problems + [f"request outside the site: {u}" for u in tab.blocked]
    finally:
        tab.close()


@pytest.fixture(scope="module")
def searched(browser, site):
    done = {}

    def get(query):
        if query not in done:
            done[query] = search(browser, site, query)
        return done[query]

    return get


def _glossary_terms(lang: str) -> str:
    return (ROOT / "book" / lang / "glossary.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("query,lang", list(GLOSSARY_TERMS), ids=[q for q, _ in GLOSSARY_TERMS])
def test_search_finds_the_chapter_that_teaches_the_term(searched, query, lang):
    chapter = GLOSSARY_TERMS[query, lang]
    assert query.lower() in _glossary_terms(lang).lower(), f"{query!r} is not in book/{lang}/glossary.md"
    found, problems = searched(query)
    _fail(problems, f"the search page for {query!r} did not work cleanly")
    assert f"book/{lang}/glossary" in found, f"{query!r} does not find the glossary; found {found}"
    if chapter not in PAGES or not (HTML / f"{chapter}.html").exists():
        pytest.skip(f"{chapter} is not in _toc.yml yet: the search for {query!r} is checked once it lands")
    assert chapter in found, f"{query!r} does not find {chapter}, the chapter that teaches it; found {found}"


@pytest.mark.parametrize("query,page", [("学習率", "book/ja/00_how_to_use"), ("learning rate", "book/en/00_how_to_use")])
def test_search_finds_compound_words_in_every_page_using_them(searched, query, page):
    found, _ = searched(query)
    assert page in found, f"{query!r} does not find {page}; found {found}"


def test_search_for_a_word_the_course_never_uses_finds_nothing(searched):
    found, problems = searched("蜃気楼")  # "mirage": bigrams must all match, not any one of them
    assert not problems
    assert found == [], f"found {found}"


@pytest.mark.parametrize("page", ["search.html?q=学習率", "genindex.html"])
def test_other_pages_of_the_site_load_cleanly_and_pass_axe(browser, site, page):
    tab = open_tab(browser, site)
    try:
        tab.page.goto(f"{site}/{page}", wait_until="networkidle")
        tab.page.add_script_tag(path=str(AXE))
        violations = [x for x in tab.page.evaluate(AXE_JS) if x["impact"] in ("serious", "critical")]
    finally:
        tab.close()
    _fail(tab.problems + [f"request outside the site: {u}" for u in tab.blocked], f"{page} did not load cleanly")
    _fail([f"[{x['impact']}] {x['id']}: {x['help']}: {x['nodes']}" for x in violations], f"{page}: axe-core")



# ---------------------------------------------------------------------------------------------
# dark mode: every page again in the reader's dark colour scheme
# ---------------------------------------------------------------------------------------------
# Text whose colour is dark on a background that is dark too: the effective background is the first
# ancestor with an opaque background colour (images are not text; a figure keeps its own background).
DARK_ON_DARK_JS = r"""() => {
  const lum = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return {l: 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b), a};
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = lum(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.5) return c.l;
    }
    return lum(getComputedStyle(document.body).backgroundColor).l;
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    if (el.closest('script, style, noscript, mjx-assistive-mml, .onlyprint')) continue;
    const fg = lum(getComputedStyle(el).color);
    if (fg && fg.l < 0.2 && background(el) < 0.2) {
      found.push(el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ': ' + n.textContent.trim().slice(0, 50));
    }
  }
  return [...new Set(found)].slice(0, 12);
}"""


# the picture a slider figure shows: the visible frame over its background (or a route figure's
# canvas), as pixels
SHOWN_FIGURE_JS = """(fig) => {
  const imgs = [...fig.querySelectorAll('img, .optlib-route canvas')].filter((im) => im.checkVisibility());
  if (!imgs.length) return null;
  const boxes = imgs.map((im) => im.getBoundingClientRect());
  const x = Math.min(...boxes.map((b) => b.left)), y = Math.min(...boxes.map((b) => b.top));
  return {x: x + window.scrollX, y: y + window.scrollY,
          width: Math.max(...boxes.map((b) => b.right)) - x, height: Math.max(...boxes.map((b) => b.bottom)) - y};
}"""


def blank_figures(page) -> list[str]:
    """Slider figures whose picture shows as a plain box (no figure visible: a stddev of the pixels
    near zero), as a reader would see them."""
    import io

    from PIL import Image, ImageStat

    found = []
    figs = page.locator(".optlib-slider-figure")
    for i in range(figs.count()):
        fig = figs.nth(i)
        fig.scroll_into_view_if_needed()
        box = fig.evaluate(SHOWN_FIGURE_JS)
        if not box or box["width"] < 10:
            found.append(f"figure {i + 1}: no picture")
            continue
        png = page.screenshot(clip=box, full_page=True)
        spread = ImageStat.Stat(Image.open(io.BytesIO(png)).convert("L")).stddev[0]
        if spread < 8:
            found.append(f"figure {i + 1}: a plain box (pixel spread {spread:.1f})")
    return found


@dataclass
class DarkVisit:
    page: str
    load: list[str] = field(default_factory=list)
    theme: str = ""
    dark_on_dark: list[str] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)
    axe: list[dict] = field(default_factory=list)
    axe_error: str | None = None


def visit_dark(browser, base: str, docname: str) -> DarkVisit:
    v = DarkVisit(docname)
    tab = open_tab(browser, base, color_scheme="dark")
    page = tab.page
    try:
        load, math = load_page(page, base, docname)
        v.load.extend(load + math)
        v.theme = page.evaluate("() => document.documentElement.dataset.theme")
        shot = SHOTS / f"{docname}.dark.png"  # beside the light one
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
        v.dark_on_dark = page.evaluate(DARK_ON_DARK_JS)
        v.blank = blank_figures(page)
        try:
            page.add_script_tag(path=str(AXE))
            v.axe = [x for x in page.evaluate(AXE_JS) if x["impact"] in ("serious", "critical")]
        except Exception as e:
            v.axe_error = f"axe-core did not run: {e}"
    except Exception as e:
        v.load.append(f"{type(e).__name__}: {str(e)[:500]}")
    finally:
        v.load.extend(tab.problems)
        v.load.extend(f"request outside the site: {u}" for u in tab.blocked)
        tab.close()
    return v


@pytest.fixture(scope="module")
def dark_visits(browser, site, visits):
    done: dict[str, DarkVisit] = {}

    def get(docname: str) -> DarkVisit:
        if docname not in done:
            done[docname] = visit_dark(browser, site, docname)
        return done[docname]

    return get


@pytest.mark.parametrize("page", PAGES)
def test_page_in_dark_mode_loads_and_is_dark_with_a_screenshot(dark_visits, page):
    v = dark_visits(page)
    _fail(v.load, f"{page} in dark mode did not load cleanly")
    assert v.theme == "dark", f"the page did not follow the reader's dark colour scheme (data-theme={v.theme!r})"
    shot = SHOTS / f"{page}.dark.png"
    assert shot.exists() and shot.stat().st_size > 10_000


@pytest.mark.parametrize("page", PAGES)
def test_no_dark_text_on_a_dark_page(dark_visits, page):
    """Slider readouts and labels, exercise messages, code, tables: readable on the dark page."""
    _fail(dark_visits(page).dark_on_dark, f"{page} in dark mode: dark text on a dark background")


@pytest.mark.parametrize("page", PAGES)
def test_slider_figures_show_their_picture_in_dark_mode(dark_visits, page):
    """The theme's dark mode must not cover a slider's frames (they lie over a shared background)."""
    _fail(dark_visits(page).blank, f"{page} in dark mode: slider figures without their picture")


@pytest.mark.parametrize("page", PAGES)
def test_axe_colour_contrast_and_the_rest_in_dark_mode(dark_visits, page):
    v = dark_visits(page)
    if v.axe_error:
        pytest.fail(v.axe_error, pytrace=False)
    _fail([f"[{x['impact']}] {x['id']}: {x['help']}\n      " + "\n      ".join(x["nodes"]) for x in v.axe],
          f"{page} in dark mode: axe-core")


def test_the_dark_check_finds_black_text_on_a_dark_page(browser):
    tab = open_tab(browser, "about:blank", color_scheme="dark")
    try:
        tab.page.set_content('<body style="background:#121212"><p style="color:#000">invisible</p>'
                             '<p style="color:#eee">readable</p><div style="background:#fff"><p style="color:#000">on white</p></div></body>')
        found = tab.page.evaluate(DARK_ON_DARK_JS)
    finally:
        tab.close()
    assert found == ["p.: invisible"]


# ---------------------------------------------------------------------------------------------
# search from each language, as a reader does: the search box of a page
# ---------------------------------------------------------------------------------------------
def search_from(browser, base: str, docname: str, query: str):
    """Type ``query`` into the search box of ``docname``; the search page it leads to as
    (its language, its heading, [(result docname, language marked or None)], problems)."""
    tab = open_tab(browser, base)
    page = tab.page
    try:
        page.goto(f"{base}/{docname}.html", wait_until="load")
        page.locator(".search-button-field").first.click()  # the sidebar's search button opens the dialog
        box = page.locator("#pst-search-dialog form.bd-search input[name=q]")
        box.fill(query)
        with page.expect_navigation(wait_until="load"):
            box.press("Enter")
        page.wait_for_function("() => document.getElementById('search-results').dataset.searchDone === 'true'")
        root = page.evaluate("() => new URL(document.documentElement.dataset.content_root, location.href).href")
        results = page.eval_on_selector_all(
            "#search-results ul.search > li",
            """(lis) => lis.map((li) => [li.querySelector('a').href,
                                        li.getAttribute('lang'),
                                        (li.querySelector('.optcourse-search-language') || {}).textContent || null])""")
        info = (page.evaluate("() => document.documentElement.lang"),
                page.locator("#search-results h2").first.text_content().strip(),
                urlsplit(page.url).path.removeprefix(urlsplit(root).path),
                [(re.sub(r"\.html$", "", href.removeprefix(root).split("#")[0].split("?")[0]), lang, label)
                 for href, lang, label in results])
        return info, tab.problems + [f"request outside the site: {u}" for u in tab.blocked]
    finally:
        tab.close()


@pytest.mark.parametrize("docname,query,other", [
    ("book/ja/02_sgd", "学習率", "English"),
    ("book/ja/04_momentum", "SGD", "English"),
    ("book/en/02_sgd", "learning rate", "日本語"),
    ("book/en/04_momentum", "SGD", "日本語"),
])
def test_search_from_a_page_speaks_its_language_and_lists_it_first(browser, site, docname, query, other):
    lang = page_language(docname)
    (page_lang, heading, path, results), problems = search_from(browser, site, docname, query)
    _fail(problems, f"searching {query!r} from {docname}")
    assert path == f"book/{lang}/search.html", f"the search box of a {lang} page led to {path}"
    assert page_lang == lang
    assert heading == ("検索結果" if lang == "ja" else "Search Results")
    assert results, f"{query!r} found nothing"
    langs = [page_language(doc) for doc, _, _ in results]
    assert langs[0] == lang, f"the first result is not in the page's language: {results[:3]}"
    first_other = next((i for i, x in enumerate(langs) if x not in (lang, None)), len(langs))
    assert all(x in (lang, None) for x in langs[:first_other]) and lang not in langs[first_other:], \
        f"results of the page's language do not all come first: {langs}"
    for doc, marked_lang, label in results:
        if page_language(doc) not in (lang, None):
            assert marked_lang == page_language(doc) and label == other, f"{doc} is not marked as {other}"
        else:
            assert label is None, f"{doc} is marked as another language"


# ---------------------------------------------------------------------------------------------
# the offline copy: the zip, unpacked, opened from file://
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def offline_copy(build, tmp_path_factory):
    from optcourse_site.offline_copy import FOLDER, ZIP_NAME

    where = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(HTML / ZIP_NAME) as zf:
        zf.extractall(where)
    return (where / FOLDER).as_uri()


def test_offline_copy_opens_from_its_index_and_every_page_loads_with_formulas(browser, offline_copy):
    # each page in a tab of its own, as a first visit (moving on in the same tab would cut off the
    # requests the page still had under way, its icon for one, and count them as failures)
    problems = []
    tab = open_tab(browser, offline_copy)
    try:
        tab.page.goto(f"{offline_copy}/index.html", wait_until="load")
        tab.page.wait_for_url("**/book/index.html")
        tab.page.wait_for_load_state("networkidle")
    finally:
        problems += tab.problems + [f"request outside the copy: {u}" for u in tab.blocked]
        tab.close()
    for docname in PAGES:
        tab = open_tab(browser, offline_copy)
        try:
            load, math = load_page(tab.page, offline_copy, docname)
            problems += [f"{docname}: {p}" for p in load + math]
            m = tab.page.evaluate(MATH_JS)
            if m["untypeset"] or m["errors"] or m["raw"]:
                problems.append(f"{docname}: formulas not typeset offline: {m['untypeset'][:2]} {m['errors'][:2]} {m['raw']}")
        finally:
            problems += [f"{docname}: {p}" for p in tab.problems]
            problems += [f"{docname}: request outside the copy: {u}" for u in tab.blocked]
            tab.close()
    _fail(problems, "the offline copy")


@pytest.mark.parametrize("docname", ["book/ja/03_sgd_weakness", "book/en/03_sgd_weakness"])
def test_offline_copy_sliders_move(browser, offline_copy, docname):
    tab = open_tab(browser, offline_copy)
    page = tab.page
    problems = []
    try:
        load, _ = load_page(page, offline_copy, docname)
        problems += load
        fig = page.locator(".optlib-slider-figure").first
        problems += _check_slider(page, fig.element_handle(), fig.locator("[role=slider]").first.element_handle(),
                                  f"{docname} offline, figure 1")
    finally:
        tab.close()
    _fail(problems + tab.problems + [f"request outside the copy: {u}" for u in tab.blocked], f"{docname} offline")


@pytest.mark.parametrize("lang,query,expected", [("ja", "学習率", "book/ja/glossary"), ("en", "momentum", "book/en/04_momentum")])
def test_offline_copy_search_works(browser, offline_copy, lang, query, expected):
    tab = open_tab(browser, offline_copy)
    page = tab.page
    try:
        page.goto(f"{offline_copy}/book/{lang}/search.html?q={quote(query)}", wait_until="load")
        page.wait_for_function("() => document.getElementById('search-results').dataset.searchDone === 'true'")
        found = page.eval_on_selector_all("#search-results ul.search > li > a", "as => as.map((a) => a.href)")
    finally:
        tab.close()
    _fail(tab.problems + [f"request outside the copy: {u}" for u in tab.blocked], f"search in the offline copy ({lang})")
    assert any(f"/{expected}.html" in h for h in found), f"{query!r} offline found {found}"
