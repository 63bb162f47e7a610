"""The checkers' messages: every one in both languages, with the same fields to fill in."""

import re
import string

import pytest

from optlib.catalogue import MESSAGES, text

FIELDS = string.Formatter()


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in FIELDS.parse(template) if name}


@pytest.mark.parametrize("msg_id", sorted(MESSAGES))
def test_every_message_has_both_languages_and_the_same_fields(msg_id):
    entry = MESSAGES[msg_id]
    assert set(entry) == {"ja", "en"}, msg_id
    assert _fields(entry["ja"]) == _fields(entry["en"]), msg_id
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", entry["ja"]), f"{msg_id}: the Japanese text has no Japanese"
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", entry["en"]), f"{msg_id}: Japanese in the English text"


def test_an_unknown_message_is_a_clear_error():
    with pytest.raises(KeyError, match="no message 'nope'"):
        text("nope", "en")


def test_every_message_is_used_by_some_checker():
    import pathlib

    source = "\n".join(p.read_text(encoding="utf-8") for p in pathlib.Path("optlib").rglob("*.py")
                       if p.name != "catalogue.py")
    for msg_id in MESSAGES:
        prefix, name = msg_id.split(".", 1)
        used = f'"{msg_id}"' in source or (prefix == "ch06" and f'("{name}",' in source) \
            or f'"{prefix}.{{' in source or f'f"{prefix}.' in source
        assert used, f"{msg_id} is never printed"
