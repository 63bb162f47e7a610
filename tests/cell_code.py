"""Reading a notebook's code cell as Python, for the tests that inspect the lessons' code with ``ast``."""

from __future__ import annotations

import ast


def parse_cell(source: str) -> ast.Module:
    """The cell's code as an ``ast`` tree; an IPython magic or shell line (``%pip ...``, ``!ls``)
    becomes ``pass``, keeping its indentation (it defines and reads nothing)."""
    lines = [line[: len(line) - len(line.lstrip())] + "pass" if line.lstrip().startswith(("%", "!")) else line
             for line in source.splitlines()]
    return ast.parse("\n".join(lines))
