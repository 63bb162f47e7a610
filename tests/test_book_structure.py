"""The book's sources: mirrored language trees, the table of contents, clean notebooks."""

import json
import re
from pathlib import Path

import pytest
from optcourse_site.layout import PAGE_SUFFIXES, from_config, toc_pages

ROOT = Path(__file__).resolve().parents[1]
LAYOUT = from_config(ROOT)  # the book's languages and where their trees live
BOOK = ROOT / LAYOUT.prefix
LESSONS = LAYOUT.lessons(ROOT)


def test_every_language_tree_holds_the_same_files():
    first, *others = LAYOUT.languages
    files = {lang: LAYOUT.pages(ROOT, lang) for lang in LAYOUT.languages}
    assert files[first], f"{LAYOUT.prefix}{first} is empty"
    for lang in others:
        a, b = set(files[first]), set(files[lang])
        assert a == b, {f"only in {first}": sorted(a - b), f"only in {lang}": sorted(b - a)}


def test_toc_lists_every_page_and_mirrors_the_two_languages():
    listed = toc_pages(ROOT)
    assert len(listed) == len(set(listed)), "a page is listed twice in _toc.yml"
    pages = {p.relative_to(ROOT).with_suffix("").as_posix() for p in BOOK.rglob("*")
             if p.suffix in PAGE_SUFFIXES and ".ipynb_checkpoints" not in p.parts}
    assert set(listed) == pages, {"not in toc": sorted(pages - set(listed)), "missing": sorted(set(listed) - pages)}
    first, *others = LAYOUT.languages
    in_first = [f for f in listed if LAYOUT.page_language(f) == first]
    for lang in others:
        assert [LAYOUT.in_language(f, lang) for f in in_first] == [f for f in listed if LAYOUT.page_language(f) == lang], \
            "the language trees of _toc.yml list the pages in a different order"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.relative_to(BOOK).as_posix())
def test_notebooks_are_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), f"cell {i} has outputs: clear them before committing"
            assert cell.get("execution_count") is None, f"cell {i} has an execution count"
    assert "widgets" not in nb.get("metadata", {}), "saved widget state: clear it before committing"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.relative_to(BOOK).as_posix())
def test_every_lesson_imports_optlib_sets_its_language_and_shows_a_slider(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert re.search(r"^\s*(import optlib|from optlib\b)", code, re.M), "the lesson does not import optlib"
    lang = LAYOUT.page_language(path.relative_to(ROOT).with_suffix("").as_posix())
    assert f'set_language("{lang}")' in code, f'the lesson must call optlib.set_language("{lang}")'
    assert "slider_figure(" in code or "RouteFigure(" in code, \
        "the lesson shows no slider (optlib.routes.RouteFigure or optlib.widgets.slider_figure)"


@pytest.mark.parametrize("pair", LAYOUT.twin_pairs(ROOT), ids=lambda p: p[0].name)
def test_twin_notebooks_share_their_code_structure(pair):
    """Same number of cells of each kind and the same tags: a translation, not a summary
    (test_twins.py compares their code)."""
    a, b = (json.loads(p.read_text(encoding="utf-8"))["cells"] for p in pair)
    shape = lambda cells: [(c["cell_type"], tuple(c.get("metadata", {}).get("tags", []))) for c in cells]
    assert shape(a) == shape(b)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.relative_to(BOOK).as_posix())
def test_every_lesson_starts_with_the_hidden_install_cell_for_the_configured_repository(path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("sync_install_cell", ROOT / "scripts" / "sync_install_cell.py")
    sync = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sync)
    CELL_ID, TAGS, install_cell_source = sync.CELL_ID, sync.TAGS, sync.install_cell_source

    first = json.loads(path.read_text(encoding="utf-8"))["cells"][0]
    assert first.get("id") == CELL_ID, "run scripts/sync_install_cell.py"
    assert "".join(first["source"]) == install_cell_source(), "run scripts/sync_install_cell.py"
    assert first["metadata"].get("tags") == TAGS
    assert all(first["metadata"].get(k) == v for k, v in sync.FOLDED.items()), "run scripts/sync_install_cell.py"


def _names(tree):
    """The names a piece of code defines and the names it reads (ast; functions' bodies included)."""
    import ast

    defined, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else defined).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            defined.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.arg):
            defined.add(node.arg)
    return defined, read


def _code_cells(path):
    from cell_code import parse_cell

    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            yield i, "remove-cell" in cell.get("metadata", {}).get("tags", []), parse_cell("".join(cell["source"]))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.relative_to(BOOK).as_posix())
def test_the_cells_on_the_page_run_without_the_removed_ones(path):
    """Live Code runs only the cells the page shows: none may read a name that only a removed cell (a
    hidden check, say) defines."""
    import builtins

    visible, only_removed, problems = set(dir(builtins)), {}, []
    for i, removed, tree in _code_cells(path):
        defined, read = _names(tree)
        if removed:
            only_removed.update({name: i for name in defined - visible if name not in only_removed})
            continue
        missing = sorted(name for name in read - defined - visible if name in only_removed)
        problems += [f"cell {i} reads {name}, defined only in the removed cell {only_removed[name]}" for name in missing]
        visible |= defined
    assert not problems, problems
