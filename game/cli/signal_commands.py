"""`poise monitor`, `record`, `replay` and `analyze`: the signal path from the terminal.

`replay` drives a replay:// board through the same BoardFeed and pipeline the
game uses, on a virtual clock, so its fx, fy are the numbers the cursor showed.
"""
from __future__ import annotations

import contextlib
import io
import json
import math
import signal
import sys
import threading
import time
from pathlib import Path

from poise.drivers import BoardError, files, open_board, simulated_notice
from poise.drivers.base import BoardInfo, corner_list, invalid_corners
from poise.drivers.replay import geometry_from

from poise.drivers import recording

from poise import __version__
from poise.game.core.analysis import CopTrace
from poise.game.engine.feed import BoardFeed
from poise.game.engine.loop import VirtualClock
from poise.i18n import _, format_number, ngettext
from poise.game.storage.store import now_iso

POLL_S = 0.005


def say_waiting(text: str) -> None:
    """What opening a board waits for (a slow bootloader), on stderr while it waits."""
    print(f"poise: {text}", file=sys.stderr, flush=True)


def announce_simulated(info: BoardInfo, err=None) -> str:
    """Say on stderr, once, when `auto` fell back to the simulated board (and why); returns the sentence for any
    simulated board ('' for a real one), for --json output and what is stored."""
    notice = simulated_notice(info)
    if info.fallback:
        print(f"poise: {notice}", file=err or sys.stderr)
    return notice


def _num(v: float) -> float | None:
    return None if math.isnan(v) else round(v, 3)


def monitor(board_url: str, seconds: float | None, as_json: bool, out=None) -> int:
    out = out or sys.stdout
    board = open_board(board_url, progress=say_waiting)
    simulated = announce_simulated(board.info)
    feed = BoardFeed(board)
    raw = feed.record()
    end = None if seconds is None else time.monotonic() + seconds
    last_line = 0.0
    count = 0
    try:
        while end is None or time.monotonic() < end:
            feed.pump()
            outputs = feed.drain()
            samples = raw[:len(outputs)]
            del raw[:len(outputs)]
            for s, b in zip(samples, outputs):
                count += 1
                if as_json:
                    out.write(json.dumps({
                        "t": round(s.t, 6), "board_t": None if s.board_t is None else round(s.board_t, 6),
                        "tl": round(s.tl, 3), "tr": round(s.tr, 3), "bl": round(s.bl, 3),
                        # an invalid sample (dead batteries, a fault) has no total: the last good one is not it
                        "br": round(s.br, 3), "total": None if s.invalid else round(b.total, 3),
                        "x": None if s.invalid else _num(b.x), "y": None if s.invalid else _num(b.y),
                        "fx": _num(b.fx), "fy": _num(b.fy), "flags": s.flags, "invalid": s.invalid,
                        "state": b.stance.value, "rate_hz": _rate(feed.rate.rate_hz),
                        "nominal_rate_hz": feed.board.info.rate_hz, "simulated": bool(simulated)}) + "\n")
            now = time.monotonic()
            if not as_json and now - last_line >= 0.2 and outputs:
                b, st = outputs[-1], feed.last_status
                cop_text = "COP      --      --" if math.isnan(b.x) or s.invalid else f"COP {b.fx:+7.1f} {b.fy:+7.1f} mm"
                problems = "  " + _("corrupt {n}  lost {lost}").format(n=st.corrupt_frames, lost=st.lost_samples) if (
                    st.corrupt_frames or st.lost_samples) else ""
                problems += "  " + _("dropped {n}").format(n=st.dropped_frames) if st.dropped_frames else ""
                problems += "  " + _("spikes {n}").format(n=st.spikes) if st.spikes else ""
                bad = "  " + _("INVALID {corners}").format(corners=corner_list(s.invalid)) if s.invalid else ""
                battery = "" if st.battery is None else "  " + _("battery {pct} %").format(
                    pct=format_number(100 * st.battery))
                link = "" if st.connected else "  " + _("DISCONNECTED")
                rate = f"  {feed.rate.text}" if feed.rate.text else ""
                sim = _("SIMULATED") + "  " if simulated else ""
                weight = "     -- kg" if s.invalid else f"{b.total:7.2f} kg"
                out.write(f"\r{sim}{weight}  {cop_text}  {b.stance.value:<11}{rate}{battery}{problems}{bad}{link}  "
                          f"{feed.fault or st.message:<30}")
                out.flush()
                last_line = now
            time.sleep(POLL_S)
    except KeyboardInterrupt:
        pass
    finally:
        board.close()
        if not as_json:
            out.write("\n")
    st = feed.last_status
    rate = f", {feed.rate.text}" if feed.rate.text else ""
    print(_("poise monitor: {n} samples{rate}, {lost} lost, {corrupt} corrupt frames, {dropped} dropped, {spikes} "
            "spikes, {invalid} with an invalid corner; {state}").format(
        n=count, rate=rate, lost=st.lost_samples, corrupt=st.corrupt_frames, dropped=st.dropped_frames,
        spikes=st.spikes, invalid=feed.invalid_samples, state=feed.fault or st.message or simulated or _("board OK")),
        file=sys.stderr)
    return 0


