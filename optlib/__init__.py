"""optlib: the small library behind the course on how neural networks are optimized.

- :class:`Field` — a 2-D loss surface; :mod:`optlib.surfaces` has ready ones.
- :class:`Adventurer` — the walker who descends it and records its route.
- Optimizers with ``update(params, grads)``: :class:`SGD`, :class:`Momentum`, :class:`Nesterov`,
  :class:`AdaGrad`, :class:`RMSProp`, :class:`Adam`.
- :mod:`optlib.widgets` — figures with sliders (precomputed on the static page, drawn by the
  kernel in a live one: :mod:`optlib.static`, :mod:`optlib.live`), still figures with alternative
  text; :mod:`optlib.sliders` describes a slider, :mod:`optlib.images` encodes pictures.
- :mod:`optlib.checks` and :mod:`optlib.exercises` — the exercises' checkers, on the shared
  :mod:`optlib.feedback` (running the learner's code) and :mod:`optlib.catalogue` (every message in
  Japanese and English).
- :mod:`optlib.network` — a small NumPy network on scikit-learn's bundled digits.
"""

from . import surfaces
from .adventurer import Adventurer
from .field import Field
from .i18n import get_language, set_language
from .optimizers import ALL_OPTIMIZERS, SGD, AdaGrad, Adam, Momentum, Nesterov, Optimizer, RMSProp
from .plotting import new_figure, use_style

__version__ = "0.1.0"

__all__ = [
    "Field",
    "Adventurer",
    "Optimizer",
    "SGD",
    "Momentum",
    "Nesterov",
    "AdaGrad",
    "RMSProp",
    "Adam",
    "ALL_OPTIMIZERS",
    "surfaces",
    "set_language",
    "get_language",
    "new_figure",
    "use_style",
]

use_style()
