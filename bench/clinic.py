"""`make bench` rows for the clinic database, on SQLite and on a throwaway PostgreSQL server.

Per engine: the progress query and the title screen's per-level bests at clinic size (10 stations x 50
patients x 2 years of daily sessions), saving an attempt with its one-minute recording while 8 stations
save (p95 of every save), and how each of the three costs grows over 1, 2, 4 and 8 years of 10 players.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAVER = """
import json, sys, time
sys.path[:0] = [{root!r}]
from poise.drivers import recording
from poise.game.storage.store import Storage
url, station, start, n, csv_path = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
csv = open(csv_path).read()
rec = recording.parse(csv)  # the samples as the game holds them
s = Storage(url, station=station)
pid = s.player_id("Player " + station.rsplit("-", 1)[1], create=True)
while time.time() < start:
    time.sleep(0.005)
times = []
for k in range(n):
    t0 = time.perf_counter()
    encoded = s.encode_samples(rec.meta, rec.columns, rec.data)  # as the game saves an attempt (game/level/attempt.py)
    with s.atomic():
        session = s.start_session(pid, "sim://", "sim-" + station, "bench")
        s.save_attempt(session, pid, "single-leg-hold", "2026-06-01T09:00:00+00:00", 60.0, 500 + k, 2, {{}}, {{}}, csv,
                       3600, step=1, encoded=encoded)
    times.append(time.perf_counter() - t0)
print(json.dumps(times))
"""


def median_ms(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def recording_csv() -> str:
    """A minute of play on a 60 Hz board, as the game records it."""
    from poise.drivers import open_board, recording
    from poise.game.engine.loop import VirtualClock

    clock = VirtualClock()
    board = open_board("sim://?seed=1", clock)
    samples = []
    for _ in range(60 * 60):
        clock.advance(1 / 60)
        samples += board.poll()
    return recording.to_text([(s.t, s.tl, s.tr, s.bl, s.br) for s in samples], {"board": "sim://"})


def save_p95(url: str, csv_path: Path, stations: int = 8, saves: int = 10) -> float:
    """p95 (ms) of saving one attempt with its recording while `stations` processes save at the same time."""
    start = time.time() + 3.0  # every station has opened the database by then
    procs = [subprocess.Popen([sys.executable, "-c", SAVER.format(root=str(ROOT)), url, f"station-{k + 1}",
                               repr(start), str(saves), str(csv_path)], stdout=subprocess.PIPE, text=True)
             for k in range(stations)]
    times = []
    for p in procs:
        out, _ = p.communicate(timeout=600)
        times += json.loads(out)
    times.sort()
    return times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))] * 1000


def costs(url: str, players: int, days: int, stations: int, csv_path: Path, patient: str) -> tuple[float, float, float]:
    from bench.history import synthetic
    from poise.game.clinic.progress import progress
    from poise.game.storage.store import Storage

    storage = Storage(url)
    synthetic(storage, players=players, days=days, stations=stations)
    pid = storage.player_id(patient)
    query = median_ms(lambda: progress(storage, patient))
    bests = median_ms(lambda: storage.level_bests(pid))
    storage.close()
    return query, bests, save_p95(url, csv_path)


def engines(tmp: Path):
    """(name, new database URL maker, stop) per engine this machine has."""
    counter = iter(range(1000))
    yield "SQLite", lambda: f"sqlite:///{tmp / f'clinic-{next(counter)}.db'}", None
    sys.path.insert(0, str(ROOT / "tests"))
    import pgserver

    if pgserver.binaries() is None:
        print("bench: no PostgreSQL binaries: the PostgreSQL rows are left out", file=sys.stderr)
        return
    server = pgserver.start()
    try:
        yield "PostgreSQL", server.create_database, server
    finally:
        server.stop()


def bench_clinic(row) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        csv_path = tmp / "minute.csv"
        csv_path.write_text(recording_csv())
        for engine, new_db, _ in engines(tmp):
            query, bests, save = costs(new_db(), players=50, days=730, stations=10, csv_path=csv_path,
                                       patient="Player 17")
            size = "10 stations x 50 patients x 2 years"
            row(f"{engine}: progress query, {size} (median)", f"{query:.0f} ms", "≤ 300 ms")
            row(f"{engine}: title screen per-level bests, {size} (median)", f"{bests:.1f} ms", "≤ 300 ms")
            row(f"{engine}: save an attempt + 1-min recording while 8 stations save (p95), {size}", f"{save:.0f} ms", "")
            growth = {years: costs(new_db(), players=10, days=365 * years, stations=1, csv_path=csv_path,
                                   patient="Player 3") for years in (1, 2, 4, 8)}
            for k, name, budget in ((0, "progress query", "≤ 300 ms at 8 y"), (1, "title screen bests", ""),
                                    (2, "save while 8 stations save (p95)", "")):
                values = ", ".join(f"{growth[y][k]:.0f}" for y in (1, 2, 4, 8))
                row(f"{engine}: {name}, 1 / 2 / 4 / 8 years x 10 players", f"{values} ms", budget)
