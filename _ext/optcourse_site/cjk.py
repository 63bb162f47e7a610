"""Sphinx extension: no stray space where a Japanese line was broken in the source.

Markdown keeps a line break inside a paragraph (a *soft* line break) as a newline, and a browser
shows a newline as a space: fine between English words, wrong between two Japanese characters
(「切り替えるので、 カーネルなしでも」).  This transform removes every soft line break (with the
spaces around it) that stands between two Japanese (CJK) characters, on every page (the landing
page has Japanese paragraphs too), inside a text node or across inline markup
(``…ので、\\n**カーネル**``).  Code, formulas and raw HTML are left as they are; a line break next to
a Latin letter or a digit stays a space (``Adam\\nの`` → ``Adam の``).

``tests/test_build.py`` checks the built pages for such spaces.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms import SphinxTransform

# CJK punctuation, kana, kanji (with extensions), full-width forms
_RANGES = [(0x3000, 0x303F), (0x3040, 0x30FF), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
           (0xF900, 0xFAFF), (0xFF00, 0xFFEF), (0x20000, 0x2FA1F)]
CJK_CLASS = "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in _RANGES)
CJK = re.compile(f"[{CJK_CLASS}]")
SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")
#: two CJK characters with a newline (and spaces) between them, as a test looks for them
SPACED_BREAK = re.compile(f"[{CJK_CLASS}]\\s*\\n\\s*[{CJK_CLASS}]")

# text under these is kept exactly as written
_KEEP = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.raw, nodes.comment)


def _kept(node, stop) -> bool:
    parent = node.parent
    while parent is not None and parent is not stop:
        if isinstance(parent, _KEEP):
            return True
        parent = parent.parent
    return False


def _last_char(texts) -> str:
    for text in reversed(texts):
        if str(text):
            return str(text)[-1]
    return ""


def _first_char(texts) -> str:
    for text in texts:
        if str(text):
            return str(text)[0]
    return ""


def join_lines(block: nodes.Element) -> int:
    """Remove the soft line breaks between two CJK characters in ``block`` (a paragraph, a title...);
    how many were removed."""
    texts = [t for t in block.findall(nodes.Text) if not _kept(t, block)]
    removed = 0
    for i, text in enumerate(texts):
        value = str(text)
        if "\n" not in value:
            continue

        def around(m, i=i, value=value):
            nonlocal removed
            before = value[m.start() - 1] if m.start() > 0 else _last_char(texts[:i])
            after = value[m.end()] if m.end() < len(value) else _first_char(texts[i + 1:])
            if before and after and CJK.match(before) and CJK.match(after):
                removed += 1
                return ""
            return m.group(0)

        new = SOFT_BREAK.sub(around, value)
        if new != value:
            replacement = nodes.Text(new)
            text.parent.replace(text, replacement)
            texts[i] = replacement
    return removed


class JoinJapaneseLines(SphinxTransform):
    """Soft line breaks between two CJK characters removed (a newline between two English words,
    or between a Japanese character and a Latin one, stays a space)."""

    default_priority = 700

    def apply(self, **kwargs) -> None:
        for block in list(self.document.findall(nodes.TextElement)):
            if isinstance(block.parent, nodes.TextElement) or isinstance(block, _KEEP):
                continue  # inline markup is handled with the block that holds it
            join_lines(block)


def setup(app):
    app.add_transform(JoinJapaneseLines)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
