"""Playing a level: safety prompt and instructions, play with automatic pauses, then results."""
from __future__ import annotations

import copy
import math

import pygame

from poise.i18n import N_, _, ngettext
from poise.game.media import coach, ui
from poise.game.engine import worker
from poise.game.level.attempt import Finisher, finish_attempt
from poise.game.level.levelsetup import player_height
from poise.game.engine.safety import LimitsGuard, pause_reason
from poise.game.storage.store import StorageError, now_iso

from .advice import board_badge, controls, input_source
from .cues import Cues
from .base import Scene
from .widgets import before_play

AUTOPLAY_CONFIRM_S = 1.0
COUNTDOWN_S = 3  # "3, 2, 1" between the instructions and play, then "go"

PAUSE_TEXT = {
    "off": (N_("Step back on the board"), N_("The level carries on when you are standing on it again.")),
    "limits": (N_("Find your balance"),
               N_("You leaned past your limits. Bring the dot back into the ring; play carries on.")),
    "disconnected": (N_("Board disconnected"), N_("The level resumes by itself when the board is back.")),
    "fault": (N_("Check the board"), N_("The level resumes by itself when every corner reads again.")),
}


PAUSE_MENU = ("resume", "restart", "quit")
PAUSE_LABELS = {"resume": N_("Resume"), "restart": N_("Restart"), "quit": N_("Quit level")}


def level_frame(frame):
    """The level's own frame: the screen's, under the title bar."""
    return frame.below(ui.TOP_BAR)


