"""Names in any script: every letter is drawn from a font that has it, never as an empty box."""
import os

import numpy as np
import pygame
import pytest

from poise.game.media import fonts, ui

NAMES = {"Greek": "Ελένη Παπαδοπούλου", "Cyrillic": "Жанна Иванова", "Chinese": "王秀英", "Japanese": "田中 さくら",
         "Korean": "김민준", "Devanagari": "अनीता शर्मा", "Latin": "Zoë Ærnø-Núñez"}


@pytest.fixture(scope="module", autouse=True)
def fonts_ready():
    pygame.font.init()
    absent = {script: fonts.missing(name) for script, name in NAMES.items() if fonts.missing(name)}
    if absent:
        why = f"no installed font has {absent} (CI installs them: see .ci/run)"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)


@pytest.mark.parametrize("script", NAMES)
def test_every_letter_comes_from_a_font_that_has_it(script):
    for path, run in fonts.runs(NAMES[script]):
        assert all(ch.isspace() or fonts.covers(path, ch) for ch in run), (script, path, run)


def _ink(ch: str) -> bytes:
    img = fonts.render(ch, 40, False, (255, 255, 255))
    return pygame.surfarray.array_alpha(img).tobytes()


def test_letters_of_other_scripts_are_glyphs_not_the_same_empty_box():
    letters = "王秀英さ김민अЖΩ"
    drawn = [_ink(ch) for ch in letters]
    assert len(set(drawn)) == len(letters)  # an empty box would be the same picture for every letter
    own = pygame.font.Font(None, 40)
    box = pygame.surfarray.array_alpha(own.render("王", True, (255, 255, 255))).tobytes()
    assert box == pygame.surfarray.array_alpha(own.render("秀", True, (255, 255, 255))).tobytes()  # the game's font alone
    assert _ink("王") != box


def test_a_mixed_line_keeps_one_baseline_and_its_measured_size():
    line = "Ana 田中"
    img = fonts.render(line, 32, True, (255, 255, 255))
    assert img.get_size() == fonts.size(line, 32, True) == ui.text_size(line, 32, True)
    alpha = pygame.surfarray.array_alpha(img)  # [x, y]
    split = fonts.size("Ana ", 32, True)[0]

    def bottom(cols):
        rows = np.nonzero(cols.max(axis=0) > 128)[0]
        return rows.max()

    latin, cjk = bottom(alpha[:split]), bottom(alpha[split:])
    assert abs(latin - cjk) <= 0.15 * 32  # both scripts stand on one line, not one raised or sunk
