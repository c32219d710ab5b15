"""Two seats at once: a head-to-head contest, or one leading and the other following.

Each seat plays its own copy of the level, scaled to its own player's limits of stability (the handicap,
shown on screen), on the same fixed steps; after every step each level meets the other's (poise.api
`Level.meet`), which is where a contest's rules that join the two live. Each seat has its own safety pause:
a seat whose board is lost, whose player steps off or leans too far waits alone while the other plays on,
and comes back by itself. When both levels have finished, the winner is decided from each level's standing
(`Level.standing`, `Versus.better`), and both attempts are stored, each for its own player with the opponent
and the outcome beside it, in one transaction; then the match's results are shown.
"""
from __future__ import annotations

import math
import uuid

import pygame

from poise.game.engine.safety import LimitsGuard, pause_reason
from poise.game.engine.seats import seat_areas
from poise.i18n import _, format_number
from poise.game.level import messages
from poise.game.level.attempt import Finisher, Match, Play, finish_attempts
from poise.game.level.contract import Seat
from poise.game.level.levelsetup import player_height
from poise.game.media import ui
from poise.game.storage.store import StorageError, now_iso

from .base import Scene
from .seating import SeatPicture
from .widgets import before_play

AUTOPLAY_CONFIRM_S = 1.0
COUNTDOWN_S = 3
BANNER = 58  # canvas px: each seat's strip under the title bar (name, handicap, standing)
ROLES = ("lead", "follow")


def seat_pause_text() -> dict[str, str]:
    return {"off": _("Step back on the board"), "limits": _("Find your balance: back to the middle"),
            "disconnected": _("Board disconnected: waiting for it"), "fault": _("Check the board")}


def outcomes(levels, versus, shown=None) -> tuple[str, ...]:
    """Each seat's outcome from the levels' standings: "won", "lost" or "draw"; "together" for a pair. A seat
    without a standing at the end loses to one with a standing. `shown(standing)`: the standing as the players
    read it; two that read the same are a draw (a race is not won by a hundredth nobody can see)."""
    if versus.together:
        return ("together",) * len(levels)
    a, b = levels[0].standing(levels[1]), levels[1].standing(levels[0])
    if a is None and b is None or a == b or (shown and a is not None and b is not None and shown(a) == shown(b)):
        return "draw", "draw"
    if a is None or b is None:
        return ("lost", "won") if a is None else ("won", "lost")
    first = a > b if versus.better == "higher" else a < b
    return ("won", "lost") if first else ("lost", "won")


class SeatPlay:
    """One seat's part of the match: its level, safety guard, pause, recording and picture."""

    def __init__(self, seat, level, guard):
        self.seat = seat
        self.level = level
        self.guard = guard
        self.pause: str | None = None
        self.picture = SeatPicture()
        self.recording: list = []
        self.status_at_start = None
        self.eyes_closed = False
        self.handicap: str | None = None  # its line on screen (MatchScene.handicap)


