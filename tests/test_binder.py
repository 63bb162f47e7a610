"""Binder's configuration (``binder/``), read as repo2docker reads it.

repo2docker looks for a ``binder/`` folder first and then uses only what is in it: the Python
version from ``runtime.txt`` (one line ``python-X.Y``) and the packages from ``requirements.txt``,
installed with pip from the repository's top folder.  The checks:

- Python is pinned the way repo2docker reads it, and pyproject's ``requires-python`` and every
  pinned package (its own ``Requires-Python``) admit it, down to the oldest Python that
  ``requires-python`` allows;
- optlib is installed from the repository, every lesson package is pinned (``==``), and every
  package the lessons and optlib import is in Binder's file (a lesson needing a new package fails
  here until its one line is added);
- the book's toolchain stays out of Binder; the build environment (``requirements.txt``) takes the
  lesson packages from Binder's file, so the two cannot disagree, and it runs those very versions.

tests/test_fresh_env.py builds an environment from these files and runs every lesson in it.
"""

from __future__ import annotations

import ast
import importlib.metadata as md
import json
import re
import sys
import tomllib
from functools import lru_cache
from pathlib import Path

import pytest
from cell_code import parse_cell
from optcourse_site.layout import from_config
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
LAYOUT = from_config(ROOT)
# what Binder's base image (repo2docker's conda environment) brings: Jupyter and its kernel; the
# fresh-environment test installs the kernel in its place (the version requirements.txt pins)
BINDER_BASE = {"ipykernel", "ipython"}
# the book's toolchain: none of it belongs in a learner's kernel
TOOLCHAIN = re.compile(r"^(jupyter-book|sphinx|myst|pydata-sphinx|jupyter-cache|nbval|pytest|playwright)", re.I)


def binder_requirements(path: Path = BINDER / "requirements.txt") -> tuple[list[str], dict[str, Requirement]]:
    """(the local paths installed, e.g. ``-e .``; the pinned packages by canonical name)."""
    local, pinned = [], {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #")[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-e ", "--editable ")) or line in (".", "./"):
            local.append(line)
            continue
        assert not line.startswith("-"), f"binder/requirements.txt: option {line!r} (repo2docker runs pip -r on it)"
        req = Requirement(line)
        pinned[canonicalize_name(req.name)] = req
    return local, pinned


def runtime_python() -> str:
    text = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    m = re.fullmatch(r"python-(\d+\.\d+)", text)
    assert m, f"binder/runtime.txt must be one line 'python-X.Y' (repo2docker's format), not {text!r}"
    return m.group(1)


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _oldest_allowed(spec: SpecifierSet) -> Version:
    for minor in range(6, 30):
        if Version(f"3.{minor}") in spec:
            return Version(f"3.{minor}")
    raise AssertionError(f"requires-python {spec} admits no Python 3 version")


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(k, ast.Name) and k.id in ("ImportError", "ModuleNotFoundError") for k in kinds)


