"""The clinical report: a multi-page vector PDF a clinician can read, file and sign (`poise report`).

Made with matplotlib's PDF backend on Figure objects (never pyplot), one figure per page, A4 or
Letter. Every number comes from the database through the same code as the progress screen
(poise.game.clinic.progress), the normative percentiles (poise.game.clinic.norms) and the stored limits of
stability; nothing is recomputed differently for print.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import textwrap
from pathlib import Path

from poise import __version__

from poise.game.clinic import norms
from poise.game.clinic.calendar import local_day
from poise.game.level.messages import note_text
from poise.game.clinic.progress import Progress, WEEKLY_CHECK, assessment_protocol, good_quality, nice_date, progress

PAPER = {"a4": (8.27, 11.69), "letter": (8.5, 11.0)}  # inches, portrait
MARGIN = 0.7  # inches
CONDITION_NAMES = {"eyes-open": "Both feet, eyes open", "eyes-closed": "Both feet, eyes closed",
                   "left-leg": "Left leg", "right-leg": "Right leg",
                   "eyes-open-foam": "Foam, eyes open", "eyes-closed-foam": "Foam, eyes closed"}
COLOURS = {"eyes-open": "#1f77b4", "eyes-closed": "#6a3d9a", "left-leg": "#2ca02c", "right-leg": "#d95f02",
           "eyes-open-foam": "#17becf", "eyes-closed-foam": "#8c564b"}
DIRECTIONS = {90: "forward", 45: "forward right", 0: "right", 315: "back right", 270: "back", 225: "back left",
              180: "left", 135: "forward left"}
# The eight directions: Okabe and Ito's eight colours, which stay apart with red-green colour blindness (the
# closest pair 17 CIELAB units apart under simulated deuteranopia, against 7 for the matplotlib defaults used
# before), and a marker of its own each (an arrow-like triangle for the four main directions), so no direction
# is told by colour alone.
DIRECTION_COLOURS = {90: "#0072b2", 45: "#56b4e9", 0: "#009e73", 315: "#f0e442", 270: "#d55e00", 225: "#cc79a7",
                     180: "#e69f00", 135: "#000000"}
DIRECTION_MARKERS = {90: "^", 45: "d", 0: ">", 315: "s", 270: "v", 225: "P", 180: "<", 135: "o"}
INCIDENT_WORDS = {"load-loss": "sudden loss of load (foot down or stepped off)",
                  "beyond-limits": "balance point beyond the limits of stability"}


def week_start(week: str) -> dt.date:
    """The Monday of an ISO week such as 2026-W02."""
    year, w = week.split("-W")
    return dt.date.fromisocalendar(int(year), int(w), 1)


# ---------------------------------------------------------------------------------------------------------
# the data


@dataclasses.dataclass
class Check:
    """One stored assessment with its trials."""

    id: int
    date: dt.date
    level: str
    protocol: dict
    quality: dict
    quality_ok: bool
    quality_note: str
    trials: list[dict]


@dataclasses.dataclass
class ReportData:
    player: dict
    clinician: str | None
    since: dt.date | None
    until: dt.date | None
    generated: dt.datetime
    progress: Progress
    checks: list[Check]
    boards: list[dict]
    limits: list[dict]  # per measurement: date, directions
    incidents: list[dict]
    training_days: list[str]
    minutes: float
    protocol: dict | None  # the protocol set for the player's weekly check, if any
    adherence: dict | None = None  # the daily programme: sessions done against planned per week (game/clinic/today.py)
    record: list[dict] = dataclasses.field(default_factory=list)  # the clinical record: who set what, when, where

    @property
    def first(self) -> dt.date | None:
        dates = [c.date for c in self.checks] + [dt.date.fromisoformat(d) for d in self.training_days]
        return self.since or (min(dates) if dates else self.until)  # a range asked for is shown, data or not

    @property
    def last(self) -> dt.date | None:
        dates = [c.date for c in self.checks] + [dt.date.fromisoformat(d) for d in self.training_days]
        return self.until or (max(dates) if dates else self.since)

    def age_on(self, day: dt.date) -> int | None:
        born = self.player.get("birth_year")
        return None if not born else day.year - int(born)


def _in(day: dt.date, since: dt.date | None, until: dt.date | None) -> bool:
    return not ((since and day < since) or (until and day > until))


def gather(storage, name: str, since: dt.date | None = None, until: dt.date | None = None,
           clinician: str | None = None, now: dt.datetime | None = None) -> ReportData:
    pid = storage.player_id(name)
    row = storage.player_by_id(pid)
    player = dict(row)
    p = progress(storage, row["name"], since=since, until=until)
    checks = []
    for a in storage.assessments_with_level(pid):
        day = local_day(a["created_at"])
        if not _in(day, since, until):
            continue
        quality = json.loads(a["quality_json"])
        ok, why = good_quality(quality)
        trials = []
        for t in storage.assessment_trials(a["id"]):
            trials.append({"condition": t["condition"], "trial": t["trial"], "valid": bool(t["valid"]),
                           "note": note_text(t["note"], a["level"] or WEEKLY_CHECK),
                           "metrics": json.loads(t["metrics_json"] or "{}")})
        protocol = assessment_protocol(a)
        checks.append(Check(a["id"], day, protocol.get("level") or WEEKLY_CHECK, protocol, quality, ok, why, trials))
    boards = []
    for s in storage.board_use(pid):
        cal = storage.calibration(s["board_identity"])
        boards.append({"url": s["board_url"], "identity": s["board_identity"], "sessions": s["sessions"],
                       "calibrated_at": cal["created_at"] if cal else None})
    limits = []
    for lim in storage.limits_history(pid):
        day = local_day(lim["created_at"])
        if _in(day, since, until):
            dirs = [d for d in json.loads(lim["directions_json"]) if "direction_deg" in d]
            limits.append({"date": day, "directions": dirs,
                           "reach_mm": {k: lim[f"{k}_mm"] for k in ("forward", "back", "left", "right")}})
    incidents = [dict(i) for i in storage.incidents(pid)
                 if _in(local_day(i["at"]), since, until)]
    minutes: dict[str, float] = {}
    for a in storage.attempt_history(pid):
        day = local_day(a["started_at"])
        if _in(day, since, until):
            minutes[day.isoformat()] = minutes.get(day.isoformat(), 0.0) + a["duration_s"] / 60
    prot = storage.protocol(pid) if hasattr(storage, "protocol") else None
    protocol = None
    if prot:
        from poise.game.clinic.protocol import from_stored
        from poise.game.storage.store import DamagedRow
        try:
            protocol = dataclasses.asdict(from_stored(prot)) | {"source": prot["source"], "set_at": prot["set_at"],
                                                                 "clinician": prot["clinician"]}
        except DamagedRow as exc:  # reported as not set; the command's note names the row
            storage.note_damaged(str(exc))
    from poise.game.clinic.today import adherence
    kept = adherence(storage, row["name"], (now or dt.datetime.now().astimezone()).date(), since, until)
    record = [dict(r) for r in storage.clinical_record(pid) if _in(local_day(r["at"]), since, until)]
    return ReportData(player, clinician, since, until, now or dt.datetime.now().astimezone(), p, checks, boards,
                      limits, incidents, sorted(minutes), sum(minutes.values()),
                      protocol, kept, record)


def romberg(p: Progress) -> list[tuple[dt.date, float]]:
    """Per week with both: eyes-closed / eyes-open sway velocity (the Romberg quotient of velocity)."""
    by_week: dict[str, dict[str, float]] = {}
    for pt in p.points:
        by_week.setdefault(pt.week, {})[pt.condition] = pt.velocity
    return [(week_start(w), v["eyes-closed"] / v["eyes-open"]) for w, v in sorted(by_week.items())
            if "eyes-open" in v and "eyes-closed" in v]


def worse_leg(asymmetry_pct: float) -> str:
    """From (left - right) / mean velocity in %: which leg sways more, i.e. is less steady."""
    if abs(asymmetry_pct) < 10:
        return "even (within 10 %)"
    return "left leg sways more (left is the weaker)" if asymmetry_pct > 0 else \
        "right leg sways more (right is the weaker)"


def norm_rows(data: ReportData) -> list[dict]:
    """Per standard-test condition that matches the data set: the player's value and percentiles."""
    out = []
    sex = data.player.get("sex")
    for c in data.checks:
        trial_s = float(c.protocol.get("trial_s") or 0)
        for condition in dict.fromkeys(t["condition"] for t in c.trials):
            norm = norms.matches(condition, trial_s)
            ms = [t["metrics"] for t in c.trials if t["condition"] == condition and t["valid"] and t["metrics"]]
            if not norm or not ms:
                continue
            row = {"date": c.date, "condition": condition, "norm": norm, "n": len(ms), "quality_ok": c.quality_ok,
                   "velocity": sum(m["velocity_mm_s"] for m in ms) / len(ms),
                   "area": sum(m["ellipse95_mm2"] for m in ms) / len(ms)}
            age = data.age_on(c.date)
            if sex in ("F", "M") and age is not None:
                found = norms.standing({"velocity_mm_s": row["velocity"], "ellipse95_mm2": row["area"]}, sex, age, norm)
                row["velocity_pct"] = found["velocity_mm_s"]
                row["area_pct"] = found["ellipse95_mm2"]
            out.append(row)
    return out


