"""The bilingual book: per-page ``<html lang>``, a link to the twin page, absolute ``hreflang`` links,
and the page chrome in the page's language.

Lessons live at ``book/ja/<path>`` and ``book/en/<path>`` (``layout.py``).  Every such page gets:

- the right ``lang`` attribute and a visible link to the same page in the other language;
- ``<link rel="alternate" hreflang>`` for itself and its twin, and ``x-default`` for the bilingual
  landing page, as absolute URLs built from ``html.baseurl`` in ``_config.yml`` (search engines
  ignore relative ones); the landing page lists both language trees the same way;
- previous/next links that stay inside its language tree (the last Japanese page has no "next"
  into the English tree, the first English page no "previous" back into the Japanese one);
- the theme's words in its language: Sphinx's and the themes' own catalogs for what they translate,
  this book's words (``CHROME``) for what they leave in English, and the author's name as
  ``optcourse_author`` gives it.

A page whose twin is missing is a build warning (the book is built with -W, so it fails).
"""

from __future__ import annotations

import gettext
import html
import posixpath
from functools import lru_cache
from pathlib import Path

from sphinx.util import logging

from . import book_layout

logger = logging.getLogger(__name__)

# The theme's words that its Japanese catalogs leave out (or that sphinx-book-theme builds in
# Python, in English, before any template sees them), as this book says them.
CHROME = {
    "ja": {
        "Skip to main content": "本文へ移動",
        "Color mode": "表示色のモード",
        "Search...": "検索...",
        "Table of contents": "目次",
        "Main": "サイト内の目次",
        "Page": "このページの目次",
        "Toggle primary sidebar": "左のサイドバーの表示を切り替える",
        "Toggle secondary sidebar": "右のサイドバー（目次）の表示を切り替える",
        "Launch interactive content": "ノートブックを開いて実行する",
        "Launch on Binder": "Binder で開く",
        "Launch on Colab": "Colab で開く",
        "Launch on JupyterHub": "JupyterHub で開く",
        "Live Code": "ライブコード",
        "Launch Thebe": "このページのコードをその場で実行する (Thebe)",
        "logo": "のロゴ",
        "Download this page": "このページをダウンロード",
        "Download source file": "ソースファイルをダウンロード",
        "Download notebook file": "ノートブックをダウンロード",
        "Print to PDF": "PDF に印刷",
        "Fullscreen mode": "全画面表示",
        "Source repository": "ソースのリポジトリ",
        "repository": "リポジトリ",
        # Sphinx's HTML writer (it writes these at write time, in the build's language)
        "Link to this heading": "この見出しへのリンク",
        "Link to this image": "この図へのリンク",
        "Link to this table": "この表へのリンク",
        "Link to this code": "このコードへのリンク",
        "Link to this equation": "この式へのリンク",
        "Link to this definition": "この定義へのリンク",
        # myst-nb's toggles of hidden cells (solutions)
        "Show code cell source": "コードセルのソースを表示",
        "Hide code cell source": "コードセルのソースを隠す",
        "Show code cell outputs": "コードセルの出力を表示",
        "Hide code cell outputs": "コードセルの出力を隠す",
        "Show code cell content": "コードセルの内容を表示",
        "Hide code cell content": "コードセルの内容を隠す",
    },
}

# the permalinks Sphinx's HTML writer gives headings, figures, tables, code and equations
WRITER_TITLES = ("Link to this heading", "Link to this image", "Link to this table", "Link to this code",
                 "Link to this equation", "Link to this definition")


def chrome_text(lang: str | None, message: str) -> str:
    """``message`` (a word of the page chrome) in ``lang``: this book's word, else as it is."""
    return CHROME.get(lang or "", {}).get(message, message)


class _Chrome(gettext.NullTranslations):
    """This book's words first, then the packages' catalogs."""

    def __init__(self, words: dict, fallback):
        super().__init__()
        self._words = words
        self.add_fallback(fallback)

    def gettext(self, message):
        return self._words.get(message) or self._fallback.gettext(message)


@lru_cache(maxsize=None)
def _catalogs(lang: str):
    """The page chrome in ``lang``: Sphinx's and pydata-sphinx-theme's messages ("Search",
    "previous", "Skip to main content"...), and sphinx-book-theme's ("Contents", its buttons).

    The site is built once, in English (``language: en``), so Sphinx's own translator speaks
    English; a Japanese page gets these catalogs, shipped with the packages, instead."""
    import pydata_sphinx_theme
    import sphinx
    import sphinx_book_theme

    def chain(*catalogs):
        first = gettext.NullTranslations()
        for domain, folder in catalogs:
            try:
                found = gettext.translation(domain, str(folder), [lang])
            except OSError:
                continue
            if isinstance(first, gettext.GNUTranslations):
                first.add_fallback(found)
            else:
                first = found
        return first

    words = CHROME.get(lang, {})
    general = chain(("sphinx", Path(pydata_sphinx_theme.__file__).parent / "locale"),
                    ("sphinx", Path(sphinx.__file__).parent / "locale"))
    book = chain(("booktheme", Path(sphinx_book_theme.__file__).parent / "theme" / "sphinx_book_theme" / "static" / "locales"))
    return _Chrome(words, general), _Chrome(words, book)


