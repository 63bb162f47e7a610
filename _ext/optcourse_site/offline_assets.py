"""Sphinx extension: the built site serves its own browser assets (no CDN).

The ipywidgets HTML manager and MathJax come from the npm packages pinned in ``package.json``
(installed into ``node_modules`` by the README's build command).  At the end of the build they are
copied under ``_static/vendor/`` and the pages point at those copies, so a page works with no
network and tells no third party who is reading.  ``static/widgets-mathjax3.js`` lets the widget
manager, written for MathJax 2, typeset with MathJax 3.  The browser tests (tests/test_browser.py)
check that a page load makes no request outside the site.

Weight: MathJax comes as its loader and three components rather than the ``tex-chtml.js`` bundle,
and ``templates/static/webpack-macros.html`` leaves out pydata-sphinx-theme's 1.5 MB Font Awesome
script (its style sheet draws the icons with Font Awesome's web fonts).

Thebe, loaded when a reader presses "Live Code", is vendored the same way by ``live_code.py``.
"""

from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

from sphinx.errors import ExtensionError

VENDOR = "vendor"
WIDGETS_JS = f"{VENDOR}/jupyter-widgets/embed.js"
MATHJAX_JS = f"{VENDOR}/mathjax/startup.js"
# MathJax's loader with the pieces the pages use: TeX in, HTML out, and MathML for screen readers
# (tex-chtml.js bundles these with the 426 kB context menu; autoloaded TeX packages still work)
MATHJAX_COMPONENTS = ["input/tex", "output/chtml", "a11y/assistive-mml"]


def node_modules(app) -> Path:
    """The ``node_modules`` folder of the npm packages of ``package.json`` (next to the book or above)."""
    return _node_modules(Path(app.srcdir).resolve())


@lru_cache(maxsize=None)
def _node_modules(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / "node_modules" / "@jupyter-widgets" / "html-manager").is_dir():
            return folder / "node_modules"
    raise ExtensionError(
        "node_modules with @jupyter-widgets/html-manager and mathjax was not found: run `npm ci` in the "
        "repository (the README's build command does it) so the site can serve its own scripts"
    )


def _on_config(app, config):
    # The ipywidgets manager without RequireJS (embed.js bundles the core widgets).
    config.nb_ipywidgets_js = {WIDGETS_JS: {}}
    config.mathjax_path = MATHJAX_JS
    mathjax = dict(config.mathjax3_config or {})
    mathjax.setdefault("loader", {}).setdefault("load", list(MATHJAX_COMPONENTS))
    config.mathjax3_config = mathjax  # MyST adds its options to it
    node_modules(app)  # fails early, with advice, when npm ci has not run


def _copy_assets(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    nm = node_modules(app)
    dest = Path(app.outdir) / "_static" / VENDOR
    widgets_src = nm / "@jupyter-widgets" / "html-manager" / "dist"
    widgets_dest = dest / "jupyter-widgets"
    widgets_dest.mkdir(parents=True, exist_ok=True)
    for f in widgets_src.iterdir():
        # embed.js and the font/image files it refers to by relative URL (no source maps)
        if f.name == "embed.js" or f.suffix in {".woff", ".woff2", ".ttf", ".eot", ".svg"}:
            shutil.copy2(f, widgets_dest / f.name)
    shutil.copytree(nm / "mathjax" / "es5", dest / "mathjax", dirs_exist_ok=True)
    for lic, target in ((nm / "mathjax" / "LICENSE", dest / "mathjax" / "LICENSE"),
                        (nm / "@jupyter-widgets" / "html-manager" / "dist" / "embed.js.LICENSE.txt",
                         widgets_dest / "embed.js.LICENSE.txt")):
        if lic.exists():
            shutil.copy2(lic, target)


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    """Write each script once.

    sphinx-thebe's inline ``const THEBE_JS_URL = ...`` reaches the page twice (once through the
    app's registry, once through the builder, with ``None`` and ``""`` as file name); the second copy
    was a SyntaxError ("Identifier 'THEBE_JS_URL' has already been declared") on every page.
    """
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for js in scripts:
        key = (getattr(js, "filename", js) or "", tuple(sorted(getattr(js, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(js)
    if len(unique) != len(scripts):
        scripts[:] = unique  # in place: it is the builder's list, which later handlers extend


def setup(app):
    app.connect("config-inited", _on_config, priority=900)
    # embed.js typesets widget labels with MathJax 2's API; the site serves MathJax 3
    app.add_js_file("widgets-mathjax3.js", priority=400)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("build-finished", _copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
