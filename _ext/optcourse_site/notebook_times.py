"""How long each lesson notebook takes to run, as recorded for running the longest first.

Both the build (``scripts/execute_notebooks.py``) and nbval (``optcourse_site.pytest_plugin``) start
the longest notebooks first, so that the last one to finish starts early.  They read the same
records, each a JSON object from a notebook's path (from the repository's top, with ``/``) to its
seconds.  This module needs nothing but the standard library.
"""

from __future__ import annotations

import json
from pathlib import Path


def records(root: Path) -> tuple[Path, Path, Path]:
    """The records, the least recent first (a later one wins where they differ): the typical times
    kept in the repository, the build's last times, nbval's last times."""
    return (root / "scripts" / "notebook-seconds.json", root / "_build" / ".jupyter_cache" / "execution-seconds.json",
            root / "_build" / "nbval-seconds.json")


def read(record: Path) -> dict[str, float]:
    """The times in one record; none when it is missing or not readable (it only sets an order)."""
    try:
        return dict(json.loads(record.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return {}