# ---------------------------------------------------------------------------------------------------------
# page layout


class Document:
    """Pages of text, tables and charts laid out top to bottom; a new page when one is full."""

    def __init__(self, paper: str, footer: str):
        self.size = PAPER[paper]
        self.footer = footer
        self.pages = []
        self.fig = None
        self.y = 0.0  # inches from the top
        self.new_page()

    @property
    def width(self) -> float:
        return self.size[0] - 2 * MARGIN

    def new_page(self) -> None:
        from matplotlib.figure import Figure

        self.fig = Figure(figsize=self.size)
        self.pages.append(self.fig)
        self.y = MARGIN

    def need(self, inches: float) -> None:
        if self.y + inches > self.size[1] - MARGIN - 0.2:
            self.new_page()

    def _fy(self, y_in: float) -> float:
        return 1.0 - y_in / self.size[1]

    def _fx(self, x_in: float) -> float:
        return x_in / self.size[0]

    def text(self, s: str, size: float = 9.5, weight: str = "normal", colour: str = "#111111", indent: float = 0.0,
             gap: float = 0.04, family: str = "DejaVu Sans") -> None:
        chars = max(20, int((self.width - indent) * 72 / (size * 0.53)))
        lines = []
        for para in s.split("\n"):
            lines += textwrap.wrap(para, chars) or [""]
        line_h = size * 1.35 / 72
        for line in lines:
            self.need(line_h)
            self.fig.text(self._fx(MARGIN + indent), self._fy(self.y), line, fontsize=size, weight=weight,
                          color=colour, va="top", family=family)
            self.y += line_h
        self.y += gap

    def heading(self, s: str, level: int = 1, keep: float = 1.4) -> None:
        size = {0: 18, 1: 13.5, 2: 11}[level]
        self.need(size * 1.6 / 72 + keep)  # never a heading alone at the foot of a page
        self.y += 0.08 if level else 0
        self.text(s, size, "bold", "#0b3954" if level else "#111111", gap=0.06)

    def rule(self) -> None:
        self.need(0.1)
        from matplotlib.lines import Line2D

        y = self._fy(self.y)
        self.fig.add_artist(Line2D([self._fx(MARGIN), self._fx(self.size[0] - MARGIN)], [y, y], color="#999999",
                                   lw=0.6, transform=self.fig.transFigure))
        self.y += 0.1

    def table(self, header: list[str], rows: list[list[str]], widths: list[float], size: float = 8.5) -> None:
        """Columns of `widths` (shares of the text width); long cells wrap within their column."""
        from matplotlib.lines import Line2D

        line_h = size * 1.3 / 72
        xs = [MARGIN]
        for w in widths[:-1]:
            xs.append(xs[-1] + w * self.width)

        def cells(row, factor):
            return [textwrap.wrap(str(c), max(4, int((w * self.width - 0.06) * 72 / (size * factor)))) or [""]
                    for c, w in zip(row, widths)]

        def draw(row, weight):
            wrapped = cells(row, 0.6 if weight == "bold" else 0.54)
            height = max(len(c) for c in wrapped) * line_h + 0.05
            self.need(height)
            for x, lines in zip(xs, wrapped):
                for k, line in enumerate(lines):
                    self.fig.text(self._fx(x), self._fy(self.y + k * line_h), line, fontsize=size, weight=weight,
                                  va="top")
            self.y += height
            y = self._fy(self.y - 0.025)
            self.fig.add_artist(Line2D([self._fx(MARGIN), self._fx(self.size[0] - MARGIN)], [y, y],
                                       color="#bbbbbb" if weight == "normal" else "#555555", lw=0.5,
                                       transform=self.fig.transFigure))

        self.need(3 * line_h + 0.2)
        draw(header, "bold")
        for row in rows:
            if self.y + line_h > self.size[1] - MARGIN - 0.2:
                self.new_page()
                draw(header, "bold")
            draw(row, "normal")
        self.y += 0.1

    def axes(self, height: float, left: float = 0.75, right: float = 0.15, bottom: float = 0.62):
        """An Axes `height` inches tall at the cursor, below room for its title and above `bottom` inches for its
        tick labels and axis label; the cursor moves past all of it."""
        self.need(0.3 + height + bottom)
        self.y += 0.3
        w = self.width - left - right
        ax = self.fig.add_axes((self._fx(MARGIN + left), self._fy(self.y + height), w / self.size[0],
                                height / self.size[1]))
        self.y += height + bottom
        return ax

    def advance(self, inches: float) -> None:
        self.y += inches

    def finish(self) -> list:
        n = len(self.pages)
        for i, fig in enumerate(self.pages, start=1):
            fig.text(self._fx(MARGIN), 0.35 / self.size[1], self.footer, fontsize=7.5, color="#555555")
            fig.text(self._fx(self.size[0] - MARGIN), 0.35 / self.size[1], f"page {i} of {n}", fontsize=7.5,
                     color="#555555", ha="right")
        return self.pages


