"""Words that help in the moment: why a measurement was refused and what to do about it, and what to do in a
level with the input in use (a board, the keyboard, a game controller). Shared by screens; no screen of its own."""
from __future__ import annotations

from poise.game.i18n import _


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
