"""What the browser tests share: the pages of ``_toc.yml``, the built site served on localhost, and
Debian's Chromium driven by Playwright with every request outside the allowed hosts blocked.

The fixtures ``site`` and ``browser`` (conftest.py) are built from these; test_browser.py checks
every page as a reader gets it, test_live_code.py runs a page live against a local Jupyter server.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
TIMEOUT_MS = 30_000


# the pages: every file of _toc.yml, in its order
def toc_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
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


def page_language(docname: str) -> str | None:
    parts = docname.split("/")
    return parts[1] if len(parts) >= 3 and parts[0] == "book" and parts[1] in ("ja", "en") else None


def twin(docname: str) -> str | None:
    lang = page_language(docname)
    if lang is None:
        return None
    return f"book/{'en' if lang == 'ja' else 'ja'}/{docname.split('/', 2)[2]}"


# the server and the browser
class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory: Path):
    """``directory`` served on 127.0.0.1 (a free port); yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def chromium_path() -> str:
    path = os.environ.get("OPTCOURSE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Chromium is not installed: run `bash scripts/setup.sh --system` (Debian's chromium and "
                    "fonts-noto-cjk), or set OPTCOURSE_CHROMIUM to a Chromium binary")
    return path


@contextmanager
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in requirements-test.txt")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Tab:
    """A page in a fresh browser context, with everything that went wrong on the way recorded."""

    page: object
    context: object
    base: str
    problems: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def close(self):
        self.context.close()


def open_tab(browser, base: str, also_allow: tuple[str, ...] = ()) -> Tab:
    """A fresh context (a first visit) on the site at ``base``; requests anywhere else but the
    origins in ``also_allow`` are blocked and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    tab = Tab(page, context, base)
    allowed = (base, *also_allow)

    def route(r):
        url = r.request.url
        if any(url == a or url.startswith(a + "/") for a in allowed):
            r.continue_()
        else:
            tab.blocked.append(url)
            r.abort("blockedbyclient")

    context.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and tab.problems.append(f"console error: {m.text[:300]}"))
    page.on("pageerror", lambda e: tab.problems.append(f"uncaught exception: {str(e)[:300]}"))
    page.on("requestfailed", lambda r: any(r.url.startswith(a) for a in allowed)
            and tab.problems.append(f"request failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and tab.problems.append(f"HTTP {r.status}: {r.url}"))
    return tab
