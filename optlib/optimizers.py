"""Gradient-based optimizers with the ``update(params, grads)`` protocol.

Every optimizer follows the interface of the classic Japanese textbook's ``common/optimizer.py``:
``params`` and ``grads`` are dicts with the same keys whose values are floats or NumPy arrays, and
``update`` rewrites ``params`` in place.  Each optimizer writes its rule **once**, in
:meth:`Optimizer.rule`, with plain arithmetic that serves a float and an array alike.  ``update``
writes the result back: an array is changed in place (its identity is kept, so a network that holds
references to its weight arrays sees the change); a float is replaced by its new value and stays a
float.

All state (velocities, accumulators, moments, step counts) lives in plain attributes so that a
lesson can inspect and plot it; :meth:`Optimizer.state` returns a frozen copy.

Hyper-parameters are validated on construction, and ``update`` validates ``params``, ``grads`` and
its own state before it changes anything, so a bad call leaves the parameters and the state
untouched.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .validation import is_number, number

__all__ = [
    "Optimizer",
    "SGD",
    "Momentum",
    "Nesterov",
    "AdaGrad",
    "RMSProp",
    "Adam",
    "OptimizerState",
    "ALL_OPTIMIZERS",
]


def _learning_rate(value) -> float:
    return number("lr (learning rate)", value, low=0.0, low_open=True)


def _decay(name: str, value) -> float:
    return number(name, value, low=0.0, high=1.0, high_open=True)


def _epsilon(value) -> float:
    return number("eps", value, low=0.0, low_open=True)


def _sqrt(value):
    return np.sqrt(value) if isinstance(value, np.ndarray) else math.sqrt(value)


def _zeros_like(value: Any) -> Any:
    return np.zeros_like(value, dtype=value.dtype) if isinstance(value, np.ndarray) else 0.0


def _copy(value: Any) -> Any:
    return value.copy() if isinstance(value, np.ndarray) else value


@dataclass(frozen=True)
class OptimizerState:
    """A snapshot of an optimizer's internal state (copies, safe to keep and plot)."""

    name: str
    step: int
    buffers: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __getitem__(self, buffer: str) -> dict[str, Any]:
        return self.buffers[buffer]


# --------------------------------------------------------------------------------------------
# base class
# --------------------------------------------------------------------------------------------
class Optimizer:
    """Base class: checks the inputs, then applies :meth:`rule` to every parameter.

    A subclass names its per-parameter state in ``_buffers`` (e.g. ``("v",)`` for Momentum: a dict
    ``self.v`` of one velocity per parameter, created as zeros on first use) and writes
    ``rule(key, w, g)``, which returns the new value of parameter ``key`` and updates its state.
    """

    _buffers: tuple[str, ...] = ()

    def __init__(self, lr: float) -> None:
        self.lr = _learning_rate(lr)
        #: number of completed calls to :meth:`update`
        self.t = 0
        for name in self._buffers:
            setattr(self, name, {})

    def update(self, params: dict, grads: dict) -> None:
        """Rewrite ``params`` in place using ``grads`` (both dicts with the same keys)."""
        grads = self._checked_gradients(params, grads)
        self.t += 1
        self.begin_step()
        for key, g in grads.items():
            for name in self._buffers:
                buffer = getattr(self, name)
                if key not in buffer:
                    buffer[key] = _zeros_like(params[key])
            w = params[key]
            if isinstance(w, np.ndarray):
                self._update_array(key, w, g)
            else:
                params[key] = float(self.rule(key, float(w), g))

    def rule(self, key: str, w, g):  # pragma: no cover - every optimizer writes its own
        """The new value of parameter ``key`` (a float or an array) after one step with gradient ``g``."""
        raise NotImplementedError

    def begin_step(self) -> None:
        """Hook for per-step values shared by all parameters (Adam's bias corrections)."""

    def _update_array(self, key: str, w: np.ndarray, g: np.ndarray) -> None:
        w[...] = self.rule(key, w, g)

    # -- checks before anything changes -----------------------------------------------------
    def _checked_gradients(self, params, grads) -> dict:
        """The gradients as floats or arrays of each parameter's dtype, keyed like ``params``;
        a clear error (and nothing changed) when ``params``, ``grads`` or the state do not fit."""
        if not isinstance(params, dict):
            raise TypeError(f"params must be a dict of parameter name -> value, got {type(params).__name__}")
        if not isinstance(grads, dict):
            raise TypeError(f"grads must be a dict of parameter name -> gradient, got {type(grads).__name__}")
        checked = {}
        for key, value in params.items():
            if key not in grads:
                raise ValueError(
                    f"grads has no entry for parameter {key!r} (params has {sorted(map(str, params))}, "
                    f"grads has {sorted(map(str, grads))})"
                )
            checked[key] = _checked_gradient(key, value, grads[key])
            for name in self._buffers:
                kept = getattr(self, name).get(key)
                # (a float kept for a float always fits: np.shape is slow next to a step on floats)
                if (kept is not None and (type(kept) is not float or type(value) is not float)
                        and np.shape(kept) != np.shape(value)):
                    raise ValueError(
                        f"this {type(self).__name__} last updated a parameter {key!r} of shape {np.shape(kept)}, "
                        f"but params[{key!r}] has shape {np.shape(value)}: its state belongs to other "
                        "parameters. Make a new optimizer (or call reset()) for a new set of parameters."
                    )
        return checked

    # -- state ------------------------------------------------------------------------------
    def state(self) -> OptimizerState:
        """A frozen copy of the state: step count and every buffer."""
        buffers = {name: {k: _copy(v) for k, v in getattr(self, name).items()} for name in self._buffers}
        return OptimizerState(type(self).__name__, self.t, buffers)

    def reset(self) -> None:
        """Forget all state, as if freshly constructed."""
        self.t = 0
        for name in self._buffers:
            setattr(self, name, {})

    def _hyper(self) -> dict[str, float]:
        return {"lr": self.lr}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._hyper().items())
        return f"{type(self).__name__}({args})"