def _rate(v: float | None) -> float | None:
    return None if v is None else round(v, 1)


STOP_SIGNALS = tuple(getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n))
FLUSH_S = 1.0  # a recording reaches the disk at least this often


@contextlib.contextmanager
def _stop_requests():
    """While recording, Ctrl-C, SIGTERM and a closed terminal (SIGHUP) ask the recording to end (the list
    receives the signal's name) instead of killing the process: what was captured is kept."""
    stops: list[str] = []

    def ask(signum, _frame):
        stops.append(signal.Signals(signum).name)

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in STOP_SIGNALS:
            previous[sig] = signal.signal(sig, ask)
    try:
        yield stops
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def record(board_url: str, seconds: float, out_path: Path, shared: bool = False, as_json: bool = False) -> int:
    """Record a board's raw samples to `out_path` as they are taken (memory stays bounded, however long),
    under a temporary name beside it, renamed into place when recording ends. However it ends (the time
    is up, Ctrl-C, SIGTERM, the terminal closing, the board lost) the file is a valid recording of what
    was captured, its last line `# ended: ...` saying how. 0 when it ran its time; 128 + the signal's
    number when a signal stopped it; RecordingError when nothing was captured (nothing is written). `as_json`:
    one JSON object about the recording on stdout at the end (out, samples, seconds, board, ended, ...)."""
    board = open_board(board_url, progress=say_waiting)
    info = board.info
    simulated = announce_simulated(info)
    meta = {"board": info.url, "board-identity": info.identity,
            "geometry": f"{2 * info.geometry.half_x:g}x{2 * info.geometry.half_y:g} mm",
            "rate": f"{info.rate_hz:g}", "start": now_iso(), "software": f"poise {__version__}"}
    if simulated:
        meta["simulated"] = simulated
    columns = recording.sample_columns(info.own_clock)
    count, ended, code = 0, "complete", 0  # `ended` is written into the file and --json: English, as a field
    said = _("complete")
    begun = time.monotonic()
    try:
        with _stop_requests() as stops, files.atomic_write(out_path, shared=shared) as f:
            f.write(recording.header_text(meta, columns))
            flushed = begun
            try:
                while time.monotonic() < begun + seconds and not stops:
                    samples = board.poll()
                    if samples:
                        f.write(recording.rows_text(recording.sample_rows(samples, info.own_clock), columns))
                        count += len(samples)
                    if time.monotonic() - flushed >= FLUSH_S:
                        f.flush()
                        flushed = time.monotonic()
                    time.sleep(POLL_S)
            except KeyboardInterrupt:
                stops.append("SIGINT")
            except BoardError as exc:
                ended, code = f"the board was lost ({exc})", 1
                said = _("the board was lost ({why})").format(why=exc)
            finally:
                board.close()
            if stops:
                ended, code = f"stopped by {stops[0]}", 128 + int(getattr(signal, stops[0]))
                said = _("stopped by {signal}").format(signal=stops[0])
            if not count:
                raise recording.RecordingError(_("{board} sent no samples in {s:g} s; nothing written to {out}")
                                               .format(board=board_url, s=time.monotonic() - begun, out=out_path))
            f.write(f"# ended: {ended} after {time.monotonic() - begun:.1f} s, {count} samples\n")
    except KeyboardInterrupt:  # a second Ctrl-C while the file was being closed: nothing half written is left
        return 130
    took = time.monotonic() - begun
    _tell(ngettext("poise record: {n} sample in {s} s to {out} ({how})",
                   "poise record: {n} samples in {s} s to {out} ({how})", count).format(
        n=count, s=format_number(took, 1), out=out_path, how=said))
    if as_json:
        with contextlib.suppress(OSError, ValueError):
            print(json.dumps({"out": str(out_path), "samples": count, "seconds": round(took, 3), "board": info.url,
                              "board_identity": info.identity, "rate_hz": info.rate_hz, "start": meta["start"],
                              "ended": ended}))
    return code


