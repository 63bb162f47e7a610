"""Strip outputs, execution counts and saved widget state from the lesson notebooks, and give the
hidden cells their one look.

Notebooks are committed clean and executed at build time.  The cells a reader does not need to see
are folded the same way everywhere:

- the book's own checks (cells tagged ``remove-cell``: the asserts behind the numbers in the text)
  are left out of the website and collapsed in JupyterLab, Colab and VS Code, under a first line that
  says what they are (JupyterLab shows a collapsed cell's first line); a hidden cell that makes a
  figure the website shows inside the text (``glue``) gets a first line of its own, since it is no check;
- a solution (tagged ``solution``) is folded behind "解答例を見る" / "Show a solution" on the website,
  code and output alike, and collapsed in JupyterLab and Colab under a first line that says opening it
  shows the answer.

Run this before committing:

    .venv/bin/python scripts/clean_notebooks.py            # every notebook under book/
    .venv/bin/python scripts/clean_notebooks.py --check    # exit 1 if any notebook is not clean
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]

#: the first line of every hidden check (the same in both languages: the twins' checks are byte-identical)
CHECK_LINE = "# ✔ 本文の数値を確かめるセル（サイトでは非表示） / The book's checks of the numbers in the text (hidden on the website)"
#: the first line of a hidden cell that makes a figure the website shows elsewhere (``glue``): its labels are
#: in the page's language, so it is not byte-identical in both languages and is not a check
GLUED_LINE = "# 🖼 図を作るセル（サイトでは本文の中に表示） / Makes a figure that the website shows inside the text"
#: the first line of a solution, and the words of its toggle on the website
SOLUTION = {
    "ja": {"line": "# 解答例（開くと答えが見えます）", "show": "解答例を見る", "hide": "解答例を隠す"},
    "en": {"line": "# A solution (opening it shows the answer)", "show": "Show a solution", "hide": "Hide the solution"},
}
_OLD_HEADINGS = ("# A solution", "# a solution", "# 解答例")


def glues_a_figure(source: str) -> bool:
    """A hidden cell that makes a figure the website shows elsewhere (MyST-NB's ``glue``), not a check."""
    return "glue(" in source


def _first_line(cell, line: str) -> bool:
    """Make ``line`` the first line of the cell; an older heading line is replaced (what followed it after
    a colon stays, as a comment of its own).  True if anything changed."""
    lines = cell.source.split("\n")
    if lines[0] == line:
        return False
    first = lines[0]
    for old in _OLD_HEADINGS:
        if first == old or first in (CHECK_LINE, GLUED_LINE) or (first.startswith(CHECK_LINE[:12]) and line == CHECK_LINE):
            lines[0] = line
            break
        if first[:len(old) + 1] in (old + ":", old + "："):
            lines[0:1] = [line, "# " + first[len(old) + 1:].strip()]
            break
    else:
        lines.insert(0, line)
    cell.source = "\n".join(lines)
    return True


def fold(nb, lang: str) -> bool:
    """Fold the hidden checks and the solutions of ``nb`` (see the module docstring); True if changed."""
    before = nbformat.writes(nb)
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type != "code":
            continue
        if "remove-cell" in tags and cell.get("id") != "install-optlib":
            _first_line(cell, GLUED_LINE if glues_a_figure(cell.source) else CHECK_LINE)
            cell.metadata["jupyter"] = {"source_hidden": True}
            cell.metadata["cellView"] = "form"
        elif "solution" in tags or "hide-input" in tags:
            words = SOLUTION[lang]
            _first_line(cell, words["line"])
            cell.metadata["tags"] = ["solution", "hide-cell"]
            cell.metadata["jupyter"] = {"source_hidden": True, "outputs_hidden": True}
            cell.metadata["cellView"] = "form"
            cell.metadata["mystnb"] = {"code_prompt_show": words["show"], "code_prompt_hide": words["hide"]}
    return nbformat.writes(nb) != before


def clean(nb) -> bool:
    """Clean ``nb`` in place; return True if anything changed."""
    changed = False
    for cell in nb.cells:
        if cell.cell_type == "code":
            if cell.get("outputs") or cell.get("execution_count") is not None:
                changed = True
            cell.outputs = []
            cell.execution_count = None
        for key in ("execution", "collapsed", "scrolled"):
            if key in cell.metadata:
                del cell.metadata[key]
                changed = True
    if "widgets" in nb.metadata:
        del nb.metadata["widgets"]
        changed = True
    return changed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: all under book/)")
    parser.add_argument("--check", action="store_true", help="only report, change nothing")
    args = parser.parse_args(argv)
    paths = args.paths or sorted((ROOT / "book").rglob("*.ipynb"))
    dirty = []
    for path in paths:
        if ".ipynb_checkpoints" in path.parts:
            continue
        nb = nbformat.read(path, as_version=4)
        lang = path.parent.name if path.parent.name in SOLUTION else "en"
        folded = fold(nb, lang)
        if clean(nb) or folded:
            dirty.append(path)
            if not args.check:
                nbformat.write(nb, path)
    for path in dirty:
        print(("not clean: " if args.check else "cleaned: ") + str(path))
    return 1 if (args.check and dirty) else 0


if __name__ == "__main__":
    sys.exit(main())
