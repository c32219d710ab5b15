"""`poise export` and `poise import`: everything stored about a player, in open formats, and back.

The export is written into a temporary folder beside the one asked for and renamed into place when it is
complete: a failure (a full disk) leaves nothing a rerun would refuse, and no file of the user's is ever
touched (only a new or empty folder is accepted). It holds two views of the same record:

- for people: README.md, player.json, attempts.csv, attempts/, recordings/, assessments.json,
  incidents.csv, programme.json (as before);
- for `poise import` and other programs: data/<table>.json, every stored row of the player (and the
  calibrations of the boards they used), all fields, JSON documents decoded, rows numbered 1, 2, ... per
  table in stored order (references use those numbers), so that an export does not depend on where the
  database happened to put things: export, import elsewhere, export again gives the same files.

manifest.json lists every file with its size and SHA-256, and the rows that could not be read (damaged,
left out). Import checks the manifest first, loads the rows into a private scratch database, and copies
the player from there with `poise db copy`'s rules (an attempt already stored, by its id, is not stored
twice). docs/data.md describes the layout.
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from poise.drivers import files

from poise.i18n import N_, _, ngettext

FORMAT = "poise-export"
VERSION = 2

# the README a person reads in the folder, in their language: _(README) where it is written
README = N_("""# Poise export: {player}

Everything Poise has stored about this player, written {when}. `poise import FOLDER` restores it into
any Poise database; `manifest.json` lists every file with its SHA-256.

| file | what |
|---|---|
| `player.json` | the profile: name, created, weight, height, birth year, sex, goal, injured side, patient id, the latest limits of stability |
| `attempts.csv` | one row per attempt: number, level, start (UTC), duration, score, stars, step, id |
| `attempts/<n>-<level>.json` | the full result of an attempt: details, per-window sway metrics, its messages as keys with their values (`messages`) and in words as the results screen showed them (`shown`) |
| `recordings/<n>-<level>.csv` | the attempt's raw samples in the Poise recording format: `# key: value` metadata, then `t,tl,tr,bl,br` (seconds, kg per corner) |
| `assessments.json` | every weekly balance check: protocol, measurement quality, and each trial with its condition, validity (and why not), time window in its recording and sway metrics |
| `incidents.csv` | safety events: load lost during play, balance past the limits |
| `programme.json` | the daily programme: the prescription a clinician set (or null) and every day's session with its plan and what was done |
| `data/<table>.json` | every stored row of the player, all fields, numbered 1, 2, ... per table (the complete record, read by `poise import`): players, sessions, attempts, assessments, assessment_trials, stability_limits, incidents, protocols, programmes, programme_sessions, clinical_log (who set which protocol or programme, and notes), board_calibrations |
| `manifest.json` | format, version, every file's size and SHA-256, and any row that could not be read |

