"""What the coach says, and when: short spoken cues, each also shown as a caption.

Cheers follow what the level reports (a gate passed, a target hit, a rep done), corrections follow misses and
the pauses (stepped off, leaned too far), and the instructions are said in one short sentence before play.
While playing the coach also watches: a level that says whether the balance point is in its zone
(Level.in_zone) hears a cheer after `STEADY_S` held in it and a correction when it drifts out; and any level hears a warning when the balance
point has stayed past `EDGE_SHARE` of the way to the safety pause's limit (game/engine/safety.py) for `EDGE_S`,
before the pause stops play. A cue is said at most every `GAP_S` seconds, so the coach encourages without
chattering; a correction waits less than a cheer, a "well held" cheer more, and a pause's cue is said at once.
No screen of its own."""
from __future__ import annotations

from poise.i18n import N_, _

GAP_S = 6.0  # at most one cheer this often
CHEERS = {"gate": (N_("Nice line!"), N_("Good!"), N_("Smooth!")),
          "hit": (N_("Got it!"), N_("Nice reach!"), N_("Good!")),
          "sink": (N_("In the hole!"),), "header": (N_("Great header!"), N_("Good timing!")),
          "collect": (N_("Sparkle!"), N_("Nice!")), "rep": (N_("Good rep!"), N_("Slow and steady."), N_("That's it!")),
          "beat": (N_("On the beat!"),)}
CORRECTIONS = {"miss": (N_("Lean from the ankles."), N_("Small moves, from the ankles."), N_("Nearly: try again.")),
               "boot": (N_("Dodge the boots!"),), "pop": (N_("Steer between the banks."),)}
STEADY_S = 6.0  # held in the level's zone this long: "well held"
STEADY_GAP_S = 15.0  # at most one "well held" this often
EDGE_SHARE, EDGE_S = 0.8, 0.25  # past this share of the way to the safety limit for this long: about to fail
STEADY = (N_("Steady! Well held."), N_("Lovely and still."), N_("That's it, hold it there."))
DRIFT = (N_("Drifting: back into the circle."), N_("Back to the middle of the circle."))
EDGE = (N_("Easy: come back toward the middle."), N_("Not so far: back to the middle."))
PAUSES = {"off": N_("Step back on the board."), "limits": N_("Come back to the middle."),
          "disconnected": N_("The board is disconnected."), "fault": N_("Check the board.")}


class Cues:
    """Turns a level's events and the play screen's moments into what the coach says. `say(text)` speaks (the
    Voice); `caption` is the line shown now and `caption_left` how long it stays."""

    CAPTION_S = 3.0

    def __init__(self, say):
        self.say = say
        self.caption = ""
        self.caption_left = 0.0
        self.last_at = -GAP_S
        self.t = 0.0
        self.counts: dict[str, int] = {}
        self.in_zone_t: float | None = None  # time in the level's zone so far (None: out, or no zone reported)
        self.steady_at = -STEADY_GAP_S
        self.edge_t = 0.0

    def _speak(self, text: str) -> None:
        self.caption, self.caption_left = text, self.CAPTION_S
        self.last_at = self.t
        self.say(text)

    def update(self, dt: float) -> None:
        self.t += dt
        self.caption_left = max(0.0, self.caption_left - dt)
        if not self.caption_left:
            self.caption = ""

    def instruction(self, title: str, instructions: str) -> None:
        """Before play: the level's name and its first sentence."""
        first = instructions.strip().split("\n")[0].split(". ")[0].rstrip(".")
        self._speak(f"{title}. {first}.")

    def go(self) -> None:
        self._speak(_("Go!"))

    def pause(self, reason: str) -> None:
        if reason in PAUSES:
            self._speak(_(PAUSES[reason]))

    def _say_one(self, name: str, options: tuple[str, ...], wait: float) -> bool:
        """One of `options` in turn, if nothing was said for `wait` s."""
        if self.t - self.last_at < wait:
            return False
        n = self.counts.get(name, 0)
        self.counts[name] = n + 1
        self._speak(_(options[n % len(options)]))
        return True

    def watch(self, dt: float, in_zone: bool | None, edge: float | None) -> None:
        """During play, once a fixed step: `in_zone` is whether the balance point is in the level's zone (None: the
        level has none now, Level.in_zone); `edge` how far it is toward the safety limit (0 at the neutral point,
        1 at the limit; None when not known). Cheers a zone held, corrects a drift out of it, warns before the
        pause."""
        if in_zone is False and self.in_zone_t is not None:
            self._say_one("drift", DRIFT, GAP_S / 2)
        if not in_zone:
            self.in_zone_t = None
        else:
            self.in_zone_t = (self.in_zone_t or 0.0) + dt
            if self.in_zone_t >= STEADY_S and self.t - self.steady_at >= STEADY_GAP_S and \
                    self._say_one("steady", STEADY, GAP_S):
                self.steady_at, self.in_zone_t = self.t, 0.0
        self.edge_t = self.edge_t + dt if edge is not None and edge >= EDGE_SHARE else 0.0
        if self.edge_t >= EDGE_S and self._say_one("edge", EDGE, GAP_S / 2):
            self.edge_t = 0.0

    def event(self, name: str) -> None:
        """A level's event: a cheer for a success, a correction for a miss, neither too often."""
        table, wait = (CHEERS, GAP_S) if name in CHEERS else (CORRECTIONS, GAP_S / 2) if name in CORRECTIONS \
            else (None, 0.0)
        if table is not None:
            self._say_one(name, table[name], wait)
