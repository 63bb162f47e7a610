"""The site: a strict build (-W -n --keep-going, no failed cell), pages, widgets, offline assets.

The build runs once per test session through the README's build command (scripts/build.sh): the
``build`` fixture lives in conftest.py and is shared with the browser tests (test_browser.py).
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"


def _lessons():
    return sorted(p.relative_to(ROOT / "book").with_suffix("").as_posix() for p in (ROOT / "book").glob("*/*.ipynb"))


def _pages():
    return sorted(p.relative_to(ROOT / "book").with_suffix("").as_posix() for p in (ROOT / "book").glob("*/*")
                  if p.suffix in {".ipynb", ".md"})


def _widget_state(html):
    m = re.search(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', html, re.S)
    return json.loads(m.group(1)) if m else None


def test_build_is_clean(build):
    # Sphinx's own messages look like "path: WARNING: ..."; the kernel's "[IPKernelApp] WARNING |"
    # notice about TCP transport is not about the book.
    for bad in ("WARNING:", "ERROR:", "CRITICAL:", "Execution Failed", "Traceback"):
        assert bad not in build, f"{bad!r} in the build log"
    reports = HTML / "reports"
    assert not reports.exists() or not any(reports.iterdir()), f"execution reports (failed cells) in {reports}"


@pytest.mark.parametrize("page", _pages())
def test_page_has_its_language_and_a_link_to_its_twin(build, page):
    lang, rest = page.split("/", 1)
    other = "en" if lang == "ja" else "ja"
    html = (HTML / "book" / f"{page}.html").read_text(encoding="utf-8")
    assert re.search(rf'<html[^>]* lang="{lang}"', html)
    m = re.search(r'<nav class="lang-switch"[^>]*>\s*<a class="lang-switch-link" href="([^"]+)" hreflang="(\w+)"', html)
    assert m, "no language switch link"
    href, hreflang = m.groups()
    assert hreflang == other
    target = (HTML / "book" / page).parent / href.split("#")[0]
    assert target.resolve() == (HTML / "book" / other / f"{rest}.html").resolve() and target.exists()


@pytest.mark.parametrize("lesson", _lessons())
def test_lesson_page_carries_linked_slider_frames(build, lesson):
    html = (HTML / "book" / f"{lesson}.html").read_text(encoding="utf-8")
    state = _widget_state(html)
    assert state, "no widget state on the page: the sliders would not render"
    models = state["state"].values()
    names = [m["model_name"] for m in models]
    assert "StackModel" in names and "SelectionSliderModel" in names and "LinkModel" in names
    assert 'type="application/vnd.jupyter.widget-view+json"' in html
    assert "_static/vendor/jupyter-widgets/embed.js" in html


def test_pages_load_scripts_and_styles_only_from_the_site(build):
    for page in HTML.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>|<link\b[^>]*>", html):
            if tag.startswith("<link") and not re.search(r'rel="(stylesheet|preload|modulepreload|icon)"', tag):
                continue  # rel="alternate", "search", "index": navigation, nothing is loaded
            m = re.search(r'\b(?:src|href)="([^"]+)"', tag)
            if m:
                assert not re.match(r"(https?:)?//", m.group(1)), f"{page.relative_to(HTML)} loads {m.group(1)}"
    assert (HTML / "_static/vendor/mathjax/startup.js").exists()
    assert (HTML / "_static/vendor/jupyter-widgets/embed.js").exists()


def test_widget_state_survives_the_execution_cache(build, run_build):
    """Rebuild every page from the cache (no notebook runs again): the sliders must still be there."""
    proc, log = run_build("--all")
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert "Executing notebook" not in log, "the rebuild executed notebooks: the cache was not used"
    for lesson in _lessons():
        html = (HTML / "book" / f"{lesson}.html").read_text(encoding="utf-8")
        assert _widget_state(html), f"{lesson}: widget state lost when the page came from the cache"


@pytest.mark.parametrize("page", [p for p in _pages() if p.startswith("ja/")])
def test_japanese_pages_speak_japanese_around_the_lesson_too(build, page):
    """The theme's words (search, contents, previous/next, the launch menu, the hidden-cell toggles)
    on a Japanese page are Japanese; their English twins keep the English words."""
    ja = (HTML / "book" / f"{page}.html").read_text(encoding="utf-8")
    en = (HTML / "book" / f"en/{page.split('/', 1)[1]}.html").read_text(encoding="utf-8")
    for english, japanese in [("Skip to main content", "本文へ移動"), ("Color mode", "表示色のモード")]:
        assert english in en, f"{english!r} missing from the English twin"
        assert english not in ja and japanese in ja, f"{english!r} on a Japanese page"
    for english, japanese in [(">next<", ">次<"), (">previous<", ">前<"), ("Show code cell source", "コードセルのソースを表示"),
                              ("Launch on Binder", "Binder で開く")]:
        if english in en:  # (the last page has no next, a page without hidden cells no toggle)
            assert english not in ja and japanese in ja, f"{english!r} on a Japanese page"
