"""Sphinx extension for the bilingual book: per-page ``<html lang>`` and a link to the twin page.

Lessons live at ``book/ja/<path>`` and ``book/en/<path>``.  Every such page gets the right
``lang`` attribute, a visible link to the same page in the other language, and
``<link rel="alternate" hreflang>`` entries.  A page whose twin is missing is a build warning
(the book is built with -W, so it fails).  The theme's own words on a Japanese page ("Search",
"Contents", "previous"...) are Japanese too, from the catalogs the packages ship.
"""

from __future__ import annotations

import gettext
import html
import posixpath
from functools import lru_cache
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

LANGS = {"ja": "日本語", "en": "English"}
PREFIX = "book/"


def page_language(docname: str) -> str | None:
    """``"ja"`` or ``"en"`` for a lesson page, None for pages outside both trees."""
    parts = docname.split("/")
    if len(parts) >= 3 and parts[0] + "/" == PREFIX and parts[1] in LANGS:
        return parts[1]
    return None


def twin_docname(docname: str) -> str | None:
    lang = page_language(docname)
    if lang is None:
        return None
    other = "en" if lang == "ja" else "ja"
    return f"{PREFIX}{other}/" + docname.split("/", 2)[2]


# The theme's words that its Japanese catalogs leave out (or that sphinx-book-theme builds in
# Python, in English, before any template sees them), as this book says them.
CHROME = {
    "ja": {
        "Skip to main content": "本文へ移動",
        "Color mode": "表示色のモード",
        "Search...": "検索...",
        "Table of contents": "目次",
        "Page": "ページ",
        "Toggle primary sidebar": "左のサイドバーの表示を切り替える",
        "Toggle secondary sidebar": "右のサイドバー（目次）の表示を切り替える",
        "Launch interactive content": "ノートブックを開いて実行する",
        "Launch on Binder": "Binder で開く",
        "Launch on Colab": "Colab で開く",
        "Launch on JupyterHub": "JupyterHub で開く",
        "Live Code": "ライブコード",
        "Launch Thebe": "このページのコードをその場で実行する (Thebe)",
        "Download this page": "このページをダウンロード",
        "Download source file": "ソースファイルをダウンロード",
        "Download notebook file": "ノートブックをダウンロード",
        "Print to PDF": "PDF に印刷",
        "Fullscreen mode": "全画面表示",
        "Source repository": "ソースのリポジトリ",
        "repository": "リポジトリ",
        # myst-nb's toggles of hidden cells (solutions)
        "Show code cell source": "コードセルのソースを表示",
        "Hide code cell source": "コードセルのソースを隠す",
        "Show code cell outputs": "コードセルの出力を表示",
        "Hide code cell outputs": "コードセルの出力を隠す",
        "Show code cell content": "コードセルの内容を表示",
        "Hide code cell content": "コードセルの内容を隠す",
    },
}


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


def _translate_chrome(app, context, lang: str) -> None:
    if lang == (app.config.language or "en"):
        return
    general, book = _catalogs(lang)
    context["_"] = context["gettext"] = general.gettext
    context["ngettext"] = general.ngettext
    context["translate"] = book.gettext  # sphinx-book-theme's buttons and labels
    context["theme_search_bar_text"] = book.gettext("Search") + "..."


def _on_page_context(app, pagename, templatename, context, doctree):
    lang = page_language(pagename)
    if lang is None:
        return
    context["language"] = lang
    _translate_chrome(app, context, lang)
    twin = twin_docname(pagename)
    if twin not in app.env.all_docs:
        logger.warning(f"page {pagename} has no twin {twin} in the other language", location=pagename)
        return
    other = "en" if lang == "ja" else "ja"
    href = context["pathto"](twin)
    here = context["pathto"](pagename)
    label = LANGS[other]
    aria = "Read this page in English" if other == "en" else "このページを日本語で読む"
    link = (f'<nav class="lang-switch" aria-label="{"言語" if lang == "ja" else "Language"}">'
            f'<a class="lang-switch-link" href="{html.escape(href)}" hreflang="{other}" lang="{other}" '
            f'aria-label="{aria}">{label}</a></nav>\n')
    context["body"] = link + context.get("body", "")
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" hreflang="{lang}" href="{html.escape(here)}">'
        f'\n<link rel="alternate" hreflang="{other}" href="{html.escape(href)}">'
    )


def setup(app):
    # after sphinx-book-theme (priority 500) has put its English translator in the context
    app.connect("html-page-context", _on_page_context, priority=600)
    app.add_css_file("bilingual.css")
    app.connect("builder-inited", _add_static)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}


def _add_static(app):
    app.config.html_static_path.append(posixpath.join(posixpath.dirname(__file__), "static"))
