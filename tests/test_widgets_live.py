"""Live sliders: in a kernel the figure is redrawn (debounced) for any value in the range; the
static build keeps the precomputed, jslinked frames."""

import asyncio
import os
import threading
import time

import ipywidgets as W
import pytest

from optlib import widgets as L
from optlib.widgets import Param, SliderFigure, slider_figure


def _draw(fig, a, b=0):
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, a + (b if isinstance(b, (int, float)) else len(b))])
    ax.set_ylim(0, 12)
    ax.set_title(f"a={a} b={b} 学習率")


def _wait(box, n, timeout=5.0):
    end = time.perf_counter() + timeout
    while box.redraws < n and time.perf_counter() < end:
        time.sleep(0.005)
    box.flush(timeout)
    assert box.redraws >= n, "no redraw after the value changed"


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv("OPTLIB_STATIC", raising=False)
    monkeypatch.delenv("OPTLIB_LIVE", raising=False)


def test_live_or_static_is_decided_by_argument_then_environment_then_kernel(no_env, monkeypatch):
    assert L.is_live() is False  # plain Python (pytest): no kernel
    monkeypatch.setattr(L, "in_kernel", lambda: True)
    assert L.is_live() is True  # a kernel (Binder, Colab, Thebe, JupyterLab)
    monkeypatch.setenv("OPTLIB_STATIC", "1")  # the build exports this
    assert L.is_live() is False
    assert L.is_live(True) is True  # an explicit argument wins
    monkeypatch.setenv("OPTLIB_STATIC", "0")
    assert L.is_live() is True
    monkeypatch.setattr(L, "in_kernel", lambda: False)
    monkeypatch.setenv("OPTLIB_LIVE", "1")
    assert L.is_live() is True and L.is_live(False) is False


def test_static_mode_is_unchanged_even_in_a_kernel(no_env, monkeypatch):
    monkeypatch.setattr(L, "in_kernel", lambda: True)
    monkeypatch.setenv("OPTLIB_STATIC", "1")
    box = slider_figure(_draw, Param("a", [1, 2, 3], initial=2), alt=lambda a: f"line {a}")
    assert type(box) is SliderFigure and not isinstance(box, L.LiveSliderFigure)
    (slider,), stack = box.sliders, box.stack
    assert isinstance(slider, W.SelectionSlider) and isinstance(stack, W.Stack) and len(stack.children) == 3
    assert box.links and all(type(l).__name__ == "Link" for l in box.links)
    static = slider_figure(_draw, Param("a", [1, 2, 3], initial=2), alt=lambda a: f"line {a}", live=False)
    assert [c.value for c in static.stack.children] == [c.value for c in stack.children]


def test_live_builds_range_sliders_of_the_right_kind():
    box = slider_figure(_draw, [Param("a", [0.05, 0.2, 1.05], label="η", initial=0.2),
                                Param("b", [1, 5, 20], initial=5)], alt=lambda a, b: f"{a} {b}", live=True)
    assert isinstance(box, L.LiveSliderFigure) and box.live and box.links == [] and box.stack is None
    fs, ints = box.sliders
    assert isinstance(fs, W.FloatSlider) and (fs.min, fs.max, fs.value) == (0.05, 1.05, 0.2)
    assert fs.description == "η" and fs.continuous_update
    assert isinstance(ints, W.IntSlider) and (ints.min, ints.max, ints.value, ints.step) == (1, 20, 5, 1)
    assert box.children[:2] == tuple(box.sliders) and box.children[2] is box.image
    assert 'alt="0.2 5"' in box.image.value and "data:image/png;base64," in box.image.value
    wide = slider_figure(_draw, Param("a", [0.001, 0.1, 10.0], initial=0.1), alt=lambda a: "x", live=True)
    assert isinstance(wide.sliders[0], W.FloatLogSlider)
    assert (wide.sliders[0].min, wide.sliders[0].max) == (-3, 1) and abs(wide.sliders[0].value - 0.1) < 1e-12
    names = slider_figure(_draw, [Param("a", [1, 2]), Param("b", ["SGD", "Adam"], fmt="{}")],
                          alt=lambda a, b: f"{a} {b}", live=True)
    assert isinstance(names.sliders[1], W.SelectionSlider)
    assert [o[0] for o in names.sliders[1].options] == ["SGD", "Adam"]


