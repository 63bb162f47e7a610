"""How exercises and hidden cells look in a lesson, wherever it is opened.

An exercise is a template cell the learner fills in, a check cell, then a solution (tag ``solution``):
folded on the website behind "解答例を見る" / "Show a solution" (its code and output alike), collapsed
in JupyterLab and Colab under a first line that says opening it shows the answer.  The book's own
checks (tag ``remove-cell``) are left out of the website and collapsed elsewhere under a line that
says what they are.  ``scripts/clean_notebooks.py`` puts all of this in place; this test keeps it.
"""

import json
import re
from pathlib import Path

import pytest

from learner_corpus import CHECKS

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "book").glob("*/*.ipynb"))


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _src(cell):
    return "".join(cell["source"])


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.relative_to(ROOT / "book").as_posix())
def test_solutions_are_folded_and_marked_in_the_lessons_language(path):
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from clean_notebooks import CHECK_LINE, GLUED_LINE, SOLUTION, glues_a_figure

    lang = path.parent.name
    cells = _cells(path)
    for i, cell in enumerate(cells):
        tags = cell["metadata"].get("tags", [])
        assert "hide-input" not in tags, "a solution shows its output on the page: use the solution tag"
        if "solution" in tags:
            assert tags == ["solution", "hide-cell"]
            assert cell["metadata"]["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
            assert cell["metadata"]["mystnb"] == {"code_prompt_show": SOLUTION[lang]["show"],
                                                  "code_prompt_hide": SOLUTION[lang]["hide"]}
            assert _src(cell).split("\n")[0] == SOLUTION[lang]["line"]
            before = [c for c in cells[:i] if c["cell_type"] == "code"][-1]
            assert "solution" not in before["metadata"].get("tags", []) and "check" in _src(before) or \
                "diagnose" in _src(before), "a solution follows the exercise's check cell"
        elif "remove-cell" in tags and cell.get("id") != "install-optlib":
            assert cell["metadata"]["jupyter"] == {"source_hidden": True}
            assert _src(cell).split("\n")[0] == (GLUED_LINE if glues_a_figure(_src(cell)) else CHECK_LINE)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.relative_to(ROOT / "book").as_posix())
def test_every_check_cell_is_one_the_learner_corpus_exercises(path):
    checks = set(CHECKS.values())
    for cell in _cells(path):
        if cell["cell_type"] != "code" or "solution" in cell["metadata"].get("tags", []):
            continue
        for call in re.findall(r"^((?:check_\w+|diagnose_adam)\(.*\))$", _src(cell), re.M):
            assert call in checks, f"{call} has no answers in tests/learner_corpus.py"


def test_every_exercise_of_the_corpus_is_in_both_languages():
    calls = {}
    for path in LESSONS:
        for cell in _cells(path):
            if cell["cell_type"] == "code" and "solution" not in cell["metadata"].get("tags", []):
                for call in re.findall(r"^((?:check_\w+|diagnose_adam)\(.*\))$", _src(cell), re.M):
                    calls.setdefault(call, set()).add(path.parent.name)
    assert set(calls) == set(CHECKS.values())
    assert all(langs == {"ja", "en"} for langs in calls.values())
