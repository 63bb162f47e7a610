"""The book's sources: mirrored language trees, the table of contents, clean notebooks."""

import json
import re
from pathlib import Path

import pytest

from browser_support import toc_pages  # the pages of _toc.yml, in order

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"


def _files(lang):
    tree = BOOK / lang
    return sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*")
                  if p.suffix in {".ipynb", ".md"} and ".ipynb_checkpoints" not in p.parts)


LESSONS = sorted(BOOK.glob("*/*.ipynb"))


def test_japanese_and_english_trees_hold_the_same_files():
    ja, en = _files("ja"), _files("en")
    assert ja, "book/ja is empty"
    assert set(ja) == set(en), {"only in ja": sorted(set(ja) - set(en)), "only in en": sorted(set(en) - set(ja))}


def test_toc_lists_every_page_and_mirrors_the_two_languages():
    listed = toc_pages()
    assert len(listed) == len(set(listed)), "a page is listed twice in _toc.yml"
    pages = {p.relative_to(ROOT).with_suffix("").as_posix() for p in BOOK.rglob("*")
             if p.suffix in {".ipynb", ".md"} and ".ipynb_checkpoints" not in p.parts}
    assert set(listed) == pages, {"not in toc": sorted(pages - set(listed)), "missing": sorted(set(listed) - pages)}
    ja = [f.split("/", 2)[2] for f in listed if f.startswith("book/ja/")]
    en = [f.split("/", 2)[2] for f in listed if f.startswith("book/en/")]
    assert ja == en, "the Japanese and English trees of _toc.yml list the pages in a different order"


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
    lang = path.parent.name
    assert f'set_language("{lang}")' in code, f'the lesson must call optlib.set_language("{lang}")'
    assert "slider_figure(" in code or "RouteFigure(" in code, \
        "the lesson shows no slider (optlib.routes.RouteFigure or optlib.widgets.slider_figure)"


@pytest.mark.parametrize("path", [p for p in LESSONS if p.parent.name == "ja"],
                         ids=lambda p: p.name)
def test_twin_notebooks_share_their_code_structure(path):
    """Same number of cells of each kind and the same tags: a translation, not a summary."""
    twin = BOOK / "en" / path.name
    a, b = (json.loads(p.read_text(encoding="utf-8"))["cells"] for p in (path, twin))
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