def _date_axis(ax, dates: list[dt.date] | None = None) -> None:
    """Dates on the x axis: at the data's own dates when they are few, else a calendar locator."""
    import matplotlib.dates as mdates

    unique = sorted(set(dates or []))
    if 0 < len(unique) <= 10:
        ax.set_xticks(unique, [f"{d.day} {d:%b}" + (f"\n{d.year}" if i == 0 or d.year != unique[i - 1].year else "")
                               for i, d in enumerate(unique)])
        ax.tick_params(labelsize=7.5)
        ax.grid(alpha=0.3)
        return
    locator = mdates.AutoDateLocator(minticks=3, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False,
                                                             formats=["%Y", "%b", "%d %b", "%H:%M", "%H:%M", "%S.%f"]))
    ax.tick_params(labelsize=7.5)
    ax.grid(alpha=0.3)


def _pad_dates(ax, dates: list[dt.date]) -> None:
    if dates:
        lo, hi = min(dates), max(dates)
        pad = max(dt.timedelta(days=3), (hi - lo) * 0.05)
        ax.set_xlim(lo - pad, hi + pad)


# ---------------------------------------------------------------------------------------------------------
# the report


def build(data: ReportData, paper: str = "a4") -> list:
    name = data.player["name"]
    doc = Document(paper, f"Poise balance report — {name} — generated {nice_date(data.generated.date())}")
    _header(doc, data)
    _summary(doc, data)
    _checks(doc, data)
    _trends(doc, data)
    _romberg_symmetry(doc, data)
    _limits(doc, data)
    _norms(doc, data)
    _adherence_safety(doc, data)
    _methods(doc, data)
    return doc.finish()


def write_pdf(data: ReportData, path: Path | str, paper: str = "a4", shared: bool = False) -> int:
    """Write the report, atomically and privately (drivers/files.py); returns the number of pages."""
    import matplotlib
    from matplotlib.backends.backend_pdf import FigureCanvasPdf, PdfPages

    from poise.drivers import files

    pages = build(data, paper)
    # TrueType fonts: text stays searchable and extractable (pdftotext), not Type 3 glyph drawings
    with matplotlib.rc_context({"pdf.fonttype": 42}), files.atomic_write(path, binary=True, shared=shared) as out:
        with PdfPages(out, metadata={"Title": f"Balance report: {data.player['name']}", "Creator": f"Poise {__version__}",
                                      "Subject": "Balance assessment and training report"}) as pdf:
            for fig in pages:
                FigureCanvasPdf(fig)
                pdf.savefig(fig)
    return len(pages)


