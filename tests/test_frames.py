"""Fast frames: one canvas and one layout per slider figure, and traced contour maps kept, without
changing the picture."""

import io

import numpy as np
import pytest
from PIL import Image

import optlib.field as field_module
from optlib import Adventurer, Field, SGD, new_figure, surfaces
from optlib.frames import FrameRenderer
from optlib.images import figure_to_png


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _fresh(draw, **kwargs) -> np.ndarray:
    """The frame as a figure of its own would render it (its own canvas and layout)."""
    fig = new_figure()
    draw(fig, **kwargs)
    return _pixels(figure_to_png(fig, colors=None))


def _draw_route(fig, lr):
    field = surfaces.valley()
    walker = Adventurer(-7.0, 2.0)
    walker.optimize(field, SGD(lr=lr), steps=30)
    field.plot(route=walker.route, ax=fig.add_subplot(), label=f"SGD {lr}", title=f"η = {lr}")


def test_frames_are_the_pictures_fresh_figures_give():
    renderer = FrameRenderer(colors=None)
    for lr in (0.1, 0.5, 0.95, 1.02):
        assert np.array_equal(_pixels(renderer.render(_draw_route, {"lr": lr})), _fresh(_draw_route, lr=lr)), lr
    assert renderer.relayouts == 0


def test_the_axes_stay_put_while_the_slider_moves():
    renderer = FrameRenderer()
    positions = []
    for lr in (0.1, 0.5, 0.95):
        fig = renderer.draw_figure(_draw_route, {"lr": lr})
        positions.append(fig.axes[0].get_position().bounds)
    assert positions[0] == positions[1] == positions[2]


def _draw_scale(fig, top):
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, top])
    ax.set_ylim(0, top)
    ax.set_ylabel("loss")
    ax.ticklabel_format(style="plain", useOffset=False)


def test_a_frame_whose_labels_would_stick_out_is_laid_out_again():
    renderer = FrameRenderer(colors=None)
    renderer.render(_draw_scale, {"top": 1})
    fig = renderer.draw_figure(_draw_scale, {"top": 10**9})  # tick labels far wider than the first frame's
    assert renderer.relayouts == 1
    r = renderer._canvas.get_renderer()
    for text in [fig.axes[0].yaxis.label, *[t.label1 for t in fig.axes[0].yaxis._update_ticks()]]:
        box = text.get_window_extent(r)
        assert box.x0 >= -1 and box.x1 <= fig.bbox.width + 1, f"{text.get_text()!r} is cut off"
    assert np.array_equal(_pixels(renderer.render(_draw_scale, {"top": 10**9})), _fresh(_draw_scale, top=10**9))


def test_a_frame_of_another_shape_gets_its_own_layout():
    def draw(fig, n):
        for i in range(n):
            fig.add_subplot(1, n, i + 1).plot([0, 1], [0, i])

    renderer = FrameRenderer(colors=None)
    for n in (1, 2, 1):
        assert np.array_equal(_pixels(renderer.render(draw, {"n": n})), _fresh(draw, n=n)), n


@pytest.mark.parametrize("field", [surfaces.valley(), surfaces.two_minima(), surfaces.rosenbrock()],
                         ids=["valley", "two minima (dashed lines below zero)", "rosenbrock"])
def test_a_kept_contour_map_is_the_same_picture(field):
    field_module._CONTOURS.clear()

    def draw():
        fig = new_figure()
        ax = field.plot(ax=fig.add_subplot())
        return _pixels(figure_to_png(fig, colors=None)), ax

    traced, ax1 = draw()
    kept, ax2 = draw()
    assert type(ax1.collections[0]).__name__ == "QuadContourSet"  # traced the first time...
    assert type(ax2.collections[0]).__name__ == "PathCollection"   # ...drawn from what was kept the next
    assert np.array_equal(traced, kept)


def test_contour_maps_are_kept_by_their_heights_not_by_the_field_object():
    field_module._CONTOURS.clear()
    a = Field(lambda x, y: x**2 + y**2, (-1, 1), (-1, 1))
    b = Field(lambda x, y: x**2 + y**2, (-1, 1), (-1, 1))   # another object, the same heights
    c = Field(lambda x, y: x**2 + 2 * y**2, (-1, 1), (-1, 1))
    for f in (a, b, c):
        f.plot(ax=new_figure().add_subplot())
    assert len(field_module._CONTOURS) == 2
