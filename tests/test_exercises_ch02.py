import math

import numpy as np
import pytest

from optlib.exercises.ch02 import ANSWER, SHRINK, START_BATCH, check_batch_size


def test_the_answer_divides_the_spread_of_a_mean_by_three():
    # the spread of the mean of B independent draws is sigma / sqrt(B)
    rng = np.random.default_rng(0)
    draws = rng.normal(size=(4000, ANSWER))
    ratio = draws[:, :START_BATCH].mean(axis=1).std() / draws.mean(axis=1).std()
    assert ANSWER == 72
    assert ratio == pytest.approx(SHRINK, rel=0.05)


@pytest.mark.parametrize("value", [72, 72.0, np.int64(72), np.float64(72.0)])
def test_right_answer(value, capsys):
    assert check_batch_size(value, lang="ja")
    assert "正解" in capsys.readouterr().out


@pytest.mark.parametrize("value,lang,text", [
    (24, "en", "not inversely proportional to B"),
    (24, "ja", "√B に反比例"),
    (9, "en", "starting from B = 1"),
    (4, "en", "smaller batch"),
    (8, "ja", "大きくしましょう"),
    (8 * math.sqrt(3), "en", "≈ 0.76 times"),
    (200, "ja", "0.20 倍"),
    ("72", "en", "number"),
    (None, "en", "number"),
    (True, "ja", "数で"),
    (float("inf"), "ja", "数で"),
])
def test_wrong_answers_are_explained(value, lang, text, capsys):
    assert not check_batch_size(value, lang=lang)
    out = capsys.readouterr().out
    assert out.startswith("❌")
    assert text in out
