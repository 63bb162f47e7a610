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


# -- frames updated in place: draw returns update(**values) ------------------------------------------

def _same_layout_fresh(draw, first: dict, values: dict) -> np.ndarray:
    """The frame for ``values`` drawn afresh on a renderer laid out by the frame for ``first``: what an
    updated frame must equal, pixel for pixel."""
    renderer = FrameRenderer(colors=None)
    renderer.render(draw, first)
    return _pixels(renderer.render_afresh(draw, values))


def _frames_as_fresh(draw, values: list) -> FrameRenderer:
    """Render the frames for ``values`` in turn on one renderer, each equal, pixel for pixel, to the
    frame drawn afresh on the layout of the first (:func:`_same_layout_fresh`); return the renderer."""
    renderer = FrameRenderer(colors=None)
    for v in values:
        assert np.array_equal(_pixels(renderer.render(draw, v)), _same_layout_fresh(draw, values[0], v)), v
    return renderer


def _draw_moments(fig, a, b):
    """Two panels whose curves pass under their legends, titles that follow the values, a band
    (a patch), points (a collection) and a note (a text) that move: what the lessons' figures hold."""
    t = np.arange(1, 31)
    noise = 1 + 0.5 * np.sin(1.7 * t)
    left, right = fig.subplots(1, 2)
    left.plot(t, noise, ".", color="gray", label="$g_t$")
    curve, = left.plot(t, noise, marker="s", markersize=3, linestyle="--", label="$m_t$")
    steps, = left.plot(t, noise, drawstyle="steps-mid", color="black", zorder=3, label="mean")
    left.set_ylim(-0.3, 2.9)
    left.legend(fontsize="x-small", loc="upper center", ncol=2)
    band = right.axvspan(0, 1, color="0.85", label="band")
    dots = right.scatter(t, noise, s=8, label="dots")
    note = right.text(2, 3.5, "")
    right.set_xlim(0, 31)
    right.set_ylim(-0.1, 3.9)
    right.legend(loc="best", fontsize="x-small")

    def update(a, b):
        curve.set_ydata(1 - a ** t + noise * a)
        steps.set_ydata(np.cumsum(noise) / t * (1 + b))
        band.set_x(5 + 20 * b)
        band.set_width(1 + 4 * a)
        dots.set_offsets(np.column_stack([t, noise * (1 + 2 * b) ** (t / 30)]))
        note.set_text(f"a + b = {a + b:.2f}" if a > 0.3 else "")
        left.set_title(f"a = {a:g}")
        right.set_title(f"b = {b:g}")

    update(a, b)
    return update


def test_frames_updated_in_place_are_the_pictures_fresh_draws_give():
    rng = np.random.default_rng(0)
    values = [{"a": 0.5, "b": 0.2}] + [{"a": float(a), "b": float(b)} for a, b in rng.uniform(0, 1, (14, 2))]
    values += [{"a": 0.0, "b": 1.0}, {"a": 1.0, "b": 0.0}, {"a": 0.5, "b": 0.2}]  # curves into the legends, back
    renderer = _frames_as_fresh(_draw_moments, values)
    assert renderer.updated == len(values) - 1 and renderer.relayouts == 0
    # and the first layout is the one a figure of its own gets
    assert np.array_equal(_pixels(renderer.render(_draw_moments, values[0])), _fresh(_draw_moments, **values[0]))


def _draw_best_legend(fig, y):
    ax = fig.add_subplot()
    line, = ax.plot([0, 1, 2, 3], [0, 0, 0, 0], label="a line that the legend avoids")
    ax.plot([0, 3], [0.5, 0.5], label="still")
    ax.set_ylim(-1, 2)
    ax.legend(loc="best")

    def update(y):
        line.set_ydata([y, y, y, y])
        ax.set_title(f"y = {y}")

    update(y)
    return update


def test_a_legend_that_places_itself_by_the_data_moves_as_in_a_fresh_draw():
    # "best" puts the legend where the line is not
    renderer = _frames_as_fresh(_draw_best_legend, [{"y": y} for y in (-0.8, 1.8, -0.8, 1.7, 0.2)])
    assert renderer.updated == 4


