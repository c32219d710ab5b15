"""`poise export`: everything stored about a player, in open formats, with a README describing it."""
from __future__ import annotations

import json
from pathlib import Path

README = """# Poise export: {player}

Everything Poise has stored about this player, written {when}.

| file | what |
|---|---|
| `player.json` | the profile: name, weight and height when known, the latest limits of stability |
| `attempts.csv` | one row per attempt: id, level, start (UTC), duration, score, stars |
| `attempts/<id>-<level>.json` | the full result of an attempt: details, per-window sway metrics |
| `recordings/<id>-<level>.csv` | the attempt's raw samples in the Poise recording format: `# key: value` metadata, then `t,tl,tr,bl,br` (seconds, kg per corner) |
| `assessments.json` | every weekly balance check: protocol, measurement quality, and each trial with its condition, validity (and why not), time window in its recording and sway metrics |
| `incidents.csv` | safety events: load lost during play, balance past the limits |

Sway metrics: `velocity_mm_s` (mean COP speed, T = N/fs), `ellipse95_mm2` (finite-sample 95 % prediction
ellipse), `rms_ap_mm`, `rms_ml_mm`, `range_*`, `path_mm`, `mean_freq_hz` (Welch, Santos & Duarte). x is
medio-lateral (+ right), y antero-posterior (+ toes), millimetres. `poise analyze FILE` recomputes them
from any recording here.
"""


def export(storage, player: str, out: Path) -> int:
    from .storage import now_iso

    pid = storage.player_id(player)
    out = Path(out)
    (out / "attempts").mkdir(parents=True, exist_ok=True)
    (out / "recordings").mkdir(exist_ok=True)
    row = storage.player(player)
    limits = storage.limits(pid)
    profile = {"name": row["name"], "created_at": row["created_at"], "weight_kg": row["weight_kg"],
               "height_cm": row["height_cm"],
               "limits_mm": {d: limits[f"{d}_mm"] for d in ("forward", "back", "left", "right")} if limits else None}
    (out / "player.json").write_text(json.dumps(profile, indent=2), encoding="utf-8")
    files = 2
    lines = ["id,level,started_at,duration_s,score,stars"]
    for a in storage.attempts(pid):
        stem = f"{a['id']}-{a['level']}"
        lines.append(f"{a['id']},{a['level']},{a['started_at']},{a['duration_s']:.3f},{a['score']:g},{a['stars']}")
        result = json.loads(a["result_json"]) | {"metrics": json.loads(a["metrics_json"])}
        (out / "attempts" / f"{stem}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
        try:
            (out / "recordings" / f"{stem}.csv").write_text(storage.recording(a["id"]), encoding="utf-8")
            files += 1
        except Exception:  # noqa: BLE001 - an attempt without a recording is still exported
            pass
        files += 1
    (out / "attempts.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assessments = []
    for a in storage.assessments(pid):
        trials = [{"condition": t["condition"], "trial": t["trial"], "valid": bool(t["valid"]), "note": t["note"],
                   "start_s": t["start_s"], "end_s": t["end_s"], "metrics": json.loads(t["metrics_json"])}
                  for t in storage.assessment_trials(a["id"])]
        assessments.append({"id": a["id"], "attempt_id": a["attempt_id"], "created_at": a["created_at"],
                            "protocol": a["protocol"], "board": a["board_identity"],
                            "quality": json.loads(a["quality_json"]), "trials": trials})
    (out / "assessments.json").write_text(json.dumps(assessments, indent=2), encoding="utf-8")
    inc = ["at,level,kind,detail"] + [f"{i['at']},{i['level']},{i['kind']},\"{i['detail']}\""
                                      for i in storage.incidents(pid)]
    (out / "incidents.csv").write_text("\n".join(inc) + "\n", encoding="utf-8")
    (out / "README.md").write_text(README.format(player=player, when=now_iso()), encoding="utf-8")
    return files + 3
