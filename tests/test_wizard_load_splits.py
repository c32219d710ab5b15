"""The calibration wizard on both load splits a real board can have: a flexible frame (bilinear, never below zero)
and a rigid plate on four stiff cells (a plane: the diagonal corner reads about -5 % of the mass at the wizard's
own marks), each wired right and with one cell reversed; and a fit that fails gives up with its reason."""
import numpy as np
import pytest

from poise.drivers import open_board
from poise.drivers.sim import plate_loads
from poise.game.cli.calibration_commands import SimAssistant
from poise.game.engine.calibration_wizard import PLACE_AT, Wizard
from poise.game.engine.loop import VirtualClock

GAINS = (1.04, 0.97, 1.02, 0.98)
REVERSED = (1.04, 0.97, 1.02, -0.98)  # bottom-right cell's A+ and A- swapped: it reads less under load


def test_a_rigid_plate_unloads_the_diagonal_corner_at_the_marks():
    a, b = 216.5, 119.0
    tl, tr, bl, br = plate_loads(PLACE_AT * a, PLACE_AT * b, 20.0, a, b, rigidity=1.0)
    assert bl == pytest.approx(-0.05 * 20.0) and tl + tr + bl + br == pytest.approx(20.0)
    assert min(plate_loads(PLACE_AT * a, PLACE_AT * b, 20.0, a, b, rigidity=0.0)) > 0


class CentreOnly(SimAssistant):
    """Someone who puts the mass on the centre mark whatever the wizard shows."""

    def act(self, wizard):
        if wizard.step == "place" and wizard.spot is not None and not wizard.awaiting_removal:
            if not self.board.masses:
                self.board.place_mass(wizard.mass, 0.0, 0.0)
        elif wizard.awaiting_removal:
            self.board.clear_masses()


def run(plate: float, gains, seconds: float = 120.0, helper=SimAssistant):
    clock = VirtualClock()
    board = open_board(f"sim://?seed=5&plate={plate}&gains={','.join(map(str, gains))}&zero=0.3", clock)
    wizard = Wizard(board, 20.0)
    assistant = helper(board)
    restarts, last_step = 0, wizard.step
    for _ in range(int(seconds * 60)):
        clock.advance(1 / 60)
        wizard.feed(board.poll())
        assistant.act(wizard)
        restarts += last_step == "place" and wizard.step == "tare"
        last_step = wizard.step
        if wizard.step == "verify" or wizard.gave_up:
            break
    return wizard, clock(), restarts


@pytest.mark.parametrize("plate", [0.0, 1.0], ids=["flexible", "rigid"])
@pytest.mark.parametrize("gains", [GAINS, REVERSED], ids=["wired right", "one cell reversed"])
def test_the_wizard_finishes_on_either_load_split(plate, gains):
    wizard, took, restarts = run(plate, gains)
    assert wizard.step == "verify" and not wizard.gave_up and restarts == 0, wizard.message
    assert took < 40.0  # seconds of the board's time: each mark once
    np.testing.assert_allclose(wizard.result.gains, [1 / g for g in gains], rtol=0.01)
    assert wizard.quality.worst_cop_error_mm < 2.0
    named = [c for c in ("top-left", "top-right", "bottom-left", "bottom-right")
             if f"The {c} corner reads less, not more" in wizard.message]
    assert named == (["bottom-right"] if gains is REVERSED else [])  # a diagonal unloading is no reversed cell


def test_a_fit_that_fails_gives_up_with_its_reason_on_screen_instead_of_starting_again():
    wizard, _, restarts = run(1.0, GAINS, helper=CentreOnly)  # every placement on the centre mark
    assert restarts == 0 and wizard.step == "place" and wizard.result is None
    assert wizard.gave_up.startswith("Could not fit the calibration: corner ")  # the fit's own reason, kept
    assert "placed where the wizard showed" in wizard.gave_up
    assert wizard.message == wizard.gave_up
