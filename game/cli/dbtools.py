"""`poise db check` and `poise db recover`: verify the database, and bring rescued attempts home.

check: the database's own integrity check (SQLite), the schema revision against this Poise's
migrations, every stored field and recording decoded (each damaged row named by id), and how many
rescued attempts wait in the rescue folder.

recover: every `<name>.json` + `<name>.csv` pair that game/storage/rescue.py kept in this account's
rescue folder when the database could not take a finished attempt (only files this account owns that
parse as Poise's own are read) is stored as the attempt it would have been: player (created if needed), a session, the attempt with its
result, metrics and raw recording, and the records the level handed back with it (the weekly
check's assessment, limits of stability), stored as the game stores them (poise.game.level.attempt);
a check rescued by a Poise from before records existed brings its trials in its details: they are
stored as its assessment. Each import is one transaction. Imported pairs are moved to `imported/` in the
rescue folder, never deleted. An attempt carries its own id from the station that played it, and the
database refuses a second copy of an id: sent twice, from one station or two at once, it is stored
once (rescues written before attempts had ids are matched by player, level, start and score).
"""
from __future__ import annotations

from pathlib import Path

from poise import __version__
from poise.drivers import recording

from poise.drivers.replay import geometry_from

from poise.i18n import _, ngettext
from poise.game.level.attempt import describe_records, store_records
from poise.game.level.result import Assessment, AssessmentTrial, record_from_data
from poise.game.storage import rescue
from poise.game.storage.store import StorageError


def pending(folder: Path | None = None) -> list[Path]:
    """The rescued results (.json with its .csv) of this account waiting, oldest name first."""
    return rescue.pending(folder)


def check_facts(where, folder: Path | None = None) -> dict:
    """What `db check` finds at `where` (a path or URL), for scripts: database (password masked), engine, ok (no
    damaged row), schema, head, attempts, damaged (one line per damaged row), rescued (attempts waiting in the
    rescue folder), rescue_folder. StorageError when it is damaged as a whole, newer, unreachable or missing."""
    from poise.game.storage.inspect import inspect_database

    found = inspect_database(where)
    return {"database": str(found.url), "engine": "sqlite" if found.url.is_sqlite else "postgresql",
            "ok": not found.damaged, "schema": found.revision, "head": found.head, "attempts": found.attempts,
            "damaged": list(found.damaged), "rescued": len(pending(folder)),
            "rescue_folder": str(folder or rescue.rescue_folder())}


def check(where, folder: Path | None = None) -> str:
    """One line about the database at `where` (a path or URL), then one per damaged row; StorageError when
    it is damaged as a whole, newer, unreachable or missing."""
    f = check_facts(where, folder)
    text = (ngettext("; {n} rescued attempt waits in {folder}: run `poise db recover`",
                     "; {n} rescued attempts wait in {folder}: run `poise db recover`", f["rescued"]).format(
        n=f["rescued"], folder=f["rescue_folder"]) if f["rescued"] else "")
    state = _("integrity ok") if f["engine"] == "sqlite" else _("server reachable")
    if f["damaged"]:
        state = ngettext("{n} damaged row", "{n} damaged rows", len(f["damaged"])).format(n=len(f["damaged"]))
    lines = [ngettext("database {database}: {state}, schema {schema} of {head}, {n} attempt{rescued}",
                      "database {database}: {state}, schema {schema} of {head}, {n} attempts{rescued}",
                      f["attempts"]).format(database=f["database"], state=state, schema=f["schema"] or _("none"),
                                            head=f["head"], n=f["attempts"], rescued=text)]
    lines += [f"  {d}" for d in f["damaged"]]
    if f["damaged"]:
        lines.append("  " + _("everything else is intact and used as it is; a damaged row is left out of progress, "
                              "reports and exports. Keep the file; `poise db backup` a copy before any repair"))
    return "\n".join(lines)


def backup(where, target: Path, shared: bool = False) -> str:
    """`poise db backup FILE` (game/storage/backup.py)."""
    from poise.game.storage.backup import backup as copy
    return copy(where, target, shared)


def recover(storage, folder: Path | None = None) -> tuple[int, int, list[str]]:
    """Import every rescued attempt of this account: (imported, already there, problems as one line each)."""
    imported = skipped = 0
    problems = []
    for path in pending(folder):
        try:
            new = _import(storage, path)
        except (ValueError, KeyError, TypeError, recording.RecordingError, OSError) as exc:
            problems.append(_("{path}: not imported: {why}").format(path=path, why=exc))  # left for a person
            continue
        rescue.move_done(path, path.parent)
        if new:
            imported += 1
        else:
            skipped += 1
    return imported, skipped, problems


def _import(storage, path: Path) -> bool:
    result = rescue.parse_result(rescue.read_own(path, rescue.MAX_RESULT_BYTES), path)
    csv_text = rescue.read_own(path.with_suffix(".csv")).decode("utf-8")
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
