"""Sphinx extension: the built site serves its own browser assets (no CDN).

The ipywidgets HTML manager, RequireJS and MathJax come from the npm packages pinned in
``package.json`` (installed into ``node_modules`` by the README's build command), and anywidget's
widget module from the anywidget Python package (its ``nbextension/index.js``, an AMD module).  At the
end of the build they are copied under ``_static/vendor/`` and the pages point at those copies, so a
page works with no network and tells no third party who is reading.  The manager is the RequireJS one
(``embed-amd.js``), so that it can load the module of a widget that is not one of ipywidgets' own:
``static/widgets-require.js`` tells RequireJS that anywidget (optlib's route figures) is on the site,
and starts the manager.  ``embed-amd.js`` is one file of six named AMD modules (ipywidgets 8's base and
controls, ipywidgets 7's, the manager and its embedder); it is served as one file per module, so that
a page fetches only the four it uses (918 kB gzip-compressed as one file, 689 kB as the four).  A
page whose widgets are all ipywidgets' own (no route figure) gets the manager without RequireJS
(``embed.js``, 458 kB) instead.
``static/widgets-mathjax3.js`` lets the widget manager, written for MathJax 2, typeset with MathJax 3.
The browser tests (tests/test_browser.py) check that a page load makes no request outside the site.

Weight: MathJax comes as its loader and three components rather than the ``tex-chtml.js`` bundle,
and ``templates/static/webpack-macros.html`` leaves out pydata-sphinx-theme's 1.5 MB Font Awesome
script (its style sheet draws the icons with Font Awesome's web fonts).

Thebe, loaded when a reader presses "Live Code", is vendored the same way by ``live_code.py``.
"""

from __future__ import annotations

import re
import shutil
from functools import lru_cache
from pathlib import Path

from sphinx.errors import ExtensionError

VENDOR = "vendor"
WIDGETS_DIR = f"{VENDOR}/jupyter-widgets"
REQUIRE_JS = f"{VENDOR}/requirejs/require.js"
#: the manager without RequireJS, for pages whose widgets are all ipywidgets' own (458 kB gzip-compressed)
EMBED_JS = f"{WIDGETS_DIR}/embed.js"
ANYWIDGET_JS = f"{VENDOR}/anywidget/index.js"
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"  # the type of the script holding a page's widgets
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


def anywidget_module() -> Path:
    """anywidget's widget module for the classic page managers (an AMD module), from its Python package."""
    import anywidget

    path = Path(anywidget.__file__).parent / "nbextension" / "index.js"
    if not path.exists():
        raise ExtensionError(f"anywidget's widget module {path} is missing: reinstall anywidget (requirements.txt)")
    return path


#: the modules embed-amd.js defines; a page loads the first four (ipywidgets 8), RequireJS the others on demand
WIDGET_MODULES = ("@jupyter-widgets/base", "@jupyter-widgets/controls", "@jupyter-widgets/html-manager",
                  "@jupyter-widgets/html-manager/dist/libembed-amd", "@jupyter-widgets/base7", "@jupyter-widgets/controls7")
_DEFINE = re.compile(r'^define\("([^"]+)"', re.MULTILINE)


def module_file(name: str) -> str:
    """The file (without ``.js``) that serves AMD module ``name``: the name's slashes as dashes."""
    return name.removeprefix("@jupyter-widgets/").replace("/", "-")


def amd_modules(bundle: Path) -> dict[str, str]:
    """The named AMD modules of ``bundle`` (webpack's ``embed-amd.js``), each as its own source.

    Each module is a ``define("name", ...)`` at the start of a line and runs to the next one; the
    licence and source-map comments between modules are left out (the site serves no maps, and the
    licence file is served beside them).  After the last module comes the bundle's own start of the
    manager, which ``static/widgets-require.js`` does instead: it is left out too.
    """
    text = bundle.read_text(encoding="utf-8")
    starts = [(m.start(), m.group(1)) for m in _DEFINE.finditer(text)]
    found = {name for _, name in starts}
    startup = text.rfind('\n(()=>{"use strict";window.require(')
    if found != set(WIDGET_MODULES) or len(starts) != len(WIDGET_MODULES) or startup < starts[-1][0]:
        raise ExtensionError(f"{bundle} is not laid out as this extension expects (modules {sorted(found)}): "
                             "did the @jupyter-widgets/html-manager version in package.json change?")
    out = {}
    for (start, name), (end, _) in zip(starts, starts[1:] + [(startup, None)]):
        lines = text[start:end].split("\n")
        while lines and (not lines[-1].strip() or lines[-1].startswith(("//# sourceMappingURL=", "/*! For license"))):
            lines.pop()
        out[name] = "\n".join(lines).rstrip(";") + ";\n"
    return out


