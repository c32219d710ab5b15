"""A new player's profile: height, weight and a goal (an ankle sprain and which side, fall prevention, sport).

Asked once, right after the name. Height scales every target until the limits of stability are measured;
the board itself can weigh the player; the goal shapes the daily programme (poise.game.clinic.programme).
The same fields are set on the command line with `poise players set NAME --height --weight --goal
--injured-side`.
"""
from __future__ import annotations

import datetime as dt

import pygame

from poise.i18n import N_, _, format_number
from poise.game.media import ui
from poise.game.clinic.programme import GOALS
from poise.game.storage.store import StorageError

from .base import Scene
from .widgets import Menu

GOAL_CHOICES = [(N_("Recovering from an ankle sprain"), "ankle"), (N_("Fall prevention"), "falls"),
                (N_("Sport"), "sport"), (N_("Better balance in general"), "general")]
SIDE_CHOICES = [(N_("Left ankle"), "left"), (N_("Right ankle"), "right"), (N_("Both ankles"), "both")]
SEX_CHOICES = [(N_("Woman"), "F"), (N_("Man"), "M"), (N_("Rather not say"), "")]
FIELDS = {"height": (N_("Your height"), "cm", 100.0, 230.0, 1.0, 170.0),
          "weight": (N_("Your weight"), "kg", 25.0, 250.0, 0.5, 70.0),
          "born": (N_("Your year of birth"), "", 1900.0, float(dt.date.today().year - 5), 1.0, 1975.0)}
NEXT = {"height": "weight", "weight": "born", "born": "sex"}  # the number fields in turn, then the menus


