"""A finished level becomes an attempt: its result validated, sway metrics from the raw samples, stored at once
with what the level handed back (an assessment, limits of stability), in one transaction.

If the database cannot take it (locked, disk full) nothing is lost: the result, its records and its
recording are written to a recovery folder and the player is told where (`poise db recover`).
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import uuid
from pathlib import Path

import numpy as np

from poise import __version__
from poise.drivers import recording, simulated_notice

from poise.game.core.analysis import load_trial_metrics
from poise.game.engine.quality import LOW_RATE
from poise.game.level.messages import GAME, note_data
from poise.game.clinic.calendar import local_day
from poise.game.level.result import Assessment, ResultError, StabilityLimits, as_data, validate
from poise.game.storage.store import StorageError, file_problem, now_iso


def windows_by_label(windows) -> dict[str, tuple[float, float]]:
    """The longest uninterrupted window for each label (pauses split windows)."""
    best: dict[str, tuple[float, float]] = {}
    for w in windows:
        if w.label not in best or (w.end - w.start) > (best[w.label][1] - best[w.label][0]):
            best[w.label] = (w.start, w.end)
    return best


def attempt_metrics(rows: np.ndarray, windows, half_x: float, half_y: float,
                    valid: np.ndarray | None = None) -> dict[str, dict]:
    """Sway metrics per window label; `valid` False leaves a sample out (a corner marked invalid)."""
    metrics = {}
    for label, (start, end) in windows_by_label(windows).items():
        inside = (rows[:, 0] >= start) & (rows[:, 0] <= end)
        try:
            metrics[label] = load_trial_metrics(rows[inside], half_x, half_y,
                                                valid=None if valid is None else valid[inside])
        except ValueError:
            continue  # too short to measure: the result says so by leaving it out
    return metrics


def counted_since(now, start, field: str) -> int:
    """A board counter (lost samples, spikes, ...) over this attempt: `now` less `start` (BoardStatus, or
    None: from zero). Boards count from when they were opened; a counter that went down was reset (a
    reconnect), and then all of it is this attempt's."""
    a, b = getattr(now, field), getattr(start, field) if start is not None else 0
    return a - b if a >= b else a


@dataclasses.dataclass
class Prepared:
    """The heavy part of finishing an attempt, made in the worker (`Finisher`) so no frame waits for it: sway
    metrics (scipy is imported there, never on the game's thread) and the samples' stored form."""

    columns: tuple[str, ...]
    data: np.ndarray  # N x len(columns): the samples as the game holds them, NaN for a gap
    valid: np.ndarray  # N: False where a corner was marked invalid
    metrics: dict
    encoded: tuple[str, bytes]  # (codec, bytes), as Storage.encode_samples makes them

    @property
    def rows(self) -> np.ndarray:
        """N x 5: t, tl, tr, bl, br (host s, kg)."""
        return self.data[:, :5]


def prepare_attempt(info, windows, samples, meta: dict) -> Prepared:
    """Metrics per window and the stored form of `samples` (drivers.base.Sample) from a board with `info`: no
    recording text is written and parsed again on the way."""
    from poise.game.storage.database import Storage

    columns = recording.sample_columns(info.own_clock)
    data = np.array(recording.sample_rows(samples, info.own_clock), dtype=float).reshape(-1, len(columns))
    valid = np.array([s.invalid == 0 for s in samples], dtype=bool)
    metrics = attempt_metrics(data[:, :5], windows, info.geometry.half_x, info.geometry.half_y, valid)
    return Prepared(tuple(columns), data, valid, metrics, Storage.encode_samples(meta, columns, data))


def recording_meta(player: str | None, level, info, started_at: str) -> dict:
    """The recording's metadata for an attempt (board, identity, geometry, player, level, start, software)."""
    meta = {"board": info.url, "board-identity": info.identity,
            "geometry": f"{2 * info.geometry.half_x:g}x{2 * info.geometry.half_y:g} mm",
            "player": player, "level": level.spec.id, "start": started_at, "software": f"poise {__version__}"}
    if info.simulated:
        meta["simulated"] = simulated_notice(info)
    return meta


