"""The course's Sphinx extensions, as one package (``extra_extensions: [optcourse_site]`` in
``_config.yml``; ``requirements.txt`` installs it from ``_ext/``).

- ``layout``: the book's layout (languages, twins, the walk of ``_toc.yml``), shared with the scripts
  and the tests; no Sphinx in it;
- ``bilingual``: per-page language, twin links, absolute ``hreflang`` links, the theme's words in the
  page's language, previous/next links kept inside the page's language tree;
- ``cjk``: no stray space where a Japanese line was broken in the source;
- ``search``: a search that finds Japanese compound words and English words, and a search page per
  language that lists the page's language first;
- ``offline_assets``: the site serves its own scripts (no CDN), lighter pages;
- ``offline_copy``: a zip of the whole site for offline reading, linked from the landing page;
- ``accessibility``: fixes for the theme and the sliders;
- ``live_code``: "Live Code" with Thebe served by the site.

Configuration values (``sphinx.config`` in ``_config.yml``):

``optcourse_languages``
    the languages, code -> the language's own name, in the order of ``_toc.yml``;
``optcourse_book_prefix``
    the folder holding one tree per language (``book/``);
``optcourse_author``
    the author's name per language, where it differs from ``author`` (``{"ja": "..."}``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import layout

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"

SUBMODULES = ("bilingual", "cjk", "search", "offline_assets", "offline_copy", "accessibility", "live_code")


def book_layout(config) -> layout.Layout:
    """The book's layout as this build is configured."""
    return layout.Layout(languages=dict(config.optcourse_languages), prefix=config.optcourse_book_prefix)


def _register_folders(app, config):
    # once, for every module of the package: its static files and the theme templates it overrides
    if str(STATIC) not in map(str, config.html_static_path):
        config.html_static_path.append(str(STATIC))
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def _folders_digest() -> str:
    digest = hashlib.sha256()
    for folder in (STATIC, TEMPLATES):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(HERE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _pages_follow_the_folders(app, env, added, changed, removed):
    # When no source changed, Sphinx writes no page and copies no static file, so an edited script or
    # template would not reach the site; and each page names its scripts with a checksum (?v=...) that
    # must change with them.  So an edit to these folders rewrites every page.
    digest = _folders_digest()
    if getattr(env, "optcourse_folders_digest", None) == digest:
        return []
    env.optcourse_folders_digest = digest
    return sorted(env.found_docs)


def setup(app):
    app.add_config_value("optcourse_languages", dict(layout.LANGUAGES), "env", types=[dict])
    app.add_config_value("optcourse_book_prefix", layout.BOOK_PREFIX, "env", types=[str])
    app.add_config_value("optcourse_author", {}, "html", types=[dict])
    app.connect("config-inited", _register_folders)
    app.connect("env-get-outdated", _pages_follow_the_folders)
    for name in SUBMODULES:
        app.setup_extension(f"{__name__}.{name}")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
