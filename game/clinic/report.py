"""The one-page progress report (matplotlib Figure objects only, never pyplot), and CSV of the series."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from typing import TYPE_CHECKING

from poise.game.clinic.progress import Progress, nice_date, week_monday
from poise.game.clinic.report_charts import (CONDITION_COLOURS, EVEN, LEFT_HATCH, LEFT_MORE, LINE_STYLES, MARKERS,
                                             RIGHT_HATCH, RIGHT_MORE, decimal_sign)
from poise.i18n import N_, _, format_date, format_number, ngettext

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# the progress screen's colours (on its dark background); on paper the report's colour-blind safe ones
COLOURS = {"eyes-open": "#1f77b4", "eyes-closed": "#6a3d9a", "left-leg": "#2ca02c", "right-leg": "#d95f02"}
NAMES = {"eyes-open": N_("Both feet, eyes open"), "eyes-closed": N_("Both feet, eyes closed"),
         "left-leg": N_("Left leg"), "right-leg": N_("Right leg")}  # in words where shown: name(condition)


def name(condition: str) -> str:
    """A check's condition in the reader's language (an unknown one as it is stored)."""
    return _(NAMES[condition]) if condition in NAMES else condition


def _pct(value: float) -> str:
    """A signed whole percentage change, '+12 %', '−4 %', with the language's digits."""
    return ("+" if value >= 0 else "-") + format_number(abs(value)) + " %"


def _dates_axis(ax, dates) -> None:
    """Dates on the x axis, at the weeks' Mondays (the data's own dates when few)."""
    unique = sorted(set(dates))
    if not unique:
        return
    if len(unique) > 12:
        import matplotlib.dates as mdates

        locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
    else:
        ax.set_xticks(unique, [format_date(d, "day_month") + (f"\n{d.year}" if i == 0 or d.year != unique[i - 1].year
                                                               else "")
                               for i, d in enumerate(unique)])
    import datetime as dt

    pad = max(dt.timedelta(days=3), (unique[-1] - unique[0]) * 0.04)
    ax.set_xlim(unique[0] - pad, unique[-1] + pad)
    ax.tick_params(labelsize=7.5)


def families(text: str) -> list[str]:
    """Font families for `text` in a chart: DejaVu Sans, then an installed font for each script it lacks (a name
    in Chinese), registered with matplotlib (poise.game.media.fontfiles finds them; nothing is downloaded)."""
    from matplotlib import font_manager

    from poise.game.media.fontfiles import covers, fallback

    body = font_manager.findfont("DejaVu Sans")
    out = ["DejaVu Sans"]
    for ch in sorted(set(text)):
        if ch.isspace() or covers(Path(body), ch) or (path := fallback(ch)) is None:
            continue
        font_manager.fontManager.addfont(str(path))
        name = font_manager.FontProperties(fname=str(path)).get_name()
        if name not in out:
            out.append(name)
    return out