class Finisher:
    """Prepares a finished attempt in the worker process (game/engine/worker.py) so that no frame waits for
    it; `done` once it has (or failed: then `prepared` is None and finish_attempt makes it itself)."""

    def __init__(self, ctx, level, samples, started_at: str, seat=None):
        """`seat`: the seat (game/engine/seats.py) the level was played on, when not the first one's player."""
        from poise.game.engine import worker

        self.samples = list(samples)
        feed, player = (seat.feed, seat.player) if seat is not None else (ctx.feed, ctx.player)
        info = feed.board.info
        try:
            windows = level.result().windows
        except Exception:  # noqa: BLE001 - finish_attempt refuses such a level's result with its reason
            windows = []
        self._future = worker.submit(prepare_attempt, info, windows, self.samples,
                                     recording_meta(player, level, info, started_at))

    def wait(self, seconds: float) -> bool:
        """Wait up to `seconds` (a frame can spare a millisecond or two) for the worker; True once done."""
        try:
            self._future.exception(timeout=seconds)
        except (TimeoutError, concurrent.futures.TimeoutError):
            return False
        except concurrent.futures.CancelledError:
            pass
        return True

    @property
    def done(self) -> bool:
        return self._future.done()

    @property
    def prepared(self) -> Prepared | None:
        if not self._future.done() or self._future.cancelled() or self._future.exception() is not None:
            return None
        return self._future.result()


@dataclasses.dataclass
class Play:
    """One seat's finished level, for `finish_attempts`: the seat's index, feed (its board) and player, the
    level, its raw samples, when it started, the board status then, and what a `Finisher` prepared (or None)."""

    seat: int
    feed: object
    player: str | None
    level: object
    samples: list
    started_at: str
    status_at_start: object = None
    prepared: Prepared | None = None


@dataclasses.dataclass(frozen=True)
class Match:
    """What joins the attempts of one match (head to head, played together, or turns on one board): its id,
    its kind ("versus", "together" or "turns"), and per play in the same order the opponents' names and the
    outcome ("won", "lost", "draw", "together"; "turn" until a match in turns is over)."""

    uid: str
    kind: str
    opponents: tuple[tuple[str, ...], ...]
    outcomes: tuple[str, ...]


def finish_attempt(ctx, level, samples, started_at: str, status_at_start=None, prepared: Prepared | None = None,
                   match: Match | None = None) -> dict:
    """Score, metrics, recording and measurement quality of a finished level, stored as one attempt with what
    belongs to it (an assessment, limits of stability), all in one transaction.

    The level's result is validated first (poise.game.level.result.validate): a result that cannot be stored is
    refused whole, and the returned result says why in one line ("refused"), nothing stored. `status_at_start`:
    the board status when the attempt began, so that the quality counts only its own lost samples, spikes and
    faults. `prepared`: the metrics and stored samples a `Finisher` made (else they are made here). `match`: a
    turn of a match on one board, stored with it."""
    play = Play(0, ctx.feed, ctx.player, level, samples, started_at, status_at_start, prepared)
    return finish_attempts(ctx, [play], match)[0]


def finish_attempts(ctx, plays: list[Play], match: Match | None = None) -> list[dict]:
    """`finish_attempt` for several seats at once: every play is validated, and those that can be stored are
    stored for their own players in one transaction, each with its seat and, in a match, the opponents and the
    outcome beside it (all stored, or none: a database that cannot take them rescues each). Returns the
    results in the order of `plays`, each also appended to ctx.results."""
    staged = [_stage(ctx, play, None if match is None else _match_fields(match, i)) for i, play in enumerate(plays)]
    valid = [x for x in staged if "refused" not in x.result]
    try:
        if valid and ctx.storage is None:
            raise StorageError("no database is open")
        stored = []
        with ctx.storage.atomic() if valid else contextlib.nullcontext():  # every seat's attempt, or none
            for x in valid:
                stored.append(_store(ctx, ctx.storage, x))
        for x, (session_id, final) in zip(valid, stored):
            _remember_session(ctx, x.play.seat, session_id)
            x.result = final
    except StorageError as exc:
        for x in valid:
            x.result["saved"] = False
            x.result["save_error"] = str(exc)
            csv_text = recording.to_text(map(tuple, x.prepared.data), x.meta, x.prepared.columns)
            try:
                x.result["recovered_to"] = str(_recover(x.result | {"records": x.records}, csv_text))
            except OSError as err:  # neither the database nor the rescue folder: say both, never crash the game
                x.result["recovered_to"] = ""
                x.result["save_error"] += "; " + file_problem(err)
    ctx.results.extend(x.result for x in staged)
    return [x.result for x in staged]


