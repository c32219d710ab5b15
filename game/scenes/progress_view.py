"""The player's progress screen: weekly trends of the balance check with their bands and verdicts,
a calendar of training days, streaks, dose and personal bests. Drawn with pygame, read-only."""
from __future__ import annotations

import datetime as dt

import pygame

from poise.i18n import N_, _, format_date, format_number, ngettext, pgettext
from poise.game.media import fx, ui
from poise.game.clinic.progress import progress, week_monday
from poise.game.clinic.report import COLOURS, NAMES
from poise.game.storage.store import StorageError
from poise.game.clinic.today import adherence

from .advice import board_badge
from .base import Scene

VERDICT_COLOUR = {"improved": "good", "worse": "bad", "no clear change yet": "muted", "not enough data": "muted"}
VERDICT_WORDS = {"improved": N_("improved"), "worse": N_("worse"), "no clear change yet": N_("no clear change yet"),
                 "not enough data": N_("not enough data")}


def read_progress(storage, player: str | None, today: dt.date | None):
    """(progress, adherence, headline) of `player` as the screen shows them; StorageError when unreadable."""
    from poise.game.clinic.headline import for_player

    return (progress(storage, player, today=today), adherence(storage, player, today=today),
            for_player(storage, player))


class ProgressScene(Scene):
    def __init__(self, ctx, today: dt.date | None = None):
        super().__init__(ctx)
        self.today = today
        self.error = ""
        self.data = None
        self.adherence: dict = {}
        self.reading = None  # the Future of (progress, adherence, headline) being read

    BUTTONS = (N_("Weekly check"), N_("Back"))

    def on_enter(self) -> None:
        """Read the player's weeks on a reading thread (about 0.1 s of queries and statistics for two years of
        them, poise.game.engine.background) while the screen is already shown; at once on a virtual clock."""
        from poise.game.engine import background

        self.index = 0
        self.reading = background.read(self.ctx.storage, read_progress, self.ctx.player, self.today,
                                       aside=self.ctx.offload)
        self._read()

    def _read(self) -> None:
        """Take in what the reading thread found, once it has."""
        if self.reading is None or not self.reading.done():
            return
        future, self.reading = self.reading, None
        try:
            self.data, self.adherence, self.headline = future.result()
            self.error = ""
        except StorageError as exc:
            self.error = str(exc)

    def fixed_update(self, t, dt, balance) -> None:
        self._read()

    def on_resume(self) -> None:
        self.on_enter()  # back from a check: its week is on the charts now

    def buttons(self, frame) -> list[pygame.Rect]:
        w, h = frame.size
        width = (400 - 12) // 2
        return [pygame.Rect(w - 440 + i * (width + 12), h - 76, width, 52) for i in range(2)]

    def handle(self, intent) -> None:
        if intent.kind == "back":
            self.stack.pop()
        elif intent.kind in ("left", "right", "up", "down"):
            self.index = 1 - self.index
        elif intent.kind == "confirm":
            self._choose(self.index)
        elif intent.kind == "click" and intent.pos is not None:
            for i, r in enumerate(self.buttons(self.stack.frame)):
                if r.collidepoint(intent.pos):
                    self._choose(i)

    def _choose(self, i: int) -> None:
        if self.reading is not None:  # chosen in the tenth of a second the weeks are being read: they are waited for
            self.reading.result()
            self._read()
        if i == 1 or self.data is None:
            self.stack.pop()
            return
        from poise.game.level.levelsetup import prepare

        self.stack.push("play", level=prepare(self.ctx, "balance-check"))

    def draw(self, surface, frame) -> None:
        w, h = frame.size
        surface.blit(ui.background(frame.size), (0, 0))
        info = self.ctx.feed.board.info
        ui.top_bar(surface, frame.rect, _("Progress of {name}").format(name=self.ctx.player or "—"), info.name, board_badge(info))
        if self.data is None:
            if self.reading is None:  # (nothing is shown for the tenth of a second it is being read)
                ui.text(surface, self.error or _("No player chosen"), (w / 2, 300), 34, "muted", anchor="center")
            return
        p = self.data
        side = pygame.Rect(w - 440, 84, 400, 548)
        chart_w = side.left - 20 - 40
        self._chart(surface, pygame.Rect(40, 84, chart_w, 232), ("eyes-open", "eyes-closed"), _("Two feet: sway speed"))
        self._chart(surface, pygame.Rect(40, 326, chart_w, 232), ("left-leg", "right-leg"), _("One leg: sway speed"))
        self._headline(surface, pygame.Rect(40, 568, chart_w, 64))
        ui.panel(surface, side)
        y = side.top + 16
        ui.text(surface, _("What changed"), (side.left + 20, y), 30, "text", bold=True)
        y += 40
        for v in p.verdicts:
            words = _(VERDICT_WORDS.get(v.verdict, v.verdict))
            label = words if v.verdict == "not enough data" else \
                f"{words} ({'+' if v.change_pct >= 0 else '−'}{format_number(abs(v.change_pct))} %)"
            ui.label_value(surface, _(NAMES.get(v.condition, v.condition)), label, side.left + 20, side.right - 20, y,
                           24, value_col=VERDICT_COLOUR[v.verdict], bold=True)
            y += 28
        y += 8
        hist = p.history
        for label, value in ((_("Training days"), str(len(hist.days))),
                             (_("Streak"), _("{now} (best {best})").format(now=hist.current_streak,
                                                                           best=hist.longest_streak)),
                             (_("Minutes"), format_number(hist.total_minutes)),
                             (_("One leg, left / right"), _("{left} / {right} min").format(
                                 left=format_number(hist.one_leg_s["left"] / 60),
                                 right=format_number(hist.one_leg_s["right"] / 60))),
                             (_("Weight shifts held"), str(hist.shifts))) + self._programme_row():
            ui.label_value(surface, label, value, side.left + 20, side.right - 20, y, 24)
            y += 27
        self._calendar(surface, pygame.Rect(side.left + 20, y + 10, side.width - 40, side.bottom - y - 22), hist)
        bests = ", ".join(f"{self._level_title(k)} {v}"
                          for k, v in sorted(hist.bests.items(), key=lambda kv: -kv[1])[:3])
        ui.fit_text(surface, _("Bests: {bests}").format(bests=bests) if bests else _("No attempts yet"), chart_w,
                    (40, h - 80), 24, "muted")
        note = _("Bands: 95 % from {source}.").format(source=_(p.sd_source))
        if p.excluded:
            note += " " + ngettext("{n} check left out for measurement quality.",
                                   "{n} checks left out for measurement quality.", len(p.excluded)).format(n=len(p.excluded))
        ui.fit_text(surface, note, chart_w, (40, h - 50), 24, "muted")
        for i, (r, label) in enumerate(zip(self.buttons(frame), self.BUTTONS)):
            ui.button(surface, r, ui.cut(_(label), r.width - 16, 26, bold=True), i == self.index, 26)

    def _headline(self, surface, rect: pygame.Rect) -> None:
        """How steady the player is, in one honest sentence from the open norms (poise.game.clinic.headline)."""
        ui.panel(surface, rect, border="gold")
        h = self.__dict__.get("headline")
        if h is None:
            return
        words = h if isinstance(h, str) else f"{h.words}."
        col = "muted" if isinstance(h, str) else "text"
        ui.wrapped(surface, ui.cut(words, 2 * (rect.width - 40) - 40, 24, bold=True),
                   rect.inflate(-28, -12), 24, col)

    def _level_title(self, level_id: str) -> str:
        """A level's title in the player's language (the id in words when it is no longer installed)."""
        try:
            return self.ctx.levels.spec(level_id).text("title")
        except (KeyError, LookupError, AttributeError, ValueError):
            return level_id.replace("-", " ")

    def _programme_row(self) -> tuple:
        """The daily programme's sessions done against planned, once one has been played (poise.game.clinic.today)."""
        a = self.adherence
        if not a.get("programme"):
            return ()
        share = f" ({format_number(100 * a['share'])} %)" if a["share"] is not None else ""
        return ((_("Programme sessions"), _("{done} of {planned}").format(done=a["done"], planned=a["planned"]) + share),)

    def _chart(self, surface, rect: pygame.Rect, conditions, title: str) -> None:
        """A condition pair's weekly sway speed with its 95 % bands; labelled axes, a legend, the first and last week."""
        ui.panel(surface, rect)
        ui.fit_text(surface, title, rect.width - 32, (rect.left + 16, rect.top + 10), 28, "text", bold=True)
        pts = [pt for pt in self.data.points if pt.condition in conditions]
        if not pts:
            ui.fit_text(surface, _("no balance checks yet: Weekly check, below, takes one"), rect.width - 32, rect.center,
                        24, "muted", anchor="center")
            return
        weeks = sorted({pt.week for pt in self.data.points})
        lo = min(pt.low for pt in pts) * 0.9
        hi = max(pt.high for pt in pts) * 1.05
        plot = pygame.Rect(rect.left + 70, rect.top + 70, rect.width - 100, rect.height - 110)
        to_x = lambda w: plot.left + (weeks.index(w) / max(1, len(weeks) - 1)) * plot.width  # noqa: E731
        to_y = lambda v: plot.bottom - (v - lo) / (hi - lo) * plot.height  # noqa: E731
        ui.text(surface, "mm/s", (plot.left - 8, plot.top - 12), 24, "muted", anchor="bottomright")
        ticks = 3 if plot.height < 150 else 4
        for k in range(ticks + 1):
            v = lo + k * (hi - lo) / ticks
            y = to_y(v)
            pygame.draw.line(surface, ui.colour("grid"), (plot.left, y), (plot.right, y), 1)
            ui.text(surface, f"{v:.0f}", (plot.left - 8, y), 24, "muted", anchor="midright")
        x = rect.right - 16
        for c in reversed(conditions):  # the legend, along the top right
            cp = [pt for pt in pts if pt.condition == c]
            col = pygame.Color(COLOURS[c])
            room = (rect.width - 140) // len(conditions) - 40  # each entry its share, clear of the axis' unit
            r = ui.fit_text(surface, _(NAMES[c]), room, (x, rect.top + 40), 24, tuple(col[:3]), anchor="topright")
            pygame.draw.line(surface, col, (r.left - 26, r.centery), (r.left - 8, r.centery), 4)
            x = r.left - 40
            if not cp:
                continue
            band = [(to_x(pt.week), to_y(pt.high)) for pt in cp] + [(to_x(pt.week), to_y(pt.low)) for pt in reversed(cp)]
            if len(cp) > 1:
                fx.polygon_alpha(surface, (col.r, col.g, col.b, 60), band)
                pygame.draw.lines(surface, col, False, [(to_x(pt.week), to_y(pt.velocity)) for pt in cp], 3)
            for pt in cp:
                pygame.draw.circle(surface, col, (round(to_x(pt.week)), round(to_y(pt.velocity))), 5)
        ui.text(surface, _week(weeks[0]), (plot.left, plot.bottom + 6), 24, "muted", anchor="topleft")
        if len(weeks) > 1:
            ui.text(surface, _week(weeks[-1]), (plot.right, plot.bottom + 6), 24, "muted", anchor="topright")

    def _calendar(self, surface, rect: pygame.Rect, h) -> None:
        """The last 12 weeks, a square a day (Monday at the top), filled when you trained; months along the top."""
        today = self.today or dt.date.today()
        days = set(h.days)
        ui.fit_text(surface, _("Training days, last 12 weeks"), rect.width, (rect.left, rect.top), 24, "text", bold=True)
        top = rect.top + 56
        left = rect.left + 22
        size = max(8, min((rect.right - left) // 12 - 3, (rect.bottom - top) // 7 - 3))
        start = today - dt.timedelta(days=today.weekday() + 7 * 11)
        # TRANSLATORS: the first letters of Monday, Wednesday, Friday, Sunday beside the calendar of training days
        letters = (pgettext("weekday", "M"), pgettext("weekday", "W"), pgettext("weekday", "F"), pgettext("weekday", "S"))
        for d, letter in zip((0, 2, 4, 6), letters):
            ui.text(surface, letter, (rect.left, top + d * (size + 3) + size / 2), 24, "muted", anchor="midleft")
        month, free_from = None, rect.left
        for week in range(12):
            first = start + dt.timedelta(days=7 * week)
            x = left + week * (size + 3)
            if first.month != month and x >= free_from and x + 40 <= rect.right:
                month = first.month
                free_from = ui.text(surface, format_date(first, "month"), (x, top - 4), 24, "muted", anchor="bottomleft").right + 6
            for d in range(7):
                day = first + dt.timedelta(days=d)
                if day > today:
                    continue
                cell = pygame.Rect(left + week * (size + 3), top + d * (size + 3), size, size)
                pygame.draw.rect(surface, ui.colour("good" if day.isoformat() in days else "grid"), cell,
                                 border_radius=3)


def _week(iso_week: str) -> str:
    """'2026-W19' -> 'week of 4 May 2026': the Monday it starts on, in words."""
    try:
        return _("week of {date}").format(date=format_date(week_monday(iso_week)))
    except ValueError:
        return iso_week
