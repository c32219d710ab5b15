"""A clinic end to end on a real PostgreSQL server: set up with `poise db init`, four stations (separate
processes, logged in with the station role) save attempts at the same moment, two of them for a patient
nobody had added yet, then the office PC sees the whole history: progress, the clinical report, the export."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import psycopg
import pytest

from conftest import ROOT
from poise.testing import catalogue
from poise.__main__ import main
from poise.game.storage.migrate import HEAD
from poise.game.storage.store import Storage

levels = catalogue()


@pytest.mark.slow
def test_four_stations_save_at_once_and_the_office_sees_everything(pg_server, pg_url, tmp_path, capsys):
    def run(*argv) -> str:
        assert main(list(argv), levels=lambda: levels) == 0, argv
        out, err = capsys.readouterr()
        assert pg_server.password not in out + err
        return out

    run("db", "init", pg_url)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'station_e2e') THEN "
                     "CREATE ROLE station_e2e LOGIN PASSWORD 'e2e-pass' IN ROLE poise_station; END IF; END $$")
    station_url = pg_url.replace(f"poise:{pg_server.password}@", "station_e2e:e2e-pass@")
    run("players", "add", "Ann Lee", "--patient-id", "P-0042", "--birth-year", "1958", "--sex", "F", "--db", station_url)
    protocol = tmp_path / "ann.toml"
    protocol.write_text('conditions = ["eyes-open", "eyes-closed"]\ntrials = 1\ntrial_s = 5.0\nrest_s = 3.0\n')
    run("protocol", "set", "Ann Lee", str(protocol), "--clinician", "Dr Kaur", "--db", station_url)

    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    plays = [("Ann Lee", "balance-check"), ("Ann Lee", "single-leg-hold"), ("Bo Chen", "slalom"), ("Bo Chen", "tracking")]
    procs = [subprocess.Popen([sys.executable, "-m", "poise", "demo", "--level", level, "--headless", "--seconds", "4",
                               "--player", player, "--db", station_url], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env | {"POISE_STATION": f"station-{k + 1}"})
             for k, (player, level) in enumerate(plays)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-2000:]
        assert "e2e-pass" not in out + err
        results.append(json.loads(out))
    assert all(r["saved"] for r in results), [r.get("save_error") for r in results]

    office = Storage(pg_url, station="office")
    assert [p["name"] for p in office.players()] == ["Ann Lee", "Bo Chen"]  # Bo added once, by two stations at once
    stations = {a["station"]: a["level"] for p in office.players() for a in office.attempts(p["id"])}
    assert stations == {f"station-{k + 1}": level for k, (_, level) in enumerate(plays)}

    assert run("db", "check", "--db", pg_url).endswith(f"server reachable, schema {HEAD} of {HEAD}, 4 attempts\n")
    progress = json.loads(run("progress", "Ann Lee", "--json", "--db", pg_url))
    assert {w["condition"] for w in progress["weeks"]} == {"eyes-open", "eyes-closed"}
    assert progress["history"]["days"] and set(progress["history"]["bests"]) == {"balance-check", "single-leg-hold"}
    run("report", "Ann Lee", "--pdf", str(tmp_path / "ann.pdf"), "--clinician", "Dr Osei", "--db", pg_url)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "ann.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "P-0042" in text and "Dr Kaur" in text and "Clinical record" in text
    run("export", "Ann Lee", "--out", str(tmp_path / "export"), "--db", pg_url)
    assert len(list((tmp_path / "export" / "recordings").glob("*.csv"))) == 2
    office.close()