def test_a_move_redraws_after_the_debounce_with_any_value_in_the_range():
    seen = []

    def draw(fig, a):
        seen.append(a)
        _draw(fig, a)

    box = slider_figure(draw, Param("a", [1.0, 2.0, 3.0], initial=1.0), alt=lambda a: f"line up to {a:g}", live=True)
    first = box.image.value
    assert box.redraws == 1 and seen == [1.0]
    box.debounce = 0.2  # long enough to see that nothing is drawn at once, even on a busy machine
    box.sliders[0].value = 2.37  # never precomputed
    assert box.redraws == 1  # not at once: debounced
    _wait(box, 2)
    assert seen[-1] == pytest.approx(2.37) and 'alt="line up to 2.37"' in box.image.value
    assert box.image.value != first
    assert box.last_redraw < 2.0


def test_rapid_moves_are_coalesced_into_one_redraw_of_the_latest_value():
    box = slider_figure(_draw, Param("a", [1.0, 2.0, 3.0]), alt=lambda a: f"a {a:g}", live=True)
    box.debounce, box.max_wait = 0.2, 1.0
    for v in (1.2, 1.4, 1.6, 1.8, 2.6):
        box.sliders[0].value = v
    _wait(box, 2)
    time.sleep(0.3)
    assert box.redraws == 2 and 'alt="a 2.6"' in box.image.value


def test_a_move_after_a_pause_is_drawn_at_once_and_a_quick_second_move_waits():
    box = slider_figure(_draw, Param("a", [1.0, 2.0, 3.0]), alt=lambda a: f"a {a:g}", live=True)
    box.debounce, box.max_wait = 0.5, 1.0
    time.sleep(0.6)  # a pause: nothing drawn in the last debounce seconds
    t0 = time.perf_counter()
    box.sliders[0].value = 1.5
    _wait(box, 2)
    # (the drawing's own time taken out: on a busy machine it alone can exceed the debounce)
    assert time.perf_counter() - t0 - box.last_redraw < box.debounce, "a move after a pause waited for the debounce"
    box.sliders[0].value = 2.5  # right after a redraw: part of a drag, debounced
    assert box.redraws == 2
    _wait(box, 3)
    assert 'alt="a 2.5"' in box.image.value


def test_a_figure_that_knows_only_its_listed_values_gets_a_slider_over_them():
    table = {0.1: 1, 0.5: 5, 0.9: 9}  # a lesson that looks its results up by slider value
    asked = []

    def draw(fig, lr):
        asked.append(lr)
        _draw(fig, table[lr])

    box = slider_figure(draw, Param("lr", list(table), initial=0.1, continuous=False), alt=lambda lr: f"lr {lr:g}",
                        live=True)
    (slider,) = box.sliders
    assert isinstance(slider, W.SelectionSlider) and [o[0] for o in slider.options] == ["0.1", "0.5", "0.9"]
    slider.value = 2  # the third listed value: what the browser sends when the slider moves there
    _wait(box, 2)
    assert asked[-1] == 0.9 and 'alt="lr 0.9"' in box.image.value and box.status.value == ""


def test_listed_values_come_back_exactly_on_a_continuous_slider():
    asked = []

    def draw(fig, lr):
        asked.append(lr)
        _draw(fig, lr)

    box = slider_figure(draw, Param("lr", [0.1, 0.5, 0.9], initial=0.1), alt=lambda lr: f"lr {lr:g}", live=True)
    box.sliders[0].value = 0.1 + 0.4  # 0.5 within rounding: the listed value itself is passed
    _wait(box, 2)
    assert asked[-1] == 0.5 and repr(asked[-1]) == "0.5"


def test_a_value_the_draw_cannot_compute_is_named_and_the_picture_kept():
    def draw(fig, lr):
        if lr > 0.8:
            raise ValueError("no run for this learning rate")
        _draw(fig, lr)

    box = slider_figure(draw, Param("lr", [0.1, 0.5, 0.9], label="η", initial=0.1), alt=lambda lr: f"lr {lr:g}",
                        live=True)
    before = box.image.value
    box.sliders[0].value = 0.85
    _wait(box, 2)
    assert box.image.value == before  # no other value shown in its place
    assert "η = 0.85" in box.status.value and "ValueError" in box.status.value and "no run" in box.status.value
    box.sliders[0].value = 0.5
    _wait(box, 3)
    assert box.status.value == "" and 'alt="lr 0.5"' in box.image.value