def _header(doc: Document, data: ReportData) -> None:
    pl = data.player
    doc.heading("Poise balance report", 0)
    doc.text("Balance assessments and training on a balance board, with trends, normative comparison and safety log.",
             9, colour="#444444")
    doc.rule()
    born = pl.get("birth_year")
    age = data.age_on(data.generated.date())
    sex = {"F": "female", "M": "male"}.get(pl.get("sex") or "", "not recorded")
    period = f"{nice_date(data.first)} to {nice_date(data.last)}" if data.first else "no sessions recorded"
    if data.since or data.until:
        period += " (as requested)"
    simulated = [b for b in data.boards if b["url"].startswith(("sim", "keys"))]
    boards = "; ".join(
        [f"{b['url']} (board {b['identity']}, {b['sessions']} session(s)): "
         + (f"calibrated {nice_date(b['calibrated_at'])}" if b["calibrated_at"] else
            "not calibrated with known masses (factory calibration only)")
         for b in data.boards if b not in simulated]
        + ([f"simulated board ({sum(b['sessions'] for b in simulated)} session(s)): no real person's data"]
           if simulated else [])) or "none recorded"
    rows = [["Player", pl["name"]],
            ["Patient id", pl.get("patient_id") or "not recorded (set with poise players set --patient-id)"],
            ["Born / age", f"{born} / {age} years" if born else "not recorded (set with poise players set --birth-year)"],
            ["Sex", sex],
            ["Height", f"{pl['height_cm']:g} cm" if pl.get("height_cm") else "not recorded"],
            ["Weight", f"{pl['weight_kg']:.1f} kg" if pl.get("weight_kg") else "not recorded"],
            ["Goal", pl.get("goal") or "not recorded"],
            ["Injured side", pl.get("injured_side") or "not recorded"],
            ["Clinician", data.clinician or "—"],
            ["Period", period],
            ["Board and calibration", boards],
            ["Software", f"Poise {__version__}"],
            ["Generated", data.generated.strftime("%d %b %Y, %H:%M %Z").strip()]]
    doc.table(["", ""], rows, [0.25, 0.75], size=9)


def _verdict_words(v) -> str:
    if v.verdict == "not enough data":
        return "not enough weeks yet (needs 4)"
    return (f"{v.baseline:.1f} → {v.latest:.1f} mm/s ({v.change_pct:+.0f} %; real change needs beyond "
            f"{v.thresholds}): {v.verdict}")


def _summary(doc: Document, data: ReportData) -> None:
    p = data.progress
    doc.heading("Summary")
    lines = []
    weekly = [c for c in data.checks if c.level == WEEKLY_CHECK]
    lines.append(f"Weekly balance checks: {len(weekly)} ({sum(c.quality_ok for c in weekly)} of good measurement "
                 f"quality); other tests: {len(data.checks) - len(weekly)}.")
    for v in p.verdicts:
        lines.append(f"{CONDITION_NAMES.get(v.condition, v.condition)}: {_verdict_words(v)}.")
    rq = romberg(p)
    if rq:
        lines.append(f"Romberg quotient (eyes closed / eyes open sway velocity): {rq[-1][1]:.2f} in the latest week "
                     f"(first: {rq[0][1]:.2f}).")
    else:
        lines.append("Romberg quotient: not available (needs eyes-open and eyes-closed checks in the same week).")
    if p.symmetry:
        w, s = p.symmetry[-1]
        lines.append(f"One-leg symmetry, latest week: {s:+.0f} % — {worse_leg(s)}.")
    if data.limits:
        last = data.limits[-1]
        mxe = [d["max_excursion_pct"] for d in last["directions"]]
        lines.append(f"Limits of stability ({nice_date(last['date'])}): mean maximum excursion "
                     f"{sum(mxe) / max(1, len(mxe)):.0f} % of the theoretical limit over {len(mxe)} directions.")
    else:
        lines.append("Limits of stability: not measured in this period.")
    rows = norm_rows(data)
    with_pct = [r for r in rows if "velocity_pct" in r]
    if with_pct:
        r = with_pct[-1]
        lines.append(f"Standard balance test ({nice_date(r['date'])}, {CONDITION_NAMES[r['condition']].lower()}): "
                     f"sway velocity {r['velocity']:.1f} mm/s, {r['velocity_pct'].text}.")
    elif rows:
        lines.append("Normative percentile: not available — the player's birth year and sex are not recorded.")
    else:
        lines.append("Normative percentile: no standard balance test (60 s) in this period.")
    kept = data.adherence
    lines.append("Programme adherence: " + (f"{kept['done']} of {kept['planned']} planned sessions done"
                                            f" ({kept['programme']})" if kept and kept["programme"] and kept["planned"]
                                            else "no programme set")
                 + f"; trained on {len(data.training_days)} day(s), {data.minutes:.0f} minutes in all.")
    invalid = sum(not t["valid"] for c in data.checks for t in c.trials)
    lines.append(f"Safety: {len(data.incidents)} incident(s) logged; {invalid} invalid trial(s).")
    for line in lines:
        doc.text("•  " + line, 9.5, indent=0.1)


def _checks(doc: Document, data: ReportData) -> None:
    doc.new_page()
    doc.heading("Balance checks")
    doc.text("Each row is one stored check: trials valid / done per condition, and the measurement quality the "
             "board reported. Checks of poor quality are listed but left out of the trends.", 8.5, colour="#444444")
    if not data.checks:
        doc.text("No balance checks in this period.")
        return
    rows = []
    for c in data.checks:
        per = {}
        for t in c.trials:
            v, n = per.get(t["condition"], (0, 0))
            per[t["condition"]] = (v + t["valid"], n + 1)
        conds = ", ".join(f"{CONDITION_NAMES.get(k, k)} {v}/{n}" for k, (v, n) in per.items())
        q = c.quality
        lost = q.get("lost_samples", 0) / max(1, q.get("samples") or 1) * 100
        quality = (f"{'calibrated' if q.get('calibrated') else 'NOT calibrated'}, {q.get('rate_hz', 0):.0f} samples/s, "
                   f"{lost:.1f} % lost" + ("" if c.quality_ok else f" — left out: {c.quality_note}"))
        test = "weekly check" if c.level == WEEKLY_CHECK else "standard test" if c.level == "standard-balance-test" \
            else c.level
        rows.append([nice_date(c.date), f"{test}, {c.protocol.get('trials', '?')} × {c.protocol.get('trial_s') or 0:g} s",
                     conds, quality])
    doc.table(["Date", "Test and protocol", "Trials valid / done", "Measurement quality"], rows,
              [0.14, 0.2, 0.38, 0.28], size=7.5)