@pytest.mark.parametrize("style", [dict(linewidth=10), dict(linestyle="none", marker="s", markersize=14)],
                         ids=["thick line", "large markers"])
def test_a_text_that_a_thick_line_or_a_large_marker_reaches_is_drawn_over_it_again(style):
    def draw(fig, x):
        ax = fig.add_subplot()
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 10)
        ax.text(2, 5, "glyphs going down: gjpqy", va="bottom", fontsize=14)  # drawn over the line
        line, = ax.plot([0, 1], [4.9, 4.9], **style)  # its centre passes below the text's box, its edge does not

        def update(x):
            line.set_xdata([x, x + 6])
        update(x)
        return update

    renderer = _frames_as_fresh(draw, [{"x": x} for x in (0.0, 1.0, 2.5, 0.5)])
    assert renderer.updated == 3


def test_a_legend_whose_texts_change_is_drawn_again():
    def draw(fig, acc):
        ax = fig.add_subplot()
        line, = ax.plot([0, 1], [0, 1], label="?")
        legend = ax.legend(loc="upper left")

        def update(acc):  # only the legend changes: matplotlib does not mark the legend stale for it
            legend.get_texts()[0].set_text(f"accuracy {acc:.0%}")
        update(acc)
        return update

    renderer = _frames_as_fresh(draw, [{"acc": acc} for acc in (0.1, 0.55, 0.999, 0.2)])
    assert renderer.updated == 3


def test_an_image_with_see_through_pixels_is_updated_in_place():
    x, y = np.meshgrid(np.linspace(-2, 2, 120), np.linspace(-2, 2, 120))

    def draw(fig, cx):
        ax = fig.add_subplot()
        ax.imshow(x**2 + y**2, extent=(-2, 2, -2, 2), origin="lower")
        fog = ax.imshow(np.zeros_like(x), extent=(-2, 2, -2, 2), origin="lower", cmap="gray", vmin=0, vmax=1)
        dot, = ax.plot([0], [0], "o", color="red", label="here")
        ax.legend(loc="upper right")

        def update(cx):  # fog everywhere but a disc around the dot (NaN: see-through)
            fog.set_data(np.where(np.hypot(x - cx, y) > 0.7, 0.85, np.nan))
            dot.set_data([cx], [0])
            ax.set_title(f"x = {cx:.1f}")
        update(cx)
        return update

    renderer = _frames_as_fresh(draw, [{"cx": cx} for cx in (-1.0, 0.3, 1.2, -1.0)])
    assert renderer.updated == 3


def test_an_arrow_with_no_text_that_moves_and_hides_is_drawn_as_in_a_fresh_draw():
    def draw(fig, x):
        ax = fig.add_subplot()
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 10)
        arrow = ax.annotate("", xy=(0, 0), xytext=(0, 0), arrowprops=dict(arrowstyle="->", lw=2))

        def update(x):  # an annotation with no text is an arrow: it still paints
            arrow.xy = (x + 2, 6)
            arrow.set_position((x, 4))
            arrow.set_visible(x < 7)
        update(x)
        return update

    renderer = _frames_as_fresh(draw, [{"x": x} for x in (1.0, 3.0, 8.0, 2.0)])
    assert renderer.updated == 3


def _in_a_box(fig, v):
    ax = fig.add_subplot()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    line, = ax.plot([0, 10], [0, 0])
    ax.text(5, 5, "note", ha="center", va="center", bbox=dict(boxstyle="square", pad=2.0, fc="white"))

    def update(v):  # the line passes through the white box around the text, not through its letters
        line.set_ydata([v, v])
    update(v)
    return update


def _with_a_halo(fig, v):
    import matplotlib.patheffects as pe

    ax = fig.add_subplot()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    band = ax.axhspan(0, 1, color="C1")
    ax.text(5, 5, "halo", ha="center", va="center", fontsize=20,
            path_effects=[pe.withStroke(linewidth=14, foreground="w")])

    def update(v):  # the band passes under the white halo, outside the letters' box
        band.set_y(v)
    update(v)
    return update


