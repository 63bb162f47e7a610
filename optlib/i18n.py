"""The language of figure labels and checker messages: Japanese (``"ja"``) or English (``"en"``).

A lesson calls :func:`set_language` once at the top; every optlib figure and message then uses it.
Any function that takes ``lang=`` can override it for one call.
"""

from __future__ import annotations

LANGUAGES = ("ja", "en")

_current = "en"

#: figure labels and short messages, per language
LABELS: dict[str, dict[str, str]] = {
    "start": {"ja": "スタート", "en": "start"},
    "end": {"ja": "終点", "en": "end"},
    "minimum": {"ja": "最小点", "en": "minimum"},
    "route": {"ja": "経路", "en": "route"},
    "diverged": {"ja": "発散", "en": "diverged"},
    "diverged_at": {"ja": "{step} 歩目で発散", "en": "diverged at step {step}"},
    "steps": {"ja": "{n} 歩", "en": "{n} steps"},
    "loss": {"ja": "損失", "en": "loss"},
    "step": {"ja": "歩数", "en": "step"},
    "learning_rate": {"ja": "学習率", "en": "learning rate"},
    "gradient": {"ja": "勾配", "en": "gradient"},
    "contour_alt": {
        "ja": "等高線図: {title}",
        "en": "Contour map: {title}",
    },
}


def set_language(lang: str) -> None:
    """Choose the language of labels and messages (``"ja"`` or ``"en"``).

    Returns None, so the call can end a notebook cell without printing anything.
    """
    global _current
    _current = resolve(lang)


def get_language() -> str:
    """The language chosen by :func:`set_language` (``"en"`` until one is chosen)."""
    return _current


def resolve(lang: str | None) -> str:
    """``lang`` checked, or the current language when ``lang`` is None."""
    if lang is None:
        return _current
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    return lang


def label(key: str, lang: str | None = None, **fields: object) -> str:
    """The label ``key`` in ``lang`` (default: the current language), formatted with ``fields``."""
    try:
        text = LABELS[key][resolve(lang)]
    except KeyError:
        raise KeyError(f"no label {key!r}; known labels: {sorted(LABELS)}") from None
    return text.format(**fields) if fields else text


def pick(lang: str | None = None, **texts: str) -> str:
    """Choose among texts given per language: ``pick(ja="学習率", en="learning rate")``."""
    lang = resolve(lang)
    if lang not in texts:
        raise ValueError(f"no text given for language {lang!r} (got {sorted(texts)})")
    return texts[lang]
