"""The clinical report's charts, as matplotlib Figure objects (never pyplot): drawn here, placed by pdf_layout.

- `statokinesigram`: the centre-of-pressure trace of one trial with its 95 % prediction ellipse, as force-plate
  systems print it (medio-lateral across, antero-posterior up, equal scales);
- `trends`: weekly sway velocity per condition with its 95 % band;
- `limits_polar`: the limits of stability as the usual polar plot (maximum excursion per direction, in % of
  the theoretical limit), the latest test filled, the first one outlined;
- `romberg`, `symmetry`, `against_norms`: the smaller ones.
Text on the charts is short and in the player's language (poise.i18n); everything a reader needs beside
a chart is in the report's own text, which can be searched and copied.
"""
from __future__ import annotations

import datetime as dt
import math

import numpy as np

from poise.i18n import BABEL_LOCALE, _, format_date, language

# Okabe & Ito's colour-blind safe palette (the statokinesigram, the Romberg line, the player against the norms)
BLUE, VERMILION, PURPLE, GREY = "#0072B2", "#D55E00", "#CC79A7", "#777777"
# The eight colours that tell the report's series apart (conditions, first and latest test, left and right leg):
# from Okabe & Ito's and Paul Tol's colour-blind safe sets, chosen so every pair stays at least ΔE 25 apart for
# normal vision and under simulated deuteranopia and protanopia (Machado et al. 2009; tests/test_report_colours.py).
# Colour is never the only cue: each condition has its own marker and line style too.
SERIES = {"blue": "#4477AA", "black": "#000000", "vermilion": "#D55E00", "indigo": "#332288", "cyan": "#88CCEE",
          "wine": "#882255", "rose": "#CC6677", "sand": "#DDCC77"}
CONDITION_COLOURS = {"eyes-open": SERIES["blue"], "eyes-closed": SERIES["black"], "left-leg": SERIES["vermilion"],
                     "right-leg": SERIES["indigo"], "eyes-open-foam": SERIES["cyan"], "eyes-closed-foam": SERIES["wine"]}
MARKERS = {"eyes-open": "o", "eyes-closed": "s", "left-leg": "^", "right-leg": "v", "eyes-open-foam": "D",
           "eyes-closed-foam": "P"}
LINE_STYLES = {"eyes-open": "-", "eyes-closed": "--", "left-leg": "-", "right-leg": "--", "eyes-open-foam": "-.",
               "eyes-closed-foam": ":"}
FIRST_TEST, LATEST_TEST = SERIES["rose"], SERIES["blue"]  # the limits of stability: first outlined, latest filled
LEFT_MORE, RIGHT_MORE, EVEN = SERIES["vermilion"], SERIES["indigo"], "#BBBBBB"  # the symmetry bars, hatched apart
LEFT_HATCH, RIGHT_HATCH = "////", "...."
SMALL = 7.5


def figure(width_in: float, height_in: float):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in))
    fig.set_layout_engine("constrained")
    return fig


