"""What the browser tests share: the pages of ``_toc.yml``, the built site served on localhost, and
Debian's Chromium driven by Playwright with every request outside the allowed hosts blocked.

The fixtures ``site`` and ``browser`` (conftest.py) are built from these; test_browser.py checks
every page as a reader gets it, test_live_code.py runs a page live against a local Jupyter server.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from optcourse_site.layout import from_config
from optcourse_site.layout import toc_pages as _toc_pages

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
TIMEOUT_MS = 30_000


# the pages of _toc.yml in its order, their language and twin: the book's one description of its layout
LAYOUT = from_config(ROOT)
page_language = LAYOUT.page_language
twin = LAYOUT.twin


def toc_pages() -> list[str]:
    """Every page of _toc.yml, in its order (the landing page first)."""
    return _toc_pages(ROOT)


# the server and the browser
class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a browser that drops a connection (a page closed mid-load) is not a failure of the site


@contextmanager
def serve(directory: Path):
    """``directory`` served on 127.0.0.1 (a free port); yields its base URL."""
    server = _QuietServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def chromium_path() -> str:
    path = os.environ.get("OPTCOURSE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Chromium is not installed: run `bash scripts/setup.sh --system` (Debian's chromium and "
                    "fonts-noto-cjk), or set OPTCOURSE_CHROMIUM to a Chromium binary")
    return path


@contextmanager
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in requirements-test.txt")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Tab:
    """A page in a fresh browser context, with everything that went wrong on the way recorded."""

    page: object
    context: object
    base: str
    problems: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def close(self):
        self.context.close()


def open_tab(browser, base: str, also_allow: tuple[str, ...] = (), color_scheme: str = "light") -> Tab:
    """A fresh context (a first visit) on the site at ``base`` (``http://...`` or ``file://...``),
    in the reader's light or dark colour scheme (the site follows it); requests anywhere else but
    the origins in ``also_allow`` are blocked and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=color_scheme)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    tab = Tab(page, context, base)
    allowed = (base, *also_allow)

    def route(r):
        url = r.request.url
        if any(url == a or url.startswith(a + "/") for a in allowed):
            r.continue_()
        else:
            tab.blocked.append(url)
            r.abort("blockedbyclient")

    context.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and tab.problems.append(f"console error: {m.text[:300]}"))
    page.on("pageerror", lambda e: tab.problems.append(f"uncaught exception: {str(e)[:300]}"))
    page.on("requestfailed", lambda r: any(r.url.startswith(a) for a in allowed)
            and tab.problems.append(f"request failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and tab.problems.append(f"HTTP {r.status}: {r.url}"))
    return tab


# what a page holds and how it is loaded
def widget_state(text: str) -> dict:
    m = re.search(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', text, re.S)
    return json.loads(m.group(1))["state"] if m else {}


# the sliders of a figure of precomputed frames (SelectionSlider) and of a route figure (any value)
SLIDER_MODELS = {"SelectionSliderModel", "FloatSliderModel", "FloatLogSliderModel", "IntSliderModel"}


def slider_figures(text: str) -> list[int]:
    """For every slider figure the page displays, in order: how many sliders it has."""
    state = widget_state(text)
    figures = []
    for view in re.findall(r'<script type="application/vnd.jupyter.widget-view\+json">(.*?)</script>', text, re.S):
        model = state.get(json.loads(view)["model_id"], {})
        if model.get("model_name") == "VBoxModel" and "optlib-slider-figure" in model["state"].get("_dom_classes", []):
            children = [c.removeprefix("IPY_MODEL_") for c in model["state"]["children"]]
            figures.append(sum(state.get(c, {}).get("model_name") in SLIDER_MODELS for c in children))
    return figures


READY_JS = """(expected) => {
  const figs = document.querySelectorAll('.optlib-slider-figure');
  if (figs.length < expected.length) return false;
  for (let i = 0; i < expected.length; i++) {
    if (figs[i].querySelectorAll('[role=slider]').length < expected[i]) return false;
    if (figs[i].classList.contains('optlib-route-figure')) {
      // a route figure draws on a canvas in the browser, and says when it has drawn
      if (!figs[i].querySelector('.optlib-route[data-drawn]')) return false;
      continue;
    }
    const imgs = [...figs[i].querySelectorAll('img')].filter((im) => im.checkVisibility());
    if (imgs.length === 0 || !imgs.every((im) => im.complete)) return false;
  }
  return document.readyState === 'complete';
}"""

MATH_READY_JS = """async () => {
  if (!document.querySelector('.math')) return;
  const t0 = performance.now();
  while (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) {
    if (performance.now() - t0 > 20000) throw new Error('MathJax did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  await MathJax.startup.promise;
}"""


def load_page(page, base: str, docname: str, expected: list[int] | None = None,
              site: Path = HTML) -> tuple[list[str], list[str]]:
    """Open ``docname`` and wait until it is as a reader sees it: its slider figures drawn (``expected``:
    how many sliders each has, read from the HTML in ``site`` when not given), its formulas typeset, its
    fonts loaded, the network quiet.  Returns what went wrong: (loading problems, formula problems)."""
    if expected is None:
        expected = slider_figures((site / f"{docname}.html").read_text(encoding="utf-8"))
    load, math = [], []
    page.goto(f"{base}/{docname}.html", wait_until="load")
    try:
        page.wait_for_function(READY_JS, arg=expected, timeout=TIMEOUT_MS)
    except Exception:
        found = page.evaluate("() => document.querySelectorAll('.optlib-slider-figure').length")
        load.append(f"the slider figures did not all render ({found} of {len(expected)})")
    try:
        page.evaluate(MATH_READY_JS)
    except Exception as e:
        math.append(f"MathJax did not finish: {e}")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.wait_for_load_state("networkidle")
    return load, math


# the weight of a page: the HTML and everything it loaded
_GZIPPED: dict[Path, int] = {}


def gzipped_size(path: Path) -> int:
    """The size of a file of the site as a web server sends it compressed (gzip -6)."""
    if path not in _GZIPPED:
        _GZIPPED[path] = len(gzip.compress(path.read_bytes(), 6)) if path.is_file() else 0
    return _GZIPPED[path]


def image_bytes_in_html(text: str) -> int:
    return sum(len(m) for m in re.findall(r"data:image/[\w.+-]+;base64,[A-Za-z0-9+/=]+", text))


WEIGHT_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const seen = new Map();
  for (const r of performance.getEntriesByType('resource')) {
    if (!r.name.startsWith('data:')) seen.set(r.name, Math.max(seen.get(r.name) || 0, r.decodedBodySize || 0));
  }
  return {html: nav ? nav.decodedBodySize : 0, resources: [...seen.entries()]};
}"""


def page_weight(page, docname: str, site: Path = HTML) -> dict:
    """Bytes a loaded page took: its HTML and every file it requested, as stored (uncompressed) and
    as a web server sends them gzip-compressed; the largest files.  ``site``: the built site served."""
    source = site / f"{docname}.html"
    w = page.evaluate(WEIGHT_JS)
    resources = sorted(((urlsplit(u).path, n) for u, n in w["resources"]), key=lambda r: -r[1])
    weight = {"page": docname, "html_bytes": w["html"],
              "html_image_bytes": image_bytes_in_html(source.read_text(encoding="utf-8")),
              "resource_bytes": sum(n for _, n in resources), "largest_resources": resources[:6]}
    weight["total_bytes"] = weight["html_bytes"] + weight["resource_bytes"]
    weight["total_gzip_bytes"] = gzipped_size(source) + sum(gzipped_size(site / p.lstrip("/")) for p, _ in resources)
    return weight
