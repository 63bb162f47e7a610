"""A small neural network in NumPy whose parameters are a dict of arrays.

Because ``net.params`` and ``net.gradient(x, t)`` are dicts with the same keys, any optimizer with
``update(params, grads)`` trains it unchanged — the same objects the lessons use on 2-D fields.

Layers: Affine → ReLU → … → Affine → Softmax with cross-entropy loss; backpropagation computes the
exact gradient of the mean loss over a batch.

>>> net = TwoLayerNet(64, 50, 10, seed=0)            # doctest: +SKIP
>>> grads = net.gradient(x_batch, t_batch)            # doctest: +SKIP
>>> Adam(lr=0.001).update(net.params, grads)          # doctest: +SKIP
"""

from __future__ import annotations

import copy
import gzip
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .validation import number, whole_number

__all__ = ["MultiLayerNet", "TwoLayerNet", "Digits", "History", "load_digits", "softmax", "cross_entropy",
           "numerical_gradient", "train", "train_together"]


def softmax(a: np.ndarray) -> np.ndarray:
    """Row-wise softmax, shifted by the row maximum so large scores do not overflow."""
    a = a - a.max(axis=-1, keepdims=True)
    e = np.exp(a)
    return e / e.sum(axis=-1, keepdims=True)


def cross_entropy(y: np.ndarray, t: np.ndarray) -> float:
    """Mean cross-entropy of probabilities ``y`` (batch, classes) against integer labels ``t``.

    The log is taken of ``y + 1e-12``, so a run that gives the right class probability 0 gets a large
    but finite loss (about 27.6); :func:`train` watches for that."""
    y, t = np.asarray(y, dtype=float), np.asarray(t)
    if y.ndim != 2:
        raise ValueError(f"y must be probabilities of shape (batch, classes), got shape {y.shape}")
    _check_labels(t, y.shape[0], y.shape[1])
    return float(_cross_entropy(y, t))


def _cross_entropy(y: np.ndarray, t: np.ndarray) -> np.ndarray:
    # cross_entropy on arrays already checked (train() checks its data set once, not every step), of
    # one network's y (batch, classes) or a stack's (networks, batch, classes): one mean per network
    return (-np.log(y[..., np.arange(y.shape[-2]), t] + 1e-12)).mean(axis=-1)


# The network's arithmetic, on the parameters of one network (weights (in, out), biases (out,)) or of a
# stack of networks trained together (a first axis for the network: weights (k, in, out), biases
# (k, 1, out)); train_together relies on the two being the same operations.
def _scores(params: dict, layers: int, x: np.ndarray):
    """The class scores of a batch ``x``, and the input of each affine layer."""
    acts = [x]
    h = x
    for i in range(1, layers + 1):
        a = h @ params[f"W{i}"] + params[f"b{i}"]
        if i < layers:
            h = np.maximum(a, 0.0)
            acts.append(h)
        else:
            h = a
    return h, acts


def _backpropagate(params: dict, scores: np.ndarray, acts: list, t: np.ndarray) -> dict:
    """The gradient of the mean cross-entropy, from the scores and layer inputs of :func:`_scores`."""
    n = acts[0].shape[0]
    layers = len(acts)  # one input per affine layer
    delta = softmax(scores)
    delta[..., np.arange(n), t] -= 1.0
    delta /= n  # d(mean loss)/d(scores)
    grads = {}
    for i in range(layers, 0, -1):
        h = acts[i - 1]
        grads[f"W{i}"] = np.swapaxes(h, -1, -2) @ delta
        grads[f"b{i}"] = delta.sum(axis=-2).reshape(params[f"b{i}"].shape)
        if i > 1:
            delta = (delta @ np.swapaxes(params[f"W{i}"], -1, -2)) * (h > 0)  # back through affine, then ReLU
    return grads


