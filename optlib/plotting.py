"""Figure style shared by every lesson: fonts that cover Japanese, colours and markers per route.

Japanese glyphs come from the IPAex Gothic font shipped inside the ``matplotlib-fontja`` package,
so figures render the same on any machine (Binder included) without a system font.  Latin text
keeps DejaVu Sans; matplotlib falls back glyph by glyph to IPAex Gothic for Japanese.
"""

from __future__ import annotations

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure

__all__ = ["use_style", "new_figure", "route_style", "JAPANESE_FONT"]

JAPANESE_FONT = "IPAexGothic"

# Routes are told apart by colour *and* by marker and line style (never colour alone).
_ROUTE_STYLES = [
    {"color": "#d62728", "marker": "o", "linestyle": "-"},
    {"color": "#1f77b4", "marker": "s", "linestyle": "--"},
    {"color": "#2ca02c", "marker": "^", "linestyle": "-."},
    {"color": "#9467bd", "marker": "D", "linestyle": ":"},
    {"color": "#ff7f0e", "marker": "v", "linestyle": (0, (5, 1, 1, 1))},
    {"color": "#8c564b", "marker": "P", "linestyle": (0, (3, 1))},
]

_styled = False


def use_style() -> None:
    """Register the packaged Japanese font and set the shared style (idempotent)."""
    global _styled
    if _styled:
        return
    from matplotlib_fontja import get_font_ttf_path  # the package ships ipaexg.ttf

    font_manager.fontManager.addfont(get_font_ttf_path())
    matplotlib.rcParams.update(
        {
            "font.family": ["DejaVu Sans", JAPANESE_FONT],
            "axes.unicode_minus": True,
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.grid": False,
            "image.cmap": "viridis",
            # the axis under everything the axes hold: tick marks and labels lie outside the axes, so the
            # picture is the same, and a slider move that redraws a band or an image leaves them as drawn
            "axes.axisbelow": True,
        }
    )
    _styled = True


def new_figure(figsize=(6.0, 4.0), **kwargs) -> Figure:
    """A figure detached from pyplot (nothing leaks into the page, nothing to close)."""
    use_style()
    return Figure(figsize=figsize, layout="constrained", **kwargs)


def route_style(i: int) -> dict:
    """The style of the ``i``-th route."""
    return dict(_ROUTE_STYLES[i % len(_ROUTE_STYLES)])
