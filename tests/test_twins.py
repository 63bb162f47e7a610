"""Twins that cannot drift: the two notebooks of a lesson have the same code, cell for cell.

CONTRIBUTING.md: only the language argument, labels, titles, alt texts (string literals) and
comments differ between ``book/ja/NN.ipynb`` and ``book/en/NN.ipynb``.  So every code cell is read
with Python's ``tokenize`` and compared with its twin once string literals (f-strings whole) and
comments are set aside: a fix made in one language and forgotten in the other fails here.  IPython
magics (``%pip ...``) are compared as they are written.

The hidden checks (tag ``remove-cell``: the asserts behind every number the prose claims) and the
install cell say nothing to the reader, so they are byte-identical in both trees, and this test says
so.  A hidden cell that makes a figure shown elsewhere on the page (``glue``) has labels in the page's
language: it is compared like visible code.

The checker itself is tested on a pair made to differ (a changed number, a renamed variable, a
changed hidden assert) and on a pair that differs only in strings and comments.
"""

from __future__ import annotations

import copy
import io
import json
import token
import tokenize
from pathlib import Path

import pytest
from optcourse_site.layout import from_config

ROOT = Path(__file__).resolve().parents[1]
LAYOUT = from_config(ROOT)
PAIRS = LAYOUT.twin_pairs(ROOT)
HIDDEN = "remove-cell"


def _byte_identical(cell: dict) -> bool:
    """A hidden check or the install cell (not a hidden cell that glues a figure into the text: the
    same test as scripts/clean_notebooks.glues_a_figure, written here to keep nbformat's import out of
    the fast loop)."""
    return HIDDEN in cell.get("metadata", {}).get("tags", []) and "glue(" not in _source(cell)

_SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING}
_FSTRING_START = getattr(token, "FSTRING_START", None)  # Python 3.12+: f-strings come in pieces
_FSTRING_END = getattr(token, "FSTRING_END", None)
_MAGIC = "__optcourse_magic_line__"  # stands in for a magic line while the cell is tokenized


def code_tokens(source: str) -> list[tuple[str, str]]:
    """The code of a cell as tokens, string literals and comments set aside (each string is
    ``<str>``); an IPython magic or shell line is one token, as written."""
    lines, magics = [], []
    for line in source.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            magics.append(stripped)
            lines.append(line[: len(line) - len(stripped)] + _MAGIC)
        else:
            lines.append(line)
    out, depth = [], 0
    magic = iter(magics)
    reader = io.StringIO("\n".join(lines) + "\n").readline
    previous = None
    for tok in tokenize.generate_tokens(reader):
        if _FSTRING_START is not None and tok.type == _FSTRING_START:
            depth += 1
            if depth == 1:
                out.append(("STRING", "<str>"))
            continue
        if depth:
            if tok.type == _FSTRING_END:
                depth -= 1
            continue
        if tok.type in _SKIP:
            continue
        if tok.type == tokenize.STRING:
            if previous == ("STRING", "<str>"):
                continue  # implicit concatenation: "a" "b" is one string however it is split
            out.append(("STRING", "<str>"))
        elif tok.type == tokenize.NAME and tok.string == _MAGIC:
            out.append(("MAGIC", next(magic)))
        else:
            out.append((tokenize.tok_name[tok.type], tok.string))
        previous = out[-1]
    return out


def _cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def _source(cell: dict) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def _first_line(source: str, tokens_a, tokens_b) -> str:
    for i, (a, b) in enumerate(zip(tokens_a, tokens_b)):
        if a != b:
            return f"token {i}: {a[1]!r} vs {b[1]!r}"
    return f"one cell has {abs(len(tokens_a) - len(tokens_b))} more tokens"


def twin_code_differences(nb_a: dict, nb_b: dict, names=("ja", "en")) -> list[str]:
    """What differs between two twin notebooks' code (empty when they are twins)."""
    a, b = _cells(nb_a), _cells(nb_b)
    problems = []
    if len(a) != len(b):
        problems.append(f"{len(a)} code cells in {names[0]}, {len(b)} in {names[1]}")
    for i, (ca, cb) in enumerate(zip(a, b), 1):
        sa, sb = _source(ca), _source(cb)
        if _byte_identical(ca) or _byte_identical(cb):
            if sa != sb:
                problems.append(f"hidden cell {i} ({HIDDEN}) is not byte-identical in both languages:\n"
                                f"    {names[0]}: {sa[:160]!r}\n    {names[1]}: {sb[:160]!r}")
            continue
        ta, tb = code_tokens(sa), code_tokens(sb)
        if ta != tb:
            problems.append(f"code cell {i} differs beyond strings and comments ({_first_line(sa, ta, tb)}):\n"
                            f"    {names[0]}: {sa[:160]!r}\n    {names[1]}: {sb[:160]!r}")
    return problems


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# the book
# ---------------------------------------------------------------------------------------------
def test_every_lesson_has_its_twin():
    assert PAIRS, "no lessons found"
    missing = [str(b.relative_to(ROOT)) for _, b in PAIRS if not b.exists()]
    assert not missing, f"lessons without a twin: {missing}"


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p[0].name)
def test_twin_notebooks_have_the_same_code(pair):
    a, b = pair
    names = tuple(LAYOUT.page_language(p.relative_to(ROOT).with_suffix("").as_posix()) for p in pair)
    problems = twin_code_differences(_read(a), _read(b), names)
    assert not problems, f"{a.name}: the twins' code differs:\n  " + "\n  ".join(problems)