def _checked_gradient(key, value, g):
    """One gradient, checked against its parameter and converted to the parameter's kind."""
    if type(value) is float:
        if type(g) is float:  # a walker's step on a field: nothing to convert
            return g
        if type(g) is np.float64:  # a NumPy number (np.mean of a mini-batch, say): a float of its own
            return float(g)
    if g is None:
        raise ValueError(f"the gradient for {key!r} is None: grads[{key!r}] must be a number or an array")
    if isinstance(value, np.ndarray):
        if (type(g) is np.ndarray and g.dtype == value.dtype and g.shape == value.shape
                and value.dtype.kind == "f"):
            return g  # a network's step: nothing to check further or convert
        if not np.issubdtype(value.dtype, np.floating):
            raise TypeError(
                f"parameter {key!r} is an array of {value.dtype}; use a float array so it can be updated in place"
            )
        if np.shape(g) != value.shape:
            raise ValueError(f"gradient for {key!r} has shape {np.shape(g)}, but the parameter has shape {value.shape}")
        try:
            return np.asarray(g, dtype=value.dtype)
        except (TypeError, ValueError):
            raise ValueError(f"the gradient for {key!r} is not an array of numbers: {g!r:.80}") from None
    if not is_number(value):
        raise TypeError(f"parameter {key!r} must be a float or a NumPy array, got {type(value).__name__}")
    if np.ndim(g) != 0:
        raise ValueError(f"parameter {key!r} is a scalar but its gradient has shape {np.shape(g)}")
    if isinstance(g, np.ndarray):
        g = g[()]
    if not is_number(g):
        raise ValueError(f"the gradient for {key!r} must be a number, got {g!r} (a {type(g).__name__})")
    return float(g)


# --------------------------------------------------------------------------------------------
# the optimizers
# --------------------------------------------------------------------------------------------
class SGD(Optimizer):
    r"""Stochastic gradient descent (確率的勾配降下法).

    .. math::

        W \leftarrow W - \eta \frac{\partial L}{\partial W}

    Parameters
    ----------
    lr : float
        The learning rate :math:`\eta`, a finite number > 0: it scales the gradient into the step.
    """

    def __init__(self, lr: float = 0.01) -> None:
        super().__init__(lr)

    def rule(self, key, w, g):
        return w - self.lr * g


class Momentum(Optimizer):
    r"""SGD with momentum (モーメンタム), in the convention of the course (and of the classic textbook).

    .. math::

        v &\leftarrow \alpha v - \eta \frac{\partial L}{\partial W} \\
        W &\leftarrow W + v

    ``v`` is the velocity (starts at 0) and :math:`\alpha` the momentum (1 minus a friction).

    Relation to PyTorch: ``torch.optim.SGD(momentum=μ)`` keeps a buffer
    :math:`b \leftarrow \mu b + g` and steps :math:`W \leftarrow W - \eta b`.  With a constant
    learning rate, :math:`v = -\eta b` turns that into the rule above, so the two produce the same
    weights step for step (tested in ``tests/test_optimizers.py``).

    Parameters
    ----------
    lr : float
        The learning rate :math:`\eta`, a finite number > 0.
    momentum : float
        :math:`\alpha`, in [0, 1).  0 gives plain SGD.
    """

    _buffers = ("v",)

    def __init__(self, lr: float = 0.01, momentum: float = 0.9) -> None:
        super().__init__(lr)
        self.momentum = _decay("momentum", momentum)

    def _hyper(self):
        return {"lr": self.lr, "momentum": self.momentum}

    def rule(self, key, w, g):
        v = self.v[key] = self.momentum * self.v[key] - self.lr * g
        return w + v


