"""Figures as images in a page: PNG encoding (light palette PNGs for slider frames) and ``<img>``
elements with alternative text.

Every picture optlib puts on a page goes through :func:`encode_png`, whether it comes from a whole
figure (:func:`figure_to_png`) or from the canvas a slider figure draws its frames on
(:class:`optlib.frames.FrameRenderer`).
"""

from __future__ import annotations

import base64
import html
import io

import numpy as np
from PIL import Image

__all__ = ["encode_png", "figure_to_png", "data_uri", "figure_html", "show_figure", "FRAME_COLORS"]

#: the palette size of slider frames: about 18 kB a frame instead of about 68 kB in full colour
FRAME_COLORS = 96


def encode_png(rgb, colors: int | None = FRAME_COLORS, compress_level: int = 6) -> bytes:
    """PNG bytes of an image (a PIL image or an RGB(A) array); with ``colors``, quantized to a palette
    of that many colours (fast octree quantization: ~3 ms a frame instead of ~15 ms for median cut)."""
    img = rgb if isinstance(rgb, Image.Image) else Image.fromarray(np.asarray(rgb))
    img = img.convert("RGB")
    if colors is not None:
        img = img.quantize(colors=colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    img.save(out, format="png", compress_level=compress_level)
    return out.getvalue()


def figure_to_png(fig, dpi: int = 72, colors: int | None = FRAME_COLORS) -> bytes:
    """Render a matplotlib figure to PNG bytes (see :func:`encode_png` for ``colors``)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    if colors is None:
        return buf.getvalue()
    buf.seek(0)
    return encode_png(Image.open(buf), colors=colors)


def data_uri(png: bytes) -> str:
    """The PNG as a ``data:`` URL, so a page carries its images inside (no file to serve)."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def figure_html(png: bytes, alt: str, width: int | None = None) -> str:
    """An ``<img>`` element holding ``png`` inline, with alternative text ``alt``."""
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("every figure needs alternative text (alt) describing what it shows")
    size = f' width="{width}"' if width else ""
    return f'<img src="{data_uri(png)}" alt="{html.escape(alt, quote=True)}"{size} style="max-width:100%;height:auto">'


def show_figure(fig, alt: str, dpi: int = 80) -> None:
    """Display a matplotlib figure as an image with alternative text.

    Returns None, so that a call on the last line of a cell does not show the figure twice.
    """
    from IPython.display import HTML, display

    display(HTML(figure_html(figure_to_png(fig, dpi=dpi), alt)))
