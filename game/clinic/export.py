"""`poise export`: everything stored about a player, in open formats, with a README describing it.

Only into a new or empty folder, and no file is ever overwritten: a user's own files (or
another player's export) in the folder are never touched.
"""
from __future__ import annotations

import json
from pathlib import Path

README = """# Poise export: {player}

Everything Poise has stored about this player, written {when}.

| file | what |
|---|---|
| `player.json` | the profile: name, weight and height when known, the latest limits of stability |
| `attempts.csv` | one row per attempt: id, level, start (UTC), duration, score, stars |
| `attempts/<id>-<level>.json` | the full result of an attempt: details, per-window sway metrics, its messages as keys with their values (`messages`) and in words as the results screen showed them (`shown`) |
| `recordings/<id>-<level>.csv` | the attempt's raw samples in the Poise recording format: `# key: value` metadata, then `t,tl,tr,bl,br` (seconds, kg per corner) |
| `assessments.json` | every weekly balance check: protocol, measurement quality, and each trial with its condition, validity (and why not), time window in its recording and sway metrics |
| `incidents.csv` | safety events: load lost during play, balance past the limits |
| `programme.json` | the daily programme: the prescription a clinician set (or null) and every day's session with its plan (activities, minutes, week, stage) and what was done (each activity's attempt id, score, stars or why it was skipped) |

Sway metrics: `velocity_mm_s` (mean COP speed, T = N/fs), `ellipse95_mm2` (finite-sample 95 % prediction
ellipse), `rms_ap_mm`, `rms_ml_mm`, `range_*`, `path_mm`, `mean_freq_hz` (Welch, Santos & Duarte). x is
medio-lateral (+ right), y antero-posterior (+ toes), millimetres. `poise analyze FILE` recomputes them
from any recording here.
"""


class ExportError(Exception):
    """The export cannot go where asked; the message says why in one line."""


def prepare_folder(out: Path) -> None:
    """Make `out` (a new or empty folder); ExportError naming why not."""
    if out.exists() and not out.is_dir():
        raise ExportError(f"--out {out} is a file, not a folder: name a new or empty folder")
    try:
        if out.is_dir() and any(out.iterdir()):
            raise ExportError(f"--out {out} is not empty: export into a new or empty folder "
                              "(nothing there was changed)")
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"--out {out}: cannot create the folder: {exc.strerror or exc}") from None


def _prepare(out: Path) -> None:
    prepare_folder(out)
    try:
        (out / "attempts").mkdir()
        (out / "recordings").mkdir()
    except OSError as exc:
        raise ExportError(f"--out {out}: cannot create the folder: {exc.strerror or exc}") from None


def _write(path: Path, text: str) -> None:
    with open(path, "x", encoding="utf-8") as f:  # "x": never overwrites
        f.write(text)


def export(storage, player: str, out: Path) -> int:
    from poise.game.storage.store import now_iso

    pid = storage.player_id(player)
    out = Path(out)
    _prepare(out)
    try:
        return _export(storage, player, pid, out, now_iso())
    except OSError as exc:
        raise ExportError(f"--out {out}: cannot write {exc.filename or 'a file'}: {exc.strerror or exc}") from None


def _export(storage, player: str, pid: int, out: Path, when: str) -> int:
    from poise.game.level.catalogue import installed
    from poise.game.level.messages import note_text, rows
    from poise.game.storage.store import StorageError

    row = storage.player(player)
    limits = storage.limits(pid)
    profile = {"name": row["name"], "created_at": row["created_at"], "weight_kg": row["weight_kg"],
               "height_cm": row["height_cm"],
               "limits_mm": {d: limits[f"{d}_mm"] for d in ("forward", "back", "left", "right")} if limits else None}
    _write(out / "player.json", json.dumps(profile, indent=2))
    files = 2
    lines = ["id,level,started_at,duration_s,score,stars"]
    for a in storage.attempts(pid):
        stem = f"{a['id']}-{a['level']}"
        lines.append(f"{a['id']},{a['level']},{a['started_at']},{a['duration_s']:.3f},{a['score']:g},{a['stars']}")
        result = json.loads(a["result_json"]) | {"metrics": json.loads(a["metrics_json"])}
        result["shown"] = rows(result, installed().templates(a["level"]))
        _write(out / "attempts" / f"{stem}.json", json.dumps(result, indent=2))
        try:
            _write(out / "recordings" / f"{stem}.csv", storage.recording(a["id"]))
            files += 1
        except StorageError:  # an attempt without a recording is still exported
            pass
        files += 1
    _write(out / "attempts.csv", "\n".join(lines) + "\n")
    assessments = []
    for a in storage.assessments(pid):
        level = json.loads(a["protocol_json"] or "{}").get("level", "balance-check")
        trials = [{"condition": t["condition"], "trial": t["trial"], "valid": bool(t["valid"]),
                   "note": note_text(t["note"], level),
                   "start_s": t["start_s"], "end_s": t["end_s"], "metrics": json.loads(t["metrics_json"])}
                  for t in storage.assessment_trials(a["id"])]
        assessments.append({"id": a["id"], "attempt_id": a["attempt_id"], "created_at": a["created_at"],
                            "protocol": a["protocol"], "board": a["board_identity"],
                            "quality": json.loads(a["quality_json"]), "trials": trials})
    _write(out / "assessments.json", json.dumps(assessments, indent=2))
    inc = ["at,level,kind,detail"] + [f"{i['at']},{i['level']},{i['kind']},\"{i['detail']}\""
                                      for i in storage.incidents(pid)]
    _write(out / "incidents.csv", "\n".join(inc) + "\n")
    from poise.game.clinic.today import prescription_row, sessions
    row = prescription_row(storage, pid)
    programme = {"prescription": None if row is None else {"set_at": row["set_at"], "source": row["source"],
                                                           "text": row["text"],
                                                           "programme": json.loads(row["programme_json"])},
                 "sessions": [{"day": s["day"], "started_at": s["started_at"], "finished_at": s["finished_at"],
                               "status": s["status"], "week": s["week"], "stage": s["stage"],
                               "sessions_per_week": s["sessions_per_week"], "planned_minutes": s["planned_minutes"],
                               "plan": json.loads(s["plan_json"]), "done": json.loads(s["done_json"])}
                              for s in sessions(storage, pid)]}
    _write(out / "programme.json", json.dumps(programme, indent=2))
    _write(out / "README.md", README.format(player=player, when=when))
    return files + 4
