"""Binder's view of the course: a fresh virtual environment built from requirements.txt alone (as
repo2docker builds it: ``python -m venv``, ``pip install -r requirements.txt`` from the top of the
repository) runs every lesson notebook through a real Jupyter kernel of that environment, with the
notebook's own folder as the working directory, and no cell fails.

The kernel is started as Binder starts it: OPTLIB_STATIC is not set, so the sliders are live (the
figure is computed in the kernel), which is also checked.

It takes a few minutes (pip's cache makes the install quick). The README's test command runs it;
for a quick local run skip it with ``OPTCOURSE_SKIP_FRESH_ENV=1``.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "book").glob("*/*.ipynb"))
KERNEL = "optcourse-fresh"

pytestmark = pytest.mark.skipif(os.environ.get("OPTCOURSE_SKIP_FRESH_ENV", "") not in ("", "0"),
                                reason="OPTCOURSE_SKIP_FRESH_ENV is set (quick local run)")


def _run(cmd, **kw):
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert proc.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory):
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    _run([base, "-m", "venv", str(venv)])
    py = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_REQUIRE_VIRTUALENV", "VIRTUAL_ENV", "PYTHONPATH"))}
    # as repo2docker does: from the top of the repository, requirements.txt alone
    _run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements.txt"],
         cwd=ROOT, env=env, timeout=900)
    _run([str(py), "-m", "ipykernel", "install", "--sys-prefix", "--name", KERNEL, "--display-name", "fresh"], env=env)
    return venv


@pytest.fixture(scope="module")
def kernel_env(fresh_env):
    env = {k: v for k, v in os.environ.items()
           if k not in ("OPTLIB_STATIC", "OPTLIB_LIVE", "PYTHONPATH", "VIRTUAL_ENV", "MPLBACKEND")}
    env["PATH"] = f"{fresh_env / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(fresh_env)
    return env


def test_optlib_comes_from_requirements_alone(fresh_env):
    proc = _run([str(fresh_env / "bin" / "python"), "-c", "import optlib, jupyter_book, ipywidgets; print(optlib.__file__)"],
                cwd=fresh_env)
    assert Path(proc.stdout.strip()).resolve().is_relative_to(ROOT / "optlib")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.relative_to(ROOT / "book").as_posix())
def test_lesson_runs_in_a_fresh_kernel_from_its_own_folder(fresh_env, kernel_env, lesson):
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    nb = nbformat.read(lesson, as_version=4)
    n_sliders = sum("slider_figure(" in c.source for c in nb.cells if c.cell_type == "code")
    # a last cell reports the kernel's environment, working directory and live slider figures
    nb.cells.append(nbformat.v4.new_code_cell(
        "import gc, os, sys\nfrom optlib.live import LiveSliderFigure\n"
        "print(sys.prefix, os.getcwd(), sum(isinstance(o, LiveSliderFigure) for o in gc.get_objects()))"))
    ksm = KernelSpecManager(kernel_dirs=[str(fresh_env / "share" / "jupyter" / "kernels")])
    km = KernelManager(kernel_name=KERNEL, kernel_spec_manager=ksm)
    client = NotebookClient(nb, km=km, timeout=600, allow_errors=False, kernel_name=KERNEL,
                            resources={"metadata": {"path": str(lesson.parent)}})
    client.execute(env=kernel_env, cwd=str(lesson.parent))  # raises CellExecutionError on a failed cell
    prefix, cwd, live = nb.cells[-1].outputs[0]["text"].split()
    assert Path(prefix).resolve() == fresh_env.resolve(), "the kernel is not the fresh environment's"
    assert Path(cwd).resolve() == lesson.parent.resolve()
    assert int(live) >= max(n_sliders, 1), "the sliders are not live in a Binder-like kernel"