def _tell(line: str) -> None:
    """A last line to the terminal, which may have closed (SIGHUP): the recording matters, not the line."""
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr)


def replay_rows(path: Path) -> list[tuple]:
    """(t, x, y, fx, fy, state) per sample, from the game's own feed and pipeline."""
    rec = recording.read(path)
    t0 = float(rec.t[0])
    clock = VirtualClock(t0)
    board = open_board(f"replay://{path}", clock)
    feed = BoardFeed(board)
    rows = []
    while not board.finished:
        clock.advance(1 / 60)
        feed.pump()
        rows += [(b.t, b.x, b.y, b.fx, b.fy, b.stance.value) for b in feed.drain()]
    return rows


def replay(path: Path, out_path: Path | None, out=None, shared: bool = False) -> int:
    out = out or sys.stdout
    rows = replay_rows(path)
    lines = ["t,x,y,fx,fy,state"]
    for t, x, y, fx, fy, state in rows:
        lines.append(f"{t:.6f},{_fmt(x)},{_fmt(y)},{_fmt(fx)},{_fmt(fy)},{state}")
    text = "\n".join(lines) + "\n"
    if out_path:
        files.write_text(out_path, text, shared=shared)
    else:
        out.write(text)
    return 0


def statokinesigram_png(x, y, metrics: dict, title: str, png: Path) -> None:
    """The centre-of-pressure trace (mm) with its 95 % ellipse, as the clinical report draws it, to a PNG file."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from poise.game.clinic.report_charts import statokinesigram
    from poise.game.core.sway import ellipse95

    fig = statokinesigram(x, y, ellipse95(x, y), title + "\n" + _("{v} mm/s, 95 % ellipse {area} mm²").format(
        v=format_number(metrics["velocity_mm_s"], 1), area=format_number(metrics["ellipse95_mm2"])))
    fig.set_size_inches(5.0, 5.3)
    FigureCanvasAgg(fig)
    image = io.BytesIO()
    fig.savefig(image, format="png", dpi=150)
    files.write_bytes(png, image.getvalue())


def _fmt(v: float) -> str:
    return "nan" if math.isnan(v) else f"{v:.4f}"


def _kind(raw: bool) -> str:
    return _("raw") if raw else _("trimmed and low-passed")


def analyze(path: Path, raw: bool, as_json: bool, out=None, png: Path | None = None) -> int:
    """Print the sway metrics of the recording at `path`; with `png`, draw its statokinesigram there too."""
    out = out or sys.stdout
    # streamed block by block: only t, x, y are kept (a 200 MB recording is analysed in < 500 MB)
    trace = None
    for meta, columns, block in recording.iter_blocks(path):
        if trace is None:
            g = geometry_from(meta)
            trace = CopTrace(g.half_x, g.half_y)
        # samples whose flags mark a corner that must not be used are left out, as gaps
        valid = invalid_corners(block[:, columns.index("flags")].astype(int)) == 0 if "flags" in columns else None
        if columns[1] == "x":
            trace.add_cop(block if valid is None else block[valid])
        else:
            trace.add(block, valid)
    try:
        drawn = trace.trace(raw) if png is not None else None
        metrics = trace.metrics(raw)
    except ValueError as exc:
        raise recording.RecordingError(_("{path}: {exc}").format(path=path, exc=exc)) from None
    if drawn is not None:
        statokinesigram_png(drawn[1], drawn[2], metrics, f"{path.name} ({_kind(raw)})", png)
    if as_json:
        # a metric that is undefined for this trace (the mean frequency of one that never moves) is null
        out.write(json.dumps({k: None if isinstance(v, float) and not math.isfinite(v) else v
                              for k, v in metrics.items()}) + "\n")
    else:
        out.write(f"{path}  ({_kind(raw)})\n")
        for key, value in metrics.items():
            out.write(f"  {key:<18} {value:12.4f}\n" if isinstance(value, float) else f"  {key:<18} {value:12d}\n")
    return 0
