"""What every exercise checker shares: running the learner's code, describing what it did, and the
verdict printed in the page's language.

The rules every checker keeps, whatever the learner wrote:

- it never raises: the learner's code runs through :func:`run_learner`, which catches anything it
  raises and points at the learner's own line (:class:`Failure`);
- its messages come from one catalogue (:mod:`optlib.catalogue`) in both languages, and the language
  is fixed before the learner's code runs (their code cannot switch it);
- the verdict is a :class:`CheckResult`: true or false like a bool, with the message kept.
"""

from __future__ import annotations

import linecache
import os
import sysconfig
import traceback
import warnings
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from . import catalogue, i18n

__all__ = ["CheckResult", "report", "verdict", "say", "Failure", "run_learner", "two_numbers",
           "describe_value", "learner_name"]


class CheckResult:
    """A checker's verdict: true or false like a bool (``assert check(...)`` works), with the
    message kept in ``message``.  In a notebook it shows nothing more: the message is printed once."""

    __slots__ = ("ok", "message")

    def __init__(self, ok: bool, message: str) -> None:
        self.ok, self.message = bool(ok), message

    def __bool__(self) -> bool:
        return self.ok

    def __eq__(self, other) -> bool:
        if isinstance(other, CheckResult):
            return self.ok == other.ok
        if isinstance(other, (bool, np.bool_)):
            return self.ok == bool(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.ok)

    def __repr__(self) -> str:
        return f"CheckResult(ok={self.ok})"

    def _ipython_display_(self) -> None:
        pass  # the message was already printed; do not echo True/False under it


def say(msg_id: str, lang: str | None = None, **fields) -> str:
    """The catalogue's message ``msg_id`` in ``lang``, filled in with ``fields``."""
    return catalogue.text(msg_id, i18n.resolve(lang), **fields)


def report(ok: bool, *, ja: str, en: str, lang: str | None = None) -> CheckResult:
    """Print a verdict given in both languages (✅ or ❌ first) and return it."""
    message = i18n.pick(lang, ja=ja, en=en)
    print(("✅ " if ok else "❌ ") + message)
    return CheckResult(ok, message)


def verdict(ok: bool, message: str) -> CheckResult:
    """Print ``message`` (already in the page's language) as a verdict and return it."""
    print(("✅ " if ok else "❌ ") + message)
    return CheckResult(ok, message)


# --------------------------------------------------------------------------------------------
# running the learner's code
# --------------------------------------------------------------------------------------------
_OURS = os.path.dirname(os.path.abspath(__file__)) + os.sep
_LIBRARIES = tuple({os.path.abspath(p) + os.sep for key in ("stdlib", "platstdlib", "purelib", "platlib")
                    if (p := sysconfig.get_paths().get(key))})


def _is_learners(filename: str) -> bool:
    """Code the learner wrote: a notebook cell or a file of theirs, not optlib, not a library."""
    if filename.startswith("<frozen"):
        return False
    path = os.path.abspath(filename) if not filename.startswith("<") else filename
    return not path.startswith(_OURS) and not path.startswith(_LIBRARIES)


@dataclass(frozen=True)
class Failure:
    """What went wrong in the learner's code: the exception, and where in their code it happened."""

    exception: BaseException
    filename: str | None = None
    lineno: int | None = None
    line: str = ""

    @property
    def kind(self) -> str:
        return type(self.exception).__name__

    @property
    def detail(self) -> str:
        """``KeyError: 'x'`` — the exception as Python prints its last line."""
        return traceback.format_exception_only(type(self.exception), self.exception)[-1].strip()

    def where(self, lang: str | None = None) -> str:
        """`` (line 7 of cell In[5]: `v[key] *= 0.9`)`` in the page's language, or ``""``."""
        if self.lineno is None:
            return ""
        place = _cell_name(self.filename)
        msg = "where.cell" if place else "where.file"
        return say(msg, lang, cell=place or os.path.basename(self.filename or ""), line=self.lineno,
                   code=self.line.strip()[:100])

    def message(self, lang: str | None, doing: str) -> str:
        """A sentence for the learner: what raised, where, and a hint for the common cases."""
        if isinstance(self.exception, NotImplementedError):
            return say("run.not_implemented", lang, doing=doing)
        hint = ""
        if isinstance(self.exception, KeyError) and self.exception.args:
            hint = say("run.hint_key", lang, key=repr(self.exception.args[0]))
        elif isinstance(self.exception, ZeroDivisionError):
            hint = say("run.hint_zero", lang)
        return say("run.raised", lang, doing=doing, error=self.detail, where=self.where(lang), hint=hint).strip()


def _cell_name(filename: str | None) -> str | None:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return None
    ip = get_ipython()
    named = ip.compile.format_code_name(filename) if ip is not None and filename else None
    return named[1] if named else None


def _learners_frame(tb) -> tuple[str | None, int | None, str]:
    found = (None, None, "")
    for frame, lineno in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        if _is_learners(filename):
            found = (filename, lineno, linecache.getline(filename, lineno, frame.f_globals))
    return found


def run_learner(fn: Callable, *args, **kwargs) -> tuple[Any, Failure | None]:
    """Call the learner's ``fn(*args, **kwargs)``: ``(result, None)``, or ``(None, Failure)`` if it
    raised (anything but a keyboard interrupt).  NumPy's warnings about nan or overflow are kept out
    of the page (the checker explains a blow-up itself), and the page's language is restored if the
    learner's code changed it."""
    language = i18n.get_language()
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args, **kwargs), None
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # the learner's code: whatever it raised is reported, never re-raised
        return None, Failure(exc, *_learners_frame(exc.__traceback__))
    finally:
        i18n.set_language(language)


# --------------------------------------------------------------------------------------------
# describing values
# --------------------------------------------------------------------------------------------
def two_numbers(got: float, want: float) -> tuple[str, str]:
    """Both numbers with the fewest significant digits (at least 6) that tell them apart."""
    for digits in range(6, 18):
        a, b = f"{got:.{digits}g}", f"{want:.{digits}g}"
        if a != b:
            return a, b
    return repr(float(got)), repr(float(want))


def describe_value(value: Any, lang: str | None = None) -> str:
    """What the learner stored, in words: ``None``, ``the string '0.1'``, ``a list [...]``..."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return say("value.array", lang, shape=value.shape, dtype=value.dtype)
    kinds = {str: "value.str", list: "value.list", tuple: "value.tuple", dict: "value.dict", bool: "value.bool",
             complex: "value.complex"}
    for kind, msg in kinds.items():
        if isinstance(value, kind):
            return say(msg, lang, value=_short(value))
    return say("value.other", lang, value=_short(value), kind=type(value).__name__)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def learner_name(obj: Any) -> str:
    """The name the learner gave a class or function (for messages)."""
    return getattr(obj, "__name__", None) or type(obj).__name__