def _colours(kind):
    def draw(fig, v):
        ax = fig.add_subplot()
        x = np.linspace(-1, 1, 20)
        if kind == "scatter":
            made = ax.scatter(x, x, c=x, vmin=-2, vmax=2, s=80)
        else:
            made = ax.pcolormesh(*np.meshgrid(x, x), np.zeros((20, 20)), vmin=-2, vmax=2, shading="auto")

        def update(v):  # matplotlib does not mark the collection stale for new values
            made.set_array(v * (x if kind == "scatter" else np.add.outer(x, x)))
        update(v)
        return update
    return draw


def _arrow_point(fig, v):
    ax = fig.add_subplot()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    note = ax.annotate("the bottom", xy=(1, 1), xytext=(6, 2), arrowprops=dict(arrowstyle="->"))

    def update(v):  # only the point the arrow shows: a plain attribute, nothing marked stale
        note.xy = (v, v)
    update(v)
    return update


def _background(fig, v):
    ax = fig.add_subplot()
    line, = ax.plot([0, 1], [0, 1])
    ax.set_ylim(0, 2)

    def update(v):
        line.set_ydata([0, v])
        ax.set_facecolor("mistyrose" if v > 1 else "white")
    update(v)
    return update


@pytest.mark.parametrize("draw, values", [
    (_in_a_box, [1.0, 4.0, 4.3, 6.2]),
    (_with_a_halo, [1.0, 3.5, 4.2, 5.0]),
    (_colours("scatter"), [0.5, 1.0, 2.0]),
    (_colours("mesh"), [0.0, 1.0, 2.0]),
    (_arrow_point, [1.0, 4.0, 7.0]),
    (_background, [0.5, 1.5, 0.7]),
], ids=["text in a box", "text with a halo", "scatter colours", "mesh colours", "arrow point", "axes background"])
def test_what_matplotlib_does_not_mark_stale_or_paints_past_a_box_is_drawn_as_afresh(draw, values):
    _frames_as_fresh(draw, [{"v": v} for v in values])


def _draw_then(change):
    def draw(fig, v):
        ax = fig.add_subplot()
        line, = ax.plot([0, 1], [0, 1])
        ax.set_ylim(0, 2)

        def update(v):
            line.set_ydata([0, v])
            change(ax, v)

        update(v)
        return update
    return draw


@pytest.mark.parametrize("change", [
    lambda ax, v: ax.set_ylim(0, 2 + v),                               # the axis limits
    lambda ax, v: ax.axhline(v),                                       # a new artist
    lambda ax, v: ax.figure.suptitle(f"v = {v}"),                      # the figure's own title
    lambda ax, v: ax.set_xticks([0, v]),                               # the ticks
], ids=["limits", "new artist", "figure title", "ticks"])
def test_an_update_that_changes_more_than_artists_inside_the_axes_is_drawn_afresh(change):
    draw = _draw_then(change)
    renderer = FrameRenderer(colors=None)
    for v in (0.5, 1.0, 1.5):
        assert np.array_equal(_pixels(renderer.render(draw, {"v": v})), _fresh(draw, v=v)), v


def test_a_figure_level_text_that_an_update_hides_is_gone_from_the_frame():
    def draw(fig, v):
        ax = fig.add_subplot()
        line, = ax.plot([0, 1], [0, 1])
        note = fig.text(0.02, 0.02, "a note on the figure")

        def update(v):
            line.set_ydata([0, v])
            note.set_visible(v < 1)
        update(v)
        return update

    _frames_as_fresh(draw, [{"v": v} for v in (0.5, 0.7, 1.5, 0.6)])


