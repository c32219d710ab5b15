"""Screens of the game; each is a Scene on the stack, registered here by name and pushed by name.

`SCREENS` maps a screen's name to where its class is ("module:Class" in this package, or a full
"package.module:Class") or to the class itself; a screen module is imported the first time its screen
is shown, so starting the game loads only the screens it shows. `register` adds one (a test's, a
plugin's).
"""
from __future__ import annotations

import difflib
import importlib

SCREENS: dict[str, "str | type"] = {
    "title": "menus:TitleScene",  # every activity, Today, the player, progress, settings, calibration
    "quit": "menus:QuitScene",  # quit, or stay (over the title)
    "player": "menus:PlayerScene",  # who is playing; a new player goes on to their profile
    "profile": "profile:ProfileScene",  # height, weight and a goal
    "today": "today:TodayScene",  # the day's programme, activity by activity
    "progress": "progress_view:ProgressScene",  # weeks of sessions, scores and sway
    "settings": "settings:SettingsScene",
    "calibrate": "calibrate:CalibrateScene",  # the calibration wizard
    "play": "play:PlayScene",  # instructions, countdown, play with its pauses
    "results": "results:ResultsScene",  # score, stars and the measurements of an attempt
    "match": "match:MatchScene",  # two seats at once: head to head, or one leading and one following
    "match_results": "match_results:MatchResultsScene",  # who won, and each seat's own result
    "party": "party:PartyScene",  # more than one player: a game on two boards, or in turns on one
    "turns": "turns:TurnsScene",  # players taking turns on one board, then the scoreboard
}


class UnknownScreen(LookupError):
    """A screen name nobody registered."""


def register(name: str, target: "str | type") -> None:
    """Make `name` show the Scene class `target` (or the one at "module:Class"); a name already taken is an
    error."""
    if name in SCREENS and SCREENS[name] != target:
        raise ValueError(f"screen {name!r} is already {SCREENS[name]}")
    SCREENS[name] = target


def screen(name: str):
    """The Scene class registered as `name`; raises UnknownScreen (naming a close match) for any other."""
    if name not in SCREENS:
        close = difflib.get_close_matches(name, SCREENS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UnknownScreen(f"no screen is registered as {name!r}{hint}; known: {', '.join(sorted(SCREENS))}")
    target = SCREENS[name]
    if not isinstance(target, str):
        return target
    module, _, cls = target.partition(":")
    return getattr(importlib.import_module(module if "." in module else f"{__name__}.{module}"), cls)