def test_hidden_cells_are_byte_identical_in_both_trees():
    """Every hidden cell (the asserts, the install cell) is the same, byte for byte, in its twin."""
    counted, different = 0, []
    for a, b in PAIRS:
        for i, (ca, cb) in enumerate(zip(_cells(_read(a)), _cells(_read(b))), 1):
            if _byte_identical(ca):
                counted += 1
                if _source(ca) != _source(cb) or HIDDEN not in cb.get("metadata", {}).get("tags", []):
                    different.append(f"{a.name} code cell {i}")
    assert counted > 0
    assert not different, f"hidden cells that differ between the languages: {different}"
    print(f"{counted} hidden cells, byte-identical in both trees")


# ---------------------------------------------------------------------------------------------
# the checker, on pairs made to differ
# ---------------------------------------------------------------------------------------------
def _pair():
    ja = {"cells": [
        {"cell_type": "code", "metadata": {"tags": [HIDDEN]}, "source": "assert round(x, 2) == 0.63\n"},
        {"cell_type": "markdown", "metadata": {}, "source": "# 見出し"},
        {"cell_type": "code", "metadata": {}, "source": [
            "import optlib\n", 'optlib.set_language("ja")\n', "walker = Adventurer(-7.0, 2.0)  # 出発点\n",
            'walker.optimize(field, SGD(lr=0.1), steps=30)\n', 'print(f"{walker.x:.2f} 歩", "ステップ")\n']},
        {"cell_type": "code", "metadata": {}, "source": '%pip install --quiet "optlib"\nx = 1\n'},
    ]}
    en = copy.deepcopy(ja)
    en["cells"][1]["source"] = "# Heading"
    en["cells"][2]["source"] = [
        "import optlib\n", 'optlib.set_language("en")\n', "walker = Adventurer(-7.0, 2.0)  # the start\n",
        'walker.optimize(field, SGD(lr=0.1), steps=30)\n', 'print(f"{walker.x:.2f} steps", "step")\n']
    return ja, en


def test_checker_accepts_twins_that_differ_only_in_strings_and_comments():
    ja, en = _pair()
    assert twin_code_differences(ja, en) == []


@pytest.mark.parametrize("change", ["number", "name", "call", "magic", "extra line", "hidden assert"])
def test_checker_finds_a_fix_made_in_one_language_only(change):
    ja, en = _pair()
    cell = en["cells"][2]
    if change == "number":
        cell["source"][3] = 'walker.optimize(field, SGD(lr=0.2), steps=30)\n'
    elif change == "name":
        cell["source"][2] = "hiker = Adventurer(-7.0, 2.0)  # the start\n"
    elif change == "call":
        cell["source"][3] = 'walker.optimize(field, Momentum(lr=0.1), steps=30)\n'
    elif change == "magic":
        en["cells"][3]["source"] = '%pip install "optlib"\nx = 1\n'
    elif change == "extra line":
        cell["source"].append("walker.plot()\n")
    else:
        en["cells"][0]["source"] = "assert round(x, 2) == 0.64\n"
    problems = twin_code_differences(ja, en)
    assert len(problems) == 1, problems


def test_checker_fails_on_a_changed_copy_of_a_real_lesson():
    """A real lesson pair, with one number changed in one code cell of the English copy."""
    a, b = PAIRS[0]
    ja, en = _read(a), _read(b)
    assert twin_code_differences(ja, en) == []
    for cell in _cells(en):
        if HIDDEN in cell.get("metadata", {}).get("tags", []):
            continue
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(_source(cell)).readline) if t.type == tokenize.NUMBER]
        if tokens:
            t = tokens[0]
            lines = _source(cell).splitlines(keepends=True)
            row, col = t.start
            lines[row - 1] = lines[row - 1][:col] + t.string + "1" + lines[row - 1][col + len(t.string):]
            cell["source"] = "".join(lines)
            break
    else:
        pytest.skip("the first lesson has no number in its visible code")
    assert len(twin_code_differences(ja, en)) == 1
