"""A height z = f(x, y) written once, as text, for Python and for the browser.

A :class:`Formula` reads a formula in Python's syntax (``"x**2/20 + y**2"``), derives its exact
gradient, and prints the height and the gradient both as NumPy code (run by :class:`optlib.Field`)
and as JavaScript (run by the route figures of :mod:`optlib.routes` in the reader's browser).  Both
printouts come from the same expression tree, operation for operation, so the browser computes the
same numbers as optlib: bit for bit for ``+ - * /``, small whole powers (written as products), square
roots and ``exp`` (optlib's own, see :func:`exp`); to the last digit or so for ``log``, ``sin``...

Allowed: numbers, ``x``, ``y``, named parameters given with values (``Formula("a*x**2 + y**2",
a=0.05)``), ``+ - * / **`` and the functions ``exp log sqrt sin cos tanh abs``, and ``pi``.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass

import numpy as np

from .validation import number

__all__ = ["Formula", "FUNCTIONS", "exp"]

#: the functions a formula may call: their NumPy and JavaScript names (``exp`` is optlib's own, the same
#: operations in both languages, see :func:`exp`)
FUNCTIONS = {
    "exp": ("exp", "exp"), "log": ("np.log", "Math.log"), "sqrt": ("np.sqrt", "Math.sqrt"),
    "sin": ("np.sin", "Math.sin"), "cos": ("np.cos", "Math.cos"), "tanh": ("np.tanh", "Math.tanh"),
    "abs": ("np.abs", "Math.abs"), "sign": ("np.sign", "Math.sign"),
}
_VARIABLES = ("x", "y")
_CONSTANTS = {"pi": math.pi}


# -- exp, the same in Python and in the browser ---------------------------------------------------------
# Libraries compute exp differently in the last digit (NumPy even differs from CPU to CPU), and a walk
# that passes close to a ridge can turn that digit into another route.  This exp uses only + - * / and
# floor, whose results IEEE arithmetic fixes, in the same order as route_figure.js: the two agree bit for
# bit on every machine, to within about one unit in the last place of the true value.
_LN2_HI = 6.93147180369123816490e-01   # ln 2 in two parts: k·_LN2_HI is exact for |k| < 2**20
_LN2_LO = 1.90821492927058770002e-10
_INV_LN2 = 1.44269504088896338700e+00
_EXP_TAYLOR = [1 / math.factorial(n) for n in range(13, -1, -1)]   # exp(r) = Σ rⁿ/n!, |r| ≤ ln 2 / 2


def exp(z):
    """e**z for a number or an array, computed as the browser computes it (see above): e**z = 2**k·e**r
    with r = z − k ln 2, e**r from its Taylor series; 0 below −700, inf above 709.78."""
    if isinstance(z, float) or np.ndim(z) == 0:  # a float or NumPy's float64 (a subclass of float), or a 0-d array
        z = float(z)
        if z != z or z > 709.78:
            return z if z != z else math.inf
        if z < -700.0:
            return 0.0
        k = math.floor(z * _INV_LN2 + 0.5)
        r = (z - k * _LN2_HI) - k * _LN2_LO
        # the loop below (Horner's rule), written out: the same operations in the same order, and the
        # hot path of walks on fields with exp (a loop costs several times more per call)
        c = _EXP_TAYLOR
        p = ((((((((((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) * r + c[6]) * r + c[7])
                   * r + c[8]) * r + c[9]) * r + c[10]) * r + c[11]) * r + c[12]) * r + c[13]
        return math.ldexp(p, k)
    z = np.asarray(z, dtype=float)
    k = np.floor(z * _INV_LN2 + 0.5)
    r = (z - k * _LN2_HI) - k * _LN2_LO
    p = np.full_like(z, _EXP_TAYLOR[0])
    for c in _EXP_TAYLOR[1:]:
        p = p * r + c
    with np.errstate(all="ignore"):
        out = np.ldexp(p, np.clip(k, -1100, 1100).astype(int))
    out = np.where(z > 709.78, np.inf, np.where(z < -700.0, 0.0, out))
    return np.where(np.isnan(z), np.nan, out)


# -- the expression tree: ("num", v) ("var", name) ("neg", a) ("add"|"sub"|"mul"|"div", a, b)
#    ("pow", a, n) with a whole number n >= 2, ("powf", a, b), ("call", fn, a) --------------------------
def _num(v):
    return ("num", float(v))


def _is_num(e, v=None):
    return e[0] == "num" and (v is None or e[1] == v)


def _add(a, b):
    if _is_num(a, 0.0):
        return b
    if _is_num(b, 0.0):
        return a
    if _is_num(a) and _is_num(b):
        return _num(a[1] + b[1])
    return ("add", a, b)


def _sub(a, b):
    if _is_num(b, 0.0):
        return a
    if _is_num(a, 0.0):
        return _neg(b)
    if _is_num(a) and _is_num(b):
        return _num(a[1] - b[1])
    return ("sub", a, b)


def _neg(a):
    if _is_num(a):
        return _num(-a[1])
    if a[0] == "neg":
        return a[1]
    return ("neg", a)


def _mul(a, b):
    if _is_num(a, 0.0) or _is_num(b, 0.0):
        return _num(0.0)
    if _is_num(a, 1.0):
        return b
    if _is_num(b, 1.0):
        return a
    if _is_num(a, -1.0):
        return _neg(b)
    if _is_num(b, -1.0):
        return _neg(a)
    if _is_num(a) and _is_num(b):
        return _num(a[1] * b[1])
    return ("mul", a, b)


def _div(a, b):
    if _is_num(a, 0.0):
        return _num(0.0)
    if _is_num(b, 1.0):
        return a
    if _is_num(a) and _is_num(b):
        return _num(a[1] / b[1])
    return ("div", a, b)


def _pow(a, b):
    if _is_num(b) and b[1] == 1.0:
        return a
    if _is_num(b) and b[1] == 0.0:
        return _num(1.0)
    if _is_num(a) and _is_num(b):
        return _num(a[1] ** b[1])
    if _is_num(b) and b[1].is_integer() and 2 <= b[1] <= 8:
        return ("pow", a, int(b[1]))
    return ("powf", a, b)


def _call(fn, a):
    return ("call", fn, a)


# -- reading the text -----------------------------------------------------------------------------
def _parse(text: str, params: set[str]):
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as e:
        raise ValueError(f"the formula {text!r} is not a Python expression: {e.msg}") from None

    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return _num(node.value)
        if isinstance(node, ast.Name):
            if node.id in _VARIABLES or node.id in params:
                return ("var", node.id)
            if node.id in _CONSTANTS:
                return _num(_CONSTANTS[node.id])
            raise ValueError(f"the formula {text!r} uses {node.id!r}, which is not x or y: give its value, "
                             f"e.g. Formula({text!r}, {node.id}=1.0)")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = walk(node.operand)
            return _neg(inner) if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.BitXor):
                raise ValueError(f"the formula {text!r} uses ^, which in Python is the bitwise XOR: write x**2 "
                                 "for a power")
            build = {ast.Add: _add, ast.Sub: _sub, ast.Mult: _mul, ast.Div: _div, ast.Pow: _pow}.get(type(node.op))
            if build is None:
                raise ValueError(f"the formula {text!r} uses an operator optlib does not know "
                                 f"({type(node.op).__name__}): use + - * / **")
            return build(walk(node.left), walk(node.right))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS \
                and len(node.args) == 1 and not node.keywords:
            return _call(node.func.id, walk(node.args[0]))
        if isinstance(node, ast.Call):
            raise ValueError(f"the formula {text!r} calls something optlib does not know: use one of "
                             f"{', '.join(sorted(FUNCTIONS))} with one argument (exp(-x**2), not np.exp)")
        raise ValueError(f"the formula {text!r} contains {ast.unparse(node)!r}, which optlib cannot read")

    return walk(tree)


# -- the derivative -------------------------------------------------------------------------------
def _depends(e, var) -> bool:
    kind = e[0]
    if kind == "num":
        return False
    if kind == "var":
        return e[1] == var
    return any(_depends(c, var) for c in e[1:] if isinstance(c, tuple))


def _d(e, var):
    """d e / d var."""
    if not _depends(e, var):
        return _num(0.0)
    kind = e[0]
    if kind == "var":
        return _num(1.0)
    if kind == "neg":
        return _neg(_d(e[1], var))
    if kind in ("add", "sub"):
        return (_add if kind == "add" else _sub)(_d(e[1], var), _d(e[2], var))
    if kind == "mul":
        a, b = e[1], e[2]
        return _add(_mul(_d(a, var), b), _mul(a, _d(b, var)))
    if kind == "div":
        a, b = e[1], e[2]
        if not _depends(b, var):
            return _div(_d(a, var), b)
        return _div(_sub(_mul(_d(a, var), b), _mul(a, _d(b, var))), _pow(b, _num(2)))
    if kind == "pow":  # a**n, n a whole number: n a**(n-1) a'
        a, n = e[1], e[2]
        return _mul(_mul(_num(n), _pow(a, _num(n - 1))), _d(a, var))
    if kind == "powf":
        a, b = e[1], e[2]
        if not _depends(b, var):  # a**c: c a**(c-1) a'
            return _mul(_mul(b, _pow(a, _sub(b, _num(1)))), _d(a, var))
        # a**b = exp(b log a)
        return _mul(e, _add(_mul(_d(b, var), _call("log", a)), _div(_mul(b, _d(a, var)), a)))
    if kind == "call":
        fn, a = e[1], e[2]
        da = _d(a, var)
        outer = {
            "exp": lambda: e,
            "log": lambda: _div(_num(1), a),
            "sqrt": lambda: _div(_num(0.5), e),
            "sin": lambda: _call("cos", a),
            "cos": lambda: _neg(_call("sin", a)),
            "tanh": lambda: _sub(_num(1), _pow(e, _num(2))),
            "abs": lambda: _call("sign", a),
            "sign": lambda: _num(0),
        }[fn]()
        return _mul(outer, da)
    raise AssertionError(kind)  # pragma: no cover


# -- printing -------------------------------------------------------------------------------------
def _print(e, lang: str) -> str:
    kind = e[0]
    if kind == "num":
        v = e[1]
        return repr(v) if lang == "py" else (repr(v) if math.isfinite(v) else ("Infinity" if v > 0 else "-Infinity"))
    if kind == "var":
        return e[1] if e[1] in _VARIABLES else (e[1] if lang == "py" else f"p.{e[1]}")
    if kind == "neg":
        return f"(-{_print(e[1], lang)})"
    if kind in ("add", "sub", "mul", "div"):
        op = {"add": "+", "sub": "-", "mul": "*", "div": "/"}[kind]
        return f"({_print(e[1], lang)} {op} {_print(e[2], lang)})"
    if kind == "pow":  # a whole power as a product: the same rounding in both languages
        a = _print(e[1], lang)
        return "(" + " * ".join([a] * e[2]) + ")"
    if kind == "powf":
        fn = "np.power" if lang == "py" else "Math.pow"
        return f"{fn}({_print(e[1], lang)}, {_print(e[2], lang)})"
    if kind == "call":
        name = FUNCTIONS[e[1]][0 if lang == "py" else 1]
        return f"{name}({_print(e[2], lang)})"
    raise AssertionError(kind)  # pragma: no cover


@dataclass(frozen=True)
class _Code:
    value: str
    dx: str
    dy: str


class Formula:
    """A height z = f(x, y) given as text, with its exact gradient (see the module docstring).

    >>> f = Formula("a*x**2 + y**2", a=0.05)
    >>> f.gradient(-7.0, 2.0)
    (-0.7000000000000001, 4.0)
    >>> f.javascript().dx
    '(p.a * (2.0 * x))'
    """

    def __init__(self, text: str, **params: float) -> None:
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"a formula is text such as 'x**2/20 + y**2', got {text!r}")
        self.text = text.strip()
        self.params = {name: number(f"parameter {name}", value) for name, value in params.items()}
        for name in self.params:
            if name in _VARIABLES or not name.isidentifier() or name in FUNCTIONS or name in _CONSTANTS:
                raise ValueError(f"a parameter cannot be called {name!r}")
        self._tree = _parse(self.text, set(self.params))
        self._dx, self._dy = _d(self._tree, "x"), _d(self._tree, "y")
        # the parameters are the functions' default arguments: a walker's step calls them with (x, y)
        # alone, and a call with other values (value(x, y, a=0.1)) overrides them without a merge
        args = ", ".join(["x", "y", *(f"{name}={value!r}" for name, value in self.params.items())])
        scope = {"np": np, "exp": exp}
        #: the height and the gradient as plain functions of (x, y): no np.errstate of their own, for
        #: callers that already hold one (Field, the walker's loop)
        self.height = eval(f"lambda {args}: {_print(self._tree, 'py')}", scope)  # noqa: S307 (our own printout)
        self.slope = eval(f"lambda {args}: ({_print(self._dx, 'py')}, {_print(self._dy, 'py')})", scope)  # noqa: S307

    def __repr__(self) -> str:
        extra = "".join(f", {k}={v!r}" for k, v in self.params.items())
        return f"Formula({self.text!r}{extra})"

    def with_params(self, **params: float) -> "Formula":
        """The same formula with other parameter values."""
        unknown = set(params) - set(self.params)
        if unknown:
            raise ValueError(f"{self!r} has no parameter {sorted(unknown)[0]!r}")
        return Formula(self.text, **{**self.params, **params})

    def value(self, x, y, **params):
        """The height at ``(x, y)`` (numbers or arrays), with the parameters given or the formula's."""
        with np.errstate(all="ignore"):
            return self.height(x, y, **params)

    def gradient(self, x, y, **params):
        """``(dz/dx, dz/dy)`` at ``(x, y)``: the exact derivative, not a difference quotient."""
        with np.errstate(all="ignore"):
            return self.slope(x, y, **params)

    def javascript(self) -> _Code:
        """The height and the two partial derivatives as JavaScript expressions in ``x``, ``y`` and the
        parameters ``p.<name>``."""
        return _Code(_print(self._tree, "js"), _print(self._dx, "js"), _print(self._dy, "js"))

    def python(self) -> _Code:
        """The same three expressions as the NumPy code optlib runs."""
        return _Code(_print(self._tree, "py"), _print(self._dx, "py"), _print(self._dy, "py"))
