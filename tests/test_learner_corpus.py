"""Every answer of the learner corpus gets its verdict and its explanation, in both languages.

Each answer runs as a notebook cell would: its code in a fresh namespace with the lesson's imports,
then the exercise's check cell (``learner_corpus.CHECKS``).  The checker must not raise, must print
exactly one verdict (✅ for a right answer, ❌ for a mistake) with the catalogue message the corpus
names, in the page's language, and must give the same verdict and message when run again.
"""

from __future__ import annotations

import contextlib
import io
import linecache
import re
import zlib

import pytest

import optlib
from learner_corpus import ANSWERS, CHECKS
from optlib.catalogue import MESSAGES

PRELUDE = """\
import numpy as np
from optlib import SGD, AdaGrad, Adam, Adventurer, Momentum, RMSProp, surfaces
from optlib.checks import check_optimizer
from optlib.exercises.ch01 import check_learning_rate, check_step
from optlib.exercises.ch02 import check_batch_size
from optlib.exercises.ch03 import check_divergence_threshold, check_steps_prediction
from optlib.exercises.ch06 import diagnose_adam
from optlib.exercises.ch07 import check_tuned_optimizer
from optlib.exercises.ch08 import check_weight_decay
"""


def _pattern(msg_id: str, lang: str) -> re.Pattern:
    """The catalogue message with its fields as wildcards (fields never show as raw {...})."""
    parts = re.split(r"\{[^{}]*\}", MESSAGES[msg_id][lang].strip())
    return re.compile(".*?".join(re.escape(p.strip()) for p in parts), re.S)


def _run_cell(code: str, check: str, lang: str, n: int):
    """Run the learner's cell and the check cell as a notebook would; return (verdict, printed)."""
    filename = f"<learner-cell-{n}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)  # as IPython does for cells
    namespace: dict = {}
    exec(PRELUDE, namespace)
    exec(compile(code, filename, "exec"), namespace)
    out = io.StringIO()
    before = optlib.get_language()
    optlib.set_language(lang)
    try:
        with contextlib.redirect_stdout(out):
            result = eval(check, namespace)
    finally:
        optlib.set_language(before)
    return result, out.getvalue()


def _id(answer) -> str:
    # a digest of the code, the same in every process (hash() of a str is not: pytest-xdist's workers
    # must collect the same test ids)
    return f"{answer.exercise}-{answer.says}-{zlib.crc32(answer.code.encode()) % 10**6}"


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("answer", ANSWERS, ids=[_id(a) for a in ANSWERS])
def test_every_answer_gets_its_verdict_and_explanation(answer, lang):
    check = CHECKS[answer.exercise]
    result, printed = _run_cell(answer.code, check, lang, 1)
    assert bool(result) is answer.ok, printed
    lines = printed.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("✅ " if answer.ok else "❌ "), printed
    assert _pattern(answer.says, lang).search(printed), f"expected {answer.says}: {printed}"
    assert "{" not in printed.replace("{'", "").replace('{"', ""), printed  # no unfilled field
    if lang == "ja":
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", printed), printed  # the message is in Japanese
    # the same answer, run again (a rerun of the cell), gets the same verdict and the same words
    again, printed_again = _run_cell(answer.code, check, lang, 2)
    assert bool(again) is answer.ok and printed_again.replace("-2>", "-1>") == printed


def test_every_exercise_has_right_answers_and_mistakes():
    for exercise in CHECKS:
        verdicts = [a.ok for a in ANSWERS if a.exercise == exercise]
        assert True in verdicts and verdicts.count(False) >= 2, exercise


def test_the_corpus_is_large_enough_to_mean_something():
    assert len(ANSWERS) >= 120
