"""Rendering the frames of one slider figure, fast.

A slider figure is drawn many times with the same shape: once per precomputed value on the static
page (``optlib.widgets``), once per move in a live kernel (``optlib.live``).  :class:`FrameRenderer`
makes the repeated drawing cheap without changing a pixel that matters:

- every frame is drawn on **one Agg canvas**: its renderer, and with it matplotlib's cache of text
  sizes, is reused from frame to frame (a fresh canvas measures every tick label again);
- the **constrained layout** (about a third of a frame) is computed on the first frame and reused by
  the next frames of the same structure (number, kind and grid place of the axes, legends), so the
  axes also stay put while the slider moves.  A frame whose text would then stick out of the
  picture (say, wider tick labels) is laid out again, so nothing is ever cut off;
- a ``draw`` that **returns an update function** (``update(**values)``, which changes the data of the
  artists it made) keeps its figure: the next frames call ``update`` and redraw only what it changed,
  over a saved picture of the rest (matplotlib's blitting).  In each axes the changed artists are
  drawn again, and with them every artist drawn after them (by z-order) that may cover a pixel they
  paint (say, a legend over a changed line), so the frame is the picture a fresh draw gives.  Whenever that cannot be guaranteed (``update`` adds
  or removes artists, moves the axis limits, changes something outside the axes, or the axes
  overlap) the frame is drawn afresh instead.  A frame whose changed text would stick out of the
  picture is drawn afresh and laid out again.  The build checks one such frame of every static
  figure against a fresh draw (:func:`optlib.static.render_frames`).
"""

from __future__ import annotations

from typing import Callable

import numpy as np
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import Collection
from matplotlib.image import AxesImage
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Annotation, Text
from PIL import Image

from .images import encode_png
from .plotting import new_figure

__all__ = ["FrameRenderer"]

#: how far (pixels) a text may reach past the edge of the figure before the frame is laid out again
_SLACK = 1.0
#: the kinds of artist that paint nothing outside their clip box (an axis draws its tick labels
#: outside it, an annotation its arrow)
_CLIPPED = (Line2D, Patch, Collection, AxesImage)
#: pixels added around what an artist paints when deciding what a redrawn artist may cover (antialiasing)
_PAD = 1.0


def _past_edge(box, fig) -> bool:
    """Whether a box in display pixels reaches past the edge of the figure's picture."""
    width, height = fig.bbox.width, fig.bbox.height
    return box.x0 < -_SLACK or box.y0 < -_SLACK or box.x1 > width + _SLACK or box.y1 > height + _SLACK


def _rows(boxes):
    """Bboxes as rows x0, y0, x1, y1 (None if any is missing)."""
    if any(b is None for b in boxes):
        return None
    return np.array([[b.x0, b.y0, b.x1, b.y1] for b in boxes], dtype=float)


def _same_look(a, b) -> bool:
    """Looks (see ``FrameRenderer._look``) compared: arrays by identity, the rest by value."""
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
        return all(x is y if isinstance(x, np.ndarray) or isinstance(y, np.ndarray) else x == y for x, y in zip(a, b))
    return a == b


def _meet(boxes, others) -> bool:
    """Whether any box of ``boxes`` meets any of ``others`` (rows x0, y0, x1, y1)."""
    if not len(boxes) or not len(others):
        return False
    a, b = boxes[:, None, :], others[None, :, :]
    return bool(((a[..., 0] <= b[..., 2]) & (b[..., 0] <= a[..., 2]) & (a[..., 1] <= b[..., 3]) & (b[..., 1] <= a[..., 3])).any())


