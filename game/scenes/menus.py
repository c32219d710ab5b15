"""The title menu and the player chooser."""
from __future__ import annotations

import math

import pygame

from poise.game import ui
from poise.game.storage import StorageError

from .base import Scene


class Menu:
    """Buttons in one or more columns, driven by the arrows, confirm or the mouse."""

    def __init__(self, labels: list[str], top: int, width: int = 520, height: int = 64, gap: int = 16,
                 columns: int = 1):
        self.labels = labels
        self.columns = columns
        self.index = 0
        self.rects = []
        total_w = columns * width + (columns - 1) * gap
        for i in range(len(labels)):
            row, col = divmod(i, columns)
            r = pygame.Rect(0, 0, width, height)
            r.topleft = (ui.WIDTH // 2 - total_w // 2 + col * (width + gap), top + row * (height + gap))
            self.rects.append(r)

    def handle(self, intent) -> int | None:
        """The chosen index on confirm or click, else None."""
        n = len(self.labels)
        if intent.kind == "up":
            self.index = (self.index - self.columns) % n
        elif intent.kind == "down":
            self.index = (self.index + self.columns) % n
        elif intent.kind == "left" and self.columns > 1:
            self.index = (self.index - 1) % n
        elif intent.kind == "right" and self.columns > 1:
            self.index = (self.index + 1) % n
        elif intent.kind == "confirm":
            return self.index
        elif intent.kind == "click":
            for i, r in enumerate(self.rects):
                if r.collidepoint(intent.pos):
                    self.index = i
                    return i
        return None

    def draw(self, surface, size: int = 36) -> None:
        for i, (label, rect) in enumerate(zip(self.labels, self.rects)):
            ui.button(surface, rect, label, i == self.index, size)


class TitleScene(Scene):
    music = "calm"

    def on_enter(self) -> None:
        self.level_ids = list(self.ctx.levels.all_specs())
        self.t = 0.0
        self._build()

    def _build(self) -> None:
        specs = self.ctx.levels.all_specs()
        # the first choice is Today, the day's planned session (scenes/today.py); then the levels one by one
        labels = ["Today", f"Player: {self.ctx.player or 'choose…'}", "Progress"]
        labels += [specs[i].title for i in self.level_ids]
        while len(labels) % 3:
            labels.append("")  # keep the grid square; the blank cell is skipped below
        labels += ["Calibrate the board", "Settings", "Quit"]
        index = self.menu.index if hasattr(self, "menu") else 0
        self.menu = Menu(labels, top=240, width=390, height=38, gap=8, columns=3)
        self.menu.index = min(index, len(labels) - 1)
        self.week = None
        if self.ctx.player and self.ctx.storage is not None:
            from poise.game.storage import StorageError
            from poise.game.today import week_status
            try:
                self.week = week_status(self.ctx.storage, self.ctx.player)
            except StorageError:
                self.week = None

    def handle(self, intent) -> None:
        if intent.kind == "back":
            self.stack.clear()
            return
        choice = self.menu.handle(intent)
        if self.menu.labels[self.menu.index] == "" and intent.kind in ("up", "down", "left", "right"):
            self.menu.handle(intent)  # step over the blank cell
        if choice is None or self.menu.labels[choice] == "":
            return
        self.ctx.sounds.play("select")
        labels = self.menu.labels
        if labels[choice] == "Today":
            from .today import TodayScene
            if self.ctx.player is None:
                self.stack.push(PlayerScene(self.ctx, then=lambda stack: stack.push(TodayScene(self.ctx))))
            else:
                self.stack.push(TodayScene(self.ctx))
        elif 3 <= choice < 3 + len(self.level_ids):
            start = _level_starter(self.ctx, self.level_ids[choice - 3])
            if self.ctx.player is None:
                self.stack.push(PlayerScene(self.ctx, then=start))
            else:
                start(self.stack)
        elif labels[choice].startswith("Player"):
            self.stack.push(PlayerScene(self.ctx, then=None))
        elif labels[choice] == "Progress":
            from .progress_view import ProgressScene
            if self.ctx.player is None:
                self.stack.push(PlayerScene(self.ctx, then=lambda stack: stack.push(ProgressScene(self.ctx))))
            else:
                self.stack.push(ProgressScene(self.ctx))
        elif labels[choice] == "Calibrate the board":
            from .calibrate import CalibrateScene
            self.stack.push(CalibrateScene(self.ctx))
        elif labels[choice] == "Settings":
            from .settings import SettingsScene
            self.stack.push(SettingsScene(self.ctx))
        else:
            self.stack.clear()

    def on_resume(self) -> None:
        self._build()

    def fixed_update(self, t, dt, balance) -> None:
        self.t += dt

    def draw(self, surface) -> None:
        surface.blit(ui.background(surface.get_size()), (0, 0))
        wobble = 5 * math.sin(self.t * 1.3)
        ui.text(surface, "Poise", (ui.WIDTH / 2, 100 + wobble), 130, "text", anchor="center", bold=True)
        pygame.draw.line(surface, ui.colour("accent"), (ui.WIDTH / 2 - 130 + wobble * 3, 163),
                         (ui.WIDTH / 2 + 130 + wobble * 3, 163), 5)
        ui.text(surface, "balance training for ankles, legs and steadiness", (ui.WIDTH / 2, 196), 32, "muted",
                anchor="center")
        if self.week:  # the streak and this week's sessions against the plan
            w = self.week
            line = (f"{self.ctx.player}: streak {w['streak']} day{'s' if w['streak'] != 1 else ''}  ·  this week "
                    f"{w['done']} of {w['planned']} sessions" + ("  ·  today's done" if w["done_today"] else ""))
            ui.text(surface, line, (ui.WIDTH / 2, 224), 26, "accent_light", anchor="center")
        self.menu.draw(surface, 28)
        _board_footer(surface, self.ctx)


def _board_footer(surface, ctx) -> None:
    feed = ctx.feed
    info = feed.board.info
    status = feed.last_status
    dot = "good" if status.connected else "bad"
    who = "someone on the board" if feed.latest.on_board else "board empty"
    pygame.draw.circle(surface, ui.colour(dot), (40, ui.HEIGHT - 36), 9)
    line = "  ·  ".join(part for part in (info.name, who, status.message, feed.notice) if part)
    ui.text(surface, line, (60, ui.HEIGHT - 36), 26, "muted", anchor="midleft")
    if info.simulated:
        badge = pygame.Rect(0, 0, 220, 38)
        badge.bottomright = (ui.WIDTH - 24, ui.HEIGHT - 18)
        ui.panel(surface, badge, "warn", radius=19, border=None, alpha=255)
        ui.text(surface, "simulated board", badge.center, 28, "ink", anchor="center", bold=True)


def _level_starter(ctx, level_id: str):
    def start(stack) -> None:
        from .play import PlayScene

        from poise.game.levelsetup import prepare

        stack.push(PlayScene(ctx, prepare(ctx, level_id)))

    return start


class PlayerScene(Scene):
    """Pick a player or type a new name; `then(stack)` runs after choosing."""

    def __init__(self, ctx, then=None):
        super().__init__(ctx)
        self.then = then
        self.typing = False
        self.name = ""
        self.error = ""

    @property
    def text_mode(self) -> bool:
        return self.typing

    def on_enter(self) -> None:
        self.names = [row["name"] for row in self.ctx.storage.players()] if self.ctx.storage else []
        self.menu = Menu(self.names[:5] + ["+ New player", "Back"], top=200, height=58, gap=12)

    def handle(self, intent) -> None:
        if self.typing:
            self._type(intent)
            return
        if intent.kind == "back":
            self.stack.pop()
            return
        choice = self.menu.handle(intent)
        if choice is None:
            return
        labels = self.menu.labels
        if labels[choice] == "Back":
            self.stack.pop()
        elif labels[choice] == "+ New player":
            self.typing, self.name, self.error = True, "", ""
        else:
            self._choose(labels[choice])

    def _type(self, intent) -> None:
        if intent.kind == "text":
            self.name = (self.name + intent.text)[:40]
        elif intent.kind == "erase":
            self.name = self.name[:-1]
        elif intent.kind == "back":
            self.typing = False
        elif intent.kind == "confirm" and self.name.strip():
            try:
                self.ctx.storage.add_player(self.name)
            except StorageError as exc:
                self.error = str(exc)
                return
            name = " ".join(self.name.split())
            from .profile import ProfileScene  # height, weight and a goal, then on as chosen
            self.typing = False
            self.stack.push(ProfileScene(self.ctx, name, done=lambda: self._choose(name)))

    def _choose(self, name: str) -> None:
        self.ctx.player = name
        self.ctx.sounds.play("select")
        self.stack.pop()
        if self.then:
            self.then(self.stack)

    def draw(self, surface) -> None:
        surface.blit(ui.background(surface.get_size()), (0, 0))
        ui.text(surface, "Who is playing?", (ui.WIDTH / 2, 120), 72, "text", anchor="center", bold=True)
        if self.typing:
            box = pygame.Rect(0, 0, 620, 80)
            box.center = (ui.WIDTH // 2, 320)
            ui.panel(surface, box, border="accent")
            caret = "|" if int(pygame.time.get_ticks() / 500) % 2 == 0 else " "
            ui.text(surface, self.name + caret, (box.left + 24, box.centery), 48, "text", anchor="midleft")
            ui.text(surface, "Type a name, Enter to save, Esc to cancel", (ui.WIDTH / 2, 400), 30, "muted",
                    anchor="center")
            if self.error:
                ui.text(surface, self.error, (ui.WIDTH / 2, 450), 30, "bad", anchor="center")
        else:
            self.menu.draw(surface)
            chosen = self.menu.labels[self.menu.index]
            if chosen in self.names:  # the limits every level scales to for this player, and their date
                ui.text(surface, self.limits_line(chosen), (ui.WIDTH / 2, 172), 24, "muted", anchor="center")

    def limits_line(self, name: str) -> str:
        lines = self.__dict__.setdefault("_limits_lines", {})
        if name not in lines:
            from poise.game.levelsetup import limits_in_use

            try:
                lines[name] = limits_in_use(self.ctx.storage, name)
            except StorageError:
                lines[name] = ""
        return lines[name]