Times are UTC (ISO 8601). Sway metrics: `velocity_mm_s` (mean COP speed, T = N/fs), `ellipse95_mm2`
(finite-sample 95 % prediction ellipse), `rms_ap_mm`, `rms_ml_mm`, `range_*`, `path_mm`, `mean_freq_hz`
(Welch, Santos & Duarte). x is medio-lateral (+ right), y antero-posterior (+ toes), millimetres.
`poise analyze FILE` recomputes them from any recording here.
""")

# the player's tables, in the order they are written and read; references: column -> table it numbers
TABLES = {
    "sessions": {},
    "attempts": {"session_id": "sessions"},
    "assessments": {"attempt_id": "attempts"},
    "assessment_trials": {"assessment_id": "assessments"},
    "stability_limits": {"attempt_id": "attempts"},
    "incidents": {"session_id": "sessions"},
    "protocols": {},
    "programmes": {},
    "programme_sessions": {},
    "clinical_log": {},
    "board_calibrations": {},
}
PLAYER_FIELDS = ("name", "created_at", "weight_kg", "height_cm", "birth_year", "sex", "goal", "injured_side",
                 "patient_id")


class ExportError(Exception):
    """The export cannot go where asked, or a folder cannot be imported; the message says why in one line."""


@dataclasses.dataclass
class Written:
    files: int
    unreadable: list[str]

    def line(self, out: Path) -> str:
        text = ngettext("poise export: {n} file in {out}", "poise export: {n} files in {out}", self.files).format(
            n=self.files, out=out)
        if self.unreadable:
            text += ngettext("; {n} damaged row could not be read and is listed in manifest.json ({first}); "
                             "`poise db check` names it",
                             "; {n} damaged rows could not be read and are listed in manifest.json ({first}); "
                             "`poise db check` names them all", len(self.unreadable)).format(
                n=len(self.unreadable), first=self.unreadable[0])
        return text


def _check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ExportError(_("--out {out} is a file, not a folder: name a new or empty folder").format(out=out))
    try:
        if out.is_dir() and any(out.iterdir()):
            raise ExportError(_("--out {out} is not empty: export into a new or empty folder (nothing there was "
                                "changed)").format(out=out))
        files.private_folder(out.parent)
    except OSError as exc:
        raise ExportError(_("--out {out}: cannot create the folder: {why}").format(
            out=out, why=exc.strerror or exc)) from None


def export(storage, player: str, out: Path, shared: bool = False) -> Written:
    """Write everything stored about `player` into the new or empty folder `out`. ExportError (one line) when
    it cannot go there; OSError naming the file when writing fails (then nothing is left behind)."""
    from poise.game.storage.store import now_iso

    pid = storage.player_id(player)
    return write_folder(Path(out), lambda work: _export(storage, pid, work, now_iso(), shared), shared)


def write_folder(out: Path, fill, shared: bool = False):
    """Make the new or empty folder `out` whole or not at all: `fill(work)` writes into a temporary folder beside
    it (work, a Path), which is renamed to `out` once complete; returns what `fill` returns. ExportError (one line)
    when `out` cannot be made; OSError naming the file, as the user knows it, when writing fails (then nothing is
    left behind, and a rerun is not refused)."""
    _check_target(out)
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent))
    except OSError as exc:
        raise ExportError(_("--out {out}: cannot create the folder: {why}").format(
            out=out, why=exc.strerror or exc)) from None
    try:
        if shared:
            os.chmod(work, 0o777 & ~_umask())
        written = fill(work)
        if out.is_dir():
            out.rmdir()  # the empty folder asked for; a file put there meanwhile stops the rename below
        os.rename(work, out)
    except OSError as exc:  # named as the user knows it: the folder asked for, not the temporary one
        shutil.rmtree(work, ignore_errors=True)
        where = Path(exc.filename) if exc.filename else None
        shown = out / where.relative_to(work) if where and where.is_relative_to(work) else where or out
        raise OSError(exc.errno, exc.strerror, str(shown)) from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return written


def _umask() -> int:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


class Folder:
    """Files written into the export, each atomically, privately, and listed with its checksum."""

    def __init__(self, root: Path, shared: bool):
        self.root, self.shared, self.listed = root, shared, {}

    def write(self, name: str, text: str) -> None:
        """`text` as the UTF-8 file `name` (a path relative to the folder; its folders are made)."""
        data = text.encode("utf-8")
        path = self.root / name
        files.private_folder(path.parent, self.shared)
        files.write_bytes(path, data, self.shared)
        self.listed[name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}

    def json(self, name: str, data) -> None:
        """`data` as the JSON file `name`, indented, non-ASCII kept as it is."""
        self.write(name, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _dump(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _export(storage, pid: int, work: Path, when: str, shared: bool) -> Written:
    from poise.game.storage.store import DamagedRow

    folder = Folder(work, shared)
    unreadable: list[str] = []
    player = dict(storage.player_by_id(pid))
    tables = _player_rows(storage, pid, unreadable)
    numbers = {name: {row["id"]: n for n, row in enumerate(rows, 1)} for name, rows in tables.items()
               if name not in ("protocols", "programmes")}
    data = {name: [_numbered(name, row, numbers) for row in rows] for name, rows in tables.items()}

    # recordings, decoded: an attempt whose recording is damaged keeps everything else
    recorded = {}
    for row, numbered in zip(tables["attempts"], data["attempts"]):
        stem = f"{numbered['id']}-{_safe(row['level'])}"
        try:
            folder.write(f"recordings/{stem}.csv", storage.recording(row["id"]))
            recorded[numbered["id"]] = f"recordings/{stem}.csv"
        except (DamagedRow, LookupError):  # noted by the storage, or no stored recording: exported without one
            pass
    for numbered in data["attempts"]:
        numbered["recording"] = recorded.get(numbered["id"])

    profile = {k: player.get(k) for k in PLAYER_FIELDS}
    unreadable[:0] = [line for line in storage.damaged if line not in unreadable]  # all this storage found
    limits = data["stability_limits"][-1] if data["stability_limits"] else None
    folder.write("player.json", _dump(profile | {"limits_mm": {d: limits[f"{d}_mm"] for d in
                                                              ("forward", "back", "left", "right")} if limits else None}))
    for name, rows in data.items():
        folder.write(f"data/{name}.json", _dump(rows))
    folder.write("data/players.json", _dump([{"id": 1} | profile]))
    _people_files(folder, data)
    folder.write("README.md", _(README).format(player=profile["name"], when=when))
    manifest = {"format": FORMAT, "version": VERSION, "player": profile["name"], "exported_at": when,
                "unreadable": unreadable, "files": dict(sorted(folder.listed.items()))}
    folder.write("manifest.json", _dump(manifest))
    return Written(len(folder.listed), unreadable)


def _player_rows(storage, pid: int, unreadable: list[str]) -> dict[str, list[dict]]:
    """Every stored row of the player per table, damaged ones left out (and listed), rows that hang on a
    left-out row left out with it."""
    def good(table: str, rows) -> list[dict]:  # damaged rows are left out by the storage, which notes them
        return [dict(r) for r in rows]

    out: dict[str, list[dict]] = {}
    out["attempts"] = good("attempts", storage.rows("attempts", {"player_id": pid}))
    out["sessions"] = good("sessions", storage.rows("sessions", {"player_id": pid}))
    known = {s["id"] for s in out["sessions"]}
    out["attempts"] = [a for a in out["attempts"] if a["session_id"] in known or _lost(unreadable, "attempts", a)]
    out["assessments"] = good("assessments", storage.rows("assessments", {"player_id": pid}))
    checks = [a["id"] for a in out["assessments"]]
    out["assessment_trials"] = good("assessment_trials", storage.rows("assessment_trials",
                                                                      {"assessment_id": checks})) if checks else []
    for name in ("stability_limits", "incidents", "protocols", "programmes", "programme_sessions", "clinical_log"):
        out[name] = good(name, storage.rows(name, {"player_id": pid}))
    boards = sorted({s["board_identity"] for s in out["sessions"]})
    out["board_calibrations"] = good("board_calibrations", storage.rows("board_calibrations",
                                                                        {"board_identity": boards})) if boards else []
    return {name: out[name] for name in TABLES}


def _lost(unreadable: list[str], table: str, row) -> bool:
    unreadable.append(f"{table} row {row['id']}: its session is damaged")
    return False


def _numbered(table: str, row: dict, numbers: dict[str, dict[int, int]]) -> dict:
    """The row as exported: its own number, references as the numbers of the rows referred to (None when
    that row is not exported), the player implied, JSON documents decoded."""
    out = {}
    for key, value in row.items():
        if key == "player_id":
            continue
        if key == "id" and table in numbers:
            value = numbers[table][value]
        elif key in TABLES[table]:
            value = numbers[TABLES[table][key]].get(value) if value is not None else None
        elif key.endswith("_json") and isinstance(value, str):
            value = json.loads(value)
        out[key] = value
    return out


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in str(text))[:60]


def _people_files(folder: _Folder, data: dict[str, list[dict]]) -> None:
    """The files for people (as earlier exports had them), from the numbered rows."""
    from poise.game.level.catalogue import installed
    from poise.game.level.messages import note_text, rows

    lines = io.StringIO()
    w = csv.writer(lines, lineterminator="\n")
    w.writerow(["id", "level", "started_at", "duration_s", "score", "stars", "step", "uid"])
    for a in data["attempts"]:
        w.writerow([a["id"], a["level"], a["started_at"], f"{a['duration_s']:.3f}", f"{a['score']:g}", a["stars"],
                    a["step"], a["uid"]])
        result = a["result_json"] | {"metrics": a["metrics_json"]}
        result["shown"] = rows(result, installed().templates(a["level"]))  # the messages in words, as shown
        folder.write(f"attempts/{a['id']}-{_safe(a['level'])}.json", _dump(result))
    folder.write("attempts.csv", lines.getvalue())
    level_of = {a["id"]: a["protocol_json"].get("level", "balance-check") for a in data["assessments"]}
    trials: dict[int, list] = {}
    for t in data["assessment_trials"]:
        trials.setdefault(t["assessment_id"], []).append(
            {"condition": t["condition"], "trial": t["trial"], "valid": bool(t["valid"]),
             "note": note_text(t["note"], level_of.get(t["assessment_id"], "balance-check")),
             "start_s": t["start_s"], "end_s": t["end_s"], "metrics": t["metrics_json"]})
    folder.write("assessments.json", _dump([
        {"id": a["id"], "attempt_id": a["attempt_id"], "created_at": a["created_at"], "protocol": a["protocol"],
         "board": a["board_identity"], "quality": a["quality_json"], "protocol_detail": a["protocol_json"],
         "trials": trials.get(a["id"], [])} for a in data["assessments"]]))
    inc = io.StringIO()
    w = csv.writer(inc, lineterminator="\n")
    w.writerow(["at", "level", "kind", "detail"])
    for i in data["incidents"]:
        w.writerow([i["at"], i["level"], i["kind"], i["detail"]])
    folder.write("incidents.csv", inc.getvalue())
    presc = data["programmes"][0] if data["programmes"] else None
    folder.write("programme.json", _dump({
        "prescription": None if presc is None else {k: presc[k] for k in ("set_at", "source", "text", "clinician")}
        | {"programme": presc["programme_json"]},
        "sessions": [{k: s[k] for k in ("day", "started_at", "finished_at", "status", "week", "stage",
                                        "sessions_per_week", "planned_minutes")}
                     | {"plan": s["plan_json"], "done": s["done_json"]} for s in data["programme_sessions"]]}))


# --- import --------------------------------------------------------------------------------------------------
def read_manifest(folder: Path) -> dict:
    """The export's manifest, every file it lists checked against its size and SHA-256. ExportError (one line)
    for a folder that is not a Poise export, or one whose files were changed or cut short."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ExportError(_("{folder} is not a Poise export (manifest.json: {why})").format(
            folder=folder, why=getattr(exc, "strerror", None) or exc)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), dict):
        raise ExportError(_("{folder} is not a Poise export (manifest.json is not one)").format(folder=folder))
    if manifest.get("version") != VERSION:
        raise ExportError(_("{folder} is a version {v} export; this Poise reads version {known}").format(
            folder=folder, v=manifest.get("version"), known=VERSION))
    root = folder.resolve()
    for name, entry in manifest["files"].items():
        path = (folder / name).resolve()
        if root not in path.parents:
            raise ExportError(_("{folder}: manifest.json names a file outside the folder ({name})").format(
                folder=folder, name=name))
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ExportError(_("{path}: {why}; the export is incomplete").format(
                path=folder / name, why=exc.strerror or exc)) from None
        if not isinstance(entry, dict) or hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            raise ExportError(_("{path} differs from the export's manifest (changed or damaged since it was "
                                "written): nothing was imported").format(path=folder / name))
    return manifest