def _hits(scores: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The fraction of the batch classified correctly (one per network of a stack)."""
    return (scores.argmax(axis=-1) == t).mean(axis=-1)


def _check_labels(t: np.ndarray, n: int, classes: int) -> None:
    if t.shape != (n,) or not np.issubdtype(t.dtype, np.integer):
        raise ValueError(f"t must be {n} integer labels (one per example), got shape {t.shape} of {t.dtype}")
    if n and (t.min() < 0 or t.max() >= classes):
        bad = t[(t < 0) | (t >= classes)][0]
        raise ValueError(f"labels must be in 0..{classes - 1} (class numbers), got {bad}")


class MultiLayerNet:
    """A fully connected network: ``sizes = [input, hidden..., output]``, ReLU between layers.

    Parameters are ``W1, b1, W2, b2, ...`` in ``self.params`` (float64 arrays), initialized with
    He's scale √(2 / fan-in) from a seeded generator, so two networks built with the same seed
    start from the same weights.
    """

    def __init__(self, sizes, seed: int = 0, weight_scale: str | float = "he") -> None:
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"sizes must list at least an input and an output size, got {sizes}")
        sizes = [whole_number(f"sizes[{i}] (the size of layer {i})", s, low=1) for i, s in enumerate(sizes)]
        self.sizes = sizes
        rng = np.random.default_rng(seed)
        self.params: dict[str, np.ndarray] = {}
        for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            scale = np.sqrt(2.0 / fan_in) if weight_scale == "he" else float(weight_scale)
            self.params[f"W{i}"] = scale * rng.standard_normal((fan_in, fan_out))
            self.params[f"b{i}"] = np.zeros(fan_out)
        self.n_layers = len(sizes) - 1

    def copy(self) -> "MultiLayerNet":
        """An independent network with the same weights (to race optimizers from one start)."""
        other = object.__new__(type(self))
        other.sizes, other.n_layers = list(self.sizes), self.n_layers
        other.params = {k: v.copy() for k, v in self.params.items()}
        return other

    def _check_batch(self, x, t=None):
        x = np.asarray(x, dtype=float)
        if x.ndim != 2 or x.shape[1] != self.sizes[0]:
            raise ValueError(f"x must have shape (batch, {self.sizes[0]}), got {x.shape}")
        if t is not None:
            t = np.asarray(t)
            _check_labels(t, x.shape[0], self.sizes[-1])
        return x, t

    def _forward(self, x):
        return _scores(self.params, self.n_layers, x)  # scores, and the inputs of each affine layer

    def predict(self, x) -> np.ndarray:
        """Class scores (before softmax) for a batch ``x`` of shape (batch, input)."""
        x, _ = self._check_batch(x)
        return self._forward(x)[0]

    def loss(self, x, t) -> float:
        """Mean cross-entropy loss on the batch."""
        return self._loss(*self._check_batch(x, t))

    def accuracy(self, x, t) -> float:
        """Fraction of the batch classified correctly."""
        return self._accuracy(*self._check_batch(x, t))

    def gradient(self, x, t) -> dict[str, np.ndarray]:
        """The gradient of :meth:`loss` by backpropagation, keyed like ``params``."""
        return self._gradient(*self._check_batch(x, t))

    # the same, on batches already checked (train() checks its data set once, not every step)
    def _loss(self, x, t) -> float:
        return float(_cross_entropy(softmax(self._forward(x)[0]), t))

    def _accuracy(self, x, t) -> float:
        return float(_hits(self._forward(x)[0], t))

    def _gradient(self, x, t) -> dict[str, np.ndarray]:
        return _backpropagate(self.params, *self._forward(x), t)


class TwoLayerNet(MultiLayerNet):
    """``input → hidden (ReLU) → output``, the network of the classic textbook."""

    def __init__(self, input_size: int, hidden_size: int, output_size: int, seed: int = 0) -> None:
        super().__init__([input_size, hidden_size, output_size], seed=seed)


def numerical_gradient(f, params: dict[str, np.ndarray], h: float = 1e-5) -> dict[str, np.ndarray]:
    """Central-difference gradient of ``f()`` with respect to every entry of ``params`` (slow; for checks)."""
    grads = {}
    for key, w in params.items():
        g = np.zeros_like(w)
        it = np.nditer(w, flags=["multi_index"])
        for _ in it:
            i = it.multi_index
            old = w[i]
            w[i] = old + h
            fp = f()
            w[i] = old - h
            fm = f()
            w[i] = old
            g[i] = (fp - fm) / (2 * h)
        grads[key] = g
    return grads


@dataclass(frozen=True)
class Digits:
    """Handwritten digits split into training and test sets (pixels scaled to [0, 1])."""

    x_train: np.ndarray
    t_train: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray
    images_test: np.ndarray


def load_digits(test_fraction: float = 0.25, seed: int = 0) -> Digits:
    """scikit-learn's bundled 8 × 8 digits (1,797 images; shipped in the package, no download),
    shuffled with ``seed`` and split so that ``test_fraction`` of them are held out."""
    test_fraction = number("test_fraction", test_fraction, low=0.0, high=1.0, low_open=True, high_open=True)
    pixels, t = _digits()
    x = pixels / 16.0
    order = np.random.default_rng(seed).permutation(len(t))
    n_test = int(round(test_fraction * len(t)))
    if not 1 <= n_test <= len(t) - 1:
        side = "testing" if n_test < 1 else "training"
        raise ValueError(f"test_fraction={test_fraction!r} of {len(t)} images leaves no image for {side}")
    test, train = order[:n_test], order[n_test:]
    return Digits(x[train], t[train], x[test], t[test], x[test].reshape(-1, 8, 8))


def _digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 images' 64 pixels (0..16) and their labels, as scikit-learn's ``load_digits`` gives
    them. Read from the file scikit-learn ships, without importing scikit-learn: its import takes
    longer (1.6 s) than the rest of a lesson's first cell (tests/test_network.py compares the two)."""
    spec = importlib.util.find_spec("sklearn")
    path = Path(spec.submodule_search_locations[0], "datasets", "data", "digits.csv.gz") if spec else None
    if path is None or not path.is_file():  # another layout of scikit-learn: ask it
        from sklearn.datasets import load_digits as _sk_load_digits

        data = _sk_load_digits()
        return data.data.astype(float), data.target.astype(np.int64)
    with gzip.open(path, "rt") as f:
        table = np.loadtxt(f, delimiter=",")
    return table[:, :-1], table[:, -1].astype(np.int64)


@dataclass
class History:
    """What :func:`train` measured: loss per iteration, and test accuracy every ``eval_every``
    iterations and at the last one (so ``test_accuracy[-1]`` always exists).

    ``diverged`` flags a run that blew up, ``diverged_at`` the first iteration where it showed and
    ``divergence`` says how: ``"not finite"`` (a weight or the loss became inf or NaN: the run stopped
    there) or ``"loss too high"`` (the loss rose above :data:`BLOW_UP` times that of guessing at
    random; the loss is clipped, see :func:`cross_entropy`, so this is how a blow-up shows).
    """

    loss: list
    test_accuracy: list
    eval_steps: list
    diverged: bool = False
    diverged_at: int | None = None
    divergence: str | None = None


#: a loss above this many times ln(classes) (random guessing) counts as a blow-up
BLOW_UP = 4.0


def _record_step(hist: History, it: int, loss: float, finite: bool, too_high: float, evaluate: bool,
                 accuracy) -> bool:
    """Write step ``it`` of a run into ``hist`` (as :class:`History` says; ``accuracy()`` is measured
    only when the step is evaluated); return whether the run goes on (it stops when not finite)."""
    hist.loss.append(loss)
    if not hist.diverged and (not finite or loss > too_high):
        hist.diverged, hist.diverged_at = True, it
        hist.divergence = "not finite" if not finite else "loss too high"
    if evaluate or not finite:
        hist.eval_steps.append(it)
        hist.test_accuracy.append(accuracy())
    return finite


def _checked_training(optimizer, iterations, batch_size, eval_every):
    iterations = whole_number("iterations", iterations, low=1)
    batch_size = whole_number("batch_size", batch_size, low=1)
    eval_every = whole_number("eval_every", eval_every, low=1)
    if isinstance(optimizer, type):
        raise TypeError(f"optimizer is the class {optimizer.__name__} itself: pass an optimizer made from it, "
                        f"such as {optimizer.__name__}(lr=0.01)")
    if not callable(getattr(optimizer, "update", None)):
        raise TypeError(f"optimizer must have an update(params, grads) method, got {type(optimizer).__name__}")
    return iterations, batch_size, eval_every


def train(net: MultiLayerNet, optimizer, data: Digits, *, iterations: int = 500, batch_size: int = 32,
          seed: int = 0, eval_every: int = 25) -> History:
    """Train ``net`` in place with mini-batch steps of ``optimizer``; return the measured history.

    Mini-batches are drawn with ``seed``, so two optimizers trained with the same seed see the same
    batches in the same order.  A run that blows up is flagged (see :class:`History`); one whose
    weights or loss become inf/NaN stops there.
    """
    iterations, batch_size, eval_every = _checked_training(optimizer, iterations, batch_size, eval_every)
    x_train, t_train = net._check_batch(data.x_train, data.t_train)  # once: every batch is a part
    x_test, t_test = net._check_batch(data.x_test, data.t_test)
    rng = np.random.default_rng(seed)
    n = len(t_train)
    too_high = BLOW_UP * np.log(net.sizes[-1])
    hist = History([], [], [])
    with np.errstate(all="ignore"):
        for it in range(1, iterations + 1):
            idx = rng.choice(n, size=min(batch_size, n), replace=False)
            x, t = x_train[idx], t_train[idx]
            grads = net._gradient(x, t)
            optimizer.update(net.params, grads)
            loss = net._loss(x, t)
            finite = np.isfinite(loss) and all(np.isfinite(w).all() for w in net.params.values())
            if not _record_step(hist, it, loss, finite, too_high, it % eval_every == 0 or it == iterations,
                                lambda: net._accuracy(x_test, t_test)):
                break
    return hist


def train_together(start: MultiLayerNet, optimizers, data: Digits, *, iterations: int = 500, batch_size: int = 32,
                   seed: int = 0, eval_every: int = 25) -> list[History]:
    """Train one copy of ``start`` with (a copy of) each optimizer; return their histories, in order.

    The result is that of ``[train(start.copy(), copy.deepcopy(opt), data, ...) for opt in optimizers]``
    (the same mini-batches for every run, drawn with ``seed``; tests/test_network.py compares the
    two), only faster: fresh optimizers of one kind that differ only in their learning rate train
    *together*, as one stack of networks.  Every layer then makes one batched product for the whole
    stack instead of one per network, and the optimizer one step for the stack: its rule is
    elementwise, so a column of learning rates gives each network of the stack exactly its own step.
    Any other optimizer (one that has already taken steps, or not one of optlib's), and every
    optimizer when ``start`` is not a plain :class:`MultiLayerNet` of float64 parameters (a subclass
    may compute its own gradient), is trained by :func:`train`.  Neither ``start`` nor the optimizers
    passed are changed, and the trained copies are not returned.
    """
    from .optimizers import ALL_OPTIMIZERS

    optimizers = list(optimizers)
    for opt in optimizers:
        iterations, batch_size, eval_every = _checked_training(opt, iterations, batch_size, eval_every)
    histories: list = [None] * len(optimizers)
    groups: dict = {}
    stackable = (type(start) in (MultiLayerNet, TwoLayerNet)
                 and all(w.dtype == np.float64 for w in start.params.values()))
    for i, opt in enumerate(optimizers):
        if stackable and type(opt) in ALL_OPTIMIZERS and opt.t == 0:
            hyper = {k: v for k, v in opt._hyper().items() if k != "lr"}
            groups.setdefault((type(opt), tuple(sorted(hyper.items()))), []).append(i)
        else:
            histories[i] = train(start.copy(), copy.deepcopy(opt), data, iterations=iterations,
                                 batch_size=batch_size, seed=seed, eval_every=eval_every)
    for members in groups.values():
        stacked = copy.deepcopy(optimizers[members[0]])  # (fresh: t == 0, no state yet)
        stacked.lr = np.array([optimizers[i].lr for i in members]).reshape(-1, 1, 1)  # one per network
        for i, hist in zip(members, _train_stack(start, stacked, len(members), data, iterations, batch_size,
                                                 seed, eval_every)):
            histories[i] = hist
    return histories


def _train_stack(start: MultiLayerNet, optimizer, k: int, data: Digits, iterations: int, batch_size: int,
                 seed: int, eval_every: int) -> list[History]:
    """:func:`train` of ``k`` copies of ``start`` at once: each parameter gets a first axis of length
    ``k`` (biases the shape (k, 1, n), so that one column of learning rates fits every parameter), and
    each step is the network's arithmetic on the whole stack."""
    x_train, t_train = start._check_batch(data.x_train, data.t_train)
    x_test, t_test = start._check_batch(data.x_test, data.t_test)
    layers = start.n_layers
    params = {}
    for i in range(1, layers + 1):
        params[f"W{i}"] = np.repeat(start.params[f"W{i}"][None], k, axis=0)
        params[f"b{i}"] = np.repeat(start.params[f"b{i}"][None, None], k, axis=0)
    rng = np.random.default_rng(seed)
    n = len(t_train)
    too_high = BLOW_UP * np.log(start.sizes[-1])
    hists = [History([], [], []) for _ in range(k)]
    running = list(range(k))  # the networks whose run has not stopped
    with np.errstate(all="ignore"):
        for it in range(1, iterations + 1):
            idx = rng.choice(n, size=min(batch_size, n), replace=False)
            x, t = x_train[idx], t_train[idx]
            optimizer.update(params, _backpropagate(params, *_scores(params, layers, x), t))
            loss = _cross_entropy(softmax(_scores(params, layers, x)[0]), t)
            finite = np.isfinite(loss)
            for w in params.values():
                finite &= np.isfinite(w).all(axis=(1, 2))
            evaluate = it % eval_every == 0 or it == iterations
            # the test accuracy of the whole stack, measured once when any network needs it
            accuracy = (_hits(_scores(params, layers, x_test)[0], t_test)
                        if evaluate or not finite[running].all() else None)
            running = [j for j in running
                       if _record_step(hists[j], it, float(loss[j]), bool(finite[j]), too_high, evaluate,
                                       lambda j=j: float(accuracy[j]))]
            if not running:
                break
    return hists
