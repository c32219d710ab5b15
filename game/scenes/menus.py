"""The title menu and the player chooser."""
from __future__ import annotations

import dataclasses
import math

import pygame

from poise.i18n import N_, _, format_number, ngettext
from poise.game.media import ui
from poise.game.storage.store import StorageError

from .advice import board_badge
from .base import Scene
from .widgets import Menu


class TitleScene(Scene):
    """The title screen at a glance: Today and the player on top, then every activity as a card with the
    player's stars, current step and best score, a "start here" for someone new, the board underneath.
    Arrows move between the buttons by where they are on screen; Esc asks before quitting."""

    music = "calm"
    TOP = ("Today", "Player", "Progress", "Settings", "Calibrate", "Quit")  # ids; shown through TOP_LABELS
    TOP_LABELS = {"Today": N_("Today"), "Player": N_("Player"), "Progress": N_("Progress"), "Settings": N_("Settings"),
                  "Calibrate": N_("Calibrate"), "Quit": N_("Quit")}
    # with no board (the simulated player stands in): watch it, or play yourself with the hands
    NO_BOARD = (("demo", N_("Watch the demo player"), None), ("keys", N_("Play with the keyboard"), "keys://"),
                ("pad", N_("Play with a gamepad"), "pad://"))

    def on_enter(self) -> None:
        self.level_ids = list(self.ctx.levels.all_specs())
        self.t = 0.0
        self.index = 0
        self._build()
        self.index = self.start_here if self.start_here is not None else 0

    def on_resume(self) -> None:
        self._build()

    # what the player has done --------------------------------------------------------------------------
    def _build(self) -> None:
        from poise.game.level.levelsetup import next_step, player_limits
        from poise.game.storage.store import StorageError

        specs = self.ctx.levels.all_specs()
        self.cards = []  # per level: id, title, steps, stars (best), best score, step now, plays, scored
        storage, player = self.ctx.storage, self.ctx.player
        bests: dict = {}
        locked: dict = {}
        measured = False
        pid = None
        if storage is not None and player:
            from poise.game.clinic.unlocks import locks
            try:
                pid = storage.player_id(player)
                bests = storage.level_bests(pid)
                measured = player_limits(storage, player) is not None
                locked = locks(storage, pid, self.ctx.levels, planned=self._planned()) if pid is not None else {}
            except StorageError:
                pid, locked = None, {}
        for level_id in self.level_ids:
            spec = specs[level_id]
            steps = spec.params.steps
            best = bests.get(level_id)
            history = []
            if best and pid is not None:
                try:
                    history = storage.level_history(pid, level_id)
                except StorageError:
                    history = []
            scored = type(self.ctx.levels.create(level_id)).score_measures_skill
            self.cards.append({"id": level_id, "title": spec.text("title"), "steps": steps, "plays": best["plays"] if best else 0,
                               "stars": best["stars"] if best else 0, "best": best["best"] if best else None,
                               "step": next_step(history, steps), "scored": scored, "lock": locked.get(level_id)})
        self.titles = {lid: spec.text("title") for lid, spec in specs.items()}  # (how a lock names levels)
        # someone new starts by telling us who they are, then by measuring their limits of stability
        self.start_here = None
        if not player:
            self.start_here = self.TOP.index("Player")
        elif not measured and "limits-of-stability" in self.level_ids:
            self.start_here = len(self.TOP) + self.level_ids.index("limits-of-stability")
        self.week = None
        if player and storage is not None:
            from poise.game.clinic.today import week_status
            try:
                self.week = week_status(storage, player)
            except StorageError:
                self.week = None

    def _planned(self) -> frozenset[str]:
        """The levels of the player's session today (open on the title even when play has not opened them yet)."""
        from poise.game.clinic.today import plan_for

        try:
            return frozenset(a.level for a in plan_for(self.ctx.storage, self.ctx.levels, self.ctx.player).activities)
        except StorageError:
            return frozenset()

    # layout ---------------------------------------------------------------------------------------------
    @property
    def no_board(self) -> bool:
        """No board was found: the simulated player stands in (or the hands were chosen instead of it)."""
        board = self.ctx.feed.board
        return board.autopilot is not None or getattr(board, "manual", None) is not None

    def rects(self, width: int) -> list[pygame.Rect]:
        """The six buttons across the top, then the activity cards, three columns, row by row, then (with no
        board) the choice of who plays under them."""
        out = []
        gap = 12
        bw = (width - 80 - gap * (len(self.TOP) - 1)) // len(self.TOP)
        for i in range(len(self.TOP)):
            out.append(pygame.Rect(40 + i * (bw + gap), 104, bw, 46))
        cols = 3
        rows = -(-len(self.cards) // cols)
        cw = (width - 80 - gap * (cols - 1)) // cols
        top, bottom = 164, (588 if self.no_board else 650)
        ch = min(66, (bottom - top - 6 * (rows - 1)) // max(1, rows))
        for i in range(len(self.cards)):
            col, row = i % cols, i // cols
            out.append(pygame.Rect(40 + col * (cw + gap), top + row * (ch + 6), cw, ch))
        if self.no_board:
            bw = 270
            for i in range(len(self.NO_BOARD)):
                out.append(pygame.Rect(width - 40 - (len(self.NO_BOARD) - i) * (bw + gap) + gap, 600, bw, 44))
        return out

    def label(self, i: int) -> str:
        name = self.TOP[i]
        if name == "Player":
            return _("Player: {name}").format(name=self.ctx.player) if self.ctx.player else _("Who is playing?")
        return _(self.TOP_LABELS[name])

    # input ----------------------------------------------------------------------------------------------
    def handle(self, intent) -> None:
        rects = self.rects(self.stack.frame.size[0])
        if intent.kind == "back":
            self.stack.push("quit")
            return
        if intent.kind in ("up", "down", "left", "right"):
            self.index = step_focus(rects, self.index, intent.kind)
            self.ctx.sounds.play("move")
            return
        if intent.kind == "click" and intent.pos is not None:
            hit = next((i for i, r in enumerate(rects) if r.collidepoint(intent.pos)), None)
            if hit is None:
                return
            self.index = hit
        elif intent.kind != "confirm":
            return
        self.ctx.sounds.play("select")
        self.choose(self.index)

    def choose(self, i: int) -> None:
        if i >= len(self.TOP) + len(self.cards):
            self._hands(self.NO_BOARD[i - len(self.TOP) - len(self.cards)][2])
            return
        if i >= len(self.TOP):
            card = self.cards[i - len(self.TOP)]
            if card["lock"] is not None:  # not yet: the card says what opens it
                self.ctx.sounds.play("bonk")
                return
            self._for_a_player(self._level_starter(card["id"]))
            return
        name = self.TOP[i]
        if name == "Today":
            self._for_a_player(lambda stack: stack.push("today"))
        elif name == "Player":
            self.stack.push("player")
        elif name == "Progress":
            self._for_a_player(lambda stack: stack.push("progress"))
        elif name == "Settings":
            self.stack.push("settings")
        elif name == "Calibrate":
            self.stack.push("calibrate")
        else:
            self.stack.push("quit")

    def _hands(self, url: str | None) -> None:
        """Who plays: the simulated player (None), or the player with the keyboard or a gamepad (a board URL)."""
        url = url or "sim://"
        if self.ctx.switch_board is None or self.ctx.feed.board.info.url == url:
            return
        from poise.drivers import BoardError
        try:
            self.ctx.switch_board(url)
            self.board_error = ""
        except BoardError as exc:
            self.board_error = str(exc)

    def _level_starter(self, level_id: str):
        """What starts the level for whoever is playing by then (the level is set up for them)."""
        def start(stack) -> None:
            from poise.game.level.levelsetup import prepare

            stack.push("play", level=prepare(self.ctx, level_id))

        return start

    def _for_a_player(self, then) -> None:
        """`then(stack)` now, or once someone has said who is playing."""
        if self.ctx.player is None:
            self.stack.push("player", then=then)
        else:
            then(self.stack)

    def fixed_update(self, t, dt, balance) -> None:
        self.t += dt

    # drawing ---------------------------------------------------------------------------------------------
    def draw(self, surface, frame) -> None:
        w, h = frame.size
        surface.blit(ui.background(frame.size), (0, 0))
        logo = ui.text(surface, "Poise", (40, 12), 84, "text", bold=True)
        wobble = 4 * math.sin(self.t * 1.3)
        pygame.draw.line(surface, ui.colour("accent"), (logo.left + 4 + wobble, logo.bottom - 4),
                         (logo.right - 4 + wobble, logo.bottom - 4), 4)
        room = w - 40 - logo.right - 28
        ui.text(surface, ui.cut(_("balance training for ankles, legs and steadiness"), room, 28),
                (logo.right + 28, 24), 28, "muted")
        if self.week:  # the streak and this week's sessions against the plan
            wk = self.week
            line = "  ·  ".join(
                [ngettext("streak {n} day", "streak {n} days", wk["streak"]).format(n=wk["streak"]),
                 ngettext("this week {done} of {planned} session", "this week {done} of {planned} sessions",
                          wk["planned"]).format(done=wk["done"], planned=wk["planned"])]
                + ([_("today's done")] if wk["done_today"] else []))
            ui.text(surface, ui.cut(line, room, 26), (logo.right + 28, 60), 26, "accent_light")
        rects = self.rects(w)
        for i, r in enumerate(rects[: len(self.TOP)]):
            selected = i == self.index
            primary = self.TOP[i] == "Today"
            ui.panel(surface, r, "accent" if selected else ("accent" if primary else "panel"), radius=14,
                     border="accent_light" if selected else "panel_edge", alpha=255 if selected else (140 if primary else 200))
            words, size = ui.fitted(self.label(i), r.width - 20, 28, bold=True)
            ui.text(surface, words, r.center, size, "ink" if selected else "text", anchor="center", bold=True)
        for i, (card, r) in enumerate(zip(self.cards, rects[len(self.TOP):])):
            self._card(surface, card, r, len(self.TOP) + i == self.index, len(self.TOP) + i == self.start_here)
        if self.start_here is not None and self.start_here < len(self.TOP):
            self._start_tag(surface, rects[self.start_here])
        if self.no_board:
            self._draw_no_board(surface, rects[len(self.TOP) + len(self.cards):])
        _board_footer(surface, frame, self.ctx)

    def _draw_no_board(self, surface, rects: list[pygame.Rect]) -> None:
        """No board found: who plays (the one in use lit), and where a board comes from."""
        url = self.ctx.feed.board.info.url
        first = len(self.TOP) + len(self.cards)
        for i, ((key, label, target), r) in enumerate(zip(self.NO_BOARD, rects)):
            chosen = url == (target or "sim://") or (target is None and self.ctx.feed.board.autopilot is not None)
            selected = first + i == self.index
            ui.panel(surface, r, "accent" if selected else "panel", radius=12,
                     border="gold" if chosen else ("accent_light" if selected else "panel_edge"), alpha=255 if selected else 210)
            words, size = ui.fitted(("✓ " if chosen else "") + _(label), r.width - 16, 24, bold=True)
            ui.text(surface, words, r.center, size, "ink" if selected else "text", anchor="center", bold=True)
        room = rects[0].left - 40 - 16
        why = self.__dict__.get("board_error") or _("No board found. To get one: docs/boards.md")
        ui.wrapped(surface, ui.cut(why, 2 * room - 20, 24), pygame.Rect(40, 594, room, 60), 24,
                   "bad" if self.__dict__.get("board_error") else "accent_light")

    def _card(self, surface, card: dict, r: pygame.Rect, selected: bool, start_here: bool) -> None:
        ui.panel(surface, r, "accent" if selected else "panel", radius=12,
                 border="gold" if start_here else ("accent_light" if selected else "panel_edge"),
                 alpha=255 if selected else 210)
        ink = "ink" if selected else ("muted" if card["lock"] else "text")
        dim = "ink" if selected else "muted"
        pad = 14
        tag_w = min(ui.text_size(_("start here"), 24, True)[0] + 20, r.width // 2) if start_here else 0
        title_room = r.width - 2 * pad - (tag_w + 6 if start_here else 0)
        if card["lock"] is not None:  # closed: what opens it, with how far the player has come (a padlock before it)
            line = card["lock"].words(self.titles)
        elif card["plays"] == 0:
            line = _("not played yet")
        elif card["scored"]:
            line = _("step {step} of {steps}  ·  best {best}").format(step=card["step"] + 1, steps=card["steps"],
                                                                      best=format_number(card["best"]))
        else:  # a measurement: how often, not a score
            line = _("done {n}×").format(n=card["plays"])
        # a short card, or taller letters (a script drawn from a fallback font): the title and its line side by side
        stacked = ui.text_size(card["title"], 26, True)[1] + ui.text_size(line, 24)[1] + 14 <= r.height
        if not stacked:
            title_room = round(0.5 * (r.width - 2 * pad))
        words, size = ui.fitted(card["title"], title_room, 26, bold=True)
        if stacked:
            ui.text(surface, words, (r.left + pad, r.top + 6), size, ink, bold=True)
            y, left = r.bottom - 8, r.left + pad
        else:
            title = ui.text(surface, words, (r.left + pad, r.centery), size, ink, anchor="midleft", bold=True)
            y, left = r.centery + 12, title.right + 12
        if start_here:
            tag = pygame.Rect(0, 0, tag_w, max(26, ui.px(24) + 4))
            tag.topright = (r.right - 8, r.top + 7)
            ui.panel(surface, tag, "gold", radius=13, border=None, alpha=255)
            ui.fit_text(surface, _("start here"), tag.width - 12, tag.center, 24, "ink", anchor="center", bold=True)
        right = r.right - pad
        # side by side, the tag stands where the line would be: a card to start at has not been played yet
        if stacked or not start_here:
            if card["lock"] is not None:
                lock = pygame.Rect(left, y - 13, 14, 11)
                pygame.draw.rect(surface, ui.colour(dim), lock, border_radius=2)
                pygame.draw.arc(surface, ui.colour(dim), pygame.Rect(lock.left + 2, lock.top - 7, 10, 14), 0, math.pi,
                                2)
                ui.fit_text(surface, line, right - lock.right - 10, (lock.right + 10, y), 24, dim, anchor="bottomleft")
            elif card["plays"] and card["scored"]:
                for k in range(3):
                    ui.star(surface, (left + 10 + 24 * k, y - 10), 10, k < card["stars"])
                ui.fit_text(surface, line, right - left - 80, (right, y), 24, dim, anchor="bottomright")
            else:
                ui.fit_text(surface, line, right - left, (left, y), 24, dim, anchor="bottomleft")
        ui.mark("card", r)

    def _start_tag(self, surface, r: pygame.Rect) -> None:
        tag = pygame.Rect(0, 0, min(ui.text_size(_("start here"), 24, True)[0] + 24, r.width), max(26, ui.px(24) + 4))
        tag.midbottom = (r.centerx, r.top + 4)  # a badge on the button's top edge, clear of the cards below
        ui.panel(surface, tag, "gold", radius=13, border=None, alpha=255)
        ui.fit_text(surface, _("start here"), tag.width - 12, tag.center, 24, "ink", anchor="center", bold=True)


def step_focus(rects: list[pygame.Rect], index: int, direction: str) -> int:
    """The button to move to from `index` toward `direction`: the nearest one that way in line with it (in the
    same row for left and right, overlapping its column for up and down), else the nearest one that way."""
    cur = rects[index]
    here = cur.center
    best, best_cost = index, None
    for i, r in enumerate(rects):
        if i == index:
            continue
        dx, dy = r.centerx - here[0], r.centery - here[1]
        along, across = {"up": (-dy, dx), "down": (dy, dx), "left": (-dx, dy), "right": (dx, dy)}[direction]
        if along <= 4:
            continue
        if direction in ("left", "right"):
            in_line = r.top < cur.bottom and r.bottom > cur.top
        else:
            in_line = r.left < cur.right and r.right > cur.left
        cost = along + 0.1 * abs(across) if in_line else 10000 + along + 3 * abs(across)
        if best_cost is None or cost < best_cost:
            best, best_cost = i, cost
    return best


class QuitScene(Scene):
    """Esc on the title screen: quit, or stay. Enter or a click on Quit quits; Esc again stays."""

    overlay = True

    def on_enter(self) -> None:
        self.index = 1  # "Stay" first: a stray Esc does not end the session

    def buttons(self, size) -> list[pygame.Rect]:
        w, h = size
        out = []
        for i in range(2):
            r = pygame.Rect(0, 0, 220, 60)
            r.center = (w // 2 + (i * 2 - 1) * 130, h // 2 + 50)
            out.append(r)
        return out

    def handle(self, intent) -> None:
        if intent.kind == "back":
            self.stack.pop()
        elif intent.kind in ("left", "right"):
            self.index = 1 - self.index
        elif intent.kind == "confirm":
            self._choose(self.index)
        elif intent.kind == "click" and intent.pos is not None:
            for i, r in enumerate(self.buttons(self.stack.frame.size)):
                if r.collidepoint(intent.pos):
                    self._choose(i)

    def _choose(self, i: int) -> None:
        if i == 0:
            self.stack.clear()
        else:
            self.stack.pop()

    def draw(self, surface, frame) -> None:
        ui.shade(surface, 170, frame.rect)
        w, h = frame.size
        box = pygame.Rect(0, 0, 600, 240)
        box.center = (w // 2, h // 2)
        ui.panel(surface, box, alpha=250)
        ui.text(surface, _("Quit Poise?"), (box.centerx, box.top + 56), 56, "text", anchor="center", bold=True)
        for i, (r, label) in enumerate(zip(self.buttons((w, h)), (_("Quit"), _("Stay")))):
            ui.button(surface, r, label, i == self.index, 34)


def _board_footer(surface, frame, ctx) -> None:
    feed = ctx.feed
    info = feed.board.info
    status = feed.last_status
    dot = "good" if status.connected else "bad"
    who = _("someone on the board") if feed.latest.on_board else _("board empty")
    w, h = frame.size
    pygame.draw.circle(surface, ui.colour(dot), (40, h - 36), 9)
    line = "  ·  ".join(part for part in (info.name, who, status.message, feed.notice) if part)
    room = w - 60 - (24 + 220 + 20 if info.simulated else 40)  # clear of the badge on the right
    ui.text(surface, ui.cut(line, room, 26), (60, h - 36), 26, "muted", anchor="midleft")
    if info.simulated:
        badge = pygame.Rect(0, 0, 220, 38)
        badge.bottomright = (w - 24, h - 18)
        ui.panel(surface, badge, "warn", radius=19, border=None, alpha=255)
        ui.fit_text(surface, board_badge(info), badge.width - 20, badge.center, 28, "ink", anchor="center", bold=True)


EDIT_PROFILE = N_("Edit height, weight, goal")


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
        edit = [_(EDIT_PROFILE)] if self.ctx.player in self.names else []
        labels = self.names[:5] + [_("+ New player")] + edit + [_("Back")]
        self.menu = Menu(labels, top=200, height=min(58, 500 // len(labels) - 10), gap=10)

    def handle(self, intent) -> None:
        if self.typing:
            self._type(intent)
            return
        label = self.menu.picked(intent, self.stack)
        if label is None:
            return
        if label == _("Back"):
            self.stack.pop()
        elif label == _("+ New player"):
            self.typing, self.name, self.error = True, "", ""
        elif label == _(EDIT_PROFILE):  # height, weight and goal of whoever is playing, as stored
            self.stack.push("profile", name=self.ctx.player)
        else:
            self._choose(label)

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
            self.typing = False  # height, weight and a goal, then on as chosen
            self.stack.push("profile", name=name, done=lambda: self._choose(name))

    def _choose(self, name: str) -> None:
        self.ctx.player = name
        if self.ctx.settings.player != name:  # the next start begins with them
            self.ctx.save_settings(dataclasses.replace(self.ctx.settings, player=name))
        self.ctx.sounds.play("select")
        self.stack.pop()
        if self.then:
            self.then(self.stack)

    def draw(self, surface, frame) -> None:
        surface.blit(ui.background(frame.size), (0, 0))
        mid = frame.centre[0]
        ui.text(surface, _("Who is playing?"), (mid, 120), 72, "text", anchor="center", bold=True)
        if self.typing:  # wide enough for the longest name (40 characters), the letters smaller if need be
            box = pygame.Rect(0, 0, min(1000, frame.size[0] - 120), 80)
            box.center = (mid, 320)
            ui.panel(surface, box, border="accent")
            caret = "|" if int(pygame.time.get_ticks() / 500) % 2 == 0 else " "
            size = ui.fitted(self.name + "|", box.width - 48, 48, smallest=28)[1]
            shown = self.name
            while shown and ui.text_size(shown + "|", size)[0] > box.width - 48:
                shown = shown[1:]  # still too long: show its end, where the typing is
            ui.text(surface, shown + caret, (box.left + 24, box.centery), size, "text", anchor="midleft")
            ui.fit_text(surface, _("Type a name, Enter to save, Esc to cancel"), frame.size[0] - 80, (mid, 400), 30,
                        "muted", anchor="center")
            if self.error:
                ui.fit_text(surface, self.error, frame.size[0] - 80, (mid, 450), 30, "bad", anchor="center")
        else:
            self.menu.draw(surface, frame)
            chosen = self.menu.labels[self.menu.index]
            if chosen in self.names:  # the limits every level scales to for this player, and their date
                ui.fit_text(surface, self.limits_line(chosen), frame.size[0] - 80, (mid, 172), 24, "muted",
                            anchor="center")

    def limits_line(self, name: str) -> str:
        lines = self.__dict__.setdefault("_limits_lines", {})
        if name not in lines:
            from poise.game.level.levelsetup import limits_in_use

            try:
                lines[name] = limits_in_use(self.ctx.storage, name)
            except StorageError:
                lines[name] = ""
        return lines[name]