class Nesterov(Optimizer):
    r"""Nesterov's accelerated gradient, in the course's velocity convention.

    Nesterov looks ahead: it takes the gradient where the momentum is about to carry the walker.
    Rewritten so that only the gradient at the current parameters is needed (the form used by
    PyTorch's ``nesterov=True``):

    .. math::

        v &\leftarrow \alpha v - \eta \frac{\partial L}{\partial W} \\
        W &\leftarrow W + \alpha v - \eta \frac{\partial L}{\partial W}

    Parameters
    ----------
    lr : float
        The learning rate :math:`\eta`, a finite number > 0.
    momentum : float
        :math:`\alpha`, in [0, 1).
    """

    _buffers = ("v",)

    def __init__(self, lr: float = 0.01, momentum: float = 0.9) -> None:
        super().__init__(lr)
        self.momentum = _decay("momentum", momentum)

    def _hyper(self):
        return {"lr": self.lr, "momentum": self.momentum}

    def rule(self, key, w, g):
        v = self.v[key] = self.momentum * self.v[key] - self.lr * g
        return w + self.momentum * v - self.lr * g


class AdaGrad(Optimizer):
    r"""AdaGrad: every parameter gets its own step, shrinking where gradients have been large.

    .. math::

        h &\leftarrow h + \frac{\partial L}{\partial W} \odot \frac{\partial L}{\partial W} \\
        W &\leftarrow W - \eta \frac{1}{\sqrt{h} + \varepsilon} \frac{\partial L}{\partial W}

    ``h`` only grows, so the steps only shrink: given enough steps AdaGrad stops moving.

    Parameters
    ----------
    lr : float
        The learning rate :math:`\eta`, a finite number > 0.
    eps : float
        :math:`\varepsilon` > 0, keeps the division finite while ``h`` is 0.
    """

    _buffers = ("h",)

    def __init__(self, lr: float = 0.01, eps: float = 1e-7) -> None:
        super().__init__(lr)
        self.eps = _epsilon(eps)

    def _hyper(self):
        return {"lr": self.lr, "eps": self.eps}

    def rule(self, key, w, g):
        h = self.h[key] = self.h[key] + g * g
        return w - self.lr * g / (_sqrt(h) + self.eps)


class RMSProp(Optimizer):
    r"""RMSProp: AdaGrad with a memory that fades (an exponential moving average).

    .. math::

        h &\leftarrow \rho h + (1 - \rho) \frac{\partial L}{\partial W} \odot \frac{\partial L}{\partial W} \\
        W &\leftarrow W - \eta \frac{1}{\sqrt{h} + \varepsilon} \frac{\partial L}{\partial W}

    Parameters
    ----------
    lr : float
        The learning rate :math:`\eta`, a finite number > 0.
    decay_rate : float
        :math:`\rho` in [0, 1): how much of the old average survives each step.
    eps : float
        :math:`\varepsilon` > 0.
    """

    _buffers = ("h",)

    def __init__(self, lr: float = 0.01, decay_rate: float = 0.99, eps: float = 1e-7) -> None:
        super().__init__(lr)
        self.decay_rate = _decay("decay_rate", decay_rate)
        self.eps = _epsilon(eps)

    def _hyper(self):
        return {"lr": self.lr, "decay_rate": self.decay_rate, "eps": self.eps}

    def rule(self, key, w, g):
        h = self.h[key] = self.decay_rate * self.h[key] + (1.0 - self.decay_rate) * g * g
        return w - self.lr * g / (_sqrt(h) + self.eps)