def figure(p: Progress) -> "Figure":
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # only when a report is drawn: it is slow to load
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    fig = Figure(figsize=(8.27, 11.69), dpi=150)  # A4 portrait
    FigureCanvasAgg(fig)
    title = _("Poise: balance progress of {name}").format(name=p.player)
    fig.suptitle(title, fontsize=16, weight="bold", y=0.985, family=families(title))
    grid = fig.add_gridspec(4, 2, height_ratios=[1.15, 1.15, 0.9, 0.85], hspace=0.62, wspace=0.32,
                            left=0.09, right=0.97, top=0.93, bottom=0.04)
    dates = [week_monday(pt.week) for pt in p.points]
    for k, conditions in enumerate((("eyes-open", "eyes-closed"), ("left-leg", "right-leg"))):
        ax = fig.add_subplot(grid[k, :])
        for c in conditions:
            pts = [pt for pt in p.points if pt.condition == c]
            if not pts:
                continue
            xs = [week_monday(pt.week) for pt in pts]
            ax.fill_between(xs, [pt.low for pt in pts], [pt.high for pt in pts], color=CONDITION_COLOURS[c],
                            alpha=0.18, label=_("{name}: 95 % band").format(name=name(c)))
            ax.plot(xs, [pt.velocity for pt in pts], LINE_STYLES[c], marker=MARKERS[c], color=CONDITION_COLOURS[c],
                    label=name(c))
        ax.set_ylabel(_("sway velocity (mm/s)"))
        ax.set_xlabel(_("week of"), fontsize=8)
        _dates_axis(ax, dates)
        ax.grid(alpha=0.3)
        decimal_sign(ax.yaxis)
        if any(pt.condition in conditions for pt in p.points):
            ax.legend(loc="upper right", fontsize=7.5, ncol=2)
        ax.set_title(_("Two feet (lower is steadier)") if k == 0 else _("One leg (lower is steadier)"), fontsize=11,
                     loc="left")
    ax = fig.add_subplot(grid[2, 0])
    for c in COLOURS:
        pts = [pt for pt in p.points if pt.condition == c]
        if pts:
            ax.plot([week_monday(pt.week) for pt in pts], [pt.area for pt in pts], LINE_STYLES[c],
                    marker=MARKERS[c], ms=3, color=CONDITION_COLOURS[c], lw=1, label=name(c))
    ax.set_yscale("log")
    ax.set_title(_("95 % sway ellipse area"), fontsize=10, loc="left")
    ax.set_ylabel(_("area (mm², log scale)"), fontsize=8)
    ax.set_xlabel(_("week of"), fontsize=8)
    _dates_axis(ax, dates)
    ax.grid(alpha=0.3)
    decimal_sign(ax.yaxis)
    if p.points:
        ax.legend(fontsize=6.5, loc="upper right")
    ax = fig.add_subplot(grid[2, 1])
    if p.symmetry:
        xs = [week_monday(w) for w, _ in p.symmetry]
        ax.bar(xs, [s for _, s in p.symmetry], width=4, edgecolor="white",
               color=[LEFT_MORE if s > 10 else RIGHT_MORE if s < -10 else EVEN for _, s in p.symmetry],
               hatch=[LEFT_HATCH if s > 10 else RIGHT_HATCH if s < -10 else "" for _, s in p.symmetry])
        _dates_axis(ax, xs)
        lim = max(25.0, max(abs(s) for _, s in p.symmetry) * 1.3)
        ax.set_ylim(-lim, lim)
    ax.legend(handles=[Patch(facecolor=LEFT_MORE, edgecolor="white", hatch=LEFT_HATCH, label=_("left leg sways more")),
                       Patch(facecolor=RIGHT_MORE, edgecolor="white", hatch=RIGHT_HATCH,
                             label=_("right leg sways more")),
                       Patch(facecolor=EVEN, label=_("even (within ±10 %)"))], fontsize=6.5, loc="upper right")
    ax.axhline(0, color="#333333", lw=0.8)
    ax.axhspan(-10, 10, color="#cccccc", alpha=0.3, lw=0)
    ax.set_title(_("Left vs right leg: which sways more"), fontsize=10, loc="left")
    ax.set_ylabel(_("(left − right) / mean (%)"), fontsize=8)
    ax.set_xlabel(_("week of"), fontsize=8)
    ax.grid(alpha=0.3)
    decimal_sign(ax.yaxis)
    ax = fig.add_subplot(grid[3, :])
    ax.axis("off")
    lines = [_("What changed (first two weeks against the latest two; lower velocity is steadier):")]
    for v in p.verdicts:
        if v.verdict == "not enough data":
            lines.append("  " + _("{name}: not enough weeks yet").format(name=name(v.condition)))
        else:
            lines.append("  " + _("{name}: {first} -> {latest} mm/s ({change}, needs beyond {thresholds} to count) — "
                                  "{verdict}").format(name=name(v.condition), first=format_number(v.baseline, 1),
                                                      latest=format_number(v.latest, 1), change=_pct(v.change_pct),
                                                      thresholds=v.thresholds, verdict=_(v.verdict).upper()))
    if p.symmetry:
        w, s = p.symmetry[-1]
        side = _("even (within 10 %)") if abs(s) < 10 else (_("the LEFT leg sways more") if s > 0
                                                             else _("the RIGHT leg sways more"))
        lines.append(_("One leg, week of {day}: {change} — {side}.").format(day=format_date(week_monday(w)),
                                                                          change=_pct(s), side=side))
    h = p.history
    lines += ["", _("Training: {days}, {minutes} minutes, longest streak {streak}; {left} min on the left leg, {right} "
                    "on the right; {shifts} weight shifts.").format(
        days=ngettext("{n} day", "{n} days", len(h.days)).format(n=len(h.days)),
        minutes=format_number(h.total_minutes), streak=ngettext("{n} day", "{n} days", h.longest_streak).format(
            n=h.longest_streak), left=format_number(h.one_leg_s["left"] / 60),
        right=format_number(h.one_leg_s["right"] / 60), shifts=h.shifts),
              _("Bands: 95 % from {source} (log SD {sd}).").format(source=p.sd_source,
                                                                    sd=format_number(p.sd, 3))]
    if p.excluded:
        lines.append(ngettext("Left out: {n} check ({why}).", "Left out: {n} checks ({why}).", len(p.excluded)).format(
            n=len(p.excluded), why=", ".join(sorted({e["reason"] for e in p.excluded}))))
    lines.append(_("For the full clinical report (PDF): poise report NAME --pdf FILE"))
    ax.text(0.0, 1.0, "\n".join(lines), va="top", fontsize=8.5, family="DejaVu Sans", wrap=True)
    return fig


