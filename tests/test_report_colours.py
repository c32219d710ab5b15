"""The clinical report tells its series apart for a reader with red-green colour blindness: the eight series
colours stay far apart under simulated deuteranopia and protanopia, and every condition has its own marker and line
style besides, so nothing is told by colour alone (issue 24)."""
import datetime as dt
import itertools
from types import SimpleNamespace

import numpy as np
import pytest
from matplotlib.colors import to_hex

from poise.game.clinic import report_charts
from test_coach import _lab, _seen

VISION = ("normal", "deuteranopia", "protanopia")


def rgb(colour) -> list[int]:
    h = to_hex(colour)
    return [int(h[i:i + 2], 16) for i in (1, 3, 5)]


def delta_e(a, b, kind: str) -> float:
    """CIE76 ΔE between two colours as seen with `kind` of vision."""
    if kind == "normal":
        return float(np.linalg.norm(_lab(rgb(a)) - _lab(rgb(b))))
    return float(np.linalg.norm(_lab(_seen(rgb(a), kind)) - _lab(_seen(rgb(b), kind))))


@pytest.mark.parametrize("kind", VISION)
def test_the_eight_series_colours_stay_apart(kind):
    colours = list(report_charts.SERIES.values())
    assert len(set(colours)) == 8
    closest = min((delta_e(a, b, kind), a, b) for a, b in itertools.combinations(colours, 2))
    assert closest[0] > 25, closest
    # the old Okabe-Ito pairs of the trends chart, for comparison: right leg against eyes closed merged (ΔE 18)
    if kind == "deuteranopia":
        assert delta_e("#E69F00", "#D55E00", kind) < 20


def test_every_condition_of_the_trends_is_told_by_colour_marker_and_line_style():
    names = {c: c for c in report_charts.CONDITION_COLOURS}
    monday = lambda week: dt.date(2026, 1, 5) + dt.timedelta(weeks=week)  # noqa: E731
    points = [SimpleNamespace(condition=c, week=w, velocity=10.0 + i + w, low=8.0 + i, high=12.0 + i + w)
              for i, c in enumerate(names) for w in range(3)]
    ax = report_charts.trends(points, tuple(names), names, "trends", monday).axes[0]
    lines = [line for line in ax.get_lines() if line.get_label() in names]
    assert len(lines) == 6
    for a, b in itertools.combinations(lines, 2):
        assert a.get_marker() != b.get_marker()
        for kind in VISION:
            assert delta_e(a.get_color(), b.get_color(), kind) > 25, (a.get_label(), b.get_label(), kind)
    assert len({line.get_linestyle() for line in lines}) >= 4


def test_the_symmetry_bars_are_hatched_by_side():
    days = [dt.date(2026, 1, 5) + dt.timedelta(weeks=w) for w in range(3)]
    ax = report_charts.symmetry(list(zip(days, [30.0, -30.0, 2.0]))).axes[0]
    left, right, even = ax.containers[0]
    assert left.get_hatch() and right.get_hatch() and left.get_hatch() != right.get_hatch() and not even.get_hatch()
    assert delta_e(left.get_facecolor(), right.get_facecolor(), "deuteranopia") > 25


@pytest.mark.parametrize("kind", VISION[1:])
def test_the_first_and_latest_limits_test_stay_apart(kind):
    words = {d: f"dir{d}" for d in range(0, 360, 45)}
    ax = report_charts.limits_polar({d: 60.0 for d in words}, {d: 90.0 for d in words}, words, "latest",
                                    "first").axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    first, latest = lines["first"], lines["latest"]
    assert delta_e(first.get_color(), latest.get_color(), kind) > 25
    assert first.get_linestyle() != latest.get_linestyle()
