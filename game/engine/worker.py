"""Work that must never stall a frame — heavy imports (scipy) and a finished attempt's metrics — done in one
worker process beside the game: `python -m poise.game.engine.worker`, talking pickles over its pipes.

A process, not a thread: a thread computing metrics or importing scipy holds Python's lock for milliseconds
at a time, and a frame that draws with many short pygame calls waits for it at each one. A plain child
interpreter, not multiprocessing: that would re-run the parent's main script in the child (a level author's
unguarded test script included). The worker starts on first use; `warm()` has it import scipy while the
player is still playing. Requests are written and answers read by two daemon threads, so the game's own
thread never waits on a pipe. Where no process can be started, or the worker dies, the work runs on a
thread instead: slower frames, but nothing lost.
"""
from __future__ import annotations

import atexit
import concurrent.futures
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from typing import Callable

HEADER = struct.Struct("<I")  # every message: its length, then a pickle


def _send(stream, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream):
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        raise EOFError
    (size,) = HEADER.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


class WorkerProcess:
    """One child interpreter running `serve()`; `submit(fn, *args)` gives a Future (fn: a module-level function)."""

    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, "-m", "poise.game.engine.worker"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)
        self._pending: dict[int, concurrent.futures.Future] = {}
        self._lock = threading.Lock()
        self._next = 0
        self._outbox: queue.Queue = queue.Queue()
        self.broken = False
        threading.Thread(target=self._write, name="poise-worker-send", daemon=True).start()
        threading.Thread(target=self._read, name="poise-worker-receive", daemon=True).start()

    def submit(self, fn: Callable, *args) -> concurrent.futures.Future:
        future: concurrent.futures.Future = concurrent.futures.Future()
        with self._lock:
            if self.broken:
                raise concurrent.futures.BrokenExecutor("the worker process has gone")
            self._next += 1
            self._pending[self._next] = future
            self._outbox.put((self._next, fn, args))
        return future

    def _write(self) -> None:
        while True:
            item = self._outbox.get()
            try:
                if item is None:
                    self.proc.stdin.close()
                    return
                _send(self.proc.stdin, item)
            except (OSError, ValueError, pickle.PicklingError) as exc:
                self._fail(exc)
                return

    def _read(self) -> None:
        while True:
            try:
                number, ok, value = _receive(self.proc.stdout)
            except (EOFError, OSError, pickle.UnpicklingError) as exc:
                self._fail(exc)
                return
            with self._lock:
                future = self._pending.pop(number, None)
            if future is not None:
                future.set_result(value) if ok else future.set_exception(value)

    def _fail(self, exc: BaseException) -> None:
        with self._lock:
            self.broken = True
            pending, self._pending = list(self._pending.values()), {}
        for future in pending:
            if not future.done():
                future.set_exception(concurrent.futures.BrokenExecutor(f"the worker process has gone ({exc})"))

    def close(self) -> None:
        self._outbox.put(None)
        try:
            self.proc.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            self.proc.kill()


_lock = threading.Lock()
_pool: WorkerProcess | concurrent.futures.ThreadPoolExecutor | None = None


def _thread_pool() -> concurrent.futures.ThreadPoolExecutor:
    return concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="poise-worker")


def _close() -> None:
    if isinstance(_pool, WorkerProcess):
        _pool.close()


def submit(fn: Callable, *args) -> concurrent.futures.Future:
    """`fn(*args)` in the worker (`fn` a module-level function; it and its arguments are pickled)."""
    global _pool
    with _lock:
        if _pool is None:
            try:
                _pool = WorkerProcess()
                atexit.register(_close)
            except OSError:  # no processes here (a sandbox): a thread will do
                _pool = _thread_pool()
        pool = _pool
    try:
        return pool.submit(fn, *args)
    except concurrent.futures.BrokenExecutor:  # the worker died (killed, out of memory): a thread from now on
        with _lock:
            _pool = _thread_pool()
        return _pool.submit(fn, *args)


def import_heavy() -> str:
    """What the first sway metrics import, done ahead; returns where it ran (a process name)."""
    import scipy.signal  # noqa: F401
    import scipy.special  # noqa: F401
    return threading.current_thread().name


def warm() -> concurrent.futures.Future:
    """Start the worker and have it import scipy now, so the first attempt's metrics do not wait for it. Returns
    at once: even starting a process (forking a large one) is done on a thread, never in a frame."""
    warmed: concurrent.futures.Future = concurrent.futures.Future()

    def start() -> None:
        inner = submit(import_heavy)
        inner.add_done_callback(lambda f: warmed.set_exception(f.exception()) if f.exception()
                                else warmed.set_result(f.result()))

    threading.Thread(target=start, name="poise-worker-start", daemon=True).start()
    return warmed


def serve(stdin=None, stdout=None) -> None:
    """The worker's side: run each request as it comes, answer (number, ok, result or exception)."""
    stdin, stdout = stdin or sys.stdin.buffer, stdout or sys.stdout.buffer
    while True:
        try:
            number, fn, args = _receive(stdin)
        except EOFError:
            return
        try:
            answer = (number, True, fn(*args))
        except Exception as exc:  # noqa: BLE001 - handed back to the game, which decides
            answer = (number, False, exc)
        try:
            _send(stdout, answer)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            _send(stdout, (number, False, RuntimeError(f"the worker's answer could not be sent: {exc}")))


def main() -> None:
    """The child: answers go out on the pipe that was stdout; anything the work prints (pygame's greeting, a
    library's warning) goes to stderr instead of into the answers."""
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main()
