"""The site: a strict build (-W -n --keep-going, no failed cell), pages, widgets, offline assets.

The build runs once per test session through the README's build command (scripts/build.sh): the
``build`` fixture lives in conftest.py and is shared with the browser tests (test_browser.py).
"""

import json
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from optcourse_site.cjk import SPACED_BREAK
from optcourse_site.layout import from_config, toc_pages
from optcourse_site.offline_copy import FOLDER, ZIP_NAME, format_size

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
LAYOUT = from_config(ROOT)
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
BASEURL = CONFIG["html"]["baseurl"]


def _lessons():
    """Lessons as ``ja/02_sgd`` (relative to the book folder)."""
    book = ROOT / LAYOUT.prefix
    return sorted(p.relative_to(book).with_suffix("").as_posix() for p in LAYOUT.lessons(ROOT))


def _pages():
    """Every page of the language trees as ``ja/02_sgd``."""
    return sorted(f"{lang}/{rel.rsplit('.', 1)[0]}" for lang in LAYOUT.languages for rel in LAYOUT.pages(ROOT, lang))


def _soup(docname: str) -> BeautifulSoup:
    return BeautifulSoup((HTML / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


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
def test_lesson_page_carries_slider_figures_linked_in_the_page(build, lesson):
    """Every lesson has a slider figure the page runs alone: precomputed frames (a stack of images
    shown by a selection slider) or a route figure (anywidget) computed from its sliders; either way
    the slider is linked to the figure in the browser (a link model), not through a kernel."""
    html = (HTML / "book" / f"{lesson}.html").read_text(encoding="utf-8")
    state = _widget_state(html)
    assert state, "no widget state on the page: the sliders would not render"
    models = state["state"].values()
    names = [m["model_name"] for m in models]
    frames = "StackModel" in names and "SelectionSliderModel" in names
    routes = "AnyModel" in names and any(n in names for n in ("FloatSliderModel", "FloatLogSliderModel", "IntSliderModel"))
    assert frames or routes, f"no slider figure among the page's widgets: {sorted(set(names))}"
    assert "LinkModel" in names, "no slider is linked to its figure in the page"
    assert 'type="application/vnd.jupyter.widget-view+json"' in html
    if "AnyModel" in names:  # RequireJS's manager, which loads anywidget's module from the site
        assert "_static/vendor/requirejs/require.js" in html and "_static/widgets-require.js" in html
        assert "_static/vendor/jupyter-widgets/embed.js" not in html
    else:  # the lighter manager without RequireJS
        assert "_static/vendor/jupyter-widgets/embed.js" in html
        assert "require.js" not in html and "widgets-require.js" not in html


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
    assert all((HTML / "_static/vendor/jupyter-widgets" / f"{m}.js").exists() for m in ("base", "controls", "html-manager", "html-manager-dist-libembed-amd"))
    assert (HTML / "_static/vendor/anywidget/index.js").exists()
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


# ---------------------------------------------------------------------------------------------
# the page chrome in the page's language (issue 13, item 15)
# ---------------------------------------------------------------------------------------------
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
# names that stay as they are in any language
NAMES = {"Binder", "Colab", "JupyterHub", "Ctrl", "K", ".ipynb", ".md", ".pdf", "English", "optlib"}
CHROME = ["header", ".bd-header-article", ".bd-sidebar-primary", ".bd-sidebar-secondary", "footer",
          ".prev-next-area", ".bd-search-container", "nav.lang-switch", ".bd-footer-content",
          "#pst-search-dialog", ".search-button-field"]
ATTRIBUTES = ("title", "aria-label", "alt", "placeholder", "data-bs-title")


def _language_of(el) -> str | None:
    node = el
    while node is not None and getattr(node, "attrs", None) is not None:
        if node.get("lang"):
            return node["lang"]
        node = node.parent
    return None


def _english_in_japanese_chrome(soup) -> list[str]:
    found = []
    for el in soup.find_all(True):
        for attr in ATTRIBUTES:
            value = (el.get(attr) or "").strip()
            if value and not JAPANESE.search(value) and value not in NAMES and _language_of(el) == "ja":
                found.append(f'<{el.name} {attr}="{value}">')
    for selector in CHROME:
        for block in soup.select(selector):
            for text in block.find_all(string=True):
                value = text.strip()
                if (value and text.parent.name not in ("script", "style") and re.search(r"[A-Za-z]{2}", value)
                        and not JAPANESE.search(value) and value not in NAMES and not value.startswith("© Copyright")
                        and not value.startswith("\\(")  # a formula in a heading, typeset by MathJax
                        and _language_of(text.parent) == "ja"):
                    found.append(f"{selector}: {value[:80]!r}")
    return sorted(set(found))


@pytest.mark.parametrize("page", [p for p in _pages() if p.startswith("ja/")] + ["ja/search"])
def test_japanese_pages_have_no_english_chrome(build, page):
    """Titles, aria-labels, alt texts, placeholders and the words around the lesson (sidebars,
    header, footer, previous/next, search) of a Japanese page are Japanese, except names (Binder,
    Colab) and what is marked as another language (the English tree's titles in the sidebar)."""
    soup = _soup(f"book/{page}")
    assert soup.html["lang"] == "ja"
    found = _english_in_japanese_chrome(soup)
    assert not found, f"English words on a Japanese page: {found}"
    author = soup.select_one(".component-author")
    if author is not None:
        assert "The optcourse team" not in author.get_text(), author.get_text()


def test_the_chrome_check_finds_english_left_on_a_japanese_page():
    """The check above, on a page made to keep the theme's English words."""
    soup = BeautifulSoup('<html lang="ja"><body><header><button title="Toggle primary sidebar"></button>'
                         '<input placeholder="Search..."><a lang="en" aria-label="Read in English">English</a>'
                         '</header><footer><p>著者 optcourse チーム</p><p>next</p></footer></body></html>', "html.parser")
    assert _english_in_japanese_chrome(soup) == ['<button title="Toggle primary sidebar">', '<input placeholder="Search...">',
                                                 "footer: 'next'"]


@pytest.mark.parametrize("page", _pages())
def test_previous_and_next_stay_in_the_page_language_tree(build, page):
    soup = _soup(f"book/{page}")
    lang = page.split("/")[0]
    links = [a["href"] for a in soup.select(".prev-next-area a[href]")]
    links += [link["href"] for link in soup.select('link[rel="next"], link[rel="prev"]')]
    for href in links:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(f"book/{page}"), href.split("#")[0]))
        assert LAYOUT.page_language(target.removesuffix(".html")) == lang, f"{href} leaves the {lang} tree"
    first, last = LAYOUT.pages(ROOT, lang)[0], None  # (the glossary is the last page of each tree)
    if page == f"{lang}/glossary":
        assert not soup.select(".prev-next-area a.right-next"), "the last page links into the other language"