def write_png(p: Progress, path, shared: bool = False) -> None:
    """The one-page report as a PNG, written atomically and privately (drivers/files.py)."""
    from poise.drivers import files
    with files.atomic_write(path, binary=True, shared=shared) as f:
        figure(p).savefig(f, format="png")


def series_csv(p: Progress) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["week", "week_start", "condition", "trials", "velocity_mm_s", "velocity_low_mm_s",
                "velocity_high_mm_s", "ellipse95_mm2"])
    for pt in p.points:
        w.writerow([pt.week, week_monday(pt.week).isoformat(), pt.condition, pt.n, f"{pt.velocity:.3f}", f"{pt.low:.3f}", f"{pt.high:.3f}",
                    f"{pt.area:.1f}"])
    return out.getvalue()


def table(p: Progress) -> str:
    conditions = [c for c in NAMES if any(pt.condition == c for pt in p.points)]
    weeks = sorted({pt.week for pt in p.points})
    width = max([12, *(len(nice_date(week_monday(w))) + 1 for w in weeks)])
    column = max([26, *(len(name(c)) + 2 for c in conditions)])
    lines = [_("Balance progress of {name}: weekly mean sway velocity (mm/s), 95 % band").format(name=p.player), ""]
    lines.append(f"{_('week of'):<{width}}" + "".join(f"{name(c):>{column}}" for c in conditions))
    for w in weeks:
        row = f"{nice_date(week_monday(w)):<{width}}"
        for c in conditions:
            pt = next((q for q in p.points if q.week == w and q.condition == c), None)
            cell = "" if pt is None else (f"{format_number(pt.velocity, 1):>10} ({format_number(pt.low, 1):>5}-"
                                          f"{format_number(pt.high, 1):>5})    ")
            row += f"{cell:>{column}}"
        lines.append(row)
    lines.append("")
    for v in p.verdicts:
        detail = "" if v.verdict == "not enough data" else "  " + _("{change} (real only beyond {thresholds})").format(
            change=_pct(v.change_pct), thresholds=v.thresholds)
        lines.append(f"{name(v.condition):<24} {_(v.verdict)}{detail}")
    h = p.history
    lines.append("")
    lines.append(_("Training days {days}, minutes {minutes}, streak {streak} (longest {longest}), left leg {left} min, "
                   "right leg {right} min, weight shifts {shifts}").format(
        days=len(h.days), minutes=format_number(h.total_minutes), streak=h.current_streak, longest=h.longest_streak,
        left=format_number(h.one_leg_s["left"] / 60), right=format_number(h.one_leg_s["right"] / 60),
        shifts=h.shifts))
    if h.shifts_by_direction:
        lines.append(_("Weight shifts held, by direction: {counts}").format(counts=", ".join(
            f"{_(k)} {v}" for k, v in sorted(h.shifts_by_direction.items()))))
    if h.bests:
        lines.append(_("Personal bests: {bests}").format(bests=", ".join(
            f"{k} {v}" for k, v in sorted(h.bests.items()))))
    if p.excluded:
        lines.append(ngettext("Left out for measurement quality: {n} check", "Left out for measurement quality: {n} checks",
                              len(p.excluded)).format(n=len(p.excluded)))
    return "\n".join(lines) + "\n"