class PlayScene(Scene):
    def __init__(self, ctx, level, on_finish=None, match=None):
        super().__init__(ctx)
        self.level = level
        self.fresh = copy.deepcopy(level)  # as it was before play: a restart starts from it
        self.match = match  # a turn of a match on one board (poise.game.level.attempt.Match): stored with it
        self.on_finish = on_finish  # a session's hook: gets the result, then this scene leaves (no results screen)
        self.stage = "intro"  # intro -> play
        self.pause: str | None = None  # None, "menu", "off", "disconnected", "fault", "limits"
        self.stage_t = 0.0
        self.pause_menu = 0
        self.captured = False
        self.finisher: Finisher | None = None  # metrics of the finished attempt, made off the main thread
        self._backdrop: pygame.Surface | None = None
        try:
            height = player_height(ctx.storage, ctx.player)
        except StorageError:
            height = None
        self.guard = LimitsGuard(level.reach, height)  # the safety pause for leaning far (poise.game.engine.safety)
        self.cues = Cues(ctx.voice.say)  # what the coach says now, captioned

    @property
    def text_mode(self) -> bool:
        return False

    def on_enter(self) -> None:
        if self.ctx.offload:
            worker.warm()  # scipy is imported in the worker while the player plays, never on this thread
        self.cues.instruction(self.level.spec.text("title"), self.level.spec.text("instructions"))
        self.ctx.sounds.sting(self.music, "start")  # the game family's own opening phrase
        self.recording = self.ctx.feed.record()
        self.started_at = now_iso()
        self.status_at_start = self.ctx.feed.last_status  # the board's counters go on from here

    def on_exit(self) -> None:
        self.ctx.feed.stop_recording(self.recording)
        self.ctx.sounds.sonify(None)

    # input ----------------------------------------------------------------
    def handle(self, intent) -> None:
        if before_play(self, intent, self._start):
            return
        if self.pause == "menu":
            if intent.kind in ("up", "down"):
                self.pause_menu = (self.pause_menu + (1 if intent.kind == "down" else -1)) % len(PAUSE_MENU)
            elif intent.kind == "click" and intent.pos is not None:
                hit = next((i for i, r in enumerate(self.pause_buttons(self.stack.frame)) if r.collidepoint(intent.pos)),
                           None)
                if hit is not None:
                    self.pause_menu = hit
                    self._pause_choice(hit)
            elif intent.kind == "back":
                self.pause = None
                self._mark("resume", self.ctx.feed.latest.t)
            elif intent.kind == "confirm":
                self._pause_choice(self.pause_menu)
        elif intent.kind == "back":
            self.pause, self.pause_menu = "menu", 0
            self.ctx.sounds.play("pause")
            self._mark("pause", self.ctx.feed.latest.t, reason="menu")

    def _pause_choice(self, i: int) -> None:
        choice = PAUSE_MENU[i]
        if choice == "resume":
            self.pause = None
            self._mark("resume", self.ctx.feed.latest.t)
        elif choice == "restart":  # the same level from its countdown, nothing of this try kept
            self._mark("level-end", self.ctx.feed.latest.t, restart=True)
            self.stack.replace("play", level=copy.deepcopy(self.fresh), on_finish=self.on_finish)
        else:
            self._mark("level-end", self.ctx.feed.latest.t, quit=True)
            self.stack.pop()

    def pause_buttons(self, frame) -> list[pygame.Rect]:
        box = self._pause_box(frame)
        out = []
        for i in range(len(PAUSE_MENU)):
            r = pygame.Rect(0, 0, 300, 56)
            r.center = (box.centerx, box.top + 140 + i * 68)
            out.append(r)
        return out

    @staticmethod
    def _pause_box(frame) -> pygame.Rect:
        box = pygame.Rect(0, 0, 720, 360)
        box.center = frame.centre
        return box

    def _start(self) -> None:
        """The countdown: a tick on 3, 2 and 1, then "go" and play."""
        self.stage = "countdown"
        self.stage_t = 0.0
        self.ctx.sounds.play("tick")

    def _count(self, t: float, dt: float) -> None:
        before = self.stage_t - dt
        if int(self.stage_t) > int(before) and self.stage_t < COUNTDOWN_S:
            self.ctx.sounds.play("tick")
        if self.stage_t >= COUNTDOWN_S:
            self.stage = "play"
            self.stage_t = 0.0
            self.ctx.sounds.play("go")
            self.cues.go()
            self._mark("level-start", t, step=self.level.step)

    def _edge(self, balance) -> float | None:
        """How far the balance point is toward the safety pause's limit in its direction (1 at the limit), or None
        before the limits are known."""
        limits = self.guard.limits
        if limits is None or math.isnan(balance.x):
            return None
        dist, angle = limits.distance(balance.x, balance.y)
        return dist / max(1e-9, limits.beyond.along(angle))

    def _mark(self, event: str, t: float, **details) -> None:
        """A game event for a lab's recording (LSL markers, when asked for), named with the level."""
        self.ctx.mark(event, t, {"level": self.level.spec.id, **details})

    def arena(self, frame):
        return self.level.arena(level_frame(frame)) if self.stage == "play" and self.pause is None else None

    @property
    def music(self) -> str | None:
        return None if self.level.assessment else self.level.music

    @property
    def music_ducked(self) -> bool:
        """Quiet while paused and while the eyes-closed tone is guiding."""
        return self.pause is not None or getattr(self, "_toned", False)

    # fixed steps ----------------------------------------------------------
    def fixed_update(self, t, dt, balance) -> None:
        if self.finisher is not None:
            self._finish(t)
            return
        self.stage_t += dt
        self.cues.update(dt)
        self._steer(t)
        if self.stage in ("intro", "countdown"):
            self.guard.observe(balance, dt)  # the neutral point, learnt while the player reads
            if self.stage == "countdown":
                self._count(t, dt)
            elif self.ctx.autoplay and self.stage_t >= AUTOPLAY_CONFIRM_S:
                self._start()
            return
        self._update_pause(t, balance, dt)
        if self.pause is not None:
            return
        self.level.fixed_update(t, dt, balance)
        self.cues.watch(dt, self.level.in_zone, None if self.level.assessment else self._edge(balance))
        for cue in self.level.events:
            self.ctx.sounds.play(cue)
            if not self.level.assessment:  # a measurement is not coached: no cheer to sway it ("On the beat!")
                self.cues.event(cue)
        self.level.events.clear()
        for event, details in self.level.markers:
            self._mark(event, t, **details)
        self.level.markers.clear()
        if self.level.showcase and not self.captured:
            self.captured = True
            self.ctx.capture("mid-play")
        if self.level.finished:  # live, the metrics are made in the worker process while frames go on
            self._mark("level-end", t)
            if self.ctx.offload:
                self.finisher = Finisher(self.ctx, self.level, self.recording, self.started_at)
            else:
                self._finish(t)

    def _finish(self, t: float) -> None:
        """Once the worker is done (or at once, unwatched): store the attempt on this thread (the database is
        this thread's) and move on."""
        if self.finisher is not None and not self.finisher.wait(0.002):  # a frame can spare 2 ms
            return
        prepared = self.finisher.prepared if self.finisher else None  # None: finish_attempt makes it here
        samples = self.finisher.samples if self.finisher else self.recording
        result = finish_attempt(self.ctx, self.level, samples, self.started_at, self.status_at_start, prepared,
                                match=self.match)
        self._mark("result", t, **{k: result.get(k) for k in ("score", "stars", "saved", "refused") if k in result})
        if self.on_finish is not None:
            self.on_finish(result)
            self.stack.pop()
        else:
            self.stack.replace("results", spec=self.level.spec, result=result, level_type=type(self.level))

    def _update_pause(self, t: float, balance, dt: float) -> None:
        if self.pause == "menu":
            return
        reason = pause_reason(self.ctx.feed, self.level, self.guard, balance, dt)
        if reason != self.pause:
            self.ctx.sounds.play("pause" if reason else "go")
            if reason:
                self.cues.pause(reason)
                self._mark("pause", t, reason=reason)
            else:
                self._mark("resume", t)
            if reason in ("off", "limits"):
                self._log_incident(reason, balance)
        self.pause = reason

    def _log_incident(self, kind: str, balance) -> None:
        storage = self.ctx.storage
        if storage is None:
            return
        from poise.game.clinic.record import incident_detail  # numbers, put into words when read

        detail = incident_detail(kg=balance.total if kind == "off" else None)
        try:
            pid = storage.player_id(self.ctx.player, create=True) if self.ctx.player else None
            storage.log_incident(pid, self.ctx.session_id, self.level.spec.id,
                                 "load-loss" if kind == "off" else "beyond-limits", detail)
        except StorageError:
            pass  # a locked database must not stop the game; the pause still happens

    def _steer(self, t: float) -> None:
        pilot = self.ctx.feed.autopilot
        if pilot is None:
            return
        stance, target = self.level.autopilot_goal() if self.stage == "play" else ("both", None)
        if self.pause == "limits":  # someone who leaned too far comes back toward the middle
            target = None
        elif self.pause == "off":  # and someone who stepped off steps back on with both feet
            stance, target = "both", None
        pilot.set_stance(t, stance or "both")
        pilot.aim(t, target)
        closed = self.stage == "play" and self.level.eyes_closed_now()
        if closed != getattr(self, "_eyes_closed", False):
            pilot.set_eyes(t, closed)
            self._eyes_closed = closed

    # drawing ---------------------------------------------------------------
    def draw(self, surface, frame) -> None:
        tone = self.level.sonify() if self.stage == "play" and self.pause is None else None
        self.ctx.sounds.sonify(*tone) if tone else self.ctx.sounds.sonify(None)
        self._toned = tone is not None
        inner = level_frame(frame)
        if self._backdrop is None or self._backdrop[0] != frame or ui.RECORDING is not None:
            # (repainted for a new frame: resized, or moved to a screen of another shape or scale; and
            # while the layout is checked)
            self._backdrop = (frame, self._paint_backdrop(surface.get_size(), frame))
        surface.blit(self._backdrop[1], (0, 0))
        if self.stage != "countdown":  # the count stands alone: nothing of the level's text under "3, 2, 1"
            self.level.draw(surface, inner, self.ctx.feed.latest)
            if not self.late():  # under an overlay, or a screen above this one: drawn now, in its place
                self.level.draw_marker(surface, inner, self.ctx.feed.latest)
        self._status_line(surface, inner)
        if self.stage == "intro":
            self._draw_intro(surface, frame)
        elif self.stage == "countdown":
            self._draw_countdown(surface, frame)
        elif self.pause:
            self._draw_pause(surface, frame)

    def late(self) -> bool:
        """In play with nothing over it, the balance point is drawn last, after one more poll of the board."""
        return self.stack is not None and self.stack.top is self and self.stage == "play" and self.pause is None \
            and self.level.has_marker

    def draw_late(self, surface, frame) -> list[pygame.Rect]:
        return self.level.draw_marker(surface, level_frame(frame), self.ctx.feed.latest)

    def _paint_backdrop(self, size, frame) -> pygame.Surface:
        """Background, title bar and the level's static panels, composed once for `frame`."""
        backdrop = ui.background(size).copy()
        info = self.ctx.feed.board.info
        ui.top_bar(backdrop, frame.rect, self.level.spec.text("title"), f"{self.ctx.player or ''}  ·  {info.name}",
                   board_badge(info))
        self.level.draw_static(backdrop, level_frame(frame))
        return backdrop

    def _status_line(self, surface, inner) -> None:
        status = self.ctx.feed.last_status
        source = input_source(self.ctx.feed.board)
        problems = [status.message] if status.connected and status.message and source is None else []
        if status.corrupt_frames:
            problems.append(ngettext("{n} corrupt frame dropped", "{n} corrupt frames dropped",
                                     status.corrupt_frames).format(n=status.corrupt_frames))
        if status.lost_samples:
            problems.append(ngettext("{n} sample lost", "{n} samples lost", status.lost_samples)
                            .format(n=status.lost_samples))
        if status.dropped_frames:
            problems.append(ngettext("{n} out-of-line frame dropped", "{n} out-of-line frames dropped",
                                     status.dropped_frames).format(n=status.dropped_frames))
        if status.spikes:
            problems.append(ngettext("{n} spike left out", "{n} spikes left out", status.spikes).format(n=status.spikes))
        if status.battery is not None and status.battery < 0.25:
            problems.append(_("batteries low"))
        rate = self.ctx.feed.rate
        if rate.low:
            problems.append(rate.text)
        # under the side panel, beside the level's instruction (which keeps to the width of the play area)
        side = inner.side
        space = pygame.Rect(side.left - 20, side.bottom + 2, side.width + 40, inner.rect.bottom - side.bottom - 10)
        if problems:
            ui.wrapped(surface, ui.cut("  ·  ".join(problems), 2 * space.width - 40, 24), space, 24, "warn")
        elif self.cues.caption and self.stage == "play":  # what the coach just said, in words
            face = pygame.Rect(space.left, space.top + 2, 30, 30)
            coach.face(surface, face.center, 14)
            ui.wrapped(surface, ui.cut(self.cues.caption, 2 * (space.width - 40) - 20, 26, bold=True),
                       pygame.Rect(space.left + 40, space.top, space.width - 40, space.height), 26, "accent_light")
        elif source is not None and self.stage == "play":  # the hands' board: what to do with them, here
            ui.wrapped(surface, controls(self.level.spec.id, source, short=True), space, 24, "muted")
        elif rate.text:
            ui.text(surface, rate.text, space.bottomright, 24, "muted", anchor="bottomright")

    def _draw_countdown(self, surface, frame) -> None:
        """3, 2, 1 in the middle of the screen, each one popping in and settling, with a ring running down."""
        ui.shade(surface, 110, frame.rect)
        number = COUNTDOWN_S - int(self.stage_t)
        k = self.stage_t - int(self.stage_t)  # 0..1 through this number
        size = round(240 * (1.25 - 0.25 * min(1.0, k * 4)))  # pops in, settles
        centre = frame.centre
        disc = pygame.Surface((320, 320), pygame.SRCALPHA)
        pygame.draw.circle(disc, (*ui.colour("bar"), 200), (160, 160), 160)
        surface.blit(disc, (centre[0] - 160, centre[1] - 160))
        ui.ring_timer(surface, centre, 150, 1.0 - k, "", "accent_light")
        ui.text(surface, str(number), centre, size, "text", anchor="center", bold=True,
                alpha=round(255 * min(1.0, 1.6 - k)))
        ui.text(surface, _("Get ready"), (centre[0], centre[1] + 200), 40, "muted", anchor="center", bold=True)

    def _draw_intro(self, surface, frame) -> None:
        ui.shade(surface, 170, frame.rect)
        width = 900
        words_width = width - 230 - 70  # left of Pip
        source = input_source(self.ctx.feed.board)
        hint = controls(self.level.spec.id, source) if source is not None else ""
        instructions = self.level.spec.text("instructions")
        support = _("Stand next to a wall or a sturdy chair you can touch at any time.")
        heading = ui.px(30) + 16  # the safety box's "Safety first", then its sentence
        safety = (ui.wrapped_height(support, words_width + 20 - 40, 24) + heading + 14) \
            if self.level.spec.needs_support else 0

        def needed(s: int) -> int:
            return ui.wrapped_height(instructions, words_width, s) + \
                (ui.wrapped_height(hint, words_width, min(s, 24)) + 10 if hint else 0)

        # the largest size that fits the usual card; a longer text (a longer language, a larger text size) makes the
        # card taller, up to the screen's height, before its words get smaller still
        sizes = [s for s in (28, 26, 24, 22, 20, 18) if ui.px(s) >= ui.MIN_TEXT] or [ui.MIN_TEXT]
        most = frame.size[1] - 24
        size = next((s for s in sizes[:3] if needed(s) <= 520 - 170 - safety), None) or \
            next((s for s in sizes if needed(s) <= most - 170 - safety), sizes[-1])
        box = pygame.Rect(0, 0, width, min(most, max(520, needed(size) + 170 + safety)))
        box.center = (frame.centre[0], frame.centre[1] + (20 if box.height <= 520 else 0))
        ui.panel(surface, box, alpha=250)
        ui.fit_text(surface, self.level.spec.text("title"), box.width - 80, (box.centerx, box.top + 50), 60, "text",
                    anchor="center", bold=True)
        demo = pygame.Rect(box.right - 230, box.top + 90, 200, min(360, box.height - 160))  # Pip shows how
        coach.draw(surface, demo, coach.MOVES.get(self.level.spec.id, "lean"), self.stage_t)
        words = pygame.Rect(box.left + 50, box.top + 100, words_width, box.height - 100)
        y = ui.wrapped(surface, instructions, words, size)
        if hint:  # the keyboard or a controller: how to do it with them
            y = ui.wrapped(surface, hint, pygame.Rect(words.left, y + 6, words.width, box.bottom - 70 - y),
                           min(size, 24), "accent_light") + 4
        if self.level.spec.needs_support:
            warn = pygame.Rect(box.left + 40, y + 10, words.right - box.left - 30, safety - 10)
            ui.panel(surface, warn, "warn", radius=14, border=None, alpha=255)
            ui.fit_text(surface, _("Safety first"), warn.width - 40, (warn.left + 20, warn.top + 12), 30, "ink",
                        bold=True)
            ui.wrapped(surface, support, pygame.Rect(warn.left + 20, warn.top + heading, warn.width - 40,
                                                     warn.height - heading), 24, "ink")
        ready = (_("Press A when you are ready  ·  B to go back") if source == "pad" else
                 _("Press Enter when you are ready  ·  Esc to go back"))
        ui.fit_text(surface, ready, box.width - 60, (box.centerx, box.bottom - 34), 30, "accent_light", anchor="center",
                    bold=True)

    def _draw_pause(self, surface, frame) -> None:
        ui.shade(surface, 170, frame.rect)
        if self.pause == "limits":
            self._draw_limits_pause(surface, frame)
            return
        box = self._pause_box(frame) if self.pause == "menu" else pygame.Rect(0, 0, 720, 300)
        box.center = frame.centre
        ui.panel(surface, box, alpha=250)
        if self.pause == "menu":
            ui.text(surface, _("Paused"), (box.centerx, box.top + 60), 64, "text", anchor="center", bold=True)
            for i, (r, key) in enumerate(zip(self.pause_buttons(frame), PAUSE_MENU)):
                ui.button(surface, r, _(PAUSE_LABELS[key]), i == self.pause_menu)
        else:
            title, body = (_(words) for words in PAUSE_TEXT[self.pause])
            ui.fit_text(surface, title, box.width - 60, (box.centerx, box.top + 80), 60, "warn", anchor="center",
                        bold=True)
            detail = {"disconnected": self.ctx.feed.last_status.message,
                      "fault": self.ctx.feed.fault}.get(self.pause, "")
            y = ui.wrapped(surface, detail, pygame.Rect(box.left + 40, box.top + 130, box.width - 80, 80), 28) \
                if detail else box.top + 150
            ui.wrapped(surface, body, pygame.Rect(box.left + 40, y, box.width - 80, box.bottom - 60 - y), 28, "muted")
            ui.fit_text(surface, _("Esc for the pause menu"), box.width - 60, (box.centerx, box.bottom - 40), 26, "muted",
                        anchor="center")

    def _draw_limits_pause(self, surface, frame) -> None:
        """Leaned past the limits: a banner, and above the dimming the point to come back to (a ring around
        the neutral point, or the foot's point on one leg), the limits, and the dot where the balance is."""
        title, body = (_(words) for words in PAUSE_TEXT["limits"])
        box = pygame.Rect(0, 0, 960, 150)
        box.midtop = (frame.centre[0], frame.area[1] + ui.TOP_BAR + 12)
        ui.panel(surface, box, alpha=250)
        ui.fit_text(surface, title, box.width - 40, (box.centerx, box.top + 42), 56, "warn", anchor="center", bold=True)
        ui.fit_text(surface, body, box.width - 40, (box.centerx, box.top + 92), 28, "muted", anchor="center")
        ui.fit_text(surface, _("Esc for the pause menu"), box.width - 40, (box.centerx, box.top + 128), 22, "muted",
                    anchor="center")
        limits = self.guard.limits
        if limits is None:
            return
        area = pygame.Rect(0, 0, 900, 470)
        area.midtop = (frame.centre[0], box.bottom + 10)
        b, n = limits.beyond, limits.near
        finite = [v for v in (b.left, b.right) if v < 1e5]
        half_x = 1.5 * max(finite + [n.left, n.right])
        half_y = 1.5 * max(b.forward, b.back)
        scale = min(area.width / (2 * half_x), area.height / (2 * half_y))

        def px(dx: float, dy: float) -> tuple[int, int]:
            return (round(min(max(area.centerx + dx * scale, area.left), area.right)),
                    round(min(max(area.centery - dy * scale, area.top), area.bottom)))

        def outline(r) -> list[tuple[int, int] | None]:
            """The limits around the origin; None where they leave the area (no limit toward the lifted foot)."""
            pts: list[tuple[int, int] | None] = []
            for a in range(0, 360, 3):
                ang = math.radians(a)
                x, y = r.along(ang) * math.cos(ang), r.along(ang) * math.sin(ang)
                pts.append(px(x, y) if abs(x) <= half_x and abs(y) <= half_y else None)
            return pts

        edge = outline(b)
        for i, p in enumerate(edge):  # the limits, in pieces where they are inside the area
            q = edge[(i + 1) % len(edge)]
            if p is not None and q is not None:
                pygame.draw.line(surface, ui.colour("bad"), p, q, 3)
        ring = [p for p in outline(n) if p is not None]
        zone = pygame.Surface(area.size, pygame.SRCALPHA)
        pygame.draw.polygon(zone, (*ui.colour("good")[:3], 90), [(x - area.left, y - area.top) for x, y in ring])
        surface.blit(zone, area.topleft)
        pygame.draw.polygon(surface, ui.colour("good"), ring, 3)
        c = px(0.0, 0.0)  # the centre marker: the point the limits are measured from
        pygame.draw.line(surface, ui.colour("text"), (c[0] - 12, c[1]), (c[0] + 12, c[1]), 3)
        pygame.draw.line(surface, ui.colour("text"), (c[0], c[1] - 12), (c[0], c[1] + 12), 3)
        ui.text(surface, _("back here"), (c[0], max(p[1] for p in ring) + 18), 26, "good", anchor="center", bold=True)
        latest = self.ctx.feed.latest
        if not math.isnan(latest.fx):
            dot = px(latest.fx - limits.origin[0], latest.fy - limits.origin[1])
            pygame.draw.circle(surface, ui.colour("ink"), dot, 15)
            pygame.draw.circle(surface, ui.colour("cursor"), dot, 12)
