"""``play --text`` read aloud by espeak-ng, as a screen reader would speak it: no symbol
noise (issue 11). A rule of ``=`` is spoken "equals equals equals", ``***`` "asterisk
asterisk", ``~~~`` "tilde"; the test speaks the output to phonemes (``espeak-ng -q -x``)
and to a WAV file, and finds none of those words.

espeak-ng is a Debian package (``apt-get install -y espeak-ng``; ``.ci/text`` installs
it); without it the test is skipped and says why."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ESPEAK = shutil.which("espeak-ng")
pytestmark = pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed (apt-get install -y espeak-ng)")

#: symbols a text layout might use for decoration, by what a listener would hear (espeak
#: keeps some silent, "-" and "_" among them, but other synthesisers do not: none is printed)
SYMBOLS = {"equals": "=", "asterisk": "*", "tilde": "~", "hash": "#", "plus": "+", "slash": "/",
           "backslash": "\\", "underscore": "_", "dash": "-", "vertical bar": "|", "caret": "^",
           "greater than": ">", "less than": "<"}


def phonemes(text: str) -> list[str]:
    """The words espeak-ng would speak, as phoneme strings without stress or pause marks."""
    done = subprocess.run([ESPEAK, "-q", "-x", "--stdin"], input=text.encode("utf-8"), capture_output=True,
                          check=True, timeout=120)
    spoken = done.stdout.decode("utf-8")
    return [word for word in re.split(r"[\s_:]+", re.sub(r"[',%=]", "", spoken)) if word]


@pytest.fixture(scope="module")
def noise() -> dict[str, str]:
    """What espeak-ng says for each symbol it speaks at all, spoken alone."""
    names = list(SYMBOLS)
    sounds = {name: " ".join(phonemes(f"{SYMBOLS[name]} .")) for name in names}
    spoken = {name: sound for name, sound in sounds.items() if sound}
    assert "equals" in spoken and "asterisk" in spoken, "espeak-ng no longer speaks = or *: the test proves nothing"
    return spoken


def spoken_noise(text: str, noise: dict[str, str]) -> list[str]:
    """The symbol words espeak-ng speaks in ``text``. A run of one symbol is spoken as
    one glued word ("asterisk-asterisk", its later ones with a reduced vowel, ``a#``), so
    a sound is looked for inside words; a short one (``haS``, hash) only as a whole word."""
    words = [word.replace("a#", "a") for word in phonemes(text)]
    glued = " ".join(words)
    return [name for name, sound in noise.items()
            if (sound in glued if len(sound) >= 5 else sound in words)]


def test_the_old_layout_would_have_been_noise(noise) -> None:
    """The check itself: the rules and stars text play used to print are caught."""
    assert {"equals", "asterisk"} <= set(spoken_noise("=" * 60 + "\nThe morning\n*** At the radio ***\n", noise))


def test_a_whole_game_read_aloud_has_no_symbol_noise(run_cli, monkeypatch, fixtures: Path, tmp_path: Path,
                                                     noise) -> None:
    # a scene, its sources with the notes, the record, the journal, help, undo, and an ending
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\nh\ns\n2\nr\nj\nu\n1\n1\n"))
    result = run_cli("play", "--text", "--story", fixtures / "clean", "--data-dir", tmp_path / "data")
    assert result.code == 0 and "The end." in result.out
    assert spoken_noise(result.out, noise) == []
    wav = tmp_path / "scene.wav"
    subprocess.run([ESPEAK, "-w", str(wav), "--stdin"], input=result.out.encode("utf-8"), check=True, timeout=120)
    assert wav.read_bytes()[:4] == b"RIFF" and wav.stat().st_size > 10_000


def test_the_shipped_first_scene_read_aloud_has_no_symbol_noise(run_cli, monkeypatch, tmp_path: Path, noise) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("s\nj\nq\n"))
    result = run_cli("play", "--text", "--perspective", "student", "--data-dir", tmp_path / "data")
    assert result.code == 0 and "Choices:" in result.out
    assert spoken_noise(result.out, noise) == []
