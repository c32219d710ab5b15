"""A finished level becomes an attempt: sway metrics from the raw samples, stored at once.

If the database cannot take it (locked, disk full) nothing is lost: the result
and its recording are written to a recovery folder and the player is told where.
"""
from __future__ import annotations

import concurrent.futures
import dataclasses
import json
import tempfile
import uuid
from pathlib import Path

import numpy as np

from poise import __version__
from poise.drivers import recording, simulated_notice

from poise.game.core.analysis import load_trial_metrics
from poise.game.level.contract import SavedAttempt
from poise.game.engine.quality import LOW_RATE
from poise.game.storage.store import StorageError, now_iso


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
    """The heavy part of finishing an attempt, made on a worker thread (`Finisher`): sway metrics (scipy is
    imported there, never on the main thread), the recording text and its stored form."""

    rows: np.ndarray
    valid: np.ndarray
    metrics: dict
    csv_text: str
    stored: bytes | None = None  # the recording's stored form (sample_codec.encode), None if it has none


def prepare_attempt(info, windows, samples, meta: dict) -> Prepared:
    """Metrics per window and the recording of `samples` (drivers.base.Sample) from a board with `info`."""
    from poise.game.storage.sample_codec import encode

    rows = np.array([(s.t, s.tl, s.tr, s.bl, s.br) for s in samples], dtype=float).reshape(-1, 5)
    valid = np.array([s.invalid == 0 for s in samples], dtype=bool)
    metrics = attempt_metrics(rows, windows, info.geometry.half_x, info.geometry.half_y, valid)
    csv_text = recording.to_text(recording.sample_rows(samples, info.own_clock), meta,
                                 recording.sample_columns(info.own_clock))
    try:
        stored = encode(csv_text)
    except ValueError:
        stored = None  # the store keeps such a text as it is
    return Prepared(rows, valid, metrics, csv_text, stored)


def recording_meta(ctx, level, info, started_at: str) -> dict:
    meta = {"board": info.url, "board-identity": info.identity,
            "geometry": f"{2 * info.geometry.half_x:g}x{2 * info.geometry.half_y:g} mm",
            "player": ctx.player, "level": level.spec.id, "start": started_at, "software": f"poise {__version__}"}
    if info.simulated:
        meta["simulated"] = simulated_notice(info)
    return meta


class Finisher:
    """Prepares a finished attempt in the worker process (game/engine/worker.py) so that no frame waits for
    it; `done` once it has (or failed: then `prepared` is None and finish_attempt makes it itself)."""

    def __init__(self, ctx, level, samples, started_at: str):
        from poise.game.engine import worker

        self.samples = list(samples)
        info = ctx.feed.board.info
        meta = recording_meta(ctx, level, info, started_at)
        self._future = worker.submit(prepare_attempt, info, level.result().windows, self.samples, meta)

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


def finish_attempt(ctx, level, samples, started_at: str, status_at_start=None, prepared: Prepared | None = None) -> dict:
    """Score, metrics, recording and measurement quality of a finished level, stored as one attempt.
    `status_at_start`: the board status when the attempt began, so that the quality counts only its own
    lost samples, spikes and faults. `prepared`: the metrics and recording a `Finisher` made (else made here)."""
    feed = ctx.feed
    info = feed.board.info
    outcome = level.result()
    if prepared is None:
        prepared = prepare_attempt(info, outcome.windows, samples, recording_meta(ctx, level, info, started_at))
    rows, valid, metrics, csv_text = prepared.rows, prepared.valid, prepared.metrics, prepared.csv_text
    if prepared.stored is not None:
        from poise.game.storage.sample_codec import remember

        remember(csv_text, prepared.stored)  # the store takes it as made: no encoding on this thread
    result = {
        "level": level.spec.id,
        "player": ctx.player,
        "score": outcome.score,
        "stars": outcome.stars,
        "details": outcome.details,
        "summary": outcome.summary,
        "parts": outcome.parts,
        "metrics": metrics,
        "board": info.url,
        "simulated": simulated_notice(info),  # "" for a real board: a simulated one is never taken for a person
        "started_at": started_at,
        "duration_s": round(float(rows[-1, 0] - rows[0, 0]), 3) if len(rows) else 0.0,
        "samples": len(rows),
        "step": level.step,
        "uid": str(uuid.uuid4()),  # this attempt wherever it is stored: sent twice, it is stored once
    }
    result["personal_best"] = False
    status = feed.last_status
    rate_hz = round((len(rows) - 1) / max(1e-9, rows[-1, 0] - rows[0, 0]), 1) if len(rows) > 1 else 0
    counts = {f: counted_since(status, status_at_start, f)
              for f in ("lost_samples", "corrupt_frames", "dropped_frames", "spikes")}
    quality = {"calibrated": feed.board.calibrated, "samples": len(rows), **counts,
               "invalid_samples": int(len(valid) - valid.sum()),
               "rate_hz": rate_hz, "nominal_rate_hz": info.rate_hz,
               "rate_low": bool(len(rows) > 1 and rate_hz < LOW_RATE * info.rate_hz)}
    try:
        if ctx.storage is None:
            raise StorageError("no database is open")
        storage = ctx.storage
        encoded = storage.encode_recording(csv_text)  # before the transaction: other stations need not wait for it
        with storage.atomic():  # the attempt and everything that belongs to it: all stored, or none
            player_id = storage.player_id(ctx.player or "Guest", create=True)
            session_id = ctx.session_id
            if session_id is None:
                session_id = storage.start_session(player_id, info.url, info.identity, __version__)
            previous = storage.best_score(player_id, level.spec.id, step=level.step)  # the same level and step
            attempt_id = storage.save_attempt(
                session_id, player_id, level.spec.id, started_at, result["duration_s"], outcome.score,
                outcome.stars, {k: v for k, v in result.items() if k not in ("metrics", "uid")}, metrics, csv_text,
                len(rows), step=level.step, uid=result["uid"], encoded=encoded)
            saved = SavedAttempt(storage, player_id, attempt_id, info.identity, outcome.details, metrics, quality)
            extra = level.after_save(saved)
        ctx.session_id = session_id
        result["attempt_id"] = attempt_id
        result.update(saved.stored)
        result["summary"] = result["summary"] + extra
        result["previous_best"] = previous
        # a best needs an earlier attempt to beat: a first attempt (or a first at this step) is not one
        result["personal_best"] = previous is not None and outcome.score > previous
        result["saved"] = True
    except StorageError as exc:
        result["saved"] = False
        result["save_error"] = str(exc)
        result["recovered_to"] = str(_recover(result | {"quality": quality}, csv_text))
    ctx.results.append(result)
    return result


def rescue_folder() -> Path:
    """Where results the database could not take are written; `poise db recover` imports them."""
    return Path(tempfile.gettempdir()) / "poise-unsaved"


def _recover(result: dict, csv_text: str) -> Path:
    """Write the result and its recording to the rescue folder under a name never used before."""
    folder = rescue_folder()
    folder.mkdir(parents=True, exist_ok=True)
    base = f"{result['level']}-{now_iso().replace(':', '')}"
    for n in range(1, 100_000):
        stem = base if n == 1 else f"{base}-{n}"
        try:
            with open(folder / f"{stem}.json", "x", encoding="utf-8") as f:  # "x": fails if it exists
                f.write(json.dumps(result, indent=2, default=str))
        except FileExistsError:
            continue
        (folder / f"{stem}.csv").write_text(csv_text, encoding="utf-8")
        return folder / f"{stem}.json"
    raise OSError(f"the rescue folder {folder} is full")
