"""The book's layout, described once: its languages, where their trees live, twins, the walk of
``_toc.yml``.  The Sphinx extensions (``optcourse_site``), the scripts and the tests all read it here.

A lesson lives at ``<prefix><lang>/<path>`` in every language (``book/ja/02_sgd.ipynb`` and
``book/en/02_sgd.ipynb``): the two files are *twins*.  Pages outside the language trees (the
bilingual landing page ``book/index.md``) have no language.

The languages and the prefix are set in ``_config.yml`` (``sphinx.config.optcourse_languages`` and
``optcourse_book_prefix``); :func:`from_config` reads them there, and the Sphinx extension gets the
same values as configuration values.  This module needs nothing but PyYAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

#: the languages of the book, in the order of ``_toc.yml``: code -> the language's own name
LANGUAGES = {"ja": "日本語", "en": "English"}
#: the folder (relative to the book's root) that holds one tree per language
BOOK_PREFIX = "book/"
#: the source suffixes of pages
PAGE_SUFFIXES = (".ipynb", ".md")


@dataclass(frozen=True)
class Layout:
    languages: dict = field(default_factory=lambda: dict(LANGUAGES))
    prefix: str = BOOK_PREFIX

    # ---- pages and their language -------------------------------------------------------------
    def page_language(self, docname: str) -> str | None:
        """The language of a page (``"ja"`` for ``book/ja/02_sgd``), None outside the trees."""
        if not docname.startswith(self.prefix):
            return None
        lang, sep, rest = docname[len(self.prefix):].partition("/")
        return lang if sep and rest and lang in self.languages else None

    def others(self, lang: str) -> list[str]:
        """The book's other languages, in order."""
        return [code for code in self.languages if code != lang]

    def in_language(self, docname: str, lang: str) -> str | None:
        """The same page in ``lang`` (``book/en/02_sgd`` for ``book/ja/02_sgd`` and ``"en"``)."""
        if self.page_language(docname) is None:
            return None
        return f"{self.prefix}{lang}/" + docname[len(self.prefix):].split("/", 1)[1]

    def twin(self, docname: str) -> str | None:
        """The page's twin in the other language (a two-language book), None outside the trees."""
        lang = self.page_language(docname)
        if lang is None:
            return None
        others = self.others(lang)
        return self.in_language(docname, others[0]) if others else None

    def search_pages(self) -> dict[str, str]:
        """The search page of each language (made by the build, not a source file)."""
        return {code: f"{self.prefix}{code}/search" for code in self.languages}

    def tree(self, root: Path, lang: str) -> Path:
        return Path(root) / self.prefix / lang

    # ---- files ------------------------------------------------------------------------------------
    def pages(self, root: Path, lang: str) -> list[str]:
        """The page files of one language's tree, relative to it (``02_sgd.ipynb``), sorted."""
        tree = self.tree(root, lang)
        return sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*")
                      if p.suffix in PAGE_SUFFIXES and ".ipynb_checkpoints" not in p.parts)

    def lessons(self, root: Path, lang: str | None = None) -> list[Path]:
        """The lesson notebooks (every language, or one), sorted by language then name."""
        langs = [lang] if lang else list(self.languages)
        return [self.tree(root, code) / rel for code in langs for rel in self.pages(root, code)
                if rel.endswith(".ipynb")]

    def twin_pairs(self, root: Path) -> list[tuple[Path, Path]]:
        """(first language's notebook, its twin) for every lesson of the first language."""
        first, *rest = self.languages
        if not rest:
            return []
        return [(path, self.tree(root, rest[0]) / path.relative_to(self.tree(root, first)))
                for path in self.lessons(root, first)]


def toc_entries(toc: dict) -> list[str]:
    """Every file of a ``_toc.yml`` (jb-book format), in reading order, without suffix."""
    found = [toc["root"]]

    def walk(entries):
        for e in entries or []:
            if "file" in e:
                found.append(e["file"])
            walk(e.get("sections"))
            walk(e.get("chapters"))

    walk(toc.get("parts"))
    walk(toc.get("chapters"))
    return [re.sub(r"\.(md|ipynb)$", "", f) for f in found]


def toc_pages(root: Path) -> list[str]:
    """The docnames of ``root/_toc.yml``, in reading order (the landing page first)."""
    return toc_entries(yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8")))


def toc_notebooks(root: Path) -> list[Path]:
    """The notebooks ``_toc.yml`` lists, in its order."""
    found = []
    for docname in toc_pages(root):
        path = Path(root) / f"{docname}.ipynb"
        if path.exists():
            found.append(path)
    return found


def from_config(root: Path) -> Layout:
    """The layout ``root/_config.yml`` describes (its ``sphinx.config`` values, else the defaults)."""
    config = yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8")) or {}
    values = ((config.get("sphinx") or {}).get("config") or {})
    return Layout(languages=dict(values.get("optcourse_languages") or LANGUAGES),
                  prefix=values.get("optcourse_book_prefix") or BOOK_PREFIX)