class FrameRenderer:
    """Draw ``draw(fig, **kwargs)`` on fresh figures of one size and return PNG bytes.

    Parameters
    ----------
    figsize, dpi :
        Frame size in inches and resolution.
    colors : int or None
        Quantize to a palette of this many colours (light frames for the page), or keep full colour.
    compress_level : int
        zlib level of the PNG (1 is fast, for live frames that are not stored).

    ``relayouts`` counts the frames that had to be laid out again, ``updated`` the frames drawn by
    the figure's update function, over the saved picture of what it did not change.
    """

    def __init__(self, figsize=(6.0, 4.0), dpi: int = 72, *, colors: int | None = None, compress_level: int = 6):
        self.figsize, self.dpi, self.colors, self.compress_level = figsize, dpi, colors, compress_level
        self._canvas: FigureCanvasAgg | None = None
        self._layout_key = None
        self._positions: list = []
        self.relayouts = 0
        self.updated = 0
        self._forget_update()

    def _forget_update(self) -> None:
        """The next frame is drawn afresh."""
        self._update = self._drawn_by = self._figure = None
        self._background, self._foreground, self._inked, self._extents, self._looks, self._boxes = None, {}, set(), {}, {}, {}

    @staticmethod
    def _structure(fig):
        axes = []
        for ax in fig.axes:
            spec = ax.get_subplotspec()
            axes.append((type(ax).__name__, spec.get_geometry() if spec is not None else None))
        return tuple(axes), len(fig.legends), len(fig.texts), fig.get_layout_engine() is None

    def _attach(self, fig) -> FigureCanvasAgg:
        if self._canvas is None:
            self._canvas = FigureCanvasAgg(fig)
        else:
            self._canvas.figure = fig
            fig.set_canvas(self._canvas)
        return self._canvas

    @staticmethod
    def _text_overflows(fig, renderer) -> bool:
        """Whether anything the layout makes room for (titles, labels, tick labels, legends) reaches
        past the edge of the picture: the figure's tight box, through public API only."""
        return _past_edge(fig.get_tightbbox(renderer).transformed(fig.dpi_scale_trans), fig)  # inches -> pixels

    def draw_figure(self, draw: Callable, kwargs: dict):
        """The figure for ``kwargs``, drawn on the shared canvas: updated in place when ``draw``
        returned an update function for the frame before, otherwise drawn and laid out afresh."""
        if self._update is not None and self._drawn_by is draw:
            try:
                if self._update_in_place(kwargs):
                    self.updated += 1
                    return self._figure
            except Exception:
                self._forget_update()  # the figure may be half updated: the next frame starts afresh
                raise
        return self._draw_afresh(draw, kwargs)

    def _draw_afresh(self, draw: Callable, kwargs: dict):
        self._forget_update()
        fig = new_figure(figsize=self.figsize, dpi=self.dpi)
        canvas = self._attach(fig)
        update = draw(fig, **kwargs)
        key = self._structure(fig)
        # the layout engine also places the figure's own titles and legends: those figures are laid out each time
        reuse = (key == self._layout_key and fig.get_layout_engine() is not None and not fig.legends
                 and not (fig.get_suptitle() or fig.get_supxlabel() or fig.get_supylabel()))
        if reuse:
            engine = fig.get_layout_engine()
            fig.set_layout_engine(None)
            for ax, pos in zip(fig.axes, self._positions):
                ax.set_position(pos)
            canvas.draw()
            if self._text_overflows(fig, canvas.get_renderer()):
                fig.set_layout_engine(engine)
                for ax in fig.axes:
                    ax.set_in_layout(True)  # set_position took them out of the layout
                canvas.draw()
                self.relayouts += 1
                reuse = False
        else:
            canvas.draw()
        if not reuse:
            self._layout_key = key
            self._positions = [ax.get_position().frozen() for ax in fig.axes]
        if callable(update) and self._can_update(fig):
            fig.set_layout_engine(None)  # the layout stays as drawn; a frame that needs another is drawn afresh
            self._update, self._drawn_by, self._figure = update, draw, fig
        return fig

    @staticmethod
    def _can_update(fig) -> bool:
        """Whether frames of ``fig`` can be updated in place: no subfigures, and axes that do not
        overlap (one axes' redrawn artists would otherwise cover another's)."""
        if fig.subfigs or any(not ax.axison or not ax.get_frame_on() or ax.child_axes for ax in fig.axes):
            return False
        boxes = [ax.get_position() for ax in fig.axes]
        return not any(a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1
                       for i, a in enumerate(boxes) for b in boxes[i + 1:])

    @staticmethod
    def _state(fig) -> tuple:
        """What an update may not change: the artists (by identity), the axes' place, limits, scales
        and frame."""
        return (tuple(map(id, fig.get_children())),
                tuple((tuple(map(id, ax.get_children())), tuple(ax.viewLim.bounds), ax.get_xscale(), ax.get_yscale(),
                       tuple(ax.get_position().bounds), ax.axison, ax.get_frame_on()) for ax in fig.axes))

    @staticmethod
    def _inks(artist) -> bool:
        """Whether the artist puts anything on the picture (an empty title does not; an annotation
        with no text may still draw its arrow)."""
        return artist.get_visible() and not (type(artist) is Text and not artist.get_text())

    def _update_in_place(self, kwargs: dict) -> bool:
        """Call the figure's update function and redraw what it changed over the saved picture of the
        rest; False (nothing drawn) when the frame must be drawn afresh."""
        fig, canvas = self._figure, self._canvas
        before = self._state(fig)
        self._update(**kwargs)
        if self._state(fig) != before:
            return False
        if any(a.stale and (self._inks(a) or id(a) in self._inked) for a in fig.get_children() if a not in fig.axes):
            return False  # a figure-level title, legend or patch: drawn afresh
        if any(ax.patch.stale for ax in fig.axes):
            return False  # an axes' background (its colour): under everything
        renderer = canvas.get_renderer()
        self._boxes = {}  # this frame's measurements (the update is made: nothing moves until the next one)
        foreground, changed, grows = {}, [], False
        for ax in fig.axes:
            layer = self._layer(ax, renderer, changed)
            if layer:
                kept = self._foreground.get(ax, [])
                grows = grows or not {id(a) for a in layer} <= {id(a) for a in kept}
                foreground[ax] = sorted({id(a): a for a in kept + layer}.values(), key=self._order(ax))
        for ax, kept in self._foreground.items():  # what was redrawn before is not in the saved picture
            foreground.setdefault(ax, kept)
        if self._background is None or grows:
            for a in self._drawn_over():
                a.set_animated(False)
            self._foreground = foreground
            for a in self._drawn_over():
                a.set_animated(True)  # Figure.draw and Axes.draw leave animated artists out of the saved picture
            canvas.draw()
            self._background = canvas.copy_from_bbox(fig.bbox)
            over = {id(a) for a in self._drawn_over()}
            saved = [a for ax in fig.axes for a in ax.get_children() if id(a) not in over and self._inks(a)]
            self._inked = {id(a) for a in fig.get_children() if a not in fig.axes and self._inks(a)}
            self._inked |= set(map(id, saved))  # what the saved picture shows: hiding it is a change too
            self._looks = {id(a): look for a in saved if (look := self._look(a, renderer)) is not None}
        else:
            canvas.restore_region(self._background)
        for ax, layer in self._foreground.items():
            for a in layer:
                ax.draw_artist(a)
        return not self._overflows(fig, renderer, changed)

    def _drawn_over(self):
        return [a for layer in self._foreground.values() for a in layer]

    @staticmethod
    def _order(ax):
        """Axes.draw's order: by z-order, ties in the order of the axes' children."""
        rank = {id(a): i for i, a in enumerate(ax.get_children())}
        return lambda a: (a.zorder, rank[id(a)])

    def _layer(self, ax, renderer, changed: list) -> list:
        """The artists of ``ax`` to draw over the saved picture: the changed ones (added to
        ``changed``), the ones drawn over before, and every artist drawn after one of them that may
        cover it (its boxes, padded for antialiasing, meet theirs)."""
        children = sorted((a for a in ax.get_children() if a is not ax.patch), key=self._order(ax))
        mine = [a for a in children if self._changed(a, renderer)]
        if not mine:
            return []
        changed.extend(mine)
        kept = {id(a) for a in self._foreground.get(ax, [])}
        low = min(a.zorder for a in mine)
        layer, covered = [], np.empty((0, 4))
        for a in children:
            if a.zorder < low:
                continue
            redrawn = a in mine or id(a) in kept
            if not redrawn and self._inks(a):
                redrawn = _meet(self._footprint(a, renderer), covered)
            if redrawn:
                layer.append(a)
                covered = np.concatenate([covered, self._footprint(a, renderer, fresh=a in mine)])
        return layer

    def _changed(self, artist, renderer) -> bool:
        """Whether the update changed the artist.  Matplotlib marks a changed artist stale, but not
        everything: see :meth:`_look`."""
        if artist.stale and (self._inks(artist) or id(artist) in self._inked):
            return True
        look = self._looks.get(id(artist))
        return look is not None and not _same_look(look, self._look(artist, renderer))

    def _look(self, artist, renderer):
        """What an update may change without matplotlib marking the artist stale (None: nothing):
        a legend's texts, and its place (``loc="best"`` moves it when the data move); an annotation's
        point (``annotation.xy = ...``); the values and colours of a collection
        (``collection.set_array(...)``: the array itself is kept, and compared by identity)."""
        if isinstance(artist, Legend):
            return self._box_now(artist, renderer).bounds, tuple(t.get_text() for t in artist.get_texts())
        if isinstance(artist, Annotation):
            return tuple(np.ravel(artist.xy).tolist())
        if isinstance(artist, Collection):
            return artist.get_array(), artist.get_clim(), artist.get_cmap().name, artist.get_alpha()
        return None

    def _box_now(self, artist, renderer):
        """``artist.get_window_extent(renderer)``, measured once a frame (a legend's takes milliseconds)."""
        key = id(artist)
        if key not in self._boxes:
            self._boxes[key] = artist.get_window_extent(renderer)
        return self._boxes[key]

    def _footprint(self, artist, renderer, fresh: bool = False):
        """Boxes (rows x0, y0, x1, y1, in pixels) that hold every pixel the artist paints, padded for
        antialiasing and line width: one box, or one per segment of a line (a thin line across the
        axes covers little of its own box), cut to the clip box for the kinds of artist that keep to
        it; when it cannot be told, the clip box or the whole picture.  An unchanged artist's boxes
        are kept."""
        key = id(artist)
        if not fresh and not artist.stale and not isinstance(artist, (Legend, Annotation)) and key in self._extents:
            return self._extents[key]
        pad, px = _PAD, self.dpi / 72
        if isinstance(artist, Line2D):
            xy = artist.get_transform().transform(artist.get_xydata())
            pad += (artist.get_linewidth() / 2 + artist.get_markersize() * 0.75 + artist.get_markeredgewidth()) * px
            a, b = (xy[:-1], xy[1:]) if len(xy) > 1 else (xy, xy)
            boxes = np.column_stack([np.fmin(a, b), np.fmax(a, b)])  # a step between two points stays in their box
            boxes = boxes[~np.isnan(boxes).any(axis=1)]
        elif isinstance(artist, Patch):  # a spine is a thin line at the edge, not the box around its ticks
            boxes = _rows([artist.get_transform().transform_path(artist.get_path()).get_extents()])
            pad += artist.get_linewidth() * px  # a mitred corner reaches past half the width
        elif isinstance(artist, Axis):  # tick labels and axis label, and the tick marks and grid lines
            lines = [line for tick in artist.get_major_ticks() + artist.get_minor_ticks()
                     for line in (tick.tick1line, tick.tick2line, tick.gridline) if line.get_visible()]
            boxes = _rows([artist.get_tightbbox(renderer)] + [line.get_window_extent(renderer) for line in lines])
            pad += max([line.get_linewidth() * px for line in lines] + [0.0])
        elif isinstance(artist, Text) and artist.get_bbox_patch() is not None:  # the glyphs and the box around them
            boxes = _rows([self._box_now(artist, renderer), artist.get_bbox_patch().get_window_extent(renderer)])
            pad += artist.get_bbox_patch().get_linewidth() * px
        else:
            boxes = _rows([self._box_now(artist, renderer)])
        clip = artist.get_clip_box() if artist.get_clip_on() and isinstance(artist, _CLIPPED) else None
        if artist.get_path_effects():  # a halo or a shadow reaches past the artist's own box: how far is not told
            boxes = None
        if boxes is None or not np.isfinite(boxes).all():  # not told: all it may reach
            whole = clip if clip is not None else artist.figure.bbox
            boxes = _rows([whole])
        boxes = boxes + [-pad, -pad, pad, pad]
        if clip is not None:
            c = clip.padded(_PAD)
            boxes = np.column_stack([np.fmax(boxes[:, :2], [c.x0, c.y0]), np.fmin(boxes[:, 2:], [c.x1, c.y1])])
            boxes = boxes[(boxes[:, 0] <= boxes[:, 2]) & (boxes[:, 1] <= boxes[:, 3])]
        self._extents[key] = boxes
        return boxes

    def _overflows(self, fig, renderer, changed) -> bool:
        """Whether a changed artist that the layout makes room for reaches past the picture."""
        for a in changed + [a for a in self._drawn_over() if isinstance(a, Legend)]:
            if not a.get_in_layout() or not self._inks(a) or (a.get_clip_on() and a.get_clip_box() is not None):
                continue
            if isinstance(a, Axis):
                return self._text_overflows(fig, renderer)  # tick labels: the whole figure's box
            if _past_edge(self._box_now(a, renderer), fig):
                return True
        return False

    def render(self, draw: Callable, kwargs: dict) -> bytes:
        """Draw one frame and return it as PNG bytes."""
        self.draw_figure(draw, kwargs)
        return self.encode()

    def render_afresh(self, draw: Callable, kwargs: dict) -> bytes:
        """The frame as ``render`` gives it, but drawn afresh even when it could be updated (to check
        an update function against)."""
        self._forget_update()
        return self.render(draw, kwargs)

    def encode(self) -> bytes:
        """The frame drawn last, as PNG bytes."""
        canvas = self._canvas
        w, h = canvas.get_width_height(physical=True)
        frame = Image.frombuffer("RGBA", (w, h), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        return encode_png(frame, colors=self.colors, compress_level=self.compress_level)
