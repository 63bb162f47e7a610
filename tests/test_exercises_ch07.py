import pytest

from optlib.exercises.ch07 import check_momentum_settings


def test_tuned_settings_pass(capsys):
    assert check_momentum_settings(1.3, 0.4, lang="ja")
    assert "正解" in capsys.readouterr().out


@pytest.mark.parametrize("lr,momentum,text", [
    (0.01, 0.5, "faster"),        # too slow
    (0.1, 0.99, "swinging"),      # too little friction
    (5.0, 0.9, "diverged"),
    (0.1, 1.5, "cannot be used"),
    ("big", 0.9, "number"),
])
def test_wrong_settings_are_explained(lr, momentum, text, capsys):
    assert not check_momentum_settings(lr, momentum, lang="en")
    assert text in capsys.readouterr().out