# ---------------------------------------------------------------------------------------------
# soft line breaks in Japanese (issue 13, item 16)
# ---------------------------------------------------------------------------------------------
def _spaced_breaks(soup) -> list[str]:
    main = soup.select_one("article") or soup
    for el in main.select("pre, code, script, style, .math, mjx-container, .highlight"):
        el.decompose()
    found = []
    blocks = "p, li, dt, dd, h1, h2, h3, h4, h5, h6, figcaption, td, th, caption"
    for block in main.select(blocks):
        if block.select_one(blocks + ", ul, ol, div"):
            continue  # its inner blocks are read one by one (HTML's own line breaks lie between them)
        text = block.get_text("")
        for m in SPACED_BREAK.finditer(text):
            found.append(text[max(0, m.start() - 15):m.end() + 15].replace("\n", "⏎"))
    return found


@pytest.mark.parametrize("page", [p for p in _pages() if p.startswith("ja/")] + ["index"])
def test_no_stray_space_where_a_japanese_line_was_broken(build, page):
    """A soft line break between two Japanese characters would show as a space: the build joins
    them (_ext/optcourse_site/cjk.py)."""
    found = _spaced_breaks(_soup(f"book/{page}"))
    assert not found, f"line breaks between Japanese characters (shown as spaces): {found[:5]}"


