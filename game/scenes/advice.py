"""Words that help in the moment: why a measurement was refused and what to do about it, and what to do in a
level with the input in use (a board, the keyboard, a game controller). Shared by screens; no screen of its own."""
from __future__ import annotations

from poise.game.i18n import N_, _


def refusal_words(problem: str) -> str:
    """A refused measurement's reason ("Weight: 70 kg measured, 62 kg in your profile") in plain words, with the
    fix the buttons below offer."""
    what, _sep, why = problem.partition(": ")
    if what == "Weight":
        if why == "not measured":
            return _("The board could not weigh you: stand still on it, both feet flat, until the test starts. "
                     "Then Retry.")
        return _("The board weighed you differently from your profile ({why}). If your profile is wrong, choose "
                 "Edit weight; if not, check that nothing else rests on the board and Retry.").format(why=why)
    if why == "never reached":
        return _("{direction}: you did not lean that way. Lean as far as you can toward each light, from the "
                 "ankles, feet flat, and Retry.").format(direction=what)
    if "moved before the light" in why:
        return _("{direction}: you moved before the light came on. Wait for each light, then lean, and Retry.").format(
            direction=what)
    if what == "Directions":
        return _("Not every direction was done ({why}): stay on the board to the end, and Retry.").format(why=why)
    return _("{what}: {why}. Retry, leaning slowly from the ankles.").format(what=what, why=why)


# what to do, by the input in use ----------------------------------------------------------------------------
ONE_LEG = {"single-leg-hold", "single-leg-hold-eyes-closed", "tracking-single-leg"}  # stand on the asked leg
STEPPING = {"marching"}  # stand on one leg, then the other, to a beat
ROLLING = {"outward-roll"}  # roll a foot onto its outer edge: a lean to that side
NEEDS_A_BOARD = {"split-stance"}  # the front foot's share of the weight: only a board that weighs can tell


SHORT = {("keys", "one leg"): N_("L / R: stand on that leg (again: foot down) · arrows lean"),
         ("pad", "one leg"): N_("LB / RB: stand on that leg (again: foot down) · stick leans"),
         ("keys", "stepping"): N_("R, R, L, L… on the beat: stand on a leg, then the foot down"),
         ("pad", "stepping"): N_("RB, RB, LB, LB… on the beat: stand on a leg, then the foot down"),
         ("keys", "lean"): N_("Arrows lean (Up: toes) · click where to lean · C re-centres"),
         ("pad", "lean"): N_("Left stick leans (up: toes) · LB / RB stand on one leg")}


def controls(level_id: str, source: str | None, short: bool = False) -> str:
    """One or two sentences (`short`: one line for the play screen) on how to do level `level_id` with the input
    in use. `source` is "keys" (keyboard and mouse), "pad" (a game controller) or None (a board)."""
    if short and source is not None:
        kind = "one leg" if level_id in ONE_LEG else "stepping" if level_id in STEPPING else "lean"
        return _(SHORT[(source, kind)])
    if source is None:
        return _("On the board: stand with your feet on the marks, knees soft; lean from the ankles.")
    keys = source == "keys"
    if level_id in ONE_LEG:
        return (_("Press L to stand on your left leg or R for your right (the same key again puts the foot down); "
                  "the arrows lean while you stand.") if keys else
                _("Press LB to stand on your left leg or RB for your right (again puts the foot down); the left "
                  "stick leans while you stand."))
    if level_id in STEPPING:
        return (_("March with R and L: R stands on your right leg (your left knee up), R again puts the foot down, "
                  "then L, on each beat.") if keys else
                _("March with RB and LB: RB stands on your right leg, RB again puts the foot down, then LB, on "
                  "each beat."))
    if level_id in NEEDS_A_BOARD:
        return _("This one needs a board that weighs you: the keys and a controller cannot show how much weight "
                 "is on your front foot. Skip it, or play it on a board.")
    lean = (_("Arrow keys lean your balance point (Up: toward your toes, Down: onto your heels); hold for faster, "
              "click where to lean, C re-centres.") if keys else
            _("The left stick leans your balance point: up toward your toes, down onto your heels."))
    if level_id in ROLLING:
        return lean + " " + _("Rolling onto the outer edge is a lean to that foot's side.")
    return lean


def input_source(board) -> str | None:
    """"keys", "pad" or None (a board) for the board in use."""
    manual = getattr(board, "manual", None)
    return getattr(manual, "source", "keys") if manual is not None else None


def board_badge(info) -> "str | bool":
    """The words on the badge of a board that is not a real one ("keyboard", "gamepad", "simulated board"), or
    False for a real board."""
    if not info.simulated:
        return False
    return {"keys": _("keyboard"), "pad": _("gamepad")}.get(info.identity, _("simulated board"))
