"""Today: the day's session, played one activity after another.

Overview (the activities and their minutes, why the plan is as it is) -> for each activity its
instructions, the activity (PlayScene, which pauses on Esc as always), a short result and what comes
next -> a summary of the day and what changed. A session can be paused inside an activity, an
activity skipped or stopped, and the whole session ended early; whatever was finished is stored as it
happens (poise.game.clinic.today).
"""
from __future__ import annotations

import pygame

from poise.game.level import messages
from poise.i18n import N_, _, format_number, ngettext
from poise.game.media import ui
from poise.game.clinic.programme import STAGES, Plan
from poise.game.storage.store import StorageError

from .base import Scene
from .advice import board_badge, problems, refusal_words, weight_is_a_problem
from .widgets import Menu

RETRY = N_("Retry it")
EDIT_WEIGHT = N_("Edit weight")
AUTOPLAY_WAIT_S = 2.5  # the simulated player is back at rest on both feet before the next activity starts
ROLE_COLOUR = {"warm-up": "accent_light", "weight shift": "accent", "single leg": "warn", "strength": "good",
               "check": "gold", "set-up": "gold", "exercise": "muted"}
ROLE_WORDS = {"warm-up": N_("warm-up"), "weight shift": N_("weight shift"), "single leg": N_("single leg"),
              "strength": N_("strength"), "check": N_("check"), "set-up": N_("set-up"), "exercise": N_("exercise")}
# the buttons, by what they do (the menu shows them in the player's language)
BUTTONS = {"start": N_("Start"), "light": N_("Train anyway: light session"), "back": N_("Back"),
           "end": N_("End the session"), "carry_on": N_("Carry on"), "skip": N_("Skip it"), "finish": N_("Finish"),
           "done": N_("Done"), "retry": RETRY, "edit_weight": EDIT_WEIGHT}


