"""Words that help in the moment: why a measurement was refused and what to do about it, and what to do in a
level with the input in use (a board, the keyboard, a game controller). Shared by screens; no screen of its own."""
from __future__ import annotations

from poise.i18n import N_, _


# the messages a refused measurement gives as its reasons (levels/messages.py, poise.game.level.messages.GAME)
PROBLEMS = ("los.never_reached", "los.too_quick", "los.directions_done", "los.weight_not_measured",
            "los.weight_off_profile", "los.weight_implausible", "limits.far_below", "limits.beyond_body")
WEIGHT_PROBLEMS = ("los.weight_not_measured", "los.weight_off_profile", "los.weight_implausible")


def problems(result) -> list[tuple[str, dict]]:
    """A refused measurement's reasons: (message key, arguments) as its result holds them, in order."""
    return [(key, dict(args or {})) for key, args in result.get("messages", []) if key in PROBLEMS]


def weight_is_a_problem(found: list) -> bool:
    """Whether one of the reasons is the weight (then the fix offered is to edit the profile's weight)."""
    return any(key in WEIGHT_PROBLEMS for key, _args in found)


def refusal_words(key: str, args: dict) -> str:
    """A refused measurement's reason (a message key with its arguments) in plain words, with the fix the buttons
    below offer."""
    direction = str(args.get("direction", "")).replace("-", " ").capitalize()
    if key == "los.weight_not_measured":
        return _("The board could not weigh you: stand still on it, both feet flat, until the test starts. "
                 "Then Retry.")
    if key == "los.weight_off_profile":
        return _("The board weighed you differently from your profile ({kg:.1f} kg measured, {profile_kg:.1f} kg in "
                 "your profile). If your profile is wrong, choose Edit weight; if not, check that nothing else rests "
                 "on the board and Retry.").format(kg=args["kg"], profile_kg=args["profile_kg"])
    if key == "los.weight_implausible":
        return _("The board measured {kg:.1f} kg, which cannot be right for someone {height_cm:.0f} cm tall. Check "
                 "that nothing else rests on the board, or choose Edit weight, and Retry.").format(
                     kg=args["kg"], height_cm=args["height_cm"])
    if key == "los.never_reached":
        return _("{direction}: you did not lean that way. Lean as far as you can toward each light, from the "
                 "ankles, feet flat, and Retry.").format(direction=direction)
    if key == "los.too_quick":
        return _("{direction}: you moved before the light came on. Wait for each light, then lean, and Retry.").format(
            direction=direction)
    if key == "los.directions_done":
        return _("Not every direction was done ({done} of {of}): stay on the board to the end, and Retry.").format(
            done=args["done"], of=args["of"])
    if key == "limits.far_below":
        return _("{direction}: {mm:.0f} mm is far less than anyone leans. Lean as far as you can from the ankles, "
                 "feet flat, and Retry.").format(direction=direction, mm=args["mm"])
    return _("{direction}: {mm:.0f} mm is more than a body can lean: the board may have been knocked. Keep your feet "
             "flat, lean slowly from the ankles, and Retry.").format(direction=direction, mm=args.get("mm", 0))


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