def _match_fields(match: Match, i: int) -> dict:
    return {"uid": match.uid, "kind": match.kind, "opponents": list(match.opponents[i]), "outcome": match.outcomes[i]}


@dataclasses.dataclass
class _Staged:
    """A play validated and measured, ready to store: its result so far, the level's outcome and records, the
    samples' metrics and stored form, and the recording's metadata."""

    play: Play
    result: dict
    prepared: Prepared
    meta: dict
    outcome: object = None
    records: list = dataclasses.field(default_factory=list)


def _stage(ctx, play: Play, match: dict | None) -> _Staged:
    level, feed = play.level, play.feed
    info = feed.board.info
    meta = recording_meta(play.player, level, info, play.started_at)
    try:
        outcome = validate(level.spec.id, _result_of(level), ctx.levels.templates(level.spec.id)
                           if ctx.levels is not None else GAME)
    except ResultError as exc:
        outcome, refused = None, str(exc)
    prepared = play.prepared or prepare_attempt(info, outcome.windows if outcome else [], play.samples, meta)
    rows, valid = prepared.rows, prepared.valid
    quality = _quality(feed, rows, valid, play.status_at_start)
    result = {"level": level.spec.id, "player": play.player, "step": level.step, "board": info.url,
              "simulated": simulated_notice(info),  # "" for a real board: a simulated one is never taken for a person
              "started_at": play.started_at, "samples": len(rows), "quality": quality,
              "duration_s": round(float(rows[-1, 0] - rows[0, 0]), 3) if len(rows) else 0.0,
              "uid": str(uuid.uuid4())}  # this attempt wherever it is stored: sent twice, it is stored once
    if match is not None:
        result |= {"seat": play.seat, "match": match}
    staged = _Staged(play, result, prepared, meta)
    if outcome is None:
        result |= {"score": 0, "stars": 0, "details": {}, "messages": [], "parts": [], "metrics": {},
                   "personal_best": False, "saved": False, "refused": refused, "save_error": refused}
        return staged
    result |= as_data(outcome) | {"metrics": prepared.metrics, "personal_best": False}
    staged.records = result.pop("records")
    staged.outcome = outcome
    return staged


def _store(ctx, storage, x: _Staged) -> tuple[int, dict]:
    """Store one staged play inside the caller's transaction; returns (its session id, the final result)."""
    play, outcome, result, metrics = x.play, x.outcome, x.result, x.result["metrics"]
    info, level, name = play.feed.board.info, play.level, play.player or "Guest"
    player_id = storage.player_id(name, create=True)
    session_id = ctx.session_id if play.seat == 0 else ctx.seat_sessions.get(play.seat)
    if session_id is None or storage.session_player(session_id) != player_id:
        session_id = storage.start_session(player_id, info.url, info.identity, __version__)
    previous = storage.best_score(player_id, level.spec.id, step=level.step)  # the same level and step
    described = describe_records(storage, storage.player(name), outcome.records, metrics,
                                 (x.prepared.rows, x.prepared.valid, info.geometry), type(level).measures_limits)
    shown = result | {"messages": result["messages"] + described["messages"]} | (
        {"sway": described["sway"]} if "sway" in described else {})
    match = result.get("match")
    attempt_id = storage.save_attempt(
        session_id, player_id, level.spec.id, play.started_at, result["duration_s"], outcome.score,
        outcome.stars, {k: v for k, v in shown.items() if k not in ("metrics", "uid")}, metrics, None,
        len(x.prepared.rows), step=level.step, uid=result["uid"], encoded=x.prepared.encoded, seat=play.seat,
        opponent=", ".join(match["opponents"]) if match else None, match_uid=match["uid"] if match else None,
        match_result=match["outcome"] if match else None)
    stored = store_records(storage, player_id, attempt_id, info.identity, outcome.records, result["quality"],
                           described)
    final = shown | stored | {"attempt_id": attempt_id, "previous_best": previous, "saved": True}
    # a best needs an earlier attempt to beat: a first attempt (or a first at this step) is not one
    final["personal_best"] = previous is not None and outcome.score > previous
    return session_id, final


def _remember_session(ctx, seat: int, session_id: int) -> None:
    if seat == 0:
        ctx.session_id = session_id
    else:
        ctx.seat_sessions[seat] = session_id