def imported_modules() -> dict[str, set[str]]:
    """Top-level modules imported by the lessons' code cells and by optlib: module -> where."""
    found: dict[str, set[str]] = {}

    def visit(source: str, where: str):
        try:
            tree = parse_cell(source)
        except SyntaxError as e:
            raise AssertionError(f"{where}: {e}") from e
        optional = set()  # imports under ``try: ... except ImportError``: the code runs without them
        for node in ast.walk(tree):
            if isinstance(node, ast.Try) and any(_catches_import_error(h) for h in node.handlers):
                optional.update(id(n) for stmt in node.body for n in ast.walk(stmt))
        for node in ast.walk(tree):
            if id(node) in optional:
                continue
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(where)

    for path in sorted((ROOT / "optlib").rglob("*.py")):
        visit(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    for path in LAYOUT.lessons(ROOT):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                visit("".join(cell["source"]), path.relative_to(ROOT).as_posix())
    return found


@lru_cache(maxsize=1)
def _distributions() -> dict[str, list[str]]:
    return md.packages_distributions()  # (reads every installed package's file list: seconds)


def third_party(modules) -> dict[str, set[str]]:
    """Distribution (canonical name) -> the modules of it that are imported (stdlib and optlib left out)."""
    dists = _distributions()
    out: dict[str, set[str]] = {}
    for module in modules:
        if module in sys.stdlib_module_names or module in ("optlib", "__future__"):
            continue
        names = dists.get(module)
        assert names, f"the lessons or optlib import {module!r}, which no installed package provides"
        for name in names:
            out.setdefault(canonicalize_name(name), set()).add(module)
    return out


# ---------------------------------------------------------------------------------------------
def test_python_is_pinned_as_repo2docker_reads_it_and_pyproject_admits_it():
    version = Version(runtime_python())
    requires = SpecifierSet(_pyproject()["project"]["requires-python"])
    assert version in requires, f"runtime.txt {version} is not allowed by requires-python {requires}"


def test_every_pinned_package_runs_on_every_python_pyproject_admits():
    """numpy 2.4 needs Python >= 3.11: requires-python may not promise 3.10."""
    _, pinned = binder_requirements()
    requires = SpecifierSet(_pyproject()["project"]["requires-python"])
    pythons = {_oldest_allowed(requires), Version(runtime_python())}
    for name, req in pinned.items():
        meta = md.metadata(name)
        spec = SpecifierSet(meta.get("Requires-Python") or "")
        for python in pythons:
            assert python in spec, (f"{name} {meta['Version']} needs Python {spec}, but requires-python "
                                    f"{requires} (and runtime.txt) allow {python}")


def test_optlib_comes_from_the_repository_and_lesson_packages_are_pinned():
    local, pinned = binder_requirements()
    assert local and local[0].split()[-1] in (".", "./"), "binder/requirements.txt must install optlib from the repository (-e .)"
    assert pinned, "binder/requirements.txt pins no package"
    for name, req in pinned.items():
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"{name} is not pinned with == in binder/requirements.txt"
        assert not TOOLCHAIN.match(name), f"{name} is the book's toolchain, not a lesson package: keep it out of Binder"


def test_every_package_the_lessons_and_optlib_import_is_in_binders_file():
    _, pinned = binder_requirements()
    needed = third_party(imported_modules())
    missing = {dist: sorted(mods) for dist, mods in needed.items() if dist not in pinned and dist not in BINDER_BASE}
    assert not missing, ("packages imported by the lessons or optlib but not in binder/requirements.txt "
                         f"(add one pinned line each): {missing}")


def test_optlib_declares_what_it_imports():
    """Colab installs optlib alone (the lessons' hidden first cell): its pyproject dependencies
    must name every package optlib imports."""
    declared = {canonicalize_name(Requirement(d).name) for d in _pyproject()["project"]["dependencies"]}
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "optlib").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                mods = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                mods = [node.module.split(".")[0]]
            else:
                continue
            for m in mods:
                found.setdefault(m, set()).add(path.name)
    missing = {d: sorted(m) for d, m in third_party(found).items() if d not in declared and d not in BINDER_BASE}
    assert not missing, f"optlib imports packages its pyproject.toml does not declare: {missing}"


def test_the_build_environment_reads_binders_pins_and_runs_them():
    top = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^-r binder/requirements\.txt$", top, re.M), "requirements.txt must include binder/requirements.txt"
    top_pins = {canonicalize_name(Requirement(line).name) for line in top.splitlines()
                if line.strip() and not line.startswith(("#", "-"))}
    _, pinned = binder_requirements()
    twice = sorted(set(pinned) & top_pins)
    assert not twice, f"pinned in both requirements.txt and binder/requirements.txt (keep them in binder/ only): {twice}"
    for name, req in pinned.items():
        installed = md.version(name)
        assert installed in req.specifier, f"{name}: this environment has {installed}, Binder pins {req.specifier}"


@pytest.mark.parametrize("line,ok", [("python-3.11", True), ("python-3", False), ("python3.11", False)])
def test_runtime_check_reads_repo2dockers_format(tmp_path, monkeypatch, line, ok):
    monkeypatch.setattr(sys.modules[__name__], "BINDER", tmp_path)
    (tmp_path / "runtime.txt").write_text(line + "\n")
    if ok:
        assert runtime_python() == "3.11"
    else:
        with pytest.raises(AssertionError):
            runtime_python()
