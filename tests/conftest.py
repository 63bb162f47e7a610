"""Shared fixtures: the site is built once per test session, through the README's build command.

``tests/test_build.py`` checks the build and the pages' HTML; ``tests/test_browser.py`` opens the
same pages in Chromium and ``tests/test_live_code.py`` runs one live.  All use the ``build``
fixture, so a session builds once.

Markers (CONTRIBUTING.md says when to use which), given here to every test, so that no test file
has to say it:

- ``build``: needs the built site (uses the ``build`` fixture, directly or through another);
- ``browser``: opens pages in Chromium (uses the ``browser`` or ``site`` fixture);
- ``slow``: runs notebooks or kernels (nbval, the fresh environment, live code) or a minute of
  routes in Node (the tests in ``SLOW``; one case of them stays in the fast loop, ``UNIT_SAMPLES``);
- ``unit``: everything else: no build, no browser, no kernel (``bash scripts/test.sh -m unit``).
"""

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
LOG = ROOT / "_build" / "build.log"
BROWSER_REPORT = ROOT / "_build" / "browser" / "report.json"

_SESSION_START = time.time()

MARKERS = {
    "unit": "fast tests of optlib, the book's sources and the tools: no build, no browser, no kernel",
    "build": "needs the built site (the session builds it once, a few minutes from a cold cache)",
    "browser": "opens the built site in Chromium",
    "slow": "runs notebooks or kernels, or thousands of routes in Node: nbval, the fresh Binder-like environment, "
            "live code, the route figures' JavaScript against optlib for every optimizer and field",
}
# tests that start a Jupyter kernel or a fresh environment, by module or by node id
SLOW = {
    "test_fresh_env.py",
    "test_live_code.py",
    "test_widgets_live.py::test_a_real_kernel_redraws_when_the_frontend_moves_the_slider",
    "test_widgets_live.py::test_a_kernel_started_by_the_build_inherits_optlib_static_and_stays_static",
    # the route figures' JavaScript in Node, 40 settings for each optimizer on each field (about a minute)
    "test_routes.py::test_the_browser_walks_as_optlib_walks",
    "test_routes.py::test_noise_from_python_and_listed_fields_are_walked_as_optlib_walks",
}
# one case of a slow parametrized test that stays in the fast loop, so that a change that breaks it
# everywhere is caught there
UNIT_SAMPLES = {"test_routes.py::test_the_browser_walks_as_optlib_walks[valley-Adam]"}


def pytest_configure(config):
    for name, text in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {text}")


def _markers(item) -> set[str]:
    if type(item).__name__ == "IPyNbCell":  # nbval: a notebook's cell run in a kernel
        return {"slow"}
    fixtures = set(getattr(item, "fixturenames", ()))
    module = Path(str(item.fspath)).name
    test = f"{module}::{item.name.split('[')[0]}"
    found = set()
    if fixtures & {"build", "run_build", "site", "browser", "visits", "searched"}:
        found.add("build")
    if fixtures & {"site", "browser"}:
        found.add("browser")
    if (module in SLOW or test in SLOW) and f"{module}::{item.name}" not in UNIT_SAMPLES:
        found.add("slow")
    return found or {"unit"}


def _run_build(*extra):
    env = dict(os.environ, OPTCOURSE_SETUP_DONE=os.environ.get("OPTCOURSE_SETUP_DONE", "1"))
    proc = subprocess.run(["bash", "scripts/build.sh", *extra], cwd=ROOT, env=env, capture_output=True, text=True)
    return proc, LOG.read_text(encoding="utf-8") if LOG.exists() else ""


@pytest.fixture(scope="session")
def run_build():
    """The README's build command as a function: ``proc, log = run_build("--all")``."""
    return _run_build


@pytest.fixture(scope="session")
def build(run_build):
    """Build the site once per session; the build log."""
    proc, log = run_build()
    assert proc.returncode == 0, f"build failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    return log


# Module scope: one server and one browser for the tests of a file, closed when they are done.
# (The sync Playwright API keeps an asyncio loop running on the main thread while it is open; left
# open for the session, it broke later tests that call asyncio.run().)
@pytest.fixture(scope="module")
def site(build):
    """``_build/html`` served on 127.0.0.1 (a free port); its base URL."""
    from browser_support import serve

    with serve(HTML) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, driven by Playwright."""
    from browser_support import chromium

    with chromium() as b:
        yield b


def pytest_terminal_summary(terminalreporter):
    """After the browser tests: how many pages and sliders they checked, and the heaviest page."""
    if not BROWSER_REPORT.exists() or BROWSER_REPORT.stat().st_mtime < _SESSION_START:
        return
    report = json.loads(BROWSER_REPORT.read_text(encoding="utf-8"))
    tr = terminalreporter
    tr.section("browser tests")
    tr.write_line(f"pages checked in Chromium: {report['pages_checked']} of {report['pages_in_toc']} in _toc.yml; "
                  f"sliders moved (keyboard and mouse): {report['sliders_checked']}")
    heavy = report.get("heaviest_page")
    if heavy:
        tr.write_line(f"heaviest page: {heavy['page']}: {heavy['total_bytes'] / 1e6:.2f} MB in all "
                      f"({heavy['total_gzip_bytes'] / 1e6:.2f} MB gzip-compressed) "
                      f"(HTML {heavy['html_bytes'] / 1e6:.2f} MB, of which slider frames and figures "
                      f"{heavy['html_image_bytes'] / 1e6:.2f} MB; scripts, styles and fonts "
                      f"{heavy['resource_bytes'] / 1e6:.2f} MB)")
    tr.write_line(f"pages over the {report['page_budget_bytes'] / 1e6:.0f} MB budget (as served, gzip): "
                  f"{len(report['over_budget'])} of {report['pages_checked']}")
    tr.write_line(f"screenshots and the full report: {BROWSER_REPORT.parent}")


@pytest.hookimpl(tryfirst=True)  # before pytest's -m selection reads the markers
def pytest_collection_modifyitems(session, config, items):
    """Mark every test (see the top of this file).  (nbval's notebooks are ordered, longest first,
    by optcourse_site.pytest_plugin, which every pytest run of this repository loads.)"""
    for item in items:
        for name in sorted(_markers(item)):
            item.add_marker(name)
