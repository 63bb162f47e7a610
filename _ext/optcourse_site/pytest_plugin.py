"""pytest plugin of the course, loaded first in every pytest run of the repository
(``-p optcourse_site.pytest_plugin`` in pyproject.toml's addopts), also when only ``book/`` is
collected (nbval in bench/run.py), where tests/conftest.py is not read.

**A slow import kept out.**  nbval imports nbformat, which imports jsonschema, which imports
``rfc3987_syntax`` when it is installed (jupyter_server's event schemas ask for it) to check the
"iri" string format.  That import builds 38 Lark parsers: about 5 s of CPU in each pytest process
(the main one and every xdist worker).  The test environment no longer has it (the Live Code test's
server lives in ``.venv-server``), but an environment with Jupyter installed beside the course does;
no test here checks an "iri" format (nbformat validates notebooks without format checks), so the
test processes go without it either way.  Kernels are other processes: they import what their
environment has.

**Longest notebooks first.**  With two workers (``-n 2 --dist loadfile``, as bench/run.py runs
nbval) a long notebook that starts last keeps one worker busy while the other idles.  Every nbval
run records how long each notebook took (``_build/nbval-seconds.json``) and the next run starts the
longest first (before the first run: the build's times, ``scripts/execute_notebooks.py``, or the
typical times kept in ``scripts/notebook-seconds.json``).  The
cells of a notebook keep their order, and every other test keeps its place.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import notebook_times

sys.modules.setdefault("rfc3987_syntax", None)  # "import rfc3987_syntax" raises ImportError: jsonschema skips it

_seconds: dict[str, float] = {}


def _is_cell(item) -> bool:
    return type(item).__name__ == "IPyNbCell"


def pytest_collection_modifyitems(session, config, items):
    cells = [i for i, item in enumerate(items) if _is_cell(item)]
    if not cells:
        return
    root = Path(config.rootpath)
    seconds: dict[Path, float] = {}
    for record in notebook_times.records(root):  # nbval's own times win over the build's, the build's over the typical ones
        seconds.update({(root / path).resolve(): s for path, s in notebook_times.read(record).items()})
    if not seconds:
        return
    notebooks = list(dict.fromkeys(Path(items[i].fspath).resolve() for i in cells))
    rank = {nb: r for r, nb in enumerate(sorted(notebooks, key=lambda nb: -seconds.get(nb, 0.0)))}
    moved = sorted((items[i] for i in cells), key=lambda it: rank[Path(it.fspath).resolve()])  # stable
    for slot, item in zip(cells, moved):
        items[slot] = item


def pytest_runtest_logreport(report):
    # (reports reach the main process, also from xdist workers)
    path, sep, cell = report.nodeid.partition("::")
    if sep and path.endswith(".ipynb") and cell.startswith("Cell"):
        _seconds[path] = _seconds.get(path, 0.0) + report.duration


def pytest_sessionfinish(session):
    if not _seconds or hasattr(session.config, "workerinput"):  # the main process writes the record
        return
    record = notebook_times.records(Path(session.config.rootpath))[-1]
    known = notebook_times.read(record)
    known.update({path: round(s, 2) for path, s in _seconds.items()})
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(known, indent=1, sort_keys=True) + "\n")
