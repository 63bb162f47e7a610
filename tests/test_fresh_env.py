"""Binder's view of the course: a fresh virtual environment built from exactly the files Binder
reads (``binder/runtime.txt``: the Python version; ``binder/requirements.txt``: the packages,
installed with pip from the top of the repository, as repo2docker does) runs every lesson notebook
through a real Jupyter kernel of that environment, with the notebook's own folder as the working
directory, and no cell fails.

Binder's base image brings Jupyter; here its kernel (ipykernel, at the version requirements.txt
pins) stands in for it.  The Python is the one runtime.txt names: ``pythonX.Y`` on the PATH (or
the interpreter running the tests, if it is that version).

The kernel is started as Binder starts it: OPTLIB_STATIC is not set, so the sliders of precomputed
figures are live (the figure is computed in the kernel), which is also checked, as is every route
figure (computed by the widget, in a kernel as on the website).

It takes a few minutes (pip's cache makes the install quick). The README's test command runs it;
for a quick local run skip it with ``OPTCOURSE_SKIP_FRESH_ENV=1``.
"""

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from optcourse_site.layout import from_config

ROOT = Path(__file__).resolve().parents[1]
LESSONS = from_config(ROOT).lessons(ROOT)
KERNEL = "optcourse-fresh"
BINDER = ROOT / "binder"


def binder_python() -> str:
    """An interpreter of the Python version binder/runtime.txt pins."""
    version = re.fullmatch(r"python-(\d+\.\d+)", (BINDER / "runtime.txt").read_text().strip()).group(1)
    candidates = [getattr(sys, "_base_executable", sys.executable), shutil.which(f"python{version}")]
    for exe in filter(None, candidates):
        out = subprocess.run([exe, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True)
        if out.returncode == 0 and out.stdout.strip() == version:
            return exe
    pytest.fail(f"no Python {version} found (binder/runtime.txt): install python{version} or put it on the PATH")


def kernel_pin() -> str:
    """ipykernel as requirements.txt pins it (in Binder's base image, Jupyter brings it)."""
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line.lower().startswith("ipykernel=="):
            return line.strip()
    return "ipykernel"

pytestmark = pytest.mark.skipif(os.environ.get("OPTCOURSE_SKIP_FRESH_ENV", "") not in ("", "0"),
                                reason="OPTCOURSE_SKIP_FRESH_ENV is set (quick local run)")


def _run(cmd, **kw):
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert proc.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory):
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    _run([binder_python(), "-m", "venv", str(venv)])
    py = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_REQUIRE_VIRTUALENV", "VIRTUAL_ENV", "PYTHONPATH"))}
    pip = [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    _run(pip + [kernel_pin()], cwd=ROOT, env=env, timeout=900)  # what Binder's base image has
    t0 = time.perf_counter()
    # as repo2docker does: from the top of the repository, binder/requirements.txt alone
    _run(pip + ["-r", "binder/requirements.txt"], cwd=ROOT, env=env, timeout=900)
    print(f"binder/requirements.txt installed in {time.perf_counter() - t0:.0f} s (pip's cache warm or not)")
    _run([str(py), "-m", "ipykernel", "install", "--sys-prefix", "--name", KERNEL, "--display-name", "fresh"], env=env)
    return venv


@pytest.fixture(scope="module")
def kernel_env(fresh_env):
    env = {k: v for k, v in os.environ.items()
           if k not in ("OPTLIB_STATIC", "OPTLIB_LIVE", "PYTHONPATH", "VIRTUAL_ENV", "MPLBACKEND")}
    env["PATH"] = f"{fresh_env / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(fresh_env)
    return env


def test_optlib_comes_from_binders_files_alone_without_the_book_toolchain(fresh_env):
    py = str(fresh_env / "bin" / "python")
    proc = _run([py, "-c", "import sys, optlib, ipywidgets, sklearn; print(optlib.__file__); print('%d.%d' % sys.version_info[:2])"],
                cwd=fresh_env)
    where, version = proc.stdout.split()
    assert Path(where).resolve().is_relative_to(ROOT / "optlib")
    assert f"python-{version}" == (BINDER / "runtime.txt").read_text().strip()
    for toolchain in ("jupyter_book", "sphinx", "myst_nb"):
        probe = subprocess.run([py, "-c", f"import {toolchain}"], capture_output=True)
        assert probe.returncode != 0, f"{toolchain} is in Binder's environment: it is the book's toolchain"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.relative_to(ROOT / "book").as_posix())
def test_lesson_runs_in_a_fresh_kernel_from_its_own_folder(fresh_env, kernel_env, lesson):
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    nb = nbformat.read(lesson, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    n_sliders = sum("slider_figure(" in c for c in code)  # figures drawn by the kernel on each move
    n_routes = sum("RouteFigure(" in c for c in code)     # figures the widget computes (the same in a kernel)
    # a last cell reports the kernel's environment, working directory, live slider figures and route figures
    nb.cells.append(nbformat.v4.new_code_cell(
        "import gc, os, sys\nfrom optlib.live import LiveSliderFigure\nfrom optlib.routes import RouteFigure\n"
        "print('OPTCOURSE-KERNEL', sys.prefix, os.getcwd(), sum(isinstance(o, LiveSliderFigure) for o in gc.get_objects()),"
        " sum(isinstance(o, RouteFigure) for o in gc.get_objects()))"))
    ksm = KernelSpecManager(kernel_dirs=[str(fresh_env / "share" / "jupyter" / "kernels")])
    km = KernelManager(kernel_name=KERNEL, kernel_spec_manager=ksm)
    client = NotebookClient(nb, km=km, timeout=600, allow_errors=False, kernel_name=KERNEL,
                            resources={"metadata": {"path": str(lesson.parent)}})
    client.execute(env=kernel_env, cwd=str(lesson.parent))  # raises CellExecutionError on a failed cell
    # the report's own line: the kernel may send one print in several pieces, and an earlier cell's
    # widget may still write into this cell's output
    stdout = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout")
    report = [line.split()[1:] for line in stdout.splitlines() if line.startswith("OPTCOURSE-KERNEL ")]
    assert report, f"the kernel's report is missing: {nb.cells[-1].outputs}"
    prefix, cwd, live, routes = report[0]
    assert Path(prefix).resolve() == fresh_env.resolve(), "the kernel is not the fresh environment's"
    assert Path(cwd).resolve() == lesson.parent.resolve()
    assert int(live) >= n_sliders, "the sliders are not live in a Binder-like kernel"
    assert int(routes) >= n_routes, "a route figure was not made in the Binder-like kernel"
    assert int(live) + int(routes) >= 1, "no slider figure in the lesson"
