"""Slider figures: frames precomputed, linked in the browser, light, and really different."""

import base64
import io
import re
import warnings

import ipywidgets as W
import numpy as np
import pytest
from PIL import Image

from optlib import new_figure
from optlib.images import figure_to_png
from optlib.widgets import MAX_FRAMES, Param, figure_html, render_frames, slider_figure


def _draw(fig, a, b=0):
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, a + b])
    ax.set_ylim(0, 6)
    ax.set_title(f"a={a} b={b} 学習率")


def _frames(stack):
    out = []
    for child in stack.children:
        out.extend(_frames(child) if isinstance(child, W.Stack) else [child])
    return out


def _links(box):
    assert all(type(l).__name__ == "Link" for l in box.links)  # jslink: runs in the browser
    return box.links


def test_one_slider_links_its_index_to_a_stack_of_distinct_frames():
    box = slider_figure(_draw, Param("a", [1, 2, 3], label="a", initial=2), alt=lambda a: f"line up to {a}")
    (slider,), stack = box.sliders, box.stack
    assert box.children[0] is slider and stack in box.children[1].children
    assert isinstance(slider, W.SelectionSlider) and isinstance(stack, W.Stack)
    assert slider.index == 1 and stack.selected_index == 1
    assert [o[0] for o in slider.options] == ["1", "2", "3"]
    frames = _frames(stack)
    assert len(frames) == 3
    assert len({f.value for f in frames}) == 3  # each value gives a different picture
    assert 'alt="line up to 2"' in frames[1].value
    links = _links(box)
    assert any(l.source == (slider, "index") and l.target == (stack, "selected_index") for l in links)


def test_two_sliders_precompute_every_combination():
    box = slider_figure(_draw, [Param("a", [1, 2]), Param("b", [0, 1, 2])], alt=lambda a, b: f"{a} {b}")
    (s1, s2), outer = box.sliders, box.stack
    assert len(outer.children) == 2 and all(len(c.children) == 3 for c in outer.children)
    frames = _frames(outer)
    assert len({f.value for f in frames}) == 6
    links = _links(box)
    assert any(l.source == (s1, "index") and l.target == (outer, "selected_index") for l in links)
    for inner in outer.children:
        assert any(l.source == (s2, "index") and l.target == (inner, "selected_index") for l in links)


def test_frames_are_light():
    box = slider_figure(_draw, Param("a", [1, 2, 3]), alt=lambda a: "x")
    for frame in _frames(box.stack):
        png = base64.b64decode(re.search(r"base64,([^\"]+)", frame.value).group(1))
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(png) < 40_000


def _png(html):
    return base64.b64decode(re.search(r"base64,([^\"]+)", html).group(1))


def _rgba(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA")).astype(int)


@pytest.mark.parametrize("colors", [96, None], ids=["palette", "full colour"])
def test_each_frame_laid_over_the_shared_background_is_the_frame_drawn(colors):
    params = [Param("a", [1, 2, 3], initial=2), Param("b", [0, 1])]
    box = slider_figure(_draw, params, alt=lambda a, b: f"{a} {b}", colors=colors)
    under, stack = box.children[-1].children
    assert stack is box.stack
    assert under.layout.grid_area == stack.layout.grid_area == "frame"  # one grid cell: laid over each other
    assert 'alt=""' in under.value and 'role="presentation"' in under.value  # decorative: frames carry the alt
    background = _rgba(_png(under.value))
    drawn = render_frames(_draw, params, colors=colors)
    for (i, j), png in drawn.items():
        overlay = _rgba(_png(stack.children[i].children[j].value))
        seen = np.where(overlay[..., 3:] == 255, overlay, background)  # what the browser paints
        assert np.array_equal(seen[..., :3], _rgba(png)[..., :3]), (i, j)
        assert set(np.unique(overlay[..., 3])) <= {0, 255}
    assert np.all(_rgba(_png(stack.children[1].children[0].value))[..., 3] == 0)  # the first frame adds nothing
    sent = len(under.value) + sum(len(f.value) for f in _frames(stack))
    alone = sum(len(png) for png in drawn.values()) * 4 / 3  # base64
    assert sent < alone


def test_japanese_text_renders_with_a_packaged_font():
    fig = new_figure()
    fig.add_subplot().set_title("確率的勾配降下法の学習率")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        figure_to_png(fig)


@pytest.mark.parametrize("params,msg", [
    ([], "one or two"),
    ([Param("a", [1]), Param("b", [1]), Param("c", [1])], "one or two"),
    ([Param("a", [1]), Param("a", [2])], "different names"),
    ([Param("a", range(MAX_FRAMES + 1))], "MAX_FRAMES"),
])
def test_bad_slider_requests_are_explained(params, msg):
    with pytest.raises(ValueError, match=msg):
        slider_figure(_draw, params, alt=lambda **k: "x")


def test_param_validation():
    with pytest.raises(ValueError, match="no values"):
        Param("lr", [])
    with pytest.raises(ValueError, match="not one of"):
        Param("lr", [0.1, 0.2], initial=0.3)
    with pytest.raises(ValueError, match="identifier"):
        Param("learning rate", [0.1])


def test_every_figure_needs_alt_text():
    with pytest.raises(ValueError, match="alternative text"):
        figure_html(b"png", alt=" ")