def _style(ax) -> None:
    ax.tick_params(labelsize=SMALL)
    decimal_sign(ax.yaxis)
    ax.grid(alpha=0.3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def decimal_sign(axis) -> None:
    """An axis' numbers with the reader's decimal sign (2,5 in German and Spanish): matplotlib's own ticks,
    with the dot swapped."""
    from babel.numbers import get_decimal_symbol
    from matplotlib.ticker import ScalarFormatter

    sign = get_decimal_symbol(BABEL_LOCALE[language()])
    if sign == "." or type(axis.get_major_formatter()) is not ScalarFormatter:
        return

    class Decimal(ScalarFormatter):
        def __call__(self, value, pos=None):
            return super().__call__(value, pos).replace(".", sign)
    axis.set_major_formatter(Decimal())


def _dates(ax, dates: list[dt.date]) -> None:
    """Dates on the x axis, written as everywhere else (format_date), padded so end points are not cut; as many
    as fit side by side ("5. Jan." is longer than "5 Jan")."""
    unique = sorted(set(dates))
    if not unique:
        return
    width_pt = ax.get_position().width * ax.figure.get_size_inches()[0] * 72
    label = max(len(format_date(d, "day_month")) for d in unique)
    room = max(2, min(8, int(width_pt // (label * SMALL * 0.62 + 6))))
    if len(unique) > room:
        step = math.ceil(len(unique) / room)
        unique = unique[::step]
    ax.set_xticks(unique, [format_date(d, "day_month") for d in unique])
    lo, hi = min(dates), max(dates)
    pad = max(dt.timedelta(days=3), (hi - lo) * 0.05)
    ax.set_xlim(lo - pad, hi + pad)


def statokinesigram(x: np.ndarray, y: np.ndarray, ellipse: tuple, title: str, limit_mm: float | None = None):
    """One trial's COP trace (mm, x right, y toes) and its 95 % ellipse (poise.game.core.sway.ellipse95), equal
    scales, centred on the trace's mean; `limit_mm` the half-width shown (the same for every trial on a page, so
    they can be compared by eye)."""
    from matplotlib.patches import Ellipse

    cx, cy, a, b, angle = ellipse
    fig = figure(2.6, 2.75)
    ax = fig.add_subplot()
    ax.plot(x - cx, y - cy, lw=0.5, color=BLUE)
    ax.add_patch(Ellipse((0, 0), 2 * a, 2 * b, angle=math.degrees(angle), fill=False, lw=1.3, color=VERMILION))
    ax.plot([0], [0], "+", color="#222222", ms=6)
    half = limit_mm or max(10.0, 1.15 * max(np.max(np.abs(x - cx)), np.max(np.abs(y - cy)), a))
    ax.set_xlim(-half, half)
    ax.set_ylim(-half, half)
    ax.set_aspect("equal")
    ax.set_xlabel(_("left – right (mm)"), fontsize=SMALL)
    ax.set_ylabel(_("heels – toes (mm)"), fontsize=SMALL)
    ax.set_title(title, fontsize=8.5, loc="left")
    _style(ax)
    return fig


def trends(points, conditions: tuple[str, ...], names: dict[str, str], title: str, week_start, height_in=2.3):
    """Weekly sway velocity per condition with its 95 % band (Progress.points)."""
    fig = figure(7.0, height_in)
    ax = fig.add_subplot()
    dates = []
    for c in conditions:
        pts = [pt for pt in points if pt.condition == c]
        if not pts:
            continue
        xs = [week_start(pt.week) for pt in pts]
        dates += xs
        colour = CONDITION_COLOURS.get(c, GREY)
        ax.fill_between(xs, [pt.low for pt in pts], [pt.high for pt in pts], color=colour, alpha=0.15, lw=0)
        ax.plot(xs, [pt.velocity for pt in pts], LINE_STYLES.get(c, "-"), marker=MARKERS.get(c, "o"), color=colour,
                ms=4, label=names.get(c, c))
    ax.set_title(title, fontsize=9.5, loc="left")
    ax.set_ylabel(_("sway velocity (mm/s)\nlower is steadier"), fontsize=SMALL)
    _dates(ax, dates)
    _style(ax)
    if dates:
        ax.legend(fontsize=SMALL, loc="upper right", ncol=2, frameon=False)
    else:
        ax.text(0.5, 0.5, _("no weekly checks of good quality in this period"), transform=ax.transAxes,
                ha="center", fontsize=8.5, color=GREY)
    ax.set_ylim(bottom=0)
    return fig


def limits_polar(first: dict[int, float], latest: dict[int, float], words: dict[int, str], latest_label: str,
                 first_label: str | None):
    """Maximum excursion (% of the theoretical limit) per direction (degrees: 0 right, 90 forward) on polar axes,
    forward up; the 100 % ring is the theoretical limit."""
    fig = figure(3.6, 3.5)
    ax = fig.add_subplot(projection="polar")
    ax.set_theta_zero_location("E")
    order = sorted(latest)
    theta = [math.radians(d) for d in order] + [math.radians(order[0])]

    def ring(values: dict[int, float]):
        return [values.get(d, 0.0) for d in order] + [values.get(order[0], 0.0)]

    top = max(110.0, max(latest.values(), default=0.0) * 1.1, max(first.values(), default=0.0) * 1.1)
    ax.plot(np.linspace(0, 2 * math.pi, 181), [100.0] * 181, color=GREY, lw=0.8, ls="--",
            label=_("theoretical limit (100 %)"))
    if first_label:
        ax.plot(theta, ring(first), color=FIRST_TEST, lw=1.4, ls="--", marker="s", ms=3, label=first_label)
    ax.fill(theta, ring(latest), color=LATEST_TEST, alpha=0.25)
    ax.plot(theta, ring(latest), color=LATEST_TEST, lw=1.5, marker="o", ms=3.5, label=latest_label)
    ax.set_xticks([math.radians(d) for d in order], [words[d] for d in order], fontsize=6.5)
    ax.set_ylim(0, top)
    ax.set_yticks([25, 50, 75, 100], ["25", "50", "75", "100 %"], fontsize=6)
    ax.set_rlabel_position(112)
    ax.legend(fontsize=6.5, loc="lower center", bbox_to_anchor=(0.5, -0.32), ncol=1, frameon=False)
    return fig


def romberg(points: list[tuple[dt.date, float]]):
    fig = figure(3.4, 2.2)
    ax = fig.add_subplot()
    if points:
        ax.plot([d for d, _q in points], [q for _d, q in points], "-o", color=PURPLE, ms=4)
        _dates(ax, [d for d, _q in points])
    else:
        ax.text(0.5, 0.5, _("no week with eyes open and closed"), transform=ax.transAxes, ha="center", fontsize=8,
                color=GREY)
    ax.axhline(1.0, color="#333333", lw=0.8, ls="--")
    ax.set_title(_("Romberg quotient (eyes closed ÷ open)"), fontsize=8.5, loc="left")
    _style(ax)
    return fig


def symmetry(points: list[tuple[dt.date, float]]):
    fig = figure(3.4, 2.2)
    ax = fig.add_subplot()
    if points:
        vals = [s for _d, s in points]
        bars = ax.bar([d for d, _s in points], vals, width=4,
                      color=[LEFT_MORE if s > 10 else RIGHT_MORE if s < -10 else EVEN for s in vals])
        for bar, s in zip(bars, vals):  # the side is told by the bar's hatching and direction, not colour alone
            bar.set_hatch(LEFT_HATCH if s > 10 else RIGHT_HATCH if s < -10 else "")
            bar.set_edgecolor("white")
        lim = max(25.0, max(abs(v) for v in vals) * 1.3)
        ax.set_ylim(-lim, lim)
        _dates(ax, [d for d, _s in points])
    else:
        ax.text(0.5, 0.5, _("no week with both one-leg conditions"), transform=ax.transAxes, ha="center",
                fontsize=8, color=GREY)
    ax.axhline(0, color="#333333", lw=0.8)
    ax.axhspan(-10, 10, color="#cccccc", alpha=0.3, lw=0)
    ax.set_title(_("Left − right sway, % of mean"), fontsize=8.5, loc="left")
    ax.text(0.01, 0.97, _("↑ left leg sways more"), transform=ax.transAxes, va="top", fontsize=6.5, color=LEFT_MORE)
    ax.text(0.01, 0.03, _("↓ right leg sways more"), transform=ax.transAxes, va="bottom", fontsize=6.5, color=RIGHT_MORE)
    _style(ax)
    return fig


def against_norms(rows: list[tuple[str, list[float], float]]):
    """Per condition: the reference group's 5th–95th and 25th–75th percentile of sway velocity (from `values`)
    and the player's value, on a log scale; left is steadier."""
    from matplotlib.patches import Rectangle
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

    fig = figure(7.0, 0.8 + 0.45 * len(rows))
    ax = fig.add_subplot()
    labels = []
    for i, (label, values, player) in enumerate(rows):
        q = np.percentile(sorted(values), [5, 25, 50, 75, 95])
        ax.plot([q[0], q[4]], [i, i], color="#999999", lw=1.2, label=_("healthy adults, 5–95 %") if i == 0 else None)
        ax.add_patch(Rectangle((q[1], i - 0.18), q[3] - q[1], 0.36, color="#cccccc",
                               label=_("middle half") if i == 0 else None))
        ax.plot([q[2], q[2]], [i - 0.18, i + 0.18], color="#333333", lw=1.2, label=_("median") if i == 0 else None)
        ax.plot([player], [i], "D", color=VERMILION, ms=7, label=_("player") if i == 0 else None)
        labels.append(label)
    ax.set_yticks(range(len(labels)), labels, fontsize=SMALL)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.set_xscale("log")
    lo, hi = ax.get_xlim()
    ax.xaxis.set_major_locator(FixedLocator([v for v in (1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200)
                                             if lo <= v <= hi]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(_("sway velocity (mm/s, log scale): left is steadier"), fontsize=SMALL)
    _style(ax)
    ax.legend(fontsize=6.5, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4, frameon=False)
    return fig
