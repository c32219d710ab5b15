"""The results screen: score, stars, personal best, time in zone and the attempt's sway metrics."""
from __future__ import annotations

import pygame

from poise.game.level import messages
from poise.i18n import N_, _, format_date, format_number, gettext
from poise.game.media import fx, ui

from .base import Scene
from .advice import board_badge, problems, refusal_words, weight_is_a_problem
from .widgets import Menu

COUNT_UP_S = 0.8
STAR_GAP_S = 0.35

METRIC_ROWS = [  # name, metric, decimals, unit
    (N_("Sway speed"), "velocity_mm_s", 1, "mm/s"),
    (N_("Sway area (95 %)"), "ellipse95_mm2", 0, "mm²"),
    (N_("Front-back RMS"), "rms_ap_mm", 1, "mm"),
    (N_("Side-side RMS"), "rms_ml_mm", 1, "mm"),
]


def grouped(metrics: dict[str, dict]) -> dict[str, dict]:
    """Repeated trials ("eyes-open 1", "eyes-open 2", ...) become one column with their mean."""
    groups: dict[str, list[dict]] = {}
    for label, m in metrics.items():
        head, _, tail = label.rpartition(" ")
        groups.setdefault(head if tail.isdigit() and head else label, []).append(m)
    return {g: {k: sum(m[k] for m in ms) / len(ms) for k in ms[0]} for g, ms in groups.items()}