class TodayScene(Scene):
    def __init__(self, ctx, plan: Plan | None = None, on_done=None):
        super().__init__(ctx)
        self.plan = plan
        self.on_done = on_done  # called with the session record when it ends (the demo prints it)
        self.stage = "overview"  # overview -> between -> ... -> summary
        self.index = 0  # the next activity
        self.done: list[dict] = []
        self.pending: dict | None = None  # the result an activity just handed back
        self.playing: type | None = None  # the kind of level being played (its family's stinger plays after)
        self.session_id: int | None = None
        self.t = 0.0
        self.lines: list[str] = []
        self.summarising = None  # the Future of what changed today (poise.game.engine.background), until it is in
        self.error = ""
        self.confirm_end = False
        self.record: dict = {}
        self.done_today = False
        self.week_done: int | None = None  # this week's sessions (week_status), today's counted once it is done
        self.editing = False  # the weight editor is open over this screen

    # --- set-up -----------------------------------------------------------------------------------
    def on_enter(self) -> None:
        if self.plan is None:
            from poise.game.clinic.today import plan_for
            try:
                self.plan = plan_for(self.ctx.storage, self.ctx.levels, self.ctx.player)
            except StorageError as exc:
                self.error = str(exc)
        from poise.game.clinic.today import week_status
        try:
            status = week_status(self.ctx.storage, self.ctx.player) if self.ctx.player else None
        except StorageError:
            status = None
        self.done_today = bool(status and status["done_today"])
        self.week_done = status["done"] if status else None  # today's session included, once done
        self._menu()

    def _menu(self) -> None:
        if self.stage == "overview":
            start = "light" if self.plan and self.plan.rest_day else "start"
            keys = ([start] if self.plan and self.plan.activities else []) + ["back"]
        elif self.stage == "between":
            if self.confirm_end:
                keys = ["end", "carry_on"]
            elif self.index < len(self.plan.activities):
                keys = ["next", "skip", "end"]
            else:
                keys = ["finish"]
            if not self.confirm_end and self.done and self.done[-1].get("why") != "skipped":
                keys.insert(1, "retry")  # the last activity once more (a refused one, or to do better)
                if weight_is_a_problem(self.done[-1].get("problems", [])):
                    keys.insert(2, "edit_weight")
        else:
            keys = ["done"]
        self.keys = keys
        labels = [_("Next: {title}").format(title=self._title(self.plan.activities[self.index])) if key == "next"
                  else _(BUTTONS[key]) for key in keys]
        width = min(380, (self.stack.frame.size[0] - 80) // len(labels) - 14) if self.stack else 380
        self.menu = Menu(labels, top=-92, width=width, height=56, gap=14, columns=len(labels))
        self.t = 0.0

    # --- input --------------------------------------------------------------------------------------
    def handle(self, intent) -> None:
        if intent.kind == "back":
            if self.stage == "overview":
                self.stack.pop()
            elif self.stage == "between":
                self.confirm_end = not self.confirm_end
                self._menu()
            else:
                self._leave()
            return
        choice = self.menu.handle(intent, self.stack.frame)
        if choice is None:
            return
        self.ctx.sounds.play("select")
        self._choose(self.keys[choice])

    def _title(self, activity) -> str:
        """An activity's title in the player's language (its level file's; the plan's own when the level is gone)."""
        try:
            return self.ctx.levels.spec(activity.level).text("title")
        except (KeyError, LookupError, AttributeError, ValueError):
            return _(activity.title)

    def _choose(self, key: str) -> None:
        """Do what the button `key` (a key of BUTTONS, or "next") says."""
        if key == "back":
            self.stack.pop()
        elif key in ("start", "light"):
            self._start()
        elif key == "next":
            self._run()
        elif key == "skip":
            self._skip()
        elif key == "retry":
            self._retry()
        elif key == "edit_weight":
            self.editing = True
            self.stack.push("profile", name=self.ctx.player, only="weight")
        elif key in ("end", "finish"):
            self._finish("complete" if key == "finish" else "ended-early")
        elif key == "carry_on":
            self.confirm_end = False
            self._menu()
        elif key == "done":
            self._leave()

    # --- the flow -------------------------------------------------------------------------------------
    def _start(self) -> None:
        from poise.game.clinic.today import start_session
        storage = self.ctx.storage
        try:
            pid = storage.player_id(self.ctx.player, create=True)
            self.session_id = start_session(storage, pid, self.plan)
        except StorageError as exc:
            self.error = _("Not saved: {why}").format(why=exc)
        self._run()

    def _run(self) -> None:
        from poise.game.clinic.today import prepare_activity

        activity = self.plan.activities[self.index]
        self.pending = None
        level = prepare_activity(self.ctx, activity)
        self.playing = type(level)  # its family's stinger plays when it is back
        self.stack.push("play", level=level, on_finish=self._finished)

    def _retry(self) -> None:
        """The activity just played (or stopped) once more; its earlier entry gives way to the new one."""
        self.index = self.done.pop()["index"]
        self._store("started")
        self._run()

    def _finished(self, result: dict) -> None:
        self.pending = result

    def on_resume(self) -> None:
        """Back from an activity: with its result, or stopped from its pause menu (or from editing the weight)."""
        if self._editing() or self.stage == "summary" or self.index >= len(self.plan.activities):
            return
        activity = self.plan.activities[self.index]
        entry = {"index": self.index, "level": activity.level, "title": activity.title, "role": activity.role,
                 "step": activity.step, "planned_minutes": round(activity.minutes, 2)}
        r = self.pending
        if r is None:
            entry["skipped"] = True
            entry["why"] = "stopped"
        else:
            entry.update({"attempt_id": r.get("attempt_id"), "score": r["score"], "stars": r["stars"],
                          "minutes": round(r["duration_s"] / 60, 2), "messages": r["messages"][:3],
                          "personal_best": r.get("personal_best", False), "previous_best": r.get("previous_best"),
                          "saved": r.get("saved", False)})
            if r.get("details", {}).get("accepted") is False:  # a refused measurement: why, to fix and retry
                entry["problems"] = problems(r)
            self._sting(entry)
        self.done.append(entry)
        self.index += 1
        self.stage = "between"
        self.confirm_end = False
        self._store("started")
        self._menu()

    def _sting(self, entry: dict) -> None:
        """The game family's stinger for how the activity went (a measurement has none): a new best, a success or
        a fail."""
        level = self.playing
        if level is None or level.assessment:
            return
        moment = "fail" if entry.get("problems") or (level.score_measures_skill and not entry.get("stars")) else \
            "best" if entry.get("personal_best") and entry.get("previous_best") is not None else "success"
        self.ctx.sounds.sting(getattr(level, "music", None), moment)

    def _editing(self) -> bool:
        """Back from the weight editor, not from an activity: nothing was played."""
        if self.editing:
            self.editing = False
            self._menu()
            return True
        return False

    def _skip(self) -> None:
        activity = self.plan.activities[self.index]
        self.done.append({"index": self.index, "level": activity.level, "title": activity.title,
                          "role": activity.role, "step": activity.step, "planned_minutes": round(activity.minutes, 2),
                          "skipped": True, "why": "skipped"})
        self.index += 1
        self._store("started")
        if self.index >= len(self.plan.activities):
            self._finish("complete")
        else:
            self._menu()

    def _store(self, status: str) -> None:
        if self.session_id is None:
            return
        from poise.game.clinic.today import record_activity
        try:
            record_activity(self.ctx.storage, self.session_id, self.done, status)
        except StorageError as exc:
            self.error = _("Not saved: {why}").format(why=exc)

    def _finish(self, status: str) -> None:
        """The session is over: store it, then work out what changed on a reading thread (some 0.1 s of queries
        and planning, poise.game.engine.background) while the summary is already shown."""
        if status == "complete" and any(d.get("skipped") for d in self.done):
            status = "complete-with-skips"
        self._store(status)
        from poise.game.clinic.today import summary
        from poise.game.engine import background

        self.summarising = background.read(self.ctx.storage, summary, self.ctx.levels, self.ctx.player, self.plan,
                                           [dict(d) for d in self.done], aside=self.ctx.offload)
        played = [d for d in self.done if not d.get("skipped")]
        self.record = {"player": self.ctx.player, "day": self.plan.day.isoformat(), "session_id": self.session_id,
                       "status": status, "week": self.plan.week, "stage": self.plan.stage,
                       "stage_name": self.plan.stage_name, "rest_day": self.plan.rest_day,
                       "planned_minutes": round(self.plan.minutes, 1),
                       "played_minutes": round(sum(d["minutes"] for d in played), 1),
                       "activities": [a.as_dict() | {"result": next(
                           ({k: d.get(k) for k in ("score", "stars", "minutes", "attempt_id", "messages", "skipped",
                                                   "why") if d.get(k) is not None}
                            for d in self.done if d["index"] == i), {"skipped": True, "why": "not reached"})}
                           for i, a in enumerate(self.plan.activities)],
                       "what_changed": [], "prescribed": self.plan.prescribed}
        self.lines = []
        self.stage = "summary"
        self.ctx.sounds.play("done")
        self._menu()
        self._summarised()

    def _summarised(self, wait: bool = False) -> bool:
        """Take what changed once it is worked out (at once with `wait`); True when it is in."""
        future = self.summarising
        if future is None:
            return True
        if not (wait or future.done()):
            return False
        self.summarising = None
        try:
            self.lines = future.result()
        except StorageError as exc:
            self.lines = [_("Not saved: {why}").format(why=exc)]
        self.record["what_changed"] = self.lines
        self.ctx.capture("summary")
        return True

    def _leave(self) -> None:
        self._summarised(wait=True)  # a player quicker than the reading thread waits for it here, once
        if self.on_done is not None:
            self.on_done(self.record)
        if self.ctx.quit_after_results:
            self.stack.clear()
        else:
            self.stack.pop()

    # --- the autopilot ------------------------------------------------------------------------------------
    def fixed_update(self, t, dt, balance) -> None:
        self.t += dt
        self._summarised()
        pilot = self.ctx.feed.autopilot
        if pilot is not None:  # between activities the simulated player stands at rest on both feet
            pilot.set_stance(t, "both")
            pilot.aim(t, None)
        if not self.ctx.autoplay or self.plan is None:
            return
        wait = AUTOPLAY_WAIT_S
        if self.t < wait:
            return
        if self.stage == "overview":
            if self.plan.activities:
                self.ctx.capture("overview")
                self._start()
            else:
                self.stack.pop()
        elif self.stage == "between":
            if self.index == 1:
                self.ctx.capture("between")
            self._run() if self.index < len(self.plan.activities) else self._finish("complete")
        elif self.stage == "summary" and self._summarised():
            self._leave()

    # --- drawing ----------------------------------------------------------------------------------------------
    def draw(self, surface, frame) -> None:
        surface.blit(ui.background(frame.size), (0, 0))
        info = self.ctx.feed.board.info
        title = _("Today: done") if self.stage == "summary" else _("Today")
        ui.top_bar(surface, frame.rect, title, f"{self.ctx.player or ''}  ·  {info.name}", board_badge(info))
        mid, h = frame.centre[0], frame.size[1]
        if self.plan is None:
            ui.text(surface, self.error or _("No plan"), (mid, 300), 34, "bad", anchor="center")
            self.menu.draw(surface, frame, 30)
            return
        if self.stage == "overview":
            self._draw_overview(surface, frame)
        elif self.stage == "between":
            self._draw_between(surface, frame)
        else:
            self._draw_summary(surface, frame)
        if self.error:
            ui.text(surface, self.error, (mid, h - 112), 24, "bad", anchor="center")
        self.menu.draw(surface, frame, 30)

    def _activity_rows(self, surface, box: pygame.Rect, highlight: int | None = None) -> None:
        acts = self.plan.activities
        step = min(54, (box.height - 70) // max(1, len(acts)))
        y = box.top + 60
        for i, a in enumerate(acts):
            done = next((d for d in self.done if d["index"] == i), None)
            col = ROLE_COLOUR.get(a.role, "muted")
            if i == highlight:
                pygame.draw.rect(surface, ui.colour("panel_edge"), (box.left + 12, y - 6, box.width - 24, step - 4),
                                 border_radius=10)
            pygame.draw.circle(surface, ui.colour(col), (box.left + 34, y + 14), 8)
            title, size = ui.fitted(self._title(a), box.width - 54 - 150, 28, bold=i == highlight)
            ui.text(surface, title, (box.left + 54, y), size, "text" if done is None else "muted", bold=i == highlight)
            sub = _(ROLE_WORDS.get(a.role, a.role)) + (f" · {_(a.note)}" if a.note else "")
            ui.fit_text(surface, sub, box.width - 54 - 24, (box.left + 54, y + 26), 24, "muted")
            if done is not None and not done.get("skipped"):
                for k in range(3):
                    ui.star(surface, (box.right - 30 - 26 * (2 - k), y + 16), 10, k < done["stars"])
                ui.text(surface, str(done["score"]), (box.right - 104, y + 4), 26, "accent_light", anchor="topright")
            else:
                right = _("skipped") if done is not None else _("{min} min").format(min=format_number(a.minutes, 1))
                ui.text(surface, right, (box.right - 24, y + 4), 26, "text" if done is None else "muted",
                        anchor="topright")
            y += step

    def _draw_overview(self, surface, frame) -> None:
        p = self.plan
        left = pygame.Rect(40, 84, frame.size[0] - 580, 530)
        ui.panel(surface, left)
        head = (_("Done today: again if you like") if self.done_today
                else _("Rest day: a light session") if p.rest_day else _("Today's session"))
        about = ui.text(surface, _("about {min} min").format(min=format_number(p.minutes)),
                        (left.right - 24, left.top + 20), 30, "accent", anchor="topright", bold=True)
        ui.fit_text(surface, head, about.left - left.left - 40, (left.left + 24, left.top + 16), 36, "text", bold=True)
        self._activity_rows(surface, left)
        right = pygame.Rect(frame.size[0] - 510, 84, 470, 530)
        ui.panel(surface, right)
        x = right.left + 24
        stage = (_("Prescribed by your clinician") if p.prescribed
                 else _("Stage {stage} of {stages}").format(stage=p.stage + 1, stages=len(STAGES)))
        ui.fit_text(surface, _("Week {week}  ·  {stage}").format(week=p.week, stage=stage), right.width - 48,
                    (x, right.top + 18), 30, "accent", bold=True)
        y = ui.wrapped(surface, f"{_(p.stage_name)}: {_(p.focus)}", pygame.Rect(x, right.top + 60, right.width - 48, 90),
                       26)
        from poise.game.clinic.programme import GOALS
        ui.fit_text(surface, _("Goal: {goal}").format(goal=_(GOALS[p.goal])), right.width - 48, (x, y + 8), 24, "muted")
        done = p.week_done if self.week_done is None else max(p.week_done, self.week_done)  # today's too, once done
        ui.fit_text(surface, ngettext("This week: {done} of {n} session", "This week: {done} of {n} sessions",
                                      p.sessions_per_week).format(done=done, n=p.sessions_per_week),
                    right.width - 48, (x, y + 38), 24, "muted")
        y += 80
        for line in (p.notes + p.changes)[:6]:
            if y > right.bottom - 60:  # no room for another line
                break
            y = ui.wrapped(surface, "• " + _(line), pygame.Rect(x, y, right.width - 48, right.bottom - 20 - y), 24) + 4

    def _draw_between(self, surface, frame) -> None:
        last = self.done[-1] if self.done else None
        box = pygame.Rect(40, 84, 560, 530)
        ui.panel(surface, box)
        if last is not None and last.get("problems"):  # refused: why, and the fix (the buttons below)
            ui.fit_text(surface, last["title"], box.width - 40, (box.centerx, box.top + 40), 40, "text",
                        anchor="center", bold=True)
            ui.text(surface, _("Not accepted"), (box.centerx, box.top + 110), 60, "warn", anchor="center", bold=True)
            y = box.top + 170
            for key, args in last["problems"][:3]:
                y = ui.wrapped(surface, "• " + refusal_words(key, args), pygame.Rect(box.left + 30, y, box.width - 60,
                                                                                  box.bottom - 20 - y), 24) + 10
        elif last is not None and not last.get("skipped"):
            ui.fit_text(surface, last["title"], box.width - 40, (box.centerx, box.top + 40), 40, "text",
                        anchor="center", bold=True)
            ui.text(surface, str(last["score"]), (box.centerx, box.top + 140), 120, "text", anchor="center", bold=True)
            for i in range(3):
                ui.star(surface, (box.centerx + (i - 1) * 80, box.top + 240), 30, i < last["stars"])
            y = box.top + 300
            for label, value in messages.rows(last, self.ctx.levels.templates(last["level"])):
                y = max(y + 34, ui.label_value(surface, label, value, box.left + 30, box.right - 30, y, 24) + 6)
            if last.get("personal_best") and last.get("previous_best") is not None:
                ui.text(surface, _("New personal best!"), (box.centerx, box.bottom - 40), 30, "gold", anchor="center",
                        bold=True)
        elif last is not None:
            ui.fit_text(surface, last["title"], box.width - 40, (box.centerx, box.top + 60), 40, "text",
                        anchor="center", bold=True)
            ui.text(surface, _("stopped - not counted") if last.get("why") == "stopped" else _("skipped"),
                    (box.centerx, box.top + 140), 36, "muted", anchor="center")
        right = pygame.Rect(630, 84, frame.size[0] - 670, 530)
        ui.panel(surface, right)
        played = sum(1 for d in self.done if not d.get("skipped"))
        ui.fit_text(surface, _("{played} of {n} done").format(played=played, n=len(self.plan.activities)),
                    right.width - 48, (right.left + 24, right.top + 16), 32, "text", bold=True)
        self._activity_rows(surface, right, self.index if self.index < len(self.plan.activities) else None)
        if self.confirm_end:
            ui.fit_text(surface, _("End today's session? What you finished is kept."), frame.size[0] - 80,
                        (frame.centre[0], frame.size[1] - 118), 26, "warn", anchor="center")

    def _draw_summary(self, surface, frame) -> None:
        played = [d for d in self.done if not d.get("skipped")]
        left = pygame.Rect(40, 84, frame.size[0] - 580, 530)
        ui.panel(surface, left)
        minutes = sum(d["minutes"] for d in played)
        ui.fit_text(surface, ngettext("{played} of {n} activity, {min} min", "{played} of {n} activities, {min} min",
                                      len(self.plan.activities)).format(played=len(played), n=len(self.plan.activities),
                                                                        min=format_number(minutes)),
                    left.width - 48, (left.left + 24, left.top + 16), 34, "text", bold=True)
        self._activity_rows(surface, left)
        right = pygame.Rect(frame.size[0] - 510, 84, 470, 530)
        ui.panel(surface, right)
        ui.text(surface, _("What changed"), (right.left + 24, right.top + 18), 34, "accent", bold=True)
        y = right.top + 70
        shown = self.lines if self.lines or self.summarising is not None else [
            _("Nothing new today: steady work counts.")]  # (nothing while what changed is still being read)
        for line in shown:
            if y > right.bottom - 60:
                break
            y = ui.wrapped(surface, "• " + line, pygame.Rect(right.left + 24, y, right.width - 48, right.bottom - 20 - y),
                           24) + 8