class Adam(Optimizer):
    r"""Adam (Adaptive Moment Estimation), exactly as the course derives it.

    With :math:`g_t = \nabla_\theta L(\theta_t)` and :math:`m_0 = v_0 = 0`:

    .. math::

        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
        v_t &= \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
        \hat m_t &= \frac{m_t}{1 - \beta_1^t}, \qquad \hat v_t = \frac{v_t}{1 - \beta_2^t} \\
        \theta_{t+1} &= \theta_t - \alpha \frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon}

    ``m`` and ``v`` hold the raw moments and ``t`` the step count;
    :meth:`bias_corrected` returns :math:`\hat m_t` and :math:`\hat v_t`.  The powers
    :math:`\beta_1^t, \beta_2^t` are kept as running products (one multiplication a step), which the
    browser's figures (:mod:`optlib.routes`) repeat exactly: a ``pow`` function may differ from one
    library to another in the last digit.  (The paper's section 2
    also gives an equivalent "efficient" form that folds the corrections into the step size and
    adds :math:`\varepsilon` to :math:`\sqrt{v_t}`; it differs from this one only in where
    :math:`\varepsilon` sits.)

    Parameters
    ----------
    lr : float
        The step size :math:`\alpha`, a finite number > 0.
    beta1, beta2 : float
        Decay rates of the first and second moment, in [0, 1).
    eps : float
        :math:`\varepsilon` > 0, added outside the square root.
    """

    _buffers = ("m", "v")

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> None:
        super().__init__(lr)
        self.beta1 = _decay("beta1", beta1)
        self.beta2 = _decay("beta2", beta2)
        self.eps = _epsilon(eps)

    def _hyper(self):
        return {"lr": self.lr, "beta1": self.beta1, "beta2": self.beta2, "eps": self.eps}

    def begin_step(self):
        self._power1 = (self._power1 if self.t > 1 else 1.0) * self.beta1  # beta1**t
        self._power2 = (self._power2 if self.t > 1 else 1.0) * self.beta2
        self._c1 = 1.0 - self._power1
        self._c2 = 1.0 - self._power2

    def rule(self, key, w, g):
        m = self.m[key] = self.beta1 * self.m[key] + (1.0 - self.beta1) * g
        v = self.v[key] = self.beta2 * self.v[key] + (1.0 - self.beta2) * (g * g)
        m_hat = m / self._c1
        v_hat = v / self._c2
        return w - self.lr * m_hat / (_sqrt(v_hat) + self.eps)

    def _update_array(self, key, w, g):
        # the same rule, faster for the large arrays of a network (bench/run.py: about twice as fast
        # on 10⁶ parameters, where the plain rule makes nine passes over memory)
        m, v = self.m[key], self.v[key]
        # (a column of learning rates, one per stacked network (optlib.network.train_together), takes
        # the plain rule, which broadcasts it)
        if w.size < _BLOCK or np.ndim(self.lr) or not all(a.flags.c_contiguous for a in (w, g, m, v)):
            super()._update_array(key, w, g)
        else:
            _adam_in_place(self, w, g, m, v)

    def bias_corrected(self) -> tuple[dict[str, Any], dict[str, Any]]:
        r"""Return :math:`(\hat m_t, \hat v_t)` per parameter after the latest step."""
        if self.t == 0:
            raise ValueError("Adam has taken no step yet: call update() first")
        c1, c2 = self._c1, self._c2
        return ({k: _copy(m) / c1 for k, m in self.m.items()}, {k: _copy(v) / c2 for k, v in self.v.items()})


#: arrays of at least this many elements take Adam's in-place path (``bench/run.py`` measures it)
_BLOCK = 1 << 15


def _adam_in_place(opt: Adam, w: np.ndarray, g: np.ndarray, m: np.ndarray, v: np.ndarray) -> None:
    r""":meth:`Adam.rule` on a large array, in place and block by block: each weight, gradient and
    moment is read from memory once per step, and the temporaries stay in the CPU cache.

    The step is rearranged to save two of the three divisions (division is the slowest arithmetic):
    since :math:`\sqrt{\hat v} + \varepsilon = (\sqrt{v} + \varepsilon\sqrt{c_2}) / \sqrt{c_2}`,
    the step :math:`\eta \hat m / (\sqrt{\hat v} + \varepsilon)` equals
    :math:`(\eta \sqrt{c_2} / c_1) \, m / (\sqrt{v} + \varepsilon \sqrt{c_2})`, with
    :math:`c_i = 1 - \beta_i^t`.  Only the rounding differs (about 1e-16 relative; tested).
    """
    b1, b2 = opt.beta1, opt.beta2
    sc2 = math.sqrt(opt._c2)
    eps, scale = opt.eps * sc2, opt.lr * sc2 / opt._c1
    wf, gf, mf, vf = w.reshape(-1), g.reshape(-1), m.reshape(-1), v.reshape(-1)
    scratch = np.empty(_BLOCK, dtype=w.dtype)
    for start in range(0, wf.size, _BLOCK):
        sl = slice(start, start + _BLOCK)
        wb, gb, mb, vb = wf[sl], gf[sl], mf[sl], vf[sl]
        tmp = scratch[: len(wb)]
        mb *= b1
        np.multiply(gb, 1.0 - b1, out=tmp)
        mb += tmp                                 # m = b1 m + (1 - b1) g
        vb *= b2
        np.multiply(gb, gb, out=tmp)
        tmp *= 1.0 - b2
        vb += tmp                                 # v = b2 v + (1 - b2) g²
        np.sqrt(vb, out=tmp)
        tmp += eps
        np.divide(mb, tmp, out=tmp)
        tmp *= scale
        wb -= tmp                                 # w - lr m_hat / (sqrt(v_hat) + eps)


#: every optimizer class, for parametrized tests and comparison lessons
ALL_OPTIMIZERS = (SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam)