def _trends(doc: Document, data: ReportData) -> None:
    p = data.progress
    doc.heading("Trends of the weekly check", keep=3.0)
    doc.text("Weekly mean sway velocity (geometric mean of the valid trials) with its 95 % band from "
             f"{p.sd_source}. Lower is steadier. A change counts only beyond the minimal detectable change (MDC).",
             8.5, colour="#444444")
    if not p.points:
        doc.text("No weekly checks of good quality in this period.")
        return
    for title, conditions in (("Standing on both feet", ("eyes-open", "eyes-closed", "eyes-open-foam",
                                                          "eyes-closed-foam")),
                              ("Standing on one leg", ("left-leg", "right-leg"))):
        ax = doc.axes(2.0)
        dates = []
        for c in conditions:
            pts = [pt for pt in p.points if pt.condition == c]
            if not pts:
                continue
            xs = [week_start(pt.week) for pt in pts]
            dates += xs
            ax.fill_between(xs, [pt.low for pt in pts], [pt.high for pt in pts], color=COLOURS[c], alpha=0.18,
                            label=f"{CONDITION_NAMES[c]}: 95 % band")
            ax.plot(xs, [pt.velocity for pt in pts], "o-", color=COLOURS[c], ms=4, label=CONDITION_NAMES[c])
        ax.set_title(title, fontsize=10, loc="left")
        ax.set_ylabel("sway velocity (mm/s)", fontsize=8)
        ax.set_xlabel("week of", fontsize=8)
        _date_axis(ax, dates)
        _pad_dates(ax, dates)
        if dates:
            ax.legend(fontsize=7, loc="upper right", ncol=2)
    ax = doc.axes(1.7)
    dates = []
    for c in COLOURS:
        pts = [pt for pt in p.points if pt.condition == c]
        if pts:
            xs = [week_start(pt.week) for pt in pts]
            dates += xs
            ax.plot(xs, [pt.area for pt in pts], ".-", color=COLOURS[c], lw=1, label=CONDITION_NAMES[c])
    ax.set_yscale("log")
    ax.set_title("95 % sway ellipse area", fontsize=10, loc="left")
    ax.set_ylabel("area (mm², log scale)", fontsize=8)
    ax.set_xlabel("week of", fontsize=8)
    _date_axis(ax, dates)
    _pad_dates(ax, dates)
    ax.legend(fontsize=7, loc="upper right", ncol=2)
    doc.heading("What changed", 2)
    rows = []
    for v in p.verdicts:
        if v.verdict == "not enough data":
            rows.append([CONDITION_NAMES.get(v.condition, v.condition), "—", "—", "—", "—", "not enough weeks yet"])
        else:
            rows.append([CONDITION_NAMES.get(v.condition, v.condition), f"{v.baseline:.1f}", f"{v.latest:.1f}",
                         f"{v.change_pct:+.0f} %", v.thresholds, v.verdict])
    doc.table(["Condition", "First 2 weeks (mm/s)", "Latest 2 weeks (mm/s)", "Change", "MDC (95 %)", "Verdict"], rows,
              [0.22, 0.14, 0.14, 0.09, 0.16, 0.25], size=8)
    if p.excluded:
        doc.text("Left out of the trends: " + "; ".join(
            f"check of {nice_date(week_start(e['week']))} ({e['reason']})" for e in p.excluded) + ".", 8,
            colour="#444444")


def _romberg_symmetry(doc: Document, data: ReportData) -> None:
    p = data.progress
    doc.new_page()
    doc.heading("Eyes closed against eyes open: the Romberg quotient")
    doc.text("Romberg quotient = sway velocity with eyes closed ÷ with eyes open, both feet, same week. Above 1: the "
             "player relies on vision; a falling quotient means less reliance on vision.", 8.5, colour="#444444")
    rq = romberg(p)
    ax = doc.axes(1.9)
    if rq:
        ax.plot([d for d, _ in rq], [q for _, q in rq], "o-", color="#6a3d9a", ms=4, label="Romberg quotient (velocity)")
        _pad_dates(ax, [d for d, _ in rq])
    ax.axhline(1.0, color="#333333", lw=0.8, ls="--", label="1.0: no effect of closing the eyes")
    ax.set_ylabel("quotient (EC ÷ EO)", fontsize=8)
    ax.set_xlabel("week of", fontsize=8)
    _date_axis(ax, [d for d, _ in rq])
    ax.legend(fontsize=7, loc="upper right")
    if not rq:
        ax.text(0.5, 0.5, "no week with both eyes-open and eyes-closed checks", transform=ax.transAxes, ha="center",
                fontsize=9, color="#666666")
    doc.heading("Left against right: one-leg symmetry", keep=3.0)
    injured = data.player.get("injured_side")
    doc.text("Asymmetry = (left − right) ÷ mean of the two one-leg sway velocities, per week. Above 0: the LEFT leg "
             "sways more (is the weaker); below 0: the RIGHT leg sways more. Within ±10 % counts as even."
             + (f" Recorded injured side: {injured}." if injured else ""), 8.5, colour="#444444")
    ax = doc.axes(2.1)
    if p.symmetry:
        xs = [week_start(w) for w, _ in p.symmetry]
        vals = [s for _, s in p.symmetry]
        colours = ["#d95f02" if s > 10 else "#2ca02c" if s < -10 else "#888888" for s in vals]
        ax.bar(xs, vals, width=4, color=colours)
        from matplotlib.patches import Patch

        ax.legend(handles=[Patch(color="#d95f02", label="left leg sways more"),
                           Patch(color="#2ca02c", label="right leg sways more"),
                           Patch(color="#888888", label="even (within ±10 %)")], fontsize=7, loc="upper right")
        _pad_dates(ax, xs)
        lim = max(25.0, max(abs(v) for v in vals) * 1.3)
        ax.set_ylim(-lim, lim)
    else:
        ax.text(0.5, 0.5, "no week with both one-leg conditions", transform=ax.transAxes, ha="center", fontsize=9,
                color="#666666")
    ax.axhline(0, color="#333333", lw=0.8)
    ax.axhspan(-10, 10, color="#cccccc", alpha=0.3, lw=0)
    ax.set_ylabel("left − right (% of mean)", fontsize=8)
    ax.set_xlabel("week of", fontsize=8)
    ax.text(0.005, 0.97, "↑ left leg worse", transform=ax.transAxes, va="top", fontsize=7, color="#d95f02")
    ax.text(0.005, 0.03, "↓ right leg worse", transform=ax.transAxes, va="bottom", fontsize=7, color="#2ca02c")
    _date_axis(ax, [week_start(w) for w, _ in p.symmetry])
    if p.symmetry:
        w, s = p.symmetry[-1]
        doc.text(f"Latest week ({nice_date(week_start(w))}): {s:+.0f} % — {worse_leg(s)}.", 9.5, "bold")