def test_a_change_of_scale_is_drawn_afresh():
    def draw(fig, v):
        ax = fig.add_subplot()
        line, = ax.plot([1, 10], [1, 10])

        def update(v):
            line.set_ydata([1, 10 * v])
            ax.set_yscale("log" if v > 1 else "linear")
        update(v)
        return update

    def plain(fig, v):  # the same figure, drawn afresh for every frame
        draw(fig, v)

    renderer, afresh = FrameRenderer(colors=None), FrameRenderer(colors=None)
    for v in (0.5, 2.0, 0.8, 0.6):  # log tick labels are taller: the frame for 2.0 is laid out again
        assert np.array_equal(_pixels(renderer.render(draw, {"v": v})), _pixels(afresh.render(plain, {"v": v}))), v
    assert renderer.updated == 1 and renderer.relayouts == afresh.relayouts == 1  # 0.6 updates 0.8's frame


def test_overlapping_axes_are_drawn_afresh():
    def draw(fig, v):
        ax = fig.add_subplot()
        twin = ax.twinx()
        line, = ax.plot([0, 1], [0, 1], linewidth=6)
        twin.plot([0, 1], [1, 0], color="red", linewidth=6)

        def update(v):
            line.set_ydata([0, v])
        update(v)
        return update

    renderer = FrameRenderer(colors=None)
    for v in (0.2, 0.9):
        assert np.array_equal(_pixels(renderer.render(draw, {"v": v})), _fresh(draw, v=v))
    assert renderer.updated == 0


def test_an_update_that_fails_is_reported_and_the_next_frame_starts_afresh():
    def draw(fig, v):
        ax = fig.add_subplot()
        line, = ax.plot([0, 1], [0, 1])

        def update(v):
            line.set_ydata([0, 1 / v])  # fails for 0, halfway through nothing
            ax.set_title(f"v = {v}")
        update(v)
        return update

    renderer = FrameRenderer(colors=None)
    renderer.render(draw, {"v": 1})
    with pytest.raises(ZeroDivisionError):
        renderer.render(draw, {"v": 0})
    assert np.array_equal(_pixels(renderer.render(draw, {"v": 2})), _same_layout_fresh(draw, {"v": 1}, {"v": 2}))
    assert renderer.updated == 0  # the frame after the failure was drawn afresh, as the first one


def test_a_title_that_would_stick_out_is_laid_out_again():
    def draw(fig, lines):
        ax = fig.add_subplot()
        ax.plot([0, 1], [0, 1])

        def update(lines):
            ax.set_title("\n".join(["a title"] * lines))
        update(lines)
        return update

    renderer = FrameRenderer(colors=None)
    renderer.render(draw, {"lines": 1})
    fig = renderer.draw_figure(draw, {"lines": 4})  # taller than the room the first layout left
    assert renderer.relayouts == 1 and renderer.updated == 0  # drawn afresh and laid out again
    box = fig.axes[0].title.get_window_extent(renderer._canvas.get_renderer())
    assert box.y1 <= fig.bbox.height + 1, "the title is cut off"
    assert np.array_equal(_pixels(renderer.encode()), _fresh(draw, lines=4))
    renderer.render(draw, {"lines": 3})  # fits the new layout: updated in place
    assert renderer.updated == 1 and renderer.relayouts == 1


def test_a_draw_that_returns_something_else_is_drawn_afresh_every_time():
    def draw(fig, v):
        ax = fig.add_subplot()
        ax.plot([0, 1], [0, v])
        return ax

    renderer = FrameRenderer(colors=None)
    for v in (1, 2):
        assert np.array_equal(_pixels(renderer.render(draw, {"v": v})), _fresh(draw, v=v))
    assert renderer.updated == 0


def test_the_build_rejects_an_update_that_forgets_what_the_values_change():
    from optlib.sliders import Param
    from optlib.static import render_frames

    def draw(fig, lr):
        ax = fig.add_subplot()
        line, = ax.plot([0, 1], [1, 1 - lr])
        ax.set_title(f"lr = {lr}")  # the title depends on lr, but update leaves it

        def update(lr):
            line.set_ydata([1, 1 - lr])
        return update

    with pytest.raises(RuntimeError, match=r"update function .* lr=0\.3 different from a fresh draw"):
        render_frames(draw, [Param("lr", [0.1, 0.2, 0.3])])
    good = _draw_then(lambda ax, v: ax.set_title(f"v = {v}"))
    assert len(render_frames(good, [Param("v", [0.1, 0.2, 0.3])])) == 3