class ProfileScene(Scene):
    """Height, weight, goal (and injured side) for player `name`; `done()` runs after saving (or skipping).
    `only="weight"` edits the weight alone (a refused measurement's fix), starting from what is stored."""

    def __init__(self, ctx, name: str, done=None, only: str | None = None):
        super().__init__(ctx)
        self.name = name
        self.done = done
        self.only = only
        self.step = only or "height"  # height -> weight -> goal -> side
        self.values = {k: v[5] for k, v in FIELDS.items()}
        self.goal = "general"
        self.sex = ""
        try:  # an existing player edits what is stored
            row = ctx.storage.player(name) if ctx.storage is not None else None
        except StorageError:
            row = None
        if row is not None:
            for key, column in (("height", "height_cm"), ("weight", "weight_kg")):
                if row[column]:
                    self.values[key] = float(row[column])
            self.goal = next((k for k, text in GOALS.items() if text == row["goal"]), "general")
            if row["birth_year"]:
                self.values["born"] = float(row["birth_year"])
            self.sex = row["sex"] or ""
        self.typed = ""
        self.error = ""
        self.menu = None

    @property
    def text_mode(self) -> bool:
        return self.step in FIELDS

    def _go(self, step: str) -> None:
        self.step, self.typed = step, ""
        if step == "sex":
            self.menu = Menu([_(label) for label, _k in SEX_CHOICES], top=260, width=520, height=60, gap=14)
        elif step == "goal":
            self.menu = Menu([_(label) for label, _k in GOAL_CHOICES], top=230, width=620, height=60, gap=14)
        elif step == "side":
            self.menu = Menu([_(label) for label, _k in SIDE_CHOICES], top=260, width=520, height=60, gap=14)

    def handle(self, intent) -> None:
        if self.step in FIELDS:
            self._number(intent)
            return
        if intent.kind == "back":
            self._go({"side": "goal", "goal": "sex", "sex": "born"}[self.step])
            return
        choice = self.menu.handle(intent, self.stack.frame)
        if choice is None:
            return
        self.ctx.sounds.play("select")
        if self.step == "sex":
            self.sex = SEX_CHOICES[choice][1]
            self._go("goal")
        elif self.step == "goal":
            self.goal = GOAL_CHOICES[choice][1]
            if self.goal == "ankle":
                self._go("side")
            else:
                self._save(None)
        else:
            self._save(SIDE_CHOICES[choice][1])

    def _number(self, intent) -> None:
        label, unit, lo, hi, nudge, _default = FIELDS[self.step]
        value = self.values[self.step]
        if intent.kind == "text" and (intent.text.isdigit() or intent.text in ".,"):
            self.typed = (self.typed + intent.text.replace(",", "."))[:6]
        elif intent.kind == "erase":
            self.typed = self.typed[:-1]
        elif intent.kind in ("up", "right"):
            self.values[self.step], self.typed = min(hi, value + nudge), ""
        elif intent.kind in ("down", "left"):
            self.values[self.step], self.typed = max(lo, value - nudge), ""
        elif intent.kind == "back":
            if self.only:
                self.stack.pop()  # nothing changed
            elif self.step != "height":
                self._go({v: k for k, v in NEXT.items()}[self.step])
            else:
                self._skip()
        elif intent.kind == "text" and intent.text.lower() == "w" and self.step == "weight":
            self._weigh()
        elif intent.kind in ("confirm", "click"):
            if self.typed:
                try:
                    typed = float(self.typed)
                except ValueError:
                    typed = None
                if typed is None or not lo <= typed <= hi:
                    self.error = _("{label}: a number from {lo} to {hi} {unit}").format(
                        label=_(label), lo=format_number(lo, 0 if lo == int(lo) else 1),
                        hi=format_number(hi, 0 if hi == int(hi) else 1), unit=unit).strip()
                    return
                self.values[self.step] = typed
            self.error = ""
            if self.only:
                self._save_body()
            else:
                self._go(NEXT[self.step])

    def _weigh(self) -> None:
        """The board weighs whoever stands on it."""
        latest = self.ctx.feed.latest
        if latest.on_board and FIELDS["weight"][2] <= latest.total <= FIELDS["weight"][3]:
            self.values["weight"], self.typed = round(latest.total * 2) / 2, ""
        else:
            self.error = _("Stand still on the board to be weighed")

    def _save(self, side: str | None) -> None:
        def write(storage, pid):
            storage.set_body(pid, weight_kg=self.values["weight"], height_cm=self.values["height"])
            storage.set_profile(pid, goal=GOALS[self.goal], injured_side=side or "none", sex=self.sex,
                                birth_year=int(self.values["born"]))
        self._commit(write)

    def _save_body(self) -> None:
        """The one field being edited, saved."""
        column = "weight_kg" if self.only == "weight" else "height_cm"
        self._commit(lambda storage, pid: storage.set_body(pid, **{column: self.values[self.only]}))

    def _commit(self, write) -> None:
        """`write(storage, player_id)`, then on: the board stand-in takes the weight; a storage error is shown."""
        try:
            write(self.ctx.storage, self.ctx.storage.player_id(self.name))
        except StorageError as exc:
            self.error = str(exc)
            return
        from poise.game.level.levelsetup import take_body
        take_body(self.ctx, self.values["weight"])
        self._finish()

    def _skip(self) -> None:
        self._finish()

    def _finish(self) -> None:
        self.stack.pop()
        if self.done:
            self.done()

    def draw(self, surface, frame) -> None:
        surface.blit(ui.background(frame.size), (0, 0))
        mid = frame.centre[0]
        words, size = ui.fitted(_("Welcome, {name}").format(name=self.name), frame.size[0] - 80, 64, bold=True, smallest=36)
        ui.text(surface, words, (mid, 90), size, "text", anchor="center", bold=True)
        if self.step in FIELDS:
            label, unit, lo, hi, nudge, _default = FIELDS[self.step]
            ui.text(surface, _(label), (mid, 190), 44, "accent", anchor="center", bold=True)
            box = pygame.Rect(0, 0, 420, 110)
            box.center = (mid, 320)
            ui.panel(surface, box, border="accent")
            shown = self.typed or format_number(self.values[self.step], 0 if self.values[self.step] % 1 == 0 else 1)
            ui.text(surface, f"{shown} {unit}".strip(), box.center, 72, "text", anchor="center", bold=True)
            step = format_number(nudge, 0 if nudge % 1 == 0 else 1)
            hint = (_("Type the number or use the arrows (±{nudge}); Enter to save, Esc to cancel") if self.only
                    else _("Type the number or use the arrows (±{nudge}); Enter to go on, Esc back")
                    if self.step == "weight"
                    else _("Type the number or use the arrows (±{nudge}); Enter to go on, Esc to skip")).format(nudge=step)
            ui.fit_text(surface, hint, frame.size[0] - 80, (mid, 420), 28, "muted", anchor="center")
            if self.step == "weight":
                ui.fit_text(surface, _("Standing on the board? Press W and it weighs you."), frame.size[0] - 80,
                            (mid, 460), 28, "muted", anchor="center")
            why = {"height": _("Targets are scaled to your height until your reach is measured."),
                   "weight": _("Your weight lets the board check its measurements."),
                   "born": _("With your age, your steadiness can be compared with people of your age.")}[self.step]
            ui.fit_text(surface, why, frame.size[0] - 80, (mid, 540), 26, "muted", anchor="center")
        else:
            title = {"goal": _("What are you training for?"), "side": _("Which ankle?"),
                     "sex": _("Compare me with")}[self.step]
            ui.fit_text(surface, title, frame.size[0] - 80, (mid, 170), 44, "accent", anchor="center", bold=True)
            self.menu.draw(surface, frame, 32)
            why = (_("The open balance norms are for women and for men; without it, no comparison is shown.")
                   if self.step == "sex" else _("Your daily session is planned from it: more one-leg work on an "
                                                "injured side, strength and steadiness for fall prevention."))
            ui.wrapped(surface, why, pygame.Rect(mid - 460, 590, 920, 70), 24, "muted")
        if self.error:
            ui.fit_text(surface, self.error, frame.size[0] - 80, (mid, 650), 28, "bad", anchor="center")
