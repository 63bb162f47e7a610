"""Live code as a reader gets it: a built lesson page, Thebe, and a real Jupyter kernel.

A Jupyter server started on 127.0.0.1 stands in for Binder (the only difference is who starts the
server).  In Chromium, with every request outside the site and that server blocked, the test opens
a lesson page with ``?jupyter=<server>&token=<token>`` (see _ext/static/live-code.js), presses the
launch menu's "Live Code" button, waits for the kernel, presses "run all", and then moves the
first slider of the page: its figure, now drawn by the kernel (optlib.live), must change for a
value that was never precomputed and come back when the slider returns.  The page's route figures
(anywidget) must run in the kernel too, their module loaded from the site, not from a CDN.

The kernel is started without OPTLIB_STATIC, as Binder starts it, so the sliders are live.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from browser_support import HTML, ROOT, open_tab

# a short lesson in each language, and a real chapter (its figures are the lessons' own)
# pages with a figure the kernel draws on each move (slider_figure); their route figures run too
PAGES = ["book/en/01_descending_the_mountain", "book/ja/01_descending_the_mountain", "book/en/06_adam"]
RUN_TIMEOUT_MS = 180_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def jupyter(site, tmp_path_factory):
    """A Jupyter server on 127.0.0.1 serving the repository, which accepts the site's origin."""
    port, token = _free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if k not in ("OPTLIB_STATIC", "OPTLIB_LIVE")}
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path_factory.mktemp("jupyter-runtime"))
    log = tmp_path_factory.mktemp("jupyter-log") / "server.log"
    # the server runs from its own environment (scripts/setup.sh --test makes it); it finds the kernel
    # spec "python3" of this environment, where the lessons' kernels run, through JUPYTER_PATH
    server_python = ROOT / ".venv-server" / "bin" / "python"
    if not server_python.exists():
        pytest.fail(f"no Jupyter server environment at {server_python.parent.parent}: run bash scripts/setup.sh --test")
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(Path(sys.prefix, "share", "jupyter")),
                                                        env.get("JUPYTER_PATH")]))
    cmd = [str(server_python), "-m", "jupyter_server", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.allow_origin={site}",
           f"--ServerApp.root_dir={ROOT}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # CI and this sandbox run as root
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as r:
                    json.load(r)
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    pytest.fail(f"the Jupyter server did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.3)
        yield url, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


FRAME_JS = """(fig) => {
  const im = fig.querySelector('img');
  return im ? im.src.length + ':' + im.src.slice(-64) + ':' + im.alt : 'no image';
}"""


def _slider_cells(docname: str) -> int:
    nb = json.loads((ROOT / f"{docname}.ipynb").read_text(encoding="utf-8"))
    return sum(1 for c in nb["cells"] if c["cell_type"] == "code" and "slider_figure(" in "".join(c["source"])
               and "remove-cell" not in c.get("metadata", {}).get("tags", []))


@pytest.mark.parametrize("docname", PAGES)
def test_live_code_runs_the_page_and_the_slider_redraws_in_the_kernel(browser, site, jupyter, docname):
    assert (HTML / f"{docname}.html").exists(), f"{docname} was not built"
    url, token = jupyter
    tab = open_tab(browser, site, also_allow=(url,))
    page = tab.page
    try:
        page.goto(f"{site}/{docname}.html?jupyter={url}/&token={token}", wait_until="networkidle")
        expected = _slider_cells(docname)
        assert expected >= 1
        # the page's precomputed sliders first (the widget manager draws them after the load)
        page.wait_for_function("(n) => document.querySelectorAll('.optlib-slider-figure').length >= n", arg=expected)
        # the route figures (anywidget models in the page's widget state), computed in the browser
        routes = page.evaluate("""() => [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-state+json"]')]
            .flatMap((s) => Object.values(JSON.parse(s.textContent).state))
            .filter((m) => m.model_module === 'anywidget').length""")
        assert routes >= 1, f"{docname} has no route figure"
        page.wait_for_function("(n) => document.querySelectorAll('.optlib-route[data-drawn]').length >= n", arg=routes)
        # the reader's way in: the launch menu, then "Live Code" (live once the deferred live-code.js ran)
        page.wait_for_function("() => typeof window.initThebe === 'function'")
        page.locator(".dropdown-launch-buttons > button").click()
        page.locator("button.btn-launch-thebe").click()
        page.wait_for_function("() => ['ready', 'failed'].includes(document.body.dataset.liveCode)",
                               timeout=RUN_TIMEOUT_MS)
        status = page.locator(".optlib-live-status")
        assert page.evaluate("document.body.dataset.liveCode") == "ready", status.text_content()
        assert status.get_attribute("role") == "status"
        if docname.startswith("book/ja/"):
            assert "カーネル" in status.text_content() and page.locator(".thebe-runall-button").first.text_content() == "すべて実行"

        n_cells = page.locator(".thebe-cell").count()
        assert n_cells >= 2, "Thebe made no editable cells of the page's code"

        page.locator(".thebe-runall-button").first.click()
        page.wait_for_function(
            """(n) => document.querySelectorAll('.optlib-live').length >= n &&
                      [...document.querySelectorAll('.thebe-busy')].every((b) => b.style.display === 'none')""",
            arg=expected, timeout=RUN_TIMEOUT_MS, polling=200)
        errors = page.evaluate("""() => [...document.querySelectorAll('.thebe-output .jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"], .thebe-output .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
                                   .map((e) => e.textContent.slice(0, 300)).filter((t) => /Error|Traceback/.test(t))""")
        assert not errors, f"cells failed in the kernel: {errors}"
        # the kernel's route figures too: Thebe's own widget manager loads anywidget's module, from the
        # site (live-code.js), and each figure computes and draws its route
        page.wait_for_function(
            "(n) => document.querySelectorAll('.thebe-output .optlib-route[data-drawn]').length >= n",
            arg=routes, timeout=60_000, polling=200)

        fig = page.locator(".optlib-live").first
        fig.scroll_into_view_if_needed()
        handle = fig.locator("[role=slider]").first
        readout = fig.locator(".widget-readout").first
        first_frame, first_value = fig.evaluate(FRAME_JS), readout.text_content()
        handle.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"([fig, f]) => ({FRAME_JS})(fig) !== f", arg=[fig.element_handle(), first_frame],
                               timeout=20_000)
        moved_value = readout.text_content()
        assert moved_value != first_value, "the readout did not change"
        assert moved_value in fig.evaluate(FRAME_JS), "the new figure's alternative text does not name the new value"
        page.keyboard.press("ArrowLeft")
        page.wait_for_function(f"([fig, f]) => ({FRAME_JS})(fig) === f", arg=[fig.element_handle(), first_frame],
                               timeout=20_000)
        page.keyboard.press("Tab")  # the focus leaves the slider; the page is shown from the top
        page.evaluate("() => window.scrollTo(0, 0)")
        shot = ROOT / "_build" / "browser" / "live" / f"{docname}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
    finally:
        tab.close()
    assert not tab.blocked, f"requests left the site and the local server: {tab.blocked}"
    assert not tab.problems, f"{docname} with live code: {tab.problems}"


def test_a_link_cannot_point_live_code_at_another_host(browser, site, jupyter):
    """?jupyter= accepts only localhost: a link must not send the page's code elsewhere."""
    tab = open_tab(browser, site)
    try:
        page = tab.page
        page.goto(f"{site}/book/en/00_how_to_use.html?jupyter=http://example.org:8888/&token=x", wait_until="load")
        # the reader's way in, as above; the button works once live-code.js (deferred) has run
        try:
            page.wait_for_function("() => typeof window.initThebe === 'function'", timeout=30_000)
        except Exception:
            pytest.fail(f"live-code.js did not define initThebe; the page's problems: {tab.problems}")
        page.locator(".dropdown-launch-buttons > button").click()
        page.locator("button.btn-launch-thebe").click()
        page.wait_for_function("() => ['connecting', 'failed'].includes(document.body.dataset.liveCode)",
                               timeout=20_000)
        # with no local server accepted, Thebe asks Binder, which this test's network blocks
        deadline = time.time() + 20
        while not any("mybinder.org" in u for u in tab.blocked) and time.time() < deadline:
            tab.page.wait_for_timeout(100)
    finally:
        tab.close()
    assert not any("example.org" in u for u in tab.blocked), f"live code asked a host that is not localhost: {tab.blocked}"
    assert any("mybinder.org" in u for u in tab.blocked), f"live code did not fall back to Binder: {tab.blocked}"
