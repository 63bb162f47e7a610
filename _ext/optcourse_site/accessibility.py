"""Sphinx extension: accessibility fixes for the theme and the widgets (axe-core finds none left).

The browser tests run axe-core on every page and accept no serious or critical violation.  What
they found, and where it is fixed:

- Slider handles of ipywidgets have no accessible name and announce the index of the value, not the
  value: ``static/accessibility.js`` names every handle by its visible label and gives it the
  readout as ``aria-valuetext``; the figure a slider switches is a polite live region so its new
  alternative text is read out.  ``static/accessibility.css`` shows a focus ring on the handle.
- The theme's search button and colour-mode button have an ``aria-label`` that does not contain
  their visible text (WCAG 2.5.3, label in name): ``templates/`` holds the two theme components
  with that fixed (they take precedence over the theme's own).
- The "Show code cell source" toggle of hidden cells (myst-nb) has the same mismatch: its
  ``<summary>`` is written here without the ``aria-label``, so its name is its visible text.
- The expand/collapse ``<summary>`` of the sidebar's sections has no name at all: it is named after
  the section it opens, in the page's language; the sidebar's links into the other language's tree
  get their ``lang`` (WCAG 3.1.2, language of parts).
"""

from __future__ import annotations

import posixpath

from bs4 import BeautifulSoup
from markupsafe import escape

from . import book_layout, layout
from .bilingual import chrome_text

# the label of a sidebar section's expand/collapse control, by page language
SECTION_TOGGLE = {
    "ja": "「{title}」のページ",
    "en": "Pages in “{title}”",
}


def _visit_hide_cell_input(self, node):
    classes = " ".join(node["classes"])
    lang = book_layout(self.builder.config).page_language(self.builder.current_docname)  # the page's language
    self.body.append(f'<details class="admonition hide {classes}">\n')
    self.body.append("<summary>\n")
    self.body.append(f'<p class="collapsed admonition-title">{escape(chrome_text(lang, node["prompt_show"]))}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(chrome_text(lang, node["prompt_hide"]))}</p>\n')
    self.body.append("</summary>\n")


def _depart_hide_cell_input(self, node):
    self.body.append("</details>\n")


def _link_language(lay, pagename: str, href: str) -> str | None:
    """The language of the book page a sidebar link (relative to ``pagename``) points at."""
    if not href or "://" in href or href.startswith(("#", "mailto:")):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(pagename), href.split("#")[0]))
    return lay.page_language(posixpath.splitext(path)[0])


def improve_sidebar(nav, pagename: str, lang: str, lay=None):
    """Name every nameless ``<summary>`` of the sidebar after the section it opens, and mark the
    links (and part captions) of the other language's tree with their ``lang``, so a screen reader
    reads 日本語 titles in Japanese on an English page and the other way round.

    ``nav`` is the theme's sidebar (a BeautifulSoup tree, changed in place, or HTML text).
    """
    lay = lay or layout.Layout()
    soup = BeautifulSoup(nav, "html.parser") if isinstance(nav, str) else nav
    template = SECTION_TOGGLE.get(lang, SECTION_TOGGLE["en"])
    for summary in soup.find_all("summary"):
        if summary.get_text(strip=True) or summary.get("aria-label") or summary.get("aria-labelledby"):
            continue
        li = summary.find_parent("li")
        link = li.find("a", recursive=False) if li is not None else None
        title = link.get_text(" ", strip=True) if link is not None else ""
        if title:
            summary["aria-label"] = template.format(title=title)
    for link in soup.find_all("a", href=True):
        target = _link_language(lay, pagename, link["href"])
        if target and target != lang and not link.get("lang"):
            link["lang"] = target
    for caption in soup.find_all("p", class_="caption"):
        ul = caption.find_next_sibling("ul")
        first = ul.find("a", href=True) if ul is not None else None
        target = _link_language(lay, pagename, first["href"]) if first is not None else None
        if target and target != lang and not caption.get("lang"):
            caption["lang"] = target
    return str(soup) if isinstance(nav, str) else soup


def _on_page_context(app, pagename, templatename, context, doctree):
    generate = context.get("generate_toctree_html")
    if generate is None:
        return
    lay = book_layout(app.config)
    lang = lay.page_language(pagename) or app.config.language or "en"

    def generate_toctree_html(kind, *args, **kwargs):
        out = generate(kind, *args, **kwargs)
        return improve_sidebar(out, pagename, lang, lay) if kind == "sidebar" else out

    context["generate_toctree_html"] = generate_toctree_html


def setup(app):
    app.setup_extension("myst_nb")
    from myst_nb.sphinx_ import HideCodeCellNode

    app.add_node(HideCodeCellNode, override=True, html=(_visit_hide_cell_input, _depart_hide_cell_input))
    # after pydata-sphinx-theme (priority 500) has put generate_toctree_html in the context
    app.connect("html-page-context", _on_page_context, priority=600)
    app.add_css_file("accessibility.css")
    app.add_js_file("accessibility.js", defer="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