def _limits(doc: Document, data: ReportData) -> None:
    doc.heading("Limits of stability", keep=2.8)
    doc.text("Leaning as far as possible toward eight targets without stepping (NeuroCom-style). Maximum excursion in % "
             "of the theoretical limit for the player's height; directional control: on-axis minus off-axis travel "
             "as % of on-axis; reaction time from the cue to movement onset.", 8.5, colour="#444444")
    if not data.limits:
        doc.text("Not measured in this period (Player setup: limits of stability).", 9.5)
        return
    last = data.limits[-1]
    rows = []
    for d in sorted(last["directions"], key=lambda d: list(DIRECTIONS).index(d["direction_deg"])):
        rows.append([DIRECTIONS[d["direction_deg"]], f"{d['max_excursion_pct']:.0f}", f"{d['endpoint_excursion_pct']:.0f}",
                     f"{d['directional_control_pct']:.0f}",
                     "—" if d.get("reaction_time_s") is None else f"{d['reaction_time_s']:.2f}",
                     "—" if d.get("movement_velocity_deg_s") is None else f"{d['movement_velocity_deg_s']:.1f}"])
    doc.heading(f"Latest measurement, {nice_date(last['date'])} ({len(data.limits)} in this period)", 2)
    doc.table(["Direction", "Max. excursion (%)", "Endpoint excursion (%)", "Directional control (%)",
               "Reaction time (s)", "Movement velocity (°/s)"], rows, [0.18, 0.16, 0.17, 0.17, 0.15, 0.17], size=8)
    keys = (("max_excursion_pct", "maximum excursion (%)"), ("directional_control_pct", "directional control (%)"),
            ("reaction_time_s", "reaction time (s)"))
    for key, label in keys:
        ax = doc.axes(1.3, right=1.45, bottom=0.5)
        for deg, name in DIRECTIONS.items():
            pts = [(m["date"], d[key]) for m in data.limits for d in m["directions"]
                   if d["direction_deg"] == deg and d.get(key) is not None]
            if pts:
                ax.plot([a for a, _ in pts], [b for _, b in pts], marker=DIRECTION_MARKERS[deg], ms=4, lw=1,
                        ls="-" if deg % 90 == 0 else "--", color=DIRECTION_COLOURS[deg], label=name)
        ax.set_ylabel(label, fontsize=8)
        ax.set_title(label[0].upper() + label[1:] + " over time, per direction", fontsize=9, loc="left")
        _date_axis(ax, [m["date"] for m in data.limits])
        _pad_dates(ax, [m["date"] for m in data.limits])
        ax.legend(fontsize=6.5, loc="upper left", bbox_to_anchor=(1.01, 1.0), title="direction", title_fontsize=7)


