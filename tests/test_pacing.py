"""Frame pacing: the poll waits until just before the refresh, the margin follows the work, and the
latency model gives the textbook floor for a 60 Hz display."""
import random

import pytest

from poise.game.engine.pacing import Pacer, model_latency, percentile

T = 1 / 60


def test_before_any_refresh_is_known_the_poll_is_at_once():
    assert Pacer(60).poll_at(5.0) == 5.0


def test_poll_is_just_before_the_next_refresh_by_the_work_p95_plus_safety():
    p = Pacer(60)
    t = 10.0
    for i in range(200):
        p.presented(t + i * T, work_s=0.001 if i % 10 else 0.0016)
    assert p.margin == pytest.approx(0.0016 + 0.0015, abs=1e-4)
    last = 10.0 + 199 * T
    now = last + 0.002  # just after the last refresh
    assert p.poll_at(now) == pytest.approx(last + T - p.margin, abs=1e-4)
    now = last + T - 0.001  # too late for the coming refresh: aim at the one after
    assert p.poll_at(now) == pytest.approx(last + 2 * T - p.margin, abs=1e-4)


def test_the_margin_stays_within_sane_bounds():
    p = Pacer(60)
    for i in range(50):
        p.presented(i * T, 0.0)
    assert p.margin == pytest.approx(0.002)  # never under 2 ms
    for i in range(50, 200):
        p.presented(i * T, 0.05)
    assert p.margin == pytest.approx(0.75 * T)  # a hopelessly slow frame cannot push the poll past the last one


def test_refresh_grid_follows_late_wake_ups_without_drifting_off():
    p = Pacer(60)
    rng = random.Random(1)
    for i in range(600):  # present returns 0-0.5 ms after each refresh
        p.presented(i * T + rng.uniform(0, 0.0005), 0.001)
    assert abs(p.last_refresh - 599 * T) < 0.0006
    assert p.missed == 0
    p.presented(601 * T, 0.001)  # a frame that missed its refresh is counted
    assert p.missed == 1


def arrivals(n=3000, rate=60.0, seed=2):
    rng = random.Random(seed)
    t, out = 0.0, []
    for _ in range(n):
        t += 1 / rate + rng.uniform(-0.002, 0.002)
        out.append(t)
    return out


def test_floor_is_the_wait_for_the_next_refresh_plus_half_a_scan_out():
    lat = []
    rng = random.Random(3)
    for _ in range(10):
        lat += model_latency(arrivals(), [0.0], T, margin=0.0, phase=rng.uniform(0, T))
    assert percentile(lat, 50) == pytest.approx(T, abs=0.001)  # mean wait T/2 + T/2
    assert percentile(lat, 95) == pytest.approx(0.95 * T + T / 2, abs=0.001)


def test_polling_late_costs_only_the_margin_and_beats_a_timer_paced_loop():
    rng = random.Random(4)
    work = [0.0012] * 95 + [0.0025] * 5
    floor, synced, timer = [], [], []
    for _ in range(10):
        phase = rng.uniform(0, T)
        floor += model_latency(arrivals(), [0.0], T, margin=0.0, phase=phase)
        synced += model_latency(arrivals(), work, T, phase=phase)
        timer += model_latency(arrivals(), work, T, phase=phase, synced=False)
    margin = percentile(work, 95) + 0.0015
    assert percentile(synced, 95) == pytest.approx(percentile(floor, 95) + margin, abs=0.001)
    assert percentile(timer, 95) > percentile(synced, 95) + 0.005


def test_an_overrun_frame_is_shown_a_refresh_later():
    # one arrival just before a poll whose frame overruns its margin
    lat = model_latency([1.0 - 0.004], [0.010], T, margin=0.003, phase=1.0)
    assert lat[0] == pytest.approx(0.004 + T + T / 2, abs=1e-6)  # 4 ms before the refresh it missed


def test_the_late_poll_is_just_before_the_refresh_the_frame_aims_at_by_its_own_margin():
    p = Pacer(60)
    for i in range(200):  # the whole frame takes 5 ms, the late part 0.3 ms
        p.presented(i * T, work_s=0.005, late_s=0.0003)
    last = 199 * T
    start = p.poll_at(last + 0.001)
    assert start == pytest.approx(last + T - 0.005 - 0.0015, abs=1e-4)  # the world is drawn in time
    assert p.late_margin == pytest.approx(0.0003 + 0.0015)
    assert p.late_poll_at(start + 0.004) == pytest.approx(last + T - 0.0018, abs=1e-4)  # then wait for the refresh
    assert p.late_poll_at(last + T) == last + T  # drawing the world overran: poll at once


def test_the_late_margin_follows_its_own_work_and_never_exceeds_the_frames():
    p = Pacer(60)
    for i in range(200):
        p.presented(i * T, work_s=0.004, late_s=0.0012 if i % 10 else 0.0018)
    assert p.late_margin == pytest.approx(0.0018 + 0.0015, abs=1e-4)
    for i in range(200, 400):
        p.presented(i * T, work_s=0.001, late_s=0.004)  # (cannot happen, but must not poll before the frame starts)
    assert p.late_margin == pytest.approx(p.margin)
