"""Put the same first cell in every lesson: install optlib where it is missing (Colab).

Colab opens one notebook without the repository, so the notebook itself must be able to install
optlib. The cell is built from `repository.url` and `repository.branch` in `_config.yml`, the one
setting a fork changes; after changing them, run

    .venv/bin/python scripts/sync_install_cell.py

The cell is tagged `remove-cell`: it runs everywhere but is not shown on the website, and it is
collapsed in JupyterLab, Colab and VS Code under a first line, in both languages, that says what it
does (the cell is byte-identical in both trees, like the hidden checks).
A test checks that every lesson carries exactly this cell.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from optcourse_site.layout import from_config

ROOT = Path(__file__).resolve().parents[1]
CELL_ID = "install-optlib"
TAGS = ["remove-cell"]
#: collapsed in JupyterLab and VS Code (``source_hidden``) and in Colab (``cellView: form``)
FOLDED = {"jupyter": {"source_hidden": True}, "cellView": "form"}


def install_cell_source(config_path: Path = ROOT / "_config.yml") -> str:
    repo = yaml.safe_load(config_path.read_text(encoding="utf-8"))["repository"]
    url, branch = repo["url"].rstrip("/"), repo.get("branch", "main")
    return (
        "# optlib が無い環境（Colab など）では入れます（サイトでは非表示） / "
        "Colab and other fresh environments: install optlib if it is missing (hidden on the website)\n"
        "try:\n"
        "    import optlib\n"
        "except ImportError:\n"
        f'    %pip install --quiet "optlib @ git+{url}@{branch}"'
    )


def sync(path: Path, source: str) -> bool:
    """Make the first cell of the notebook at ``path`` the install cell; True if it changed."""
    import nbformat  # (here, not above: the tests read install_cell_source without it, nbformat takes seconds to import)

    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0] if nb.cells else None
    if first is not None and first.get("id") == CELL_ID:
        if first.source == source and first.metadata.get("tags") == TAGS and all(
                first.metadata.get(k) == v for k, v in FOLDED.items()):
            return False
        first.source = source
        first.metadata["tags"] = list(TAGS)
        first.metadata.update(FOLDED)
    else:
        cell = nbformat.v4.new_code_cell(source, metadata={"tags": list(TAGS), **FOLDED})
        cell["id"] = CELL_ID
        nb.cells.insert(0, cell)
    nbformat.write(nb, path)
    return True


def main() -> int:
    source = install_cell_source()
    for path in from_config(ROOT).lessons(ROOT):
        if sync(path, source):
            print(f"updated {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
