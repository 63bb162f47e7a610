"""The README's optlib examples run as written (a teacher copies them)."""

import re
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
BLOCKS = [b for b in re.findall(r"```python\n(.*?)```", README, re.S) if "optlib" in b and "..." not in b]


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_the_readme_example_runs(code, monkeypatch):
    monkeypatch.setenv("OPTLIB_STATIC", "1")
    import optlib

    before = optlib.get_language()
    try:
        namespace: dict = {}
        exec(compile(code, "README.md", "exec"), namespace)
    finally:
        optlib.set_language(before)


def test_the_route_figure_example_is_there():
    assert any("RouteFigure(" in b for b in BLOCKS)
