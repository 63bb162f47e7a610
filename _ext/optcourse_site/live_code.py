"""Sphinx extension: "Live code" (Thebe) served from the site itself.

Jupyter Book's ``launch_buttons.thebe`` adds a "Live Code" button to every lesson page; pressing it
loads Thebe, which turns the page's code cells into editable cells run by a Jupyter kernel
(mybinder.org, built from ``repository.url`` and ``branch``, or a Jupyter server on the reader's own
computer, see ``static/live-code.js``).  In that kernel ``optlib.widgets`` draws the sliders' figure
on each move.

sphinx-thebe 0.3.1 names ``https://unpkg.com/thebe@0.8.2`` in every page and drives Thebe 0.8's
API.  Here instead:

- Thebe 0.9.3 comes from npm (``package.json``) and is copied under ``_static/vendor/thebe/``,
  with the RequireJS that its widget manager loads (``_static/vendor/requirejs/``);
- the page's inline ``THEBE_JS_URL`` points at that copy, and sphinx-thebe's ``sphinx-thebe.js``
  is replaced by ``static/live-code.js`` (Thebe 0.9's API, the page's language, a local server).

Nothing is loaded until the reader presses the button.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .offline_assets import node_modules

VENDOR = "_static/vendor"
THEBE_JS = f"{VENDOR}/thebe/index.js"


def _on_page_context(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    kept, thebe_url = [], False
    for js in scripts:
        filename = str(getattr(js, "filename", js) or "")
        body = getattr(js, "attributes", {}).get("body", "")
        if filename == "sphinx-thebe.js" or filename.endswith("/sphinx-thebe.js"):
            continue  # written for Thebe 0.8; live-code.js drives 0.9
        if "THEBE_JS_URL" in body:
            thebe_url = True
            continue  # sphinx-thebe's, naming a CDN: replaced below
        kept.append(js)
    scripts[:] = kept  # in place: it is the builder's list
    if thebe_url:
        # the same inline script, naming the site's own copy (added to this page only)
        app.add_js_file(None, body=f"const THEBE_JS_URL = {json.dumps(context['pathto'](THEBE_JS, 1))};")


def _copy_thebe(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    nm = node_modules(app)  # the npm packages of package.json
    dest = Path(app.outdir) / VENDOR
    thebe_src, thebe_dest = nm / "thebe" / "lib", dest / "thebe"
    thebe_dest.mkdir(parents=True, exist_ok=True)
    for f in thebe_src.iterdir():
        # the bundle, the chunks it loads next to itself, its style sheet and licences (no maps)
        if f.is_file() and (f.suffix in {".js", ".css"} or f.name.endswith(".LICENSE.txt")):
            shutil.copy2(f, thebe_dest / f.name)
    shutil.copy2(nm / "thebe" / "package.json", thebe_dest / "package.json")  # its version and licence
    req_dest = dest / "requirejs"
    req_dest.mkdir(parents=True, exist_ok=True)
    for name in ("require.js", "package.json"):
        shutil.copy2(nm / "requirejs" / name, req_dest / name)


def setup(app):
    app.add_js_file("live-code.js", defer="defer")
    app.add_css_file("live-code.css")
    # after sphinx-thebe and offline_assets have put their scripts in the context
    app.connect("html-page-context", _on_page_context, priority=950)
    app.connect("build-finished", _copy_thebe)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
