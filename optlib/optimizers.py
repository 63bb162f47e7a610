"""Gradient-based optimizers with the ``update(params, grads)`` protocol.

Every optimizer follows the interface of the course slides (and of the classic Japanese textbook
code): ``params`` and ``grads`` are dicts with the same keys whose values are floats or NumPy
arrays, and ``update`` rewrites ``params`` in place.  Arrays are modified in place (their identity
is kept, so a network that holds references to its weight arrays sees the change); floats are
replaced by their new value.

All state (velocities, accumulators, moments, step counts) lives in plain attributes so that a
lesson can inspect and plot it; :meth:`Optimizer.state` returns a frozen copy.

Hyper-parameters are validated on construction, and ``update`` validates ``params`` and ``grads``
before it changes anything, so a bad call leaves the parameters untouched.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from numbers import Real
from typing import Any

import numpy as np

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


# --------------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------------
def _positive(name: str, value: Any) -> float:
    """Return ``value`` as a float, or raise ValueError unless it is a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    value = float(value)
    if not math.isfinite(value) or value <= 0.0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return value


def _unit_interval(name: str, value: Any) -> float:
    """Return ``value`` as a float, or raise ValueError unless 0 <= value < 1."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a number in [0, 1), got {value!r}")
    value = float(value)
    if not (0.0 <= value < 1.0):
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return value


def _check_inputs(params: Any, grads: Any) -> None:
    """Raise a clear error if ``params``/``grads`` do not fit together; change nothing."""
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict of parameter name -> value, got {type(params).__name__}")
    if not isinstance(grads, dict):
        raise TypeError(f"grads must be a dict of parameter name -> gradient, got {type(grads).__name__}")
    for key, value in params.items():
        if key not in grads:
            raise ValueError(
                f"grads has no entry for parameter {key!r} (params has {sorted(map(str, params))}, "
                f"grads has {sorted(map(str, grads))})"
            )
        g = grads[key]
        if isinstance(value, np.ndarray):
            if np.shape(g) != value.shape:
                raise ValueError(
                    f"gradient for {key!r} has shape {np.shape(g)}, but the parameter has shape {value.shape}"
                )
            if not np.issubdtype(value.dtype, np.floating):
                raise TypeError(
                    f"parameter {key!r} is an array of {value.dtype}; use a float array so it can be updated in place"
                )
        else:
            if np.ndim(g) != 0:
                raise ValueError(f"parameter {key!r} is a scalar but its gradient has shape {np.shape(g)}")
            if isinstance(value, bool) or not isinstance(value, (Real, np.number)):
                raise TypeError(f"parameter {key!r} must be a float or a NumPy array, got {type(value).__name__}")


def _zeros_like(value: Any) -> Any:
    return np.zeros_like(value, dtype=float) if isinstance(value, np.ndarray) else 0.0


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
    """Base class: validates inputs and applies :meth:`_update_one` to every parameter.

    Subclasses keep their per-parameter state in dicts named in ``_buffers`` (e.g. ``v`` for
    Momentum) and implement ``_update_one(key, params, g)``.
    """

    _buffers: tuple[str, ...] = ()

    def __init__(self, lr: float) -> None:
        self.lr = _positive("lr (learning rate)", lr)
        #: number of completed calls to :meth:`update`
        self.t = 0
        for name in self._buffers:
            setattr(self, name, {})

    def update(self, params: dict, grads: dict) -> None:
        """Rewrite ``params`` in place using ``grads`` (both dicts with the same keys)."""
        _check_inputs(params, grads)
        self.t += 1
        self._begin_step()
        for key in params:
            for name in self._buffers:
                buffer = getattr(self, name)
                if key not in buffer:
                    buffer[key] = _zeros_like(params[key])
            g = grads[key]
            if isinstance(params[key], np.ndarray):
                g = np.asarray(g, dtype=params[key].dtype)
                self._update_array(key, params[key], g)
            else:
                params[key] = float(self._update_scalar(key, float(params[key]), float(g)))

    def _begin_step(self) -> None:
        """Hook for per-step values shared by all parameters (Adam's bias corrections)."""

    def _update_scalar(self, key: str, w: float, g: float) -> float:  # pragma: no cover
        raise NotImplementedError

    def _update_array(self, key: str, w: np.ndarray, g: np.ndarray) -> None:
        # Generic fallback: compute with the scalar formula on arrays, then write in place.
        w[...] = self._update_scalar(key, w, g)

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
        The learning rate :math:`\eta` (the stride), a finite number > 0.
    """

    def __init__(self, lr: float = 0.01) -> None:
        super().__init__(lr)

    def _update_scalar(self, key, w, g):
        return w - self.lr * g

    def _update_array(self, key, w, g):
        w -= self.lr * g


class Momentum(Optimizer):
    r"""SGD with momentum (モーメンタム), in the convention of the course slides.

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
        self.momentum = _unit_interval("momentum", momentum)

    def _hyper(self):
        return {"lr": self.lr, "momentum": self.momentum}

    def _update_scalar(self, key, w, g):
        self.v[key] = self.momentum * self.v[key] - self.lr * g
        return w + self.v[key]

    def _update_array(self, key, w, g):
        v = self.v[key]
        v *= self.momentum
        v -= self.lr * g
        w += v


class Nesterov(Optimizer):
    r"""Nesterov's accelerated gradient, in the slides' velocity convention.

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
        self.momentum = _unit_interval("momentum", momentum)

    def _hyper(self):
        return {"lr": self.lr, "momentum": self.momentum}

    def _update_scalar(self, key, w, g):
        self.v[key] = self.momentum * self.v[key] - self.lr * g
        return w + self.momentum * self.v[key] - self.lr * g

    def _update_array(self, key, w, g):
        v = self.v[key]
        v *= self.momentum
        v -= self.lr * g
        w += self.momentum * v
        w -= self.lr * g


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
        self.eps = _positive("eps", eps)

    def _hyper(self):
        return {"lr": self.lr, "eps": self.eps}

    def _update_scalar(self, key, w, g):
        self.h[key] += g * g
        return w - self.lr * g / (math.sqrt(self.h[key]) + self.eps)

    def _update_array(self, key, w, g):
        h = self.h[key]
        h += g * g
        w -= self.lr * g / (np.sqrt(h) + self.eps)


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
        self.decay_rate = _unit_interval("decay_rate", decay_rate)
        self.eps = _positive("eps", eps)

    def _hyper(self):
        return {"lr": self.lr, "decay_rate": self.decay_rate, "eps": self.eps}

    def _update_scalar(self, key, w, g):
        self.h[key] = self.decay_rate * self.h[key] + (1.0 - self.decay_rate) * g * g
        return w - self.lr * g / (math.sqrt(self.h[key]) + self.eps)

    def _update_array(self, key, w, g):
        h = self.h[key]
        h *= self.decay_rate
        h += (1.0 - self.decay_rate) * g * g
        w -= self.lr * g / (np.sqrt(h) + self.eps)


class Adam(Optimizer):
    r"""Adam (Adaptive Moment Estimation), exactly as the course derives it.

    With :math:`g_t = \nabla_\theta L(\theta_t)` and :math:`m_0 = v_0 = 0`:

    .. math::

        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
        v_t &= \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
        \hat m_t &= \frac{m_t}{1 - \beta_1^t}, \qquad \hat v_t = \frac{v_t}{1 - \beta_2^t} \\
        \theta_{t+1} &= \theta_t - \alpha \frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon}

    ``m`` and ``v`` hold the raw moments and ``t`` the step count;
    :meth:`bias_corrected` returns :math:`\hat m_t` and :math:`\hat v_t`.

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
        self.beta1 = _unit_interval("beta1", beta1)
        self.beta2 = _unit_interval("beta2", beta2)
        self.eps = _positive("eps", eps)

    def _hyper(self):
        return {"lr": self.lr, "beta1": self.beta1, "beta2": self.beta2, "eps": self.eps}

    def _begin_step(self):
        self._c1 = 1.0 - self.beta1**self.t
        self._c2 = 1.0 - self.beta2**self.t

    def _update_scalar(self, key, w, g):
        self.m[key] = self.beta1 * self.m[key] + (1.0 - self.beta1) * g
        self.v[key] = self.beta2 * self.v[key] + (1.0 - self.beta2) * g * g
        m_hat = self.m[key] / self._c1
        v_hat = self.v[key] / self._c2
        return w - self.lr * m_hat / (math.sqrt(v_hat) + self.eps)

    def _update_array(self, key, w, g):
        m, v = self.m[key], self.v[key]
        if w.size <= _BLOCK or not (w.flags.c_contiguous and g.flags.c_contiguous):
            self._adam_block(w, g, m, v, np.empty_like(w))
            return
        # Large arrays go block by block so the temporaries stay in the CPU cache: the same
        # arithmetic, but each weight, gradient and moment is read from memory once per step.
        wf, gf, mf, vf = w.reshape(-1), g.reshape(-1), m.reshape(-1), v.reshape(-1)
        scratch = np.empty(_BLOCK, dtype=w.dtype)
        for start in range(0, wf.size, _BLOCK):
            sl = slice(start, start + _BLOCK)
            n = min(_BLOCK, wf.size - start)
            self._adam_block(wf[sl], gf[sl], mf[sl], vf[sl], scratch[:n])

    def _adam_block(self, w, g, m, v, tmp):
        """Adam on one block, in place, with one scratch array ``tmp`` for every temporary."""
        b1, b2 = self.beta1, self.beta2
        m *= b1
        np.multiply(g, 1.0 - b1, out=tmp)
        m += tmp                                  # m = b1 m + (1 - b1) g
        v *= b2
        np.multiply(g, g, out=tmp)
        tmp *= 1.0 - b2
        v += tmp                                  # v = b2 v + (1 - b2) g^2
        # sqrt(v_hat) + eps == (sqrt(v) + eps sqrt(c2)) / sqrt(c2): one pass fewer
        sc2 = math.sqrt(self._c2)
        np.sqrt(v, out=tmp)
        tmp += self.eps * sc2
        np.divide(m, tmp, out=tmp)
        tmp *= self.lr * sc2 / self._c1           # lr * m_hat / (sqrt(v_hat) + eps)
        w -= tmp

    def bias_corrected(self) -> tuple[dict[str, Any], dict[str, Any]]:
        r"""Return :math:`(\hat m_t, \hat v_t)` per parameter after the latest step."""
        if self.t == 0:
            raise ValueError("Adam has taken no step yet: call update() first")
        c1 = 1.0 - self.beta1**self.t
        c2 = 1.0 - self.beta2**self.t
        return ({k: _copy(m) / c1 for k, m in self.m.items()}, {k: _copy(v) / c2 for k, v in self.v.items()})


#: block length (elements) for the cache-friendly Adam update of large arrays
_BLOCK = 1 << 15

#: every optimizer class, for parametrized tests and comparison lessons
ALL_OPTIMIZERS = (SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam)
