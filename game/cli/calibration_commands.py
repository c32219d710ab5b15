"""`poise calibrate`: the calibration wizard in the terminal (the same Wizard as the in-game scene)."""
from __future__ import annotations

import sys
import time

from poise.drivers import open_board
from poise.game.cli.signal_commands import announce_simulated, say_waiting
from poise.drivers.url import parse as parse_url

from poise.game.engine.calibration_wizard import Wizard
from poise.game.core.calibration import CalibrationError
from poise.game.engine.loop import VirtualClock
from poise.i18n import _, format_number

POLL_S = 0.01
TIMEOUT_S = 600.0


class SimAssistant:
    """On a simulated board nobody can put a mass down, so this does what the wizard asks: the simulated
    person steps off, the masses go on and off, and `finish` (when the wizard ends, accepted or cancelled)
    takes every mass away and brings the person back."""

    def __init__(self, board):
        self.board = board
        self.done_for: str | None = None
        board.autopilot.step_off(board.clock())

    def finish(self) -> None:
        """The wizard is over: clear the board and let the simulated person step back on."""
        self.board.clear_masses()
        self.board.autopilot.step_on(self.board.clock())

    def act(self, wizard: Wizard) -> None:
        key = f"{wizard.step}:{wizard.spot_index}:{wizard.awaiting_removal}"
        if key == self.done_for:
            return
        if wizard.gave_up:
            return
        if wizard.step == "place" and wizard.awaiting_removal:
            self.board.clear_masses()
        elif wizard.step == "place" and wizard.spot is not None:
            self.board.place_mass(wizard.mass, wizard.spot.x, wizard.spot.y)
        self.done_for = key


SEES_EVERY_S = 3.0  # while a wait goes on, what the board shows is repeated this often


def run_wizard(wizard: Wizard, board, assistant=None, say=print, timeout: float = TIMEOUT_S,
               clock: VirtualClock | None = None) -> None:
    """Feed the wizard until it has a result to verify; say what it waits for and, every few seconds,
    what the board shows. The wizard gives up by itself (on the samples' time) with advice, raised
    here as a CalibrationError; `timeout` only guards against a board that sends nothing at all.
    With a virtual `clock` (a simulated board) the waits move that clock instead of sleeping."""
    now = clock or time.monotonic
    last = None
    end = now() + timeout
    next_sees = now() + SEES_EVERY_S
    while wizard.step != "verify":
        if wizard.gave_up:
            raise CalibrationError(wizard.gave_up)
        if now() > end:
            raise CalibrationError(_("the wizard did not finish in {s} s: {message} ({sees})").format(
                s=format_number(timeout), message=wizard.message, sees=wizard.sees))
        wizard.feed(board.poll())
        if assistant is not None:
            assistant.act(wizard)
        if wizard.message != last:
            say(f"  {wizard.message}")
            last = wizard.message
            next_sees = now() + SEES_EVERY_S
        elif now() > next_sees and wizard.sees:
            say("    " + _("now: {sees}").format(sees=wizard.sees))
            next_sees = now() + SEES_EVERY_S
        if clock is not None:
            clock.advance(POLL_S)
        else:
            time.sleep(POLL_S)


def calibrate(board_url: str, mass: float, yes: bool, storage) -> int:
    """The wizard on `board_url`; saves when accepted (`yes`: without asking). 0 saved, 1 not saved.
    A simulated board with `yes` nobody watches runs on a virtual clock, faster than real time."""
    clock = VirtualClock() if yes and parse_url(board_url).scheme == "sim" else None
    board = open_board(board_url, clock) if clock else open_board(board_url, progress=say_waiting)
    try:
        announce_simulated(board.info)
        print(_("Calibrating {name} ({identity}) with {kg} kg").format(
            name=board.info.name, identity=board.info.identity,
            kg=format_number(mass, 0 if float(mass).is_integer() else 1)))
        wizard = Wizard(board, mass)
        assistant = SimAssistant(board) if board.can_place_masses else None
        run_wizard(wizard, board, assistant, clock=clock)
        print(f"  {_('spot'):<14} {_('COP error'):>10}   {_('weight error')}")
        for row in wizard.quality_report()["placements"]:
            kg = format_number(row["mass_error_kg"], 2)
            print(f"  {row['spot']:<14} {format_number(row['cop_error_mm'], 1):>7} mm  "
                  f"{kg if kg.startswith('-') else '+' + kg:>8} kg")
        accept = yes or (sys.stdin.isatty() and input(_("Accept this calibration? [y/N] ")).strip().lower()
                         # TRANSLATORS: the letter that answers yes to "Accept this calibration? [y/N]"
                         in ("y", _("y")))
        if not accept:
            print(_("Not saved. Run poise calibrate again to redo it."))
            return 1
        wizard.accept(storage)
        gains = ", ".join(f"{g:.5g}" for g in wizard.result.gains)
        print(_("Saved for {identity}: gains {gains}").format(identity=board.info.identity, gains=gains))
        return 0
    finally:
        board.close()