class MatchScene(Scene):
    def __init__(self, ctx, levels, on_finish=None):
        super().__init__(ctx)
        if len(levels) != len(ctx.seats) or len(levels) != 2:
            raise ValueError("a match needs one level for each of two seats")
        versus = type(levels[0]).versus
        if versus is None or type(levels[0]).assessment:
            raise ValueError(f"{levels[0].spec.id} is not played on two seats")
        self.versus = versus
        self.on_finish = on_finish
        self.stage = "intro"
        self.stage_t = 0.0
        self.menu = False
        self.menu_choice = 0
        self.captured = False
        self.plays: list[SeatPlay] = []
        self.finishers: list | None = None  # the worker preparing each seat's attempt, once both levels are over
        self.held = False  # this frame's seat pictures go straight on the window (stack.window)
        for seat, level in zip(ctx.seats, levels):
            level.seat = Seat(seat.index, len(levels), ROLES[seat.index] if versus.together else None)
            try:
                height = player_height(ctx.storage, seat.player)
            except StorageError:
                height = None
            self.plays.append(SeatPlay(seat, level, LimitsGuard(level.reach, height)))
        self.templates = messages.templates_for(ctx.levels, levels[0].spec.id)

    @property
    def level(self):
        return self.plays[0].level

    @property
    def music(self) -> str | None:
        return self.level.music

    @property
    def music_ducked(self) -> bool:
        return self.menu

    def on_enter(self) -> None:
        self.started_at = now_iso()
        for p in self.plays:
            p.recording = p.seat.feed.record()
            p.status_at_start = p.seat.feed.last_status

    def on_exit(self) -> None:
        for p in self.plays:
            p.seat.feed.stop_recording(p.recording)

    # input ------------------------------------------------------------------------------------------------
    def handle(self, intent) -> None:
        if before_play(self, intent, self._start):
            return
        if self.menu:
            if intent.kind in ("up", "down"):
                self.menu_choice = 1 - self.menu_choice
            elif intent.kind == "back" or (intent.kind == "confirm" and self.menu_choice == 0):
                self.menu = False
            elif intent.kind == "confirm":
                self.stack.pop()
        elif intent.kind == "back":
            self.menu, self.menu_choice = True, 0
            self.ctx.sounds.play("pause")

    def _start(self) -> None:
        self.stage, self.stage_t = "countdown", 0.0
        self.ctx.sounds.play("tick")

    # fixed steps ------------------------------------------------------------------------------------------
    def fixed_update(self, t, dt, balance) -> None:
        self.stage_t += dt
        balances = [p.seat.feed.balance_at(t) for p in self.plays]
        for p, b in zip(self.plays, balances):
            self._steer(p, t)
        if self.stage in ("intro", "countdown"):
            for p, b in zip(self.plays, balances):
                p.guard.observe(b, dt)
            if self.stage == "countdown":
                if int(self.stage_t) > int(self.stage_t - dt) and self.stage_t < COUNTDOWN_S:
                    self.ctx.sounds.play("tick")
                if self.stage_t >= COUNTDOWN_S:
                    self.stage, self.stage_t = "play", 0.0
                    self.ctx.sounds.play("go")
            elif self.ctx.autoplay and self.stage_t >= AUTOPLAY_CONFIRM_S:
                self._start()
            return
        if self.menu:
            return
        for p, b in zip(self.plays, balances):  # each seat on its own: one pausing leaves the other playing
            self._update_pause(p, b, dt)
            if p.pause is None and not p.level.finished:
                p.level.fixed_update(t, dt, b)
        for p, other in ((self.plays[0], self.plays[1]), (self.plays[1], self.plays[0])):
            p.level.meet(other.level)
        for p in self.plays:
            for cue in p.level.events:
                self.ctx.sounds.play(cue)
            p.level.events.clear()
        if not self.captured and all(p.level.showcase or p.level.finished for p in self.plays):
            self.captured = True
            self.ctx.capture("mid-play")
        if all(p.level.finished for p in self.plays) and self.finishers is None:
            # live, the metrics are made in the worker process while frames go on (as for one seat)
            self.finishers = [Finisher(self.ctx, p.level, p.recording, self.started_at, p.seat)
                              for p in self.plays] if self.ctx.offload else []
        if self.finishers is not None:
            self._finish()

    def _update_pause(self, p: SeatPlay, balance, dt: float) -> None:
        reason = None if p.level.finished else pause_reason(p.seat.feed, p.level, p.guard, balance, dt)
        if reason != p.pause:
            self.ctx.sounds.play("pause" if reason else "go")
            if reason in ("off", "limits"):
                self._log_incident(p, reason, balance)
        p.pause = reason

    def _log_incident(self, p: SeatPlay, kind: str, balance) -> None:
        storage = self.ctx.storage
        if storage is None:
            return
        from poise.game.clinic.record import incident_detail  # numbers, put into words when read

        detail = incident_detail(kg=balance.total if kind == "off" else None, seat=p.seat.index + 1)
        try:
            pid = storage.player_id(p.seat.player, create=True) if p.seat.player else None
            storage.log_incident(pid, None, p.level.spec.id, "load-loss" if kind == "off" else "beyond-limits",
                                 detail)
        except StorageError:
            pass  # a locked database must not stop the game; the pause still happens

    def _steer(self, p: SeatPlay, t: float) -> None:
        """The simulated person on a seat's board follows that seat's level."""
        pilot = p.seat.feed.autopilot
        if pilot is None:
            return
        playing = self.stage == "play" and not p.level.finished
        stance, target = p.level.autopilot_goal() if playing else ("both", None)
        if p.pause == "limits":
            target = None
        elif p.pause == "off":
            stance, target = "both", None
        pilot.set_stance(t, stance or "both")
        pilot.aim(t, target)
        closed = playing and p.level.eyes_closed_now()
        if closed != p.eyes_closed:
            pilot.set_eyes(t, closed)
            p.eyes_closed = closed

    def _shown(self, standing: float) -> str:
        """A standing as the screen words it (the versus measure)."""
        return messages.render(self.versus.measure, {"value": standing}, self.templates)[0]

    def standings(self) -> list[float | None]:
        return [self.plays[0].level.standing(self.plays[1].level), self.plays[1].level.standing(self.plays[0].level)]

    def _finish(self) -> None:
        """Once the worker has prepared both attempts (or at once, unwatched): store them on this thread and show
        the match's results."""
        if not all(f.wait(0.001) for f in self.finishers):  # a frame can spare a millisecond or two
            return
        names = [p.seat.player or _("Guest") for p in self.plays]
        decided = outcomes([p.level for p in self.plays], self.versus, self._shown)
        match = Match(str(uuid.uuid4()), "together" if self.versus.together else "versus",
                      ((names[1],), (names[0],)), decided)
        prepared = [f.prepared for f in self.finishers] or [None] * len(self.plays)
        samples = [f.samples for f in self.finishers] or [p.recording for p in self.plays]
        plays = [Play(p.seat.index, p.seat.feed, p.seat.player, p.level, rec, self.started_at, p.status_at_start, ready)
                 for p, rec, ready in zip(self.plays, samples, prepared)]
        standings = self.standings()
        results = finish_attempts(self.ctx, plays, match)
        if self.on_finish is not None:
            self.on_finish(results)
        self.stack.replace("match_results", spec=self.level.spec, results=results, standings=standings,
                           versus=self.versus, level_type=type(self.level))

    # drawing ----------------------------------------------------------------------------------------------
    def areas(self, frame) -> list[tuple[int, int, int, int]]:
        """Each seat's area on the canvas: side by side under the title bar."""
        return seat_areas(frame.below(ui.TOP_BAR).area, len(self.plays))

    def _picture_area(self, area) -> tuple[int, int, int, int]:
        x, y, w, h = area
        return x, y + BANNER, w, h - BANNER

    def seat_arena(self, frame, seat: int):
        if self.stage != "play" or self.menu or seat >= len(self.plays) or self.plays[seat].pause:
            return None
        p = self.plays[seat]
        return p.picture.arena(p.level, self._picture_area(self.areas(frame)[seat]), frame.scale)

    def late(self) -> bool:
        return self.stack is not None and self.stack.top is self and self.stage == "play" and not self.menu \
            and self.level.has_marker

    def draw(self, surface, frame) -> None:
        surface.blit(ui.background(frame.size), (0, 0))
        boards = "  ·  ".join(p.seat.board.info.name for p in self.plays)
        names = _("{a} and {b}").format(a=self.plays[0].seat.player or _("Guest"),
                                        b=self.plays[1].seat.player or _("Guest"))
        ui.top_bar(surface, frame.rect, f"{self.level.spec.text('title')}: {names}", boards,
                   any(p.seat.board.info.simulated for p in self.plays))
        late = self.late()
        standings = self.standings()
        window = self.stack.window if self._plain_play() else None
        self.held = window is not None
        for p, area, standing in zip(self.plays, self.areas(frame), standings):
            inner = self._picture_area(area)
            picture = p.picture.draw(p.level, inner, frame.scale, p.seat.feed.latest,
                                     marker=not late or p.pause is not None)
            if window is not None:
                window.hold(picture, inner)
            else:
                p.picture.put(surface, inner)
            self._banner(surface, p, area, standing)
            if p.pause and self.stage == "play" and not p.level.finished:
                self._seat_pause(surface, p, inner)
            elif p.level.finished and self.stage == "play":
                self._seat_done(surface, inner)
        if self.stage == "intro":
            self._draw_intro(surface, frame)
        elif self.stage == "countdown":
            ui.shade(surface, 110, frame.rect)
            number = COUNTDOWN_S - int(self.stage_t)
            ui.text(surface, str(number), frame.centre, 220, "text", anchor="center", bold=True)
            ui.text(surface, _("Get ready, both of you"), (frame.centre[0], frame.centre[1] + 170), 40, "muted",
                    anchor="center", bold=True)
        elif self.menu:
            self._draw_menu(surface, frame)

    def _plain_play(self) -> bool:
        """Both seats playing with nothing drawn over their levels: their pictures may go straight on the window
        (stack.window); over a pause, a finished seat's box or the menu they are scaled onto the canvas."""
        return self.stack is not None and self.stack.top is self and self.stage == "play" and not self.menu \
            and all(p.pause is None and not p.level.finished for p in self.plays)

    def draw_late(self, surface, frame) -> list[pygame.Rect]:
        """Each playing seat's balance point; returns the canvas rectangles changed (none when the pictures are
        on the window itself)."""
        out = []
        window = self.stack.window if self.held else None
        for p, area in zip(self.plays, self.areas(frame)):
            if p.pause is None:
                inner = self._picture_area(area)
                if window is not None:
                    p.picture.draw_late(p.level, inner, frame.scale, p.seat.feed.latest, window.surface,
                                        window.rect(inner))
                else:
                    out += p.picture.draw_late(p.level, inner, frame.scale, p.seat.feed.latest, surface, inner)
        return out

    def handicap(self, p: SeatPlay) -> str:
        """The seat's handicap in words: how far its targets reach, and whether from the player's own measured
        limits of stability or from the cautious default for their height (not measured yet)."""
        r = p.level.reach
        args = {"name": p.seat.player or _("Guest"), "forward": format_number(r.forward, 0),
                "sides": format_number((r.left + r.right) / 2, 0)}
        if r.measured:
            return _("targets at {name}'s own limits: {forward} mm forward, {sides} mm sideways").format(**args)
        # TRANSLATORS: a player whose limits of stability were never measured plays with a cautious default
        return _("cautious default for {name}'s height: {forward} mm forward, {sides} mm sideways").format(**args)

    def _banner(self, surface, p: SeatPlay, area, standing) -> None:
        x, y, w, _h = area
        strip = pygame.Rect(x + 8, y + 6, w - 16, BANNER - 10)
        ui.panel(surface, strip, radius=12, alpha=220)
        role = {"lead": _("leads"), "follow": _("follows")}.get(p.level.seat.role or "", "")
        name = p.seat.player or _("Guest")
        title = f"{name} · {role}" if role else name
        ui.fit_text(surface, title, w // 2 - 20, (strip.left + 14, strip.top + 4), 28,
                    ("accent_light", "warn")[p.seat.index], bold=True)
        if p.handicap is None:  # worded once: the reach and the language stay for the whole match
            p.handicap = self.handicap(p)
        ui.fit_text(surface, p.handicap, w - 40, (strip.left + 14, strip.bottom - 4), 24, "muted",
                    anchor="bottomleft")
        if standing is not None:
            ui.text(surface, self._shown(standing), (strip.right - 14, strip.top + 4), 28, "text", anchor="topright",
                    bold=True)

    def _seat_pause(self, surface, p: SeatPlay, area) -> None:
        rect = pygame.Rect(area)
        ui.shade(surface, 170, rect)
        box = pygame.Rect(0, 0, rect.width - 60, 170)
        box.center = rect.center
        ui.panel(surface, box, alpha=250)
        title = seat_pause_text()[p.pause]
        ui.wrapped(surface, title, box.inflate(-40, 0).move(0, 24).clip(box), 34, "warn")
        detail = {"disconnected": p.seat.feed.last_status.message, "fault": p.seat.feed.fault}.get(p.pause) or \
            _("Play carries on when {name} is back.").format(name=p.seat.player or _("Guest"))
        ui.fit_text(surface, detail, box.width - 40, (box.centerx, box.bottom - 30), 24, "muted",
                anchor="center")

    def _seat_done(self, surface, area) -> None:
        rect = pygame.Rect(area)
        box = pygame.Rect(0, 0, rect.width - 120, 90)
        box.center = rect.center
        ui.panel(surface, box, alpha=235)
        ui.text(surface, _("Finished: waiting for the other seat"), box.center, 28, "good", anchor="center", bold=True)

    def _draw_intro(self, surface, frame) -> None:
        ui.shade(surface, 170, frame.rect)
        box = pygame.Rect(0, 0, min(1000, frame.size[0] - 80), 520)
        box.center = (frame.centre[0], frame.centre[1] + 20)
        ui.panel(surface, box, alpha=250)
        kind = _("played together") if self.versus.together else _("head to head")
        ui.fit_text(surface, f"{self.level.spec.text('title')}: {kind}", box.width - 60, (box.centerx, box.top + 50), 52,
                    "text", anchor="center", bold=True)
        rule = messages.render(self.versus.rule, {}, self.templates)[0]
        y = ui.wrapped(surface, rule, box.inflate(-100, 0).move(0, 100).clip(box), 30)
        ui.fit_text(surface, _("A fair match: each player's targets are scaled to their own limits of stability."),
                    box.width - 60, (box.centerx, y + 20), 26, "accent_light", anchor="center")
        for i, p in enumerate(self.plays):
            ui.fit_text(surface, f"{i + 1}. {self.handicap(p)}", box.width - 100, (box.left + 50, y + 70 + 40 * i), 26,
                        ("accent_light", "warn")[i])
        ui.fit_text(surface, _("Press Enter when you are both ready  ·  Esc to go back"), box.width - 60,
                    (box.centerx, box.bottom - 34), 30, "accent_light", anchor="center", bold=True)

    def _draw_menu(self, surface, frame) -> None:
        ui.shade(surface, 170, frame.rect)
        box = pygame.Rect(0, 0, 720, 300)
        box.center = frame.centre
        ui.panel(surface, box, alpha=250)
        ui.text(surface, _("Paused"), (box.centerx, box.top + 60), 64, "text", anchor="center", bold=True)
        for i, label in enumerate((_("Resume"), _("Quit the match"))):
            r = pygame.Rect(0, 0, 320, 60)
            r.center = (box.centerx, box.top + 150 + i * 76)
            ui.button(surface, r, label, i == self.menu_choice)