def _norms(doc: Document, data: ReportData) -> None:
    doc.new_page()
    doc.heading("Normative comparison: percentile among healthy adults")
    doc.text("Only the standard balance test (60 s on both feet, eyes open then closed, optionally on foam) follows "
             "the protocol of the reference data set, so only it is compared. The percentile is the share of "
             "healthy adults of the player's sex and age (±10 years, widened until at least 20 people) who swayed "
             "less; ties count half. Higher percentile = more sway than peers. Reference: " + norms.SHORT_ATTRIBUTION
             + ".", 8.5, colour="#444444")
    rows = norm_rows(data)
    if not rows:
        doc.text("No standard balance test (60 s) in this period: play 'Standard balance test (60 s)' to see where "
                 "the player stands among healthy adults.", 9.5)
        return
    if not any("velocity_pct" in r for r in rows):
        doc.text("Percentiles need the player's birth year and sex: poise players set NAME --birth-year YEAR --sex F|M.",
                 9.5, "bold")
    table = []
    for r in rows:
        table.append([nice_date(r["date"]), CONDITION_NAMES[r["condition"]], f"{r['n']}",
                      f"{r['velocity']:.1f}", f"{ordinal_or_dash(r.get('velocity_pct'))}",
                      f"{r['area']:.0f}", f"{ordinal_or_dash(r.get('area_pct'))}",
                      r["velocity_pct"].group.words if "velocity_pct" in r else "—"])
    doc.table(["Date", "Condition", "Trials", "Velocity (mm/s)", "Velocity percentile", "Area (mm²)",
               "Area percentile", "Reference group"], table, [0.11, 0.15, 0.07, 0.1, 0.11, 0.09, 0.1, 0.27], size=7.5)
    latest = {}
    for r in rows:
        if "velocity_pct" in r:
            latest[r["condition"]] = r
    if not latest:
        return
    ax = doc.axes(0.55 + 0.45 * len(latest), left=1.5, bottom=0.95)
    people = norms.reference()
    labels = []
    for i, (condition, r) in enumerate(latest.items()):
        g = r["velocity_pct"].group
        sex, age = g.sex, data.age_on(r["date"])
        _, members = norms.group(people, sex, age, r["norm"])
        vals = sorted(m.velocity_mm_s for m in members)
        q = [_quantile(vals, f) for f in (0.05, 0.25, 0.5, 0.75, 0.95)]
        ax.plot([q[0], q[4]], [i, i], color="#888888", lw=1.2, label="reference 5th–95th percentile" if i == 0 else None)
        ax.add_patch(__import__("matplotlib.patches", fromlist=["Rectangle"]).Rectangle(
            (q[1], i - 0.18), q[3] - q[1], 0.36, color="#bbbbbb", label="25th–75th percentile" if i == 0 else None))
        ax.plot([q[2], q[2]], [i - 0.18, i + 0.18], color="#333333", lw=1.2, label="median" if i == 0 else None)
        ax.plot([r["velocity"]], [i], "D", color="#d62728", ms=7, label="player" if i == 0 else None)
        labels.append(f"{CONDITION_NAMES[condition]}\n({r['velocity_pct'].group.words})")
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.set_xscale("log")
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

    lo, hi = ax.get_xlim()
    ax.xaxis.set_major_locator(FixedLocator([v for v in (1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200)
                                             if lo <= v <= hi]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("sway velocity (mm/s, log scale); left is steadier", fontsize=8)
    ax.tick_params(labelsize=7.5)
    ax.grid(alpha=0.3, axis="x")
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.5 / (0.55 + 0.45 * len(latest))), ncol=4)
    ax.set_title("Latest standard test against the reference group", fontsize=10, loc="left")
    doc.text("Reading it: the game's values are low-pass filtered at 5 Hz (a board's sensor noise would otherwise "
             "inflate velocity); on the data set's own force-plate trials that filter changes velocity by −12 % to "
             "+1 % (median −2 %). A balance board is not a force plate: treat a percentile as a guide, and "
             "compare the player with their own earlier tests first.", 8, colour="#444444")


def ordinal_or_dash(s) -> str:
    return "—" if s is None else f"{norms.ordinal(round(s.percentile))}"


