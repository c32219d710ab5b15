"""The one-page progress report (matplotlib Figure objects only, never pyplot), and CSV of the series."""
from __future__ import annotations

import csv
import io

from typing import TYPE_CHECKING

from poise.game.clinic.progress import Progress, nice_date, week_monday
from poise.game.clinic.report_charts import (CONDITION_COLOURS, EVEN, LEFT_HATCH, LEFT_MORE, LINE_STYLES, MARKERS,
                                             RIGHT_HATCH, RIGHT_MORE)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# the progress screen's colours (on its dark background); on paper the report's colour-blind safe ones
COLOURS = {"eyes-open": "#1f77b4", "eyes-closed": "#6a3d9a", "left-leg": "#2ca02c", "right-leg": "#d95f02"}
NAMES = {"eyes-open": "Both feet, eyes open", "eyes-closed": "Both feet, eyes closed", "left-leg": "Left leg",
         "right-leg": "Right leg"}


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
        ax.set_xticks(unique, [f"{d.day} {d:%b}" + (f"\n{d.year}" if i == 0 or d.year != unique[i - 1].year else "")
                               for i, d in enumerate(unique)])
    import datetime as dt

    pad = max(dt.timedelta(days=3), (unique[-1] - unique[0]) * 0.04)
    ax.set_xlim(unique[0] - pad, unique[-1] + pad)
    ax.tick_params(labelsize=7.5)


def figure(p: Progress) -> "Figure":
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # only when a report is drawn: it is slow to load
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    fig = Figure(figsize=(8.27, 11.69), dpi=150)  # A4 portrait
    FigureCanvasAgg(fig)
    fig.suptitle(f"Poise: balance progress of {p.player}", fontsize=16, weight="bold", y=0.985)
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
                            alpha=0.18, label=f"{NAMES[c]}: 95 % band")
            ax.plot(xs, [pt.velocity for pt in pts], LINE_STYLES[c], marker=MARKERS[c], color=CONDITION_COLOURS[c],
                    label=NAMES[c])
        ax.set_ylabel("sway velocity (mm/s)")
        ax.set_xlabel("week of", fontsize=8)
        _dates_axis(ax, dates)
        ax.grid(alpha=0.3)
        if any(pt.condition in conditions for pt in p.points):
            ax.legend(loc="upper right", fontsize=7.5, ncol=2)
        ax.set_title("Two feet (lower is steadier)" if k == 0 else "One leg (lower is steadier)", fontsize=11,
                     loc="left")
    ax = fig.add_subplot(grid[2, 0])
    for c in COLOURS:
        pts = [pt for pt in p.points if pt.condition == c]
        if pts:
            ax.plot([week_monday(pt.week) for pt in pts], [pt.area for pt in pts], LINE_STYLES[c],
                    marker=MARKERS[c], ms=3, color=CONDITION_COLOURS[c], lw=1, label=NAMES[c])
    ax.set_yscale("log")
    ax.set_title("95 % sway ellipse area", fontsize=10, loc="left")
    ax.set_ylabel("area (mm², log scale)", fontsize=8)
    ax.set_xlabel("week of", fontsize=8)
    _dates_axis(ax, dates)
    ax.grid(alpha=0.3)
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
    ax.legend(handles=[Patch(facecolor=LEFT_MORE, edgecolor="white", hatch=LEFT_HATCH, label="left leg sways more"),
                       Patch(facecolor=RIGHT_MORE, edgecolor="white", hatch=RIGHT_HATCH, label="right leg sways more"),
                       Patch(facecolor=EVEN, label="even (within ±10 %)")], fontsize=6.5, loc="upper right")
    ax.axhline(0, color="#333333", lw=0.8)
    ax.axhspan(-10, 10, color="#cccccc", alpha=0.3, lw=0)
    ax.set_title("Left vs right leg: which sways more", fontsize=10, loc="left")
    ax.set_ylabel("(left − right) / mean (%)", fontsize=8)
    ax.set_xlabel("week of", fontsize=8)
    ax.grid(alpha=0.3)
    ax = fig.add_subplot(grid[3, :])
    ax.axis("off")
    lines = ["What changed (first two weeks against the latest two; lower velocity is steadier):"]
    for v in p.verdicts:
        if v.verdict == "not enough data":
            lines.append(f"  {NAMES.get(v.condition, v.condition)}: not enough weeks yet")
        else:
            lines.append(f"  {NAMES.get(v.condition, v.condition)}: {v.baseline:.1f} -> {v.latest:.1f} mm/s "
                         f"({v.change_pct:+.0f} %, needs beyond {v.thresholds} to count) — {v.verdict.upper()}")
    if p.symmetry:
        w, s = p.symmetry[-1]
        side = "even (within 10 %)" if abs(s) < 10 else ("the LEFT leg sways more" if s > 0 else "the RIGHT leg sways more")
        lines.append(f"One leg, week of {week_monday(w):%d %b %Y}: {s:+.0f} % — {side}.")
    h = p.history
    lines += ["", f"Training: {len(h.days)} days, {h.total_minutes:.0f} minutes, longest streak {h.longest_streak} "
                  f"days; {h.one_leg_s['left'] / 60:.0f} min on the left leg, {h.one_leg_s['right'] / 60:.0f} on the right;"
                  f" {h.shifts} weight shifts.",
              f"Bands: 95 % from {p.sd_source} (log SD {p.sd:.3f})."]
    if p.excluded:
        lines.append(f"Left out: {len(p.excluded)} check(s) "
                     f"({', '.join(sorted({e['reason'] for e in p.excluded}))}).")
    lines.append("For the full clinical report (PDF): poise report NAME --pdf FILE")
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
    lines = [f"Balance progress of {p.player}: weekly mean sway velocity (mm/s), 95 % band", ""]
    lines.append(f"{'week of':<12}" + "".join(f"{NAMES[c]:>26}" for c in conditions))
    for w in weeks:
        row = f"{nice_date(week_monday(w)):<12}"
        for c in conditions:
            pt = next((q for q in p.points if q.week == w and q.condition == c), None)
            row += f"{'':>26}" if pt is None else f"{pt.velocity:>10.1f} ({pt.low:5.1f}-{pt.high:5.1f})    "
        lines.append(row)
    lines.append("")
    for v in p.verdicts:
        detail = "" if v.verdict == "not enough data" else \
            f"  {v.change_pct:+.0f} % (real only beyond {v.thresholds})"
        lines.append(f"{NAMES.get(v.condition, v.condition):<24} {v.verdict}{detail}")
    h = p.history
    lines.append("")
    lines.append(f"Training days {len(h.days)}, minutes {h.total_minutes:.0f}, streak {h.current_streak} "
                 f"(longest {h.longest_streak}), left leg {h.one_leg_s['left'] / 60:.0f} min, right leg "
                 f"{h.one_leg_s['right'] / 60:.0f} min, weight shifts {h.shifts}")
    if h.shifts_by_direction:
        lines.append("Weight shifts held, by direction: " + ", ".join(
            f"{k} {v}" for k, v in sorted(h.shifts_by_direction.items())))
    if h.bests:
        lines.append("Personal bests: " + ", ".join(f"{k} {v}" for k, v in sorted(h.bests.items())))
    if p.excluded:
        lines.append(f"Left out for measurement quality: {len(p.excluded)} check(s)")
    return "\n".join(lines) + "\n"