# ---------------------------------------------------------------------------------------------
# search pages, hreflang, sitemap (issue 16)
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", list(LAYOUT.languages))
def test_each_language_has_its_search_page_and_its_pages_search_there(build, lang):
    search = LAYOUT.search_pages()[lang]
    soup = _soup(search)
    assert soup.html["lang"] == lang
    assert soup.select_one(".bd-search-container h1").get_text(strip=True) == ("検索" if lang == "ja" else "Search")
    scripts = [s.get("src", "") for s in soup.find_all("script")]
    assert any(s.endswith("search-language.js") for s in scripts)
    assert any(s.endswith("search-ja.js") for s in scripts) == (lang == "ja")
    for page in [p for p in _pages() if p.startswith(f"{lang}/")]:
        page_soup = _soup(f"book/{page}")
        targets = {posixpath.normpath(posixpath.join(posixpath.dirname(f"book/{page}"), form["action"]))
                   for form in page_soup.select("form.bd-search")}
        assert targets == {f"{search}.html"}, f"{page}: the search box sends queries to {targets}"


@pytest.mark.parametrize("page", _pages())
def test_hreflang_links_are_absolute_with_x_default(build, page):
    soup = _soup(f"book/{page}")
    links = {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}
    docname = f"book/{page}"
    expected = {lang: f"{BASEURL}{LAYOUT.in_language(docname, lang)}.html" for lang in LAYOUT.languages}
    expected["x-default"] = f"{BASEURL}book/index.html"
    assert links == expected


def test_the_landing_page_names_both_languages_and_itself_as_x_default(build):
    soup = _soup("book/index")
    links = {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}
    assert links == {**{lang: f"{BASEURL}book/{lang}/index.html" for lang in LAYOUT.languages},
                     "x-default": f"{BASEURL}book/index.html"}


def test_sitemap_lists_every_page_at_the_site_address(build):
    tree = ET.parse(HTML / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)}
    expected = {f"{BASEURL}{docname}.html" for docname in toc_pages(ROOT)}
    assert expected <= urls, f"missing from sitemap.xml: {sorted(expected - urls)}"
    assert not any("search.html" in u or "genindex" in u for u in urls), "search pages in the sitemap"
    assert all(u.startswith(BASEURL) for u in urls)


# ---------------------------------------------------------------------------------------------
# the offline copy (issue 16)
# ---------------------------------------------------------------------------------------------
def test_offline_zip_holds_the_whole_site_and_the_landing_page_gives_its_size(build):
    zip_path = HTML / ZIP_NAME
    assert zip_path.exists(), f"{ZIP_NAME} was not built"
    with zipfile.ZipFile(zip_path) as zf:
        assert zf.testzip() is None
        names = set(zf.namelist())
        landing = zf.read(f"{FOLDER}/book/index.html").decode("utf-8")
    site = {f"{FOLDER}/{p.relative_to(HTML).as_posix()}" for p in HTML.rglob("*")
            if p.is_file() and p.name != ".buildinfo" and not p.name.startswith(ZIP_NAME)}
    assert site == names, {"missing": sorted(site - names)[:10], "extra": sorted(names - site)[:10]}
    size = format_size(zip_path.stat().st_size)
    soup = BeautifulSoup(landing, "html.parser")
    links = soup.select("p.offline-download")
    assert sorted(p["lang"] for p in links) == sorted(LAYOUT.languages)
    for p in links:
        a = p.find("a")
        assert a.has_attr("download")
        assert posixpath.normpath(posixpath.join("book", a["href"])) == ZIP_NAME
        assert p.select_one(".offline-size").get_text() == size, "the size shown is not the zip's"
    # the page on the site is the page in the zip
    assert (HTML / "book" / "index.html").read_text(encoding="utf-8") == landing
