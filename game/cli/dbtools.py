"""`poise db check` and `poise db recover`: verify the database, and bring rescued attempts home.

check: the database's own integrity check (SQLite), the schema revision against this Poise's
migrations, and how many rescued attempts wait in the rescue folder.

recover: every `<name>.json` + `<name>.csv` pair that game/level/attempt.py wrote to the rescue folder
(`<tempdir>/poise-unsaved`) when the database could not take a finished attempt is stored as
the attempt it would have been: player (created if needed), a session, the attempt with its
result, metrics and raw recording, and the records the level handed back with it (the weekly
check's assessment, limits of stability), stored as the game stores them (poise.game.level.attempt);
a check rescued by a Poise from before records existed brings its trials in its details: they are
stored as its assessment. Each import is one transaction. Imported pairs are moved to `imported/` in the
rescue folder, never deleted. An attempt carries its own id from the station that played it, and the
database refuses a second copy of an id: sent twice, from one station or two at once, it is stored
once (rescues written before attempts had ids are matched by player, level, start and score).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from poise import __version__
from poise.drivers import recording

from poise.drivers.replay import geometry_from

from poise.game.level.attempt import describe_records, rescue_folder, store_records
from poise.game.level.result import Assessment, AssessmentTrial, record_from_data
from poise.game.storage.store import StorageError


def pending(folder: Path | None = None) -> list[Path]:
    """The rescued results (.json with its .csv) waiting in the rescue folder, oldest name first."""
    folder = folder or rescue_folder()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.json") if p.with_suffix(".csv").is_file())


def check_facts(where, folder: Path | None = None) -> dict:
    """What `db check` finds at `where` (a path or URL), for scripts: database (password masked), engine, ok,
    schema, head, attempts, rescued (attempts waiting in the rescue folder), rescue_folder. StorageError when it is
    damaged, newer, unreachable or missing."""
    from poise.game.storage.inspect import inspect_database

    found = inspect_database(where)
    return {"database": str(found.url), "engine": "sqlite" if found.url.is_sqlite else "postgresql", "ok": True,
            "schema": found.revision, "head": found.head, "attempts": found.attempts,
            "rescued": len(pending(folder)), "rescue_folder": str(folder or rescue_folder())}


def check(where, folder: Path | None = None) -> str:
    """One line about the database at `where` (a path or URL); StorageError when it is damaged, newer,
    unreachable or missing."""
    f = check_facts(where, folder)
    rescue = (f"; {f['rescued']} rescued attempt(s) wait in {f['rescue_folder']}: run `poise db recover`"
              if f["rescued"] else "")
    state = "integrity ok" if f["engine"] == "sqlite" else "server reachable"
    return f"database {f['database']}: {state}, schema {f['schema'] or 'none'} of {f['head']}, {f['attempts']} attempt(s){rescue}"


def recover(storage, folder: Path | None = None) -> tuple[int, int, list[str]]:
    """Import every rescued attempt: (imported, already there, problems as one line each)."""
    folder = folder or rescue_folder()
    imported = skipped = 0
    problems = []
    for path in pending(folder):
        try:
            new = _import(storage, path)
        except (ValueError, KeyError, TypeError, recording.RecordingError, OSError) as exc:
            problems.append(f"{path}: not imported: {exc}")  # left where it is, for a person to look at
            continue
        _move(path, folder / "imported")
        if new:
            imported += 1
        else:
            skipped += 1
    return imported, skipped, problems


def _import(storage, path: Path) -> bool:
    result = json.loads(path.read_text(encoding="utf-8"))
    csv_text = path.with_suffix(".csv").read_text(encoding="utf-8")
    rec = recording.parse(csv_text, str(path.with_suffix(".csv")))
    player = result.get("player") or "Guest"
    level_id, started_at, score = str(result["level"]), str(result["started_at"]), float(result["score"])
    uid = result.get("uid")
    try:
        with storage.atomic():
            player_id = storage.player_id(player, create=True)
            if storage.attempt_by_uid(uid) if uid else storage.find_attempt(player_id, level_id, started_at, score):
                return False
            identity = rec.meta.get("board-identity", str(result.get("board", "")))
            session_id = storage.start_session(player_id, str(result.get("board", rec.meta.get("board", ""))),
                                               identity,
                                               rec.meta.get("software", f"poise {__version__}").removeprefix("poise "))
            metrics = result.get("metrics") or {}
            stored = {k: v for k, v in result.items()
                      if k not in ("metrics", "saved", "save_error", "recovered_to", "quality", "uid", "records")}
            step = result.get("step", (result.get("details") or {}).get("step", 0))
            attempt_id = storage.save_attempt(session_id, player_id, level_id, started_at,
                                              float(result.get("duration_s", 0.0)), score, int(result["stars"]),
                                              stored | {"recovered_from": str(path)}, metrics, csv_text, len(rec.data),
                                              step=int(step or 0), uid=uid)
            quality = result.get("quality") or {"calibrated": False, "samples": result.get("samples", 0),
                                                "lost_samples": 0, "corrupt_frames": 0, "rate_hz": 0}
            records = _records(result, level_id)
            described = describe_records(storage, storage.player(player), records, metrics,
                                         (rec.values, rec.valid, geometry_from(rec.meta)), measures_limits=False)
            store_records(storage, player_id, attempt_id, identity, records, quality, described)
    except StorageError:
        if uid and storage.attempt_by_uid(uid):  # another station sent the same rescue at the same moment
            return False
        raise
    return True


def _records(result: dict, level_id: str) -> list:
    """The records a rescued result carries; for a check rescued before records existed, its trials from its
    details as its assessment (with the protocol its details name, as poise.game.clinic.progress reads old checks)."""
    if "records" in result:
        return [record_from_data(r) for r in result["records"]]
    details = result.get("details") or {}
    if not details.get("trials") or not details.get("protocol"):
        return []
    trials = tuple(AssessmentTrial(t["condition"], int(t["trial"]), bool(t["valid"]), float(t["start"]),
                                   float(t["end"]), t["label"], t.get("note") or None) for t in details["trials"])
    conditions = details["protocol"]  # a list; an attempt rescued by an earlier Poise joined it with commas
    conditions = conditions.split(",") if isinstance(conditions, str) else [str(c) for c in conditions]
    return [Assessment(tuple(conditions), {"level": level_id, "conditions": conditions,
                                           "trial_s": details.get("trial_s")}, trials)]


def _move(path: Path, target: Path) -> None:
    target.mkdir(exist_ok=True)
    for src in (path, path.with_suffix(".csv")):
        dest = target / src.name
        n = 1
        while dest.exists():
            n += 1
            dest = target / f"{src.stem}-{n}{src.suffix}"
        os.replace(src, dest)
