"""What the coach says, and when: short spoken cues, each also shown as a caption.

Cheers follow what the level reports (a gate passed, a target hit, a rep done), corrections follow misses and
the pauses (stepped off, leaned too far), and the instructions are said in one short sentence before play. A
cue is said at most every `GAP_S` seconds, so the coach encourages without chattering; a correction waits less
than a cheer, and a pause's cue is said at once. No screen of its own."""
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

    def event(self, name: str) -> None:
        """A level's event: a cheer for a success, a correction for a miss, neither too often."""
        table, wait = (CHEERS, GAP_S) if name in CHEERS else (CORRECTIONS, GAP_S / 2) if name in CORRECTIONS \
            else (None, 0.0)
        if table is None or self.t - self.last_at < wait:
            return
        n = self.counts.get(name, 0)
        self.counts[name] = n + 1
        options = table[name]
        self._speak(_(options[n % len(options)]))