def _on_config(app, config):
    # RequireJS, then the manager's modules (and anywidget's) on the site, and the manager started.
    config.nb_ipywidgets_js = {REQUIRE_JS: {}, "widgets-require.js": {}}
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
    widgets_dest = dest / WIDGETS_DIR.removeprefix(f"{VENDOR}/")
    widgets_dest.mkdir(parents=True, exist_ok=True)
    for f in widgets_src.iterdir():
        # the font/image files the manager's styles refer to by relative URL
        if f.suffix in {".woff", ".woff2", ".ttf", ".eot", ".svg"}:
            shutil.copy2(f, widgets_dest / f.name)
    shutil.copy2(widgets_src / "embed.js", dest / EMBED_JS.removeprefix(f"{VENDOR}/"))
    for name, code in amd_modules(widgets_src / "embed-amd.js").items():
        (widgets_dest / f"{module_file(name)}.js").write_text(code, encoding="utf-8")
    (dest / "requirejs").mkdir(parents=True, exist_ok=True)
    shutil.copy2(nm / "requirejs" / "require.js", dest / REQUIRE_JS.removeprefix(f"{VENDOR}/"))
    module = anywidget_module()
    (dest / "anywidget").mkdir(parents=True, exist_ok=True)
    shutil.copy2(module, dest / ANYWIDGET_JS.removeprefix(f"{VENDOR}/"))
    licence = next(module.parents[2].glob("anywidget-*.dist-info/licenses/LICENSE"), None)
    if licence is not None:
        shutil.copy2(licence, dest / "anywidget" / "LICENSE")
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


def _lighter_manager_without_anywidget(app, pagename, templatename, context, doctree):
    """A page whose widgets are all ipywidgets' own (no route figure: chapter 8) needs no RequireJS:
    it gets the manager without it (``embed.js``, 458 kB gzip-compressed) instead of RequireJS and the
    four AMD modules (710 kB)."""
    scripts = context.get("script_files")
    # MyST-NB writes the page's widget state as an inline script (type and body, no file)
    states = [getattr(js, "attributes", {}).get("body") or "" for js in scripts or ()
              if getattr(js, "attributes", {}).get("type") == _WIDGET_STATE]
    if not states or any(_needs_requirejs(state) for state in states):
        return
    amd = {f"_static/{name}" for name in (REQUIRE_JS, "widgets-require.js")}  # as the builder names them
    kept = [js for js in scripts if (getattr(js, "filename", js) or "") not in amd]
    if len(kept) < len(scripts):
        scripts[:] = kept  # in place: the builder's list
        app.add_js_file(EMBED_JS)  # added in html-page-context: for this page only


def _needs_requirejs(state: str) -> bool:
    """Whether a widget of the state comes from a module other than ipywidgets' own (anywidget's)."""
    modules = set(re.findall(r'"_?model_module"\s*:\s*"([^"]+)"', state))
    return any(not m.startswith("@jupyter-widgets/") for m in modules)


def setup(app):
    app.connect("config-inited", _on_config, priority=900)
    # the widget manager typesets widget labels with MathJax 2's API; the site serves MathJax 3
    app.add_js_file("widgets-mathjax3.js", priority=400)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    # after MyST-NB has added the manager's scripts to a page with widgets (its handler runs at 500)
    app.connect("html-page-context", _lighter_manager_without_anywidget, priority=890)
    app.connect("build-finished", _copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