def _translate_buttons(buttons, translate):
    """sphinx-book-theme's header buttons (launch menu, downloads...) with their words translated:
    the template writes a group's tooltip as its ``aria-label`` without translating it."""
    out = []
    for button in buttons or []:
        button = dict(button)
        for key in ("tooltip", "text"):
            if button.get(key):
                button[key] = translate(button[key])
        if "buttons" in button:
            button["buttons"] = _translate_buttons(button["buttons"], translate)
        out.append(button)
    return out


def _translate_chrome(app, context, lang: str) -> None:
    author = app.config.optcourse_author.get(lang)
    if author:
        context["author"] = author
    if lang == (app.config.language or "en"):
        return
    general, book = _catalogs(lang)
    context["_"] = context["gettext"] = general.gettext
    context["ngettext"] = general.ngettext
    context["translate"] = book.gettext  # sphinx-book-theme's buttons and labels
    context["theme_search_bar_text"] = chrome_text(lang, "Search...")
    if "header_buttons" in context:
        context["header_buttons"] = _translate_buttons(context["header_buttons"], book.gettext)
    body = context.get("body", "")
    for message in WRITER_TITLES:
        body = body.replace(f'title="{message}"', f'title="{html.escape(chrome_text(lang, message))}"')
    context["body"] = body


def absolute_url(app, docname: str) -> str | None:
    """The page's address on the published site (``html.baseurl`` + its file), None without one."""
    base = app.config.html_baseurl
    if not base:
        return None
    return base.rstrip("/") + "/" + docname + app.builder.out_suffix


def _alternates(app, pagename: str) -> str:
    """``<link rel="alternate" hreflang>`` for every language version of the page and x-default."""
    lay = book_layout(app.config)
    lang = lay.page_language(pagename)
    if lang is not None:
        versions = {code: lay.in_language(pagename, code) for code in lay.languages}
    elif pagename == app.config.root_doc:  # the bilingual landing page: each language's front page
        versions = {code: f"{lay.prefix}{code}/index" for code in lay.languages}
    else:
        return ""
    versions = {code: doc for code, doc in versions.items() if doc in app.env.all_docs}
    links = [(code, absolute_url(app, doc)) for code, doc in versions.items()]
    links.append(("x-default", absolute_url(app, app.config.root_doc)))
    if any(url is None for _, url in links):
        return ""  # no html.baseurl: absolute links cannot be written (a fork sets it in _config.yml)
    return "".join(f'\n<link rel="alternate" hreflang="{code}" href="{html.escape(url)}">' for code, url in links)


def _linked_docname(pagename: str, link: str) -> str:
    path = posixpath.normpath(posixpath.join(posixpath.dirname(pagename), link.split("#")[0]))
    return posixpath.splitext(path)[0]


def _stay_in_tree(app, pagename, context, lang):
    """Drop a previous/next link that would leave the page's language tree."""
    lay = book_layout(app.config)
    for key, label in (("prev", "P"), ("next", "N")):
        target = context.get(key)
        if not target or not target.get("link"):
            continue
        if lay.page_language(_linked_docname(pagename, target["link"])) != lang:
            context[key] = None
            context["rellinks"] = [r for r in context.get("rellinks", []) if r[2] != label]


def _on_page_context(app, pagename, templatename, context, doctree):
    lay = book_layout(app.config)
    context["metatags"] = context.get("metatags", "") + _alternates(app, pagename)
    lang = lay.page_language(pagename)
    if lang is None:
        return
    context["language"] = lang
    _translate_chrome(app, context, lang)
    _stay_in_tree(app, pagename, context, lang)
    twin = lay.twin(pagename)
    if twin not in app.env.all_docs and twin not in lay.search_pages().values():
        logger.warning(f"page {pagename} has no twin {twin} in the other language", location=pagename)
        return
    other = lay.page_language(twin)
    href = context["pathto"](twin)
    label = lay.languages[other]
    aria = "Read this page in English" if other == "en" else "このページを日本語で読む"
    link = (f'<nav class="lang-switch" aria-label="{"言語" if lang == "ja" else "Language"}">'
            f'<a class="lang-switch-link" href="{html.escape(href)}" hreflang="{other}" lang="{other}" '
            f'aria-label="{aria}">{label}</a></nav>\n')
    context["body"] = link + context.get("body", "")


def setup(app):
    # after sphinx-book-theme (priority 500) has put its English translator and buttons in the context
    app.connect("html-page-context", _on_page_context, priority=600)
    app.add_css_file("bilingual.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