class ResultsScene(Scene):
    def __init__(self, ctx, spec, result: dict, level_type: type | None = None):
        super().__init__(ctx)
        self.spec = spec
        self.level_type = level_type
        self.result = result
        self.t = 0.0
        self.news: list[tuple[str, str]] = []  # what this attempt opened (poise.game.clinic.unlocks.news)
        self.locked: set[str] = set()  # levels not open to the player yet: "Next" passes them by
        self.captured = False
        # the result's messages are put into words here, when shown (poise.game.level.messages)
        self.templates = messages.templates_for(ctx.levels, spec.id)

    def on_enter(self) -> None:
        from poise.game.clinic.unlocks import locked_for, news

        player = self.result.get("player") or self.ctx.player
        if self.ctx.levels is not None:
            self.news = news(self.ctx.storage, player, self.ctx.levels, self.spec.id, self.result.get("attempt_id"))
            self.locked = locked_for(self.ctx.storage, player, self.ctx.levels)
        if self.ctx.sounds.sting(self.family, "fail" if self.failed else "success") is None:
            self.ctx.sounds.play("results")  # a measurement (or no game family): the results' own jingle
        self._buttons()

    @property
    def family(self) -> str | None:
        """The game family whose stingers play here (its music's style); None for a measurement."""
        kind = self.level_type
        return None if kind is None or kind.assessment else getattr(kind, "music", None)

    @property
    def failed(self) -> bool:
        """Refused, or a game played for a score that earned no star."""
        scored = self.level_type is None or self.level_type.score_measures_skill
        return self.refused or (scored and not self.result.get("stars"))

    def on_resume(self) -> None:
        self._buttons()  # back from editing the weight

    def _buttons(self) -> None:
        """Retry, the next activity and the menu; a refused measurement offers its fix instead of the next."""
        labels = [_("Retry")]
        if self.refused and weight_is_a_problem(problems(self.result)):
            labels.append(_("Edit weight"))
        elif not self.refused and self.next_level() is not None:
            labels.append(_("Next: {title}").format(title=self.ctx.levels.spec(self.next_level()).text("title")))
        labels.append(_("Menu"))
        self.menu = Menu(labels, top=-74, width=330, height=56, gap=14, columns=len(labels))
        self.menu.index = 0 if self.refused else min(1, len(labels) - 1)

    def next_level(self) -> str | None:
        """The activity after this one on the title screen that is open to the player, or None after the last."""
        ids = list(self.ctx.levels.all_specs()) if self.ctx.levels is not None else []
        if self.spec.id not in ids:
            return None
        return next((lid for lid in ids[ids.index(self.spec.id) + 1:] if lid not in self.locked), None)

    def star_at(self, i: int) -> float:
        """When the i-th star (0-based) pops in: one after another once the score has counted up."""
        return COUNT_UP_S + STAR_GAP_S * i

    @property
    def refused(self) -> bool:
        """A measurement that was not accepted (implausible): the player can do it again at once."""
        return self.result.get("details", {}).get("accepted") is False

    def handle(self, intent) -> None:
        label = self.menu.picked(intent, self.stack)
        if label is None:
            return
        self.ctx.sounds.play("select")
        from poise.game.level.levelsetup import prepare

        if label == _("Retry"):
            self.stack.replace("play", level=prepare(self.ctx, self.spec.id))
        elif label == _("Edit weight"):
            self.stack.push("profile", name=self.result.get("player") or self.ctx.player, only="weight")
        elif label == _("Menu"):
            self.stack.pop()
        else:
            self.stack.replace("play", level=prepare(self.ctx, self.next_level()))

    def fixed_update(self, t, dt, balance) -> None:
        before = self.t
        self.t += dt
        stars = 0 if self.refused or not self.level_type.score_measures_skill else self.result["stars"]
        for i in range(stars):
            if before < self.star_at(i) <= self.t:
                self.ctx.sounds.play(f"star{i + 1}")
        best_at = self.star_at(max(stars, 1)) + 0.1
        if self.result.get("personal_best") and not self.level_type.assessment and before < best_at <= self.t:
            if self.ctx.sounds.sting(self.family, "best") is None:
                self.ctx.sounds.play("best")
        self.results_shown(self.t >= COUNT_UP_S + 2 * STAR_GAP_S + 0.35, "results")  # once the stars are in

    def draw(self, surface, frame) -> None:
        surface.blit(ui.background(frame.size), (0, 0))
        r = self.result
        info = self.ctx.feed.board.info
        ui.top_bar(surface, frame.rect, _("{title}: results").format(title=self.spec.text("title")), f"{r['player'] or ''}  ·  {info.name}",
                   board_badge(info))
        if r.get("refused"):  # the level's result could not be stored: say so, and why, instead of a score
            self._draw_refused(surface, frame)
            return
        left = pygame.Rect(40, 96, 520, 540)
        ui.panel(surface, left)
        if not self.level_type.score_measures_skill:  # a measurement: lead with what it measured, not a score
            self._draw_measurement(surface, left)
            self._draw_right_and_hint(surface, frame)
            return
        if not self.refused:
            ui.text(surface, gettext(self.level_type.score_label, self.spec.domain), (left.centerx, left.top + 40), 40, "muted",
                    anchor="center")
        if self.refused:
            ui.fit_text(surface, _("Not accepted"), left.width - 40, (left.centerx, left.top + 80), 76, "warn",
                        anchor="center", bold=True)
            ui.fit_text(surface, _("Nothing was changed: see why on the right."), left.width - 40,
                        (left.centerx, left.top + 160), 28, "text", anchor="center")
        else:
            shown = min(1.0, self.t / COUNT_UP_S) * r["score"]  # count up
            ui.text(surface, f"{shown:.0f}", (left.centerx, left.top + 140), 170, "text", anchor="center", bold=True)
            for i in range(3):  # each star pops in with a burst, one after another
                centre = (left.centerx + (i - 1) * 96, left.top + 270)
                age = self.t - self.star_at(i)
                lit = i < r["stars"] and age >= 0
                size = 38 * (1.0 + 0.6 * max(0.0, 1 - age / 0.18)) if lit and age < 0.18 else 38
                ui.star(surface, centre, size, lit)
                if lit:
                    fx.burst(surface, centre, age, seed=i + 7, n=18, speed=260)
                    fx.ring(surface, centre, age, "gold", start=30, grow=70)
        assessment = self.level_type.assessment
        if r.get("personal_best") and not assessment:
            badge = pygame.Rect(0, 0, 300, 46)
            badge.center = (left.centerx, left.top + 350)
            ui.panel(surface, badge, "gold", radius=23, border=None, alpha=255)
            ui.fit_text(surface, _("New personal best!"), badge.width - 20, badge.center, 32, "ink", anchor="center",
                        bold=True)
            shine = (self.t * 0.7) % 1.6 - 0.3  # a glint that sweeps across the badge now and then
            if 0 <= shine <= 1:
                x = badge.left + shine * badge.width
                glint = pygame.Surface((26, badge.height), pygame.SRCALPHA)
                pygame.draw.polygon(glint, (255, 255, 255, 120), [(10, 0), (26, 0), (16, badge.height), (0, badge.height)])
                surface.blit(glint, (x - 13, badge.top), special_flags=0)
        elif r.get("previous_best") is not None and not assessment:
            ui.fit_text(surface, _("Personal best: {best}").format(best=format_number(r["previous_best"])),
                        left.width - 40, (left.centerx, left.top + 350), 32, "muted", anchor="center")
        elif r.get("saved") and not assessment and not self.refused:  # nothing to beat yet: no "best" either
            step = r.get("step", r.get("details", {}).get("step", 0)) + 1
            ui.fit_text(surface, _("First attempt at step {step}: your score to beat next time").format(step=step),
                        left.width - 40, (left.centerx, left.top + 350), 26, "muted", anchor="center")
        rows = messages.rows(r, self.templates)
        size, step = (28, 34) if len(rows) <= 4 else (24, 28)
        y = left.top + (220 if self.refused else 390)
        for label, value in rows:
            y = max(y + step, ui.label_value(surface, label, value, left.left + 36, left.right - 36, y, size) + 4)
        self._draw_right_and_hint(surface, frame)

    def _draw_refused(self, surface, frame) -> None:
        """A result the game refused (poise.game.level.result.validate): nothing of the attempt was stored."""
        box = pygame.Rect(0, 0, 820, 340)
        box.midtop = (frame.centre[0], 120)
        ui.panel(surface, box)
        ui.text(surface, _("Not saved"), (box.centerx, box.top + 70), 76, "warn", anchor="center", bold=True)
        y = ui.wrapped(surface, _("This level gave a result Poise cannot store, so nothing of this attempt was kept. "
                                  "Tell whoever made the level:"), pygame.Rect(box.left + 48, box.top + 140, box.width - 96, 110), 30)
        ui.wrapped(surface, self.result["refused"], pygame.Rect(box.left + 48, y + 20, box.width - 96, 160), 26, "muted")
        ui.text(surface, _("Press Enter to continue"), (frame.centre[0], frame.size[1] - 40), 32, "accent_light",
                anchor="center", bold=True)

    def _draw_right_and_hint(self, surface, frame) -> None:
        r = self.result
        left = pygame.Rect(40, 96, 520, 540)
        if not r.get("saved", True):
            ui.fit_text(surface, _("Not saved: {why}").format(why=r.get("save_error", "")), left.width - 40,
                        (left.left + 20, left.bottom - 62), 24, "bad")
            if r.get("recovered_to"):
                ui.fit_text(surface, _("Kept in {folder}").format(folder=r["recovered_to"]), left.width - 40,
                            (left.left + 20, left.bottom - 34), 24, "muted")
        box = pygame.Rect(600, 96, frame.size[0] - 640, 540)
        if self.refused:
            self._draw_refusal(surface, box)
        elif r["metrics"] or not r.get("parts"):
            self._draw_metrics(surface, box)
        else:
            self._draw_parts(surface, box, messages.part_rows(r, self.templates))
        self.menu.draw(surface, frame, 30)

    def _draw_refusal(self, surface, box: pygame.Rect) -> None:
        """Why the measurement was refused, each reason in plain words with what to do about it."""
        ui.panel(surface, box)
        ui.fit_text(surface, _("Why, and what to do"), box.width - 64, (box.left + 32, box.top + 28), 40, "text",
                    bold=True)
        y = box.top + 96
        for key, args in problems(self.result)[:4]:
            words = refusal_words(key, args)
            y = ui.wrapped(surface, "• " + words, pygame.Rect(box.left + 32, y, box.width - 64, box.bottom - 20 - y),
                           26) + 12
            if y > box.bottom - 60:
                break

    def _draw_measurement(self, surface, left: pygame.Rect) -> None:
        """A check's results: the sway per condition and its change since the last check, then the rest."""
        r = self.result
        sway = r.get("sway") or []
        ui.text(surface, _("Your sway"), (left.centerx, left.top + 38), 40, "muted", anchor="center")
        names = {_condition(e["condition"]): e for e in sway}
        beside: dict[str, str] = {}  # the line under a condition (its percentile), if any
        rest: list[tuple[str, str]] = []
        for key, args in r.get("messages", []):
            label, value = messages.render(key, args, self.templates)
            if key == "check.condition_sway":
                continue  # shown as the condition's own line, with its change
            if key.startswith(("check.percentile", "check.steadier")):
                beside[_condition(str(args.get("condition", "")))] = value
            else:
                rest.append((label, value))
        y = left.top + 82
        gap = 84 if len(sway) <= 4 else 64
        if not sway:
            ui.text(surface, _("No valid trial: nothing measured."), (left.centerx, y + 20), 28, "text", anchor="center")
        for name, e in names.items():
            speed = ui.text(surface, f"{format_number(e['velocity_mm_s'], 1)} mm/s", (left.right - 32, y), 36, "text",
                            anchor="topright", bold=True)
            ui.fit_text(surface, name, speed.left - left.left - 48, (left.left + 32, y + 4), 28, "text", bold=True)
            change, col = change_words(e)
            ui.fit_text(surface, change, left.width - 64, (left.left + 32, y + 38), 24, col)
            if name in beside and gap > 64:
                ui.fit_text(surface, beside[name], left.width - 64, (left.left + 32, y + 60), 24, "muted")
            y += gap
        y = max(y + 6, left.top + 400)
        for label, value in rest[:4]:
            y = max(y + 28, ui.label_value(surface, label, value, left.left + 32, left.right - 32, y, 24) + 4)

    def _draw_parts(self, surface, box: pygame.Rect, parts) -> None:
        """The level's score components as bars: where the points came from; under them what this attempt opened
        (a level, the next step), if anything."""
        ui.panel(surface, box)
        ui.fit_text(surface, _("Where the points came from"), box.width - 64, (box.left + 32, box.top + 28), 40, "text",
                    bold=True)
        news = self.news[:2]  # what this attempt opened, at the foot of the box
        below = box.bottom - 16 - sum(ui.wrapped_height(line, box.width - 64, 26) for _kind, line in news)
        room = below - box.top - 110
        for kind, line in news:
            below = ui.wrapped(surface, line, pygame.Rect(box.left + 32, below, box.width - 64, box.bottom - below),
                               26, "gold" if kind == "level" else "accent_light")
        gap = min(62, room // max(1, len(parts)))
        y = box.top + 100
        for label, value in parts:
            below = ui.label_value(surface, label, f"{format_number(100 * value)} %", box.left + 32, box.right - 32, y,
                                   28, bold=True)
            ui.bar(surface, pygame.Rect(box.left + 32, max(y + 28, below + 2), box.width - 64, 12), value,
                   "good" if value >= 0.7 else "warn" if value >= 0.4 else "bad")
            y += gap

    def _draw_metrics(self, surface, box: pygame.Rect) -> None:
        ui.panel(surface, box)
        ui.fit_text(surface, _("How still you were"), box.width - 64, (box.left + 32, box.top + 28), 40, "text",
                    bold=True)
        metrics = grouped(self.result["metrics"])
        labels = list(metrics)
        if not labels:
            ui.text(surface, _("Not enough data to measure sway."), (box.left + 32, box.top + 100), 30, "muted")
            return
        first = 190 if len(labels) > 2 else 300
        width = (box.width - 32 - first) // len(labels)
        size = 30 if len(labels) <= 2 else 24
        right_of = [box.left + first + (i + 1) * width for i in range(len(labels))]
        y = box.top + 88
        for i, label in enumerate(labels):  # a heading too wide for its column goes on two lines
            words = _condition(label)
            lines = [words] if ui.text_size(words, size, True)[0] <= width - 10 else words.split(" ", 1)
            for k, line in enumerate(lines):
                ui.text(surface, ui.cut(line, width - 10, size, True), (right_of[i], y + k * 24 + (12 if
                        len(lines) == 1 else 0)), size, "accent", anchor="topright", bold=True)
        y += 62
        for name, key, decimals, unit in METRIC_ROWS:
            pygame.draw.line(surface, ui.colour("panel_edge"), (box.left + 24, y - 10), (box.right - 24, y - 10), 1)
            ui.fit_text(surface, _(name), first - 16, (box.left + 32, y), size, "muted")
            for i, label in enumerate(labels):
                ui.text(surface, f"{format_number(metrics[label][key], decimals)} {unit}", (right_of[i], y), size, "text",
                        anchor="topright")
            y += 56
        ui.wrapped(surface, _("Lower is steadier. Measured from the raw board samples of each hold, "
                              "after the first 2 seconds, low-pass filtered at 5 Hz."),
                   pygame.Rect(box.left + 32, box.bottom - 110, box.width - 64, 100), 24, "muted")


def _condition(name: str) -> str:
    """A condition of the check ("eyes-open 2") in the player's words ("Eyes open 2"; "Augen offen 2")."""
    head, _sep, number = name.rpartition(" ")
    if not number.isdigit():
        head, number = name, ""
    words = _(head.replace("-", " "))
    return (words[:1].upper() + words[1:] + (f" {number}" if number else "")).strip()


def _day(when) -> str:
    """A stored ISO date ('2026-01-05') as the player's language writes it; anything else as it is."""
    import datetime as dt

    try:
        return format_date(dt.date.fromisoformat(str(when)[:10]))
    except ValueError:
        return str(when)


def change_words(entry: dict) -> tuple[str, str]:
    """A condition's change since the last check, in words, and its colour."""
    if "change_pct" not in entry:
        return _("first check: nothing to compare with yet"), "muted"
    c = entry["change_pct"]
    args = {"pct": format_number(abs(c)), "date": _day(entry["previous_date"]), "usual": entry["usual_pct"]}
    if not entry["beyond_usual"]:
        text = (_("{pct} % less sway than on {date} (within the usual ±{usual} %)") if c < 0
                else _("{pct} % more sway than on {date} (within the usual ±{usual} %)"))
        return text.format(**args), "muted"
    if c < 0:
        return _("{pct} % less sway than on {date}: steadier").format(**args), "good"
    return _("{pct} % more sway than on {date}: less steady").format(**args), "warn"