def import_folder(where, folder: Path, rename: str | None = None) -> str:
    """Store the player exported in `folder` in the database at `where`; what was done, in a few lines.
    ExportError for a folder that is not a whole, unchanged export; StorageError as `poise db copy` has."""
    from poise.game.storage.copy import copy
    from poise.game.storage.database import Storage

    manifest = read_manifest(folder)
    scratch = Path(tempfile.mkdtemp(prefix="poise-import-"))  # 0700: the player's data, briefly
    try:
        target = Storage(where)
        try:
            name = _load_scratch(Path(folder), manifest, scratch / "import.db", rename,
                                 lambda uid: target.attempt_by_uid(uid) is not None)
        finally:
            target.close()
        plan = copy(scratch / "import.db", where, players=[name])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    lines = plan.lines()
    lines[0] = _("poise import: {folder} -> {target}").format(folder=folder, target=plan.target)
    return "\n".join(lines)


def _load_scratch(folder: Path, manifest: dict, path: Path, rename: str | None, have) -> str:
    """The export's rows in a new database at `path`, with the numbers as ids; the player's name. A recording
    is encoded for storage (the slow part) only when `have(uid)` says the target lacks its attempt."""
    from poise.game.storage.database import Storage
    from poise.game.storage.store import check_name, now_iso

    def rows(name: str) -> list[dict]:
        try:
            value = json.loads((folder / "data" / f"{name}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ExportError(_("{path}: {why}").format(path=folder / "data" / f"{name}.json",
                                                        why=getattr(exc, "strerror", None) or exc)) from None
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            raise ExportError(_("{path} is not a list of rows").format(path=folder / "data" / f"{name}.json"))
        return value

    (player,) = rows("players")[:1] or [None]
    if player is None:
        raise ExportError(_("{folder}: data/players.json holds no player").format(folder=folder))
    name = check_name(rename or player.get("name") or "")
    storage = Storage(path, station="import")
    try:
        with storage.atomic():
            pid = storage.insert_rows("players", [{k: player.get(k) for k in PLAYER_FIELDS}
                                                  | {"name": name, "created_at": player.get("created_at") or now_iso()}],
                                      ids=True)[0]
            for table in TABLES:
                stored, recordings = [], []
                for row in rows(table):
                    row = {k: json.dumps(v, sort_keys=True) if k.endswith("_json") else v for k, v in row.items()}
                    kept = row.pop("recording", None)
                    if kept is not None:
                        recordings.append(_recording(storage, folder, kept, row["id"], manifest["files"],
                                                     encode=not have(row.get("uid"))))
                    stored.append(row if table == "board_calibrations" else row | {"player_id": pid})
                storage.insert_rows(table, stored)
                storage.insert_rows("recordings", recordings)
    except (KeyError, TypeError, ValueError, OSError) as exc:
        raise ExportError(_("{folder}: a row does not fit ({why}); nothing was imported").format(
            folder=folder, why=exc)) from None
    finally:
        storage.close()
    return name


def _recording(storage, folder: Path, name: str, attempt: int, listed: dict, encode: bool) -> dict:
    """The stored form of an attempt's recording file, one the manifest lists (so checked, and inside)."""
    import zlib

    from poise.drivers import recording
    if name not in listed:
        raise ValueError(_("{name} is not in the manifest").format(name=name))
    text = (folder / name).read_text(encoding="utf-8")
    codec, blob = storage.encode_recording(text) if encode else ("zlib-csv", zlib.compress(text.encode("utf-8"), 1))
    return {"attempt_id": attempt, "samples": len(recording.parse(text, str(folder / name)).data), "codec": codec,
            "data": blob}