def _quantile(sorted_values: list[float], f: float) -> float:
    k = (len(sorted_values) - 1) * f
    lo, hi = math.floor(k), math.ceil(k)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def _adherence_safety(doc: Document, data: ReportData) -> None:
    doc.heading("Adherence to the programme")
    if data.protocol:
        prot = data.protocol
        by = f" by {prot['clinician']}" if prot.get("clinician") else ""
        doc.text(f"Weekly-check protocol set {nice_date(prot['set_at'])}{by} from {prot['source']}: "
                 f"{', '.join(CONDITION_NAMES.get(c, c) for c in prot['conditions'])}; {prot['trials']} × "
                 f"{prot['trial_s']:g} s, {prot['rest_s']:g} s rest, foam pad {'yes' if prot.get('foam') else 'no'}.", 9)
    kept = data.adherence
    if kept and kept["programme"] and kept["weeks"]:
        source = f" from {kept['source']}" if kept["source"] else ""
        doc.text(f"Training programme: daily sessions {kept['programme']}{source}. Sessions done against planned, per "
                 f"programme week (a week is 7 days from the first session): {kept['done']} of {kept['planned']}"
                 + (f" ({kept['share']:.0%})." if kept["share"] is not None else "."), 9.5)
        doc.table(["Week", "Dates", "Sessions done / planned", "Complete", "Minutes"],
                  [[str(w["week"]), f"{nice_date(w['start'])} – {nice_date(w['end'])}"
                    + (" (in progress)" if w["in_progress"] else ""), f"{w['done']} / {w['planned']}",
                    str(w["complete"]), f"{w['minutes']:.0f}"] for w in kept["weeks"]],
                  [0.1, 0.42, 0.2, 0.13, 0.15], size=8.5)
    doc.text(("Training programme: no programme set. " if not (kept and kept["programme"]) else "")
             + "Training done: "
             f"{len(data.training_days)} day(s), {data.minutes:.0f} minutes in all"
             + (f", {len(data.training_days) / max(1, ((data.last - data.first).days + 1) / 7):.1f} days a week on "
                "average." if data.first and data.last else "."), 9.5)
    weekly = [c for c in data.checks if c.level == WEEKLY_CHECK]
    if data.first and data.last:
        weeks = ((data.last - data.first).days // 7) + 1
        doc.text(f"Weekly balance check done in {len({c.date.isocalendar()[:2] for c in weekly})} of {weeks} week(s).",
                 9.5)
    doc.heading("Clinical record", keep=0.8)
    if data.record:
        doc.table(["When", "Clinician", "Station", "What"],
                  [[nice_date(r["at"]) + " " + r["at"][11:16], r["clinician"] or "not recorded", r["station"] or "—",
                    _record_words(r)] for r in data.record], [0.17, 0.18, 0.15, 0.50], size=8)
    else:
        doc.text("No protocol, programme or note was set by a clinician in this period.", 9.5)
    doc.heading("Safety incidents", keep=0.8)
    if data.incidents:
        doc.table(["When", "Level", "What happened", "Detail"],
                  [[nice_date(i["at"]) + " " + i["at"][11:16], i["level"], INCIDENT_WORDS.get(i["kind"], i["kind"]),
                    i["detail"]] for i in data.incidents], [0.17, 0.18, 0.33, 0.32], size=8)
    else:
        doc.text("No safety incidents (sudden loss of load, leaning past the limits) were logged in this period.", 9.5)
    doc.heading("Invalid trials", keep=0.6)
    invalid = [(c, t) for c in data.checks for t in c.trials if not t["valid"]]
    if invalid:
        doc.table(["Date", "Condition", "Trial", "Why it was marked invalid"],
                  [[nice_date(c.date), CONDITION_NAMES.get(t["condition"], t["condition"]), str(t["trial"]), t["note"]]
                   for c, t in invalid], [0.15, 0.25, 0.08, 0.52], size=8)
    else:
        doc.text("None: every trial in this period was valid.", 9.5)


def _record_words(entry: dict) -> str:
    """One clinical-record entry as a reader wants it: what was set or cleared, or the note, shortened."""
    text = " ".join(entry["text"].split())
    text = text if len(text) <= 140 else text[:137] + "…"
    if entry["kind"] == "note":
        return f"Note: {text}"
    what = {"protocol": "Weekly check protocol", "programme": "Training programme"}.get(entry["kind"], entry["kind"])
    return f"{what} cleared" if entry["action"] == "clear" else f"{what} set: {text}"


def _methods(doc: Document, data: ReportData) -> None:
    doc.new_page()
    doc.heading("Methods, definitions and references")
    items = [
        ("Centre of pressure (COP)", "From the board's four corner loads: COP = Σ Fᵢ·(xᵢ, yᵢ) / Σ Fᵢ; x to the "
         "player's right, y toward the toes, in mm. Metrics are computed from the stored raw samples (exact repeats "
         "dropped, window-averaged onto a uniform grid near the board's rate, first 2 s trimmed, 4th-order zero-phase "
         "Butterworth low-pass at 5 Hz), never from the smoothed on-screen cursor."),
        ("Sway velocity", "Path length of the COP divided by the trial duration T = N/fs (mm/s); the primary measure, "
         "being the most reliable between sessions (Ruhe et al. 2010)."),
        ("95 % ellipse area", "Area of the finite-sample 95 % prediction ellipse of the COP, π·q·√det(cov), "
         "q = 2·F₀.₉₅(2, n−2)·(n−1)(n+1)/(n(n−2)) (mm²)."),
        ("Weekly trends and MDC", "Per week and condition, the geometric mean of the valid trials' velocity with a 95 % "
         "band from the player's own trial-to-trial variability (the published within-subject value until 8 trials "
         "inform it). The first two weeks are compared with the latest two; a change is called an improvement or a "
         "decline only beyond the minimal detectable change, 1.96 standard errors of that difference counting both "
         "trial-to-trial and week-to-week spread; otherwise 'no clear change yet'. Only checks of good measurement "
         "quality (calibrated board, at least 30 samples/s, under 2 % lost samples or corrupt frames) and of the "
         "same protocol (trial length) as the latest check are compared."),
        ("Romberg quotient", "Sway velocity eyes closed ÷ eyes open, both feet, in the same week."),
        ("One-leg symmetry", "(left − right) ÷ the mean of the two one-leg velocities, in %; positive: the left leg "
         "sways more."),
        ("Limits of stability", "Per direction: reaction time (cue to movement onset), movement velocity (5–95 % of the "
         "excursion), endpoint and maximum excursion in % of the theoretical limit (8° forward and sideways, 4.5° back "
         "at a centre-of-mass height of 0.55 × body height), directional control (on-axis − off-axis) ÷ on-axis."),
        ("Invalid trials", "Stepping off, a touch-down of the lifted foot, or standing on the wrong leg marks a trial "
         "invalid; it is kept with its reason, never used, and one more trial is added."),
        ("Normative percentiles", "Reference: the public balance data set of Santos & Duarte (2016), 163 healthy "
         "adults aged 18–86, 60 s on a force plate, three trials per condition. A person's value is the mean of their "
         "trials in the condition (in mm/s and mm²); the reference group is the people of the player's sex within "
         "±10 years of the player's age, widened in 5-year steps until it holds at least 20; the percentile is the "
         "share of the group below the player's value, ties counting half. Shown only for the standard balance test, "
         "whose protocol matches. Limits: force plate against balance board; the data set's people are "
         "Brazilian volunteers, mostly women; 47 men, so men's groups are wider."),
        ("Safety", "Play pauses on a sudden loss of load and when the COP passes the player's limits of stability; "
         "both are logged as incidents."),
    ]
    for title, body in items:
        doc.text(title, 9, "bold", gap=0.0)
        doc.text(body, 8, indent=0.15, gap=0.06)
    doc.heading("References", 2)
    for ref in (
            "Santos DA, Duarte M (2016). A public data set of human balance evaluations. PeerJ 4:e2648. "
            "doi:10.7717/peerj.2648.",
            "Prieto TE, Myklebust JB, Hoffmann RG, Lovett EG, Myklebust BM (1996). Measures of postural steadiness. "
            "IEEE Trans Biomed Eng 43(9):956–966.",
            "Ruhe A, Fejer R, Walker B (2010). The test–retest reliability of centre of pressure measures in bipedal "
            "static task conditions: a systematic review. Gait Posture 32:436–445.",
            "Schubert P, Kirchner M (2014). Ellipse area calculations and their applicability in posturography. "
            "Gait Posture 39:518–522.",
            "Clark RA et al. (2010). Validity and reliability of the Nintendo Wii Balance Board for assessment of "
            "standing balance. Gait Posture 31:307–310.",
            "Scoppa F et al. (2013). Clinical stabilometry standardization. Gait Posture 37:290–292."):
        doc.text("–  " + ref, 7.5, indent=0.1, gap=0.0)
    doc.heading("Data attribution", 2)
    doc.text(norms.ATTRIBUTION + " Poise derived a per-person table from the authors' per-trial table (mean of each "
             "person's trials per condition, converted to mm); no values were removed.", 8)
    doc.advance(0.25)
    doc.text("Clinician's signature: ______________________________      Date: ______________", 10)