def _result_of(level):
    """The level's result; a level whose `result()` fails is refused like a result that cannot be stored."""
    try:
        return level.result()
    except Exception as exc:  # noqa: BLE001 - a level's own fault must not lose the game, only this attempt
        raise ResultError(f"level {level.spec.id} failed to give its result: {type(exc).__name__}: "
                          f"{' '.join(str(exc).split())}") from None


def _quality(feed, rows: np.ndarray, valid: np.ndarray, status_at_start) -> dict:
    """Measurement quality of an attempt: calibrated, samples, lost_samples, corrupt_frames, dropped_frames, spikes,
    invalid_samples, rate_hz (measured), nominal_rate_hz, rate_low."""
    info, status = feed.board.info, feed.last_status
    rate_hz = round(float((len(rows) - 1) / max(1e-9, rows[-1, 0] - rows[0, 0])), 1) if len(rows) > 1 else 0
    counts = {f: counted_since(status, status_at_start, f)
              for f in ("lost_samples", "corrupt_frames", "dropped_frames", "spikes")}
    return {"calibrated": feed.board.calibrated, "samples": len(rows), **counts,
            "invalid_samples": int(len(valid) - valid.sum()),
            "rate_hz": rate_hz, "nominal_rate_hz": info.rate_hz,
            "rate_low": bool(len(rows) > 1 and rate_hz < LOW_RATE * info.rate_hz)}


def describe_records(storage, player, records, metrics: dict, samples, measures_limits: bool) -> dict:
    """What the results add for the records a level handed back, read before anything is stored (so the stored
    result holds it too): {"messages": [...]} and, for an assessment, "sway" (per condition, and its change since
    the player's last assessment of the same test) and "trials" (each trial with its metrics and, where the
    normative data apply, raw metrics; poise.game.clinic.checks), for `store_records`. `player`: the player's
    stored row; `samples`: (rows (N x 5: t, tl, tr, bl, br, host s and kg), valid (N), geometry), the raw samples
    the attempt holds. A level that measures the limits of stability and hands back none (a result it did not
    accept) gets a message saying which limits stay in use."""
    from poise.game.clinic import checks

    out: dict = {"messages": []}
    if measures_limits and not any(isinstance(r, StabilityLimits) for r in records):
        before = storage.limits(player["id"])
        out["messages"].append(["limits.in_use_default", {}] if before is None else
                               ["limits.in_use", {"date": local_day(before["created_at"]).isoformat()}])
    for r in records:
        if isinstance(r, Assessment):
            rows, valid, geometry = samples
            trials = checks.trial_rows(r, metrics, rows, valid, geometry.half_x, geometry.half_y)
            trial_s = float(r.protocol.get("trial_s") or 0.0)
            age = int(now_iso()[:4]) - player["birth_year"] if player["birth_year"] else None
            out["trials"] = trials
            out["sway"] = checks.since_last(storage, player["id"], str(r.protocol.get("level", "")), trials, trial_s)
            out["messages"] += [[m.key, dict(m.args or {})] for m in checks.messages(trials, trial_s, player["sex"], age)]
    return out


def store_records(storage, player_id: int, attempt_id: int, board_identity: str, records, quality: dict,
                  described: dict) -> dict:
    """Store what a level handed back beside its attempt, inside the attempt's transaction: limits of stability
    become the player's reach (and the weight measured their weight); an assessment is stored with its trials
    as `describe_records` made them (`described`). Returns {"assessment_id": ...} for an assessment."""
    out = {}
    for r in records:
        if isinstance(r, StabilityLimits):
            storage.save_limits(player_id, attempt_id, {"forward": r.forward_mm, "back": r.back_mm,
                                                        "left": r.left_mm, "right": r.right_mm}, list(r.directions))
            if r.weight_kg is not None:
                storage.set_body(player_id, weight_kg=r.weight_kg)
        elif isinstance(r, Assessment):
            trials = [t | {"note": note_data(t["note"])} for t in described["trials"]]
            out["assessment_id"] = storage.save_assessment(player_id, attempt_id, ",".join(r.conditions),
                                                           board_identity, quality, trials, dict(r.protocol))
    return out


def rescue_folder() -> Path:
    """Where results the database could not take are written (game/storage/rescue.py)."""
    from poise.game.storage.rescue import rescue_folder as folder
    return folder()


def _recover(result: dict, csv_text: str) -> Path:
    """Keep the result and its recording in the player's private rescue folder under its own id."""
    from poise.game.storage import rescue
    return rescue.save(result, csv_text)
