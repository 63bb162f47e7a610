"""Sphinx extension for the bilingual book: per-page ``<html lang>`` and a link to the twin page.

Lessons live at ``book/ja/<path>`` and ``book/en/<path>``.  Every such page gets the right
``lang`` attribute, a visible link to the same page in the other language, and
``<link rel="alternate" hreflang>`` entries.  A page whose twin is missing is a build warning
(the book is built with -W, so it fails).
"""

from __future__ import annotations

import html
import posixpath

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


def _on_page_context(app, pagename, templatename, context, doctree):
    lang = page_language(pagename)
    if lang is None:
        return
    context["language"] = lang
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
    app.connect("html-page-context", _on_page_context)
    app.add_css_file("bilingual.css")
    app.connect("builder-inited", _add_static)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}


def _add_static(app):
    app.config.html_static_path.append(posixpath.join(posixpath.dirname(__file__), "static"))