def test_redraw_on_a_running_event_loop_as_in_a_kernel(monkeypatch):
    import optlib.debounce

    monkeypatch.setattr(optlib.debounce, "in_kernel", lambda: True)  # the redraw is scheduled on the running loop

    async def scenario():
        box = slider_figure(_draw, Param("a", [1, 2, 3]), alt=lambda a: f"a {a}", live=True)
        box.sliders[0].value = 2
        assert box.redraws == 1
        for _ in range(200):
            await asyncio.sleep(0.01)
            if box.redraws == 2:
                break
        return box

    result = []  # a thread of its own: the test session's thread may hold another library's loop
    worker = threading.Thread(target=lambda: result.append(asyncio.run(scenario())))
    worker.start()
    worker.join(30)
    box = result[0]
    assert box.redraws == 2 and 'alt="a 2"' in box.image.value


def test_a_real_kernel_redraws_when_the_frontend_moves_the_slider(no_env, tmp_path):
    """A kernel started as Jupyter starts it (no OPTLIB_STATIC): the slider is live, and a comm
    "update" message, the one a browser sends on a move, brings back a new image."""
    from jupyter_client.manager import start_new_kernel

    env = {k: v for k, v in os.environ.items() if k not in ("OPTLIB_STATIC", "OPTLIB_LIVE")}
    km, kc = start_new_kernel(kernel_name="python3", env=env, cwd=str(tmp_path))
    try:
        code = (
            "from optlib.widgets import Param, slider_figure\n"
            "def draw(fig, a):\n    fig.add_subplot().plot([0, 1], [0, a])\n"
            "box = slider_figure(draw, Param('a', [1.0, 2.0, 3.0]), alt=lambda a: f'line {a:g}')\n"
            "print(type(box).__name__, box.sliders[0].model_id, box.image.model_id)\n"
        )
        outs = []
        reply = kc.execute_interactive(code, timeout=60, output_hook=outs.append)
        assert reply["content"]["status"] == "ok"
        text = "".join(m["content"].get("text", "") for m in outs if m["msg_type"] == "stream")
        kind, slider_id, image_id = text.split()
        assert kind == "LiveSliderFigure"
        # what the browser's widget manager sends when the slider is moved to 2.5
        kc.shell_channel.send(kc.session.msg("comm_msg", {
            "comm_id": slider_id, "data": {"method": "update", "state": {"value": 2.5}, "buffer_paths": []}}))
        deadline = time.perf_counter() + 30
        while True:
            msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.perf_counter()))
            content = msg["content"]
            if msg["msg_type"] == "comm_msg" and content.get("comm_id") == image_id:
                value = content["data"].get("state", {}).get("value", "")
                if 'alt="line 2.5"' in value:
                    break
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_a_kernel_started_by_the_build_inherits_optlib_static_and_stays_static(tmp_path):
    """scripts/build.sh and scripts/test.sh export OPTLIB_STATIC=1; the kernels they start inherit
    it, so the pages keep their precomputed frames."""
    from jupyter_client.manager import start_new_kernel

    env = dict(os.environ, OPTLIB_STATIC="1")
    env.pop("OPTLIB_LIVE", None)
    km, kc = start_new_kernel(kernel_name="python3", env=env, cwd=str(tmp_path))
    try:
        outs = []
        code = ("from optlib.widgets import Param, slider_figure\n"
                "box = slider_figure(lambda fig, a: fig.add_subplot().plot([0, a]), Param('a', [1, 2]), alt=lambda a: 'x')\n"
                "print(type(box).__name__, len(box.links))\n")
        reply = kc.execute_interactive(code, timeout=60, output_hook=outs.append)
        assert reply["content"]["status"] == "ok"
        text = "".join(m["content"].get("text", "") for m in outs if m["msg_type"] == "stream")
        assert text.split() == ["SliderFigure", "1"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_the_build_exports_optlib_static_and_nbval_runs_as_jupyter_does():
    """The build's kernels draw the static site's frames; the test command leaves OPTLIB_STATIC
    unset, so nbval runs every lesson with live sliders, as a learner's Jupyter does."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    assert "export OPTLIB_STATIC=1" in (root / "scripts/build.sh").read_text(encoding="utf-8")
    test_sh = (root / "scripts/test.sh").read_text(encoding="utf-8")
    assert "unset OPTLIB_STATIC" in test_sh and "export OPTLIB_STATIC=1" not in test_sh
