"""Reading the database for a screen without stalling a frame.

A day's summary or plan reads dozens of rows and plans tomorrow's levels: some 60–100 ms, three frames
lost if done in one. `read(storage, fn, *args)` runs `fn(storage_twin, *args)` on a thread with its own
connections to the same database (Storage.twin) and hands back a Future the screen polls each frame. SQLite
and the database driver let go of Python's lock while they read, so the frames go on. A thread, not the
worker process (poise.game.engine.worker): the work needs the open level catalogue, which is not sent across.
"""
from __future__ import annotations

import concurrent.futures
import threading
from typing import Callable


def read(storage, fn: Callable, *args, aside: bool = True) -> concurrent.futures.Future:
    """A Future of `fn(twin, *args)`, `twin` a Storage on `storage`'s database used by that thread only (closed
    when done). Errors come back through the Future (StorageError: the database cannot be read). With `aside`
    False (a virtual clock's run: nobody watches the frames), and for an in-memory database, which has no twin,
    the work is done at once, here."""
    if not aside:
        return now(storage, fn, *args)
    try:
        twin = storage.twin()  # no connection is made yet: that is the thread's
    except Exception as exc:  # noqa: BLE001 - handed to the screen, as below
        return _failed(exc)
    if twin is storage:
        return now(storage, fn, *args)
    future: concurrent.futures.Future = concurrent.futures.Future()

    def work() -> None:
        try:
            future.set_result(fn(twin, *args))
        except BaseException as exc:  # noqa: BLE001 - handed to the screen, which shows it in one line
            future.set_exception(exc)
        finally:
            twin.close()

    threading.Thread(target=work, name="poise-read", daemon=True).start()
    return future


def now(storage, fn: Callable, *args) -> concurrent.futures.Future:
    """The same as `read`, done at once on this thread (a virtual clock's run: nobody watches the frames)."""
    try:
        result = fn(storage, *args)
    except Exception as exc:  # noqa: BLE001 - as `read`
        return _failed(exc)
    future: concurrent.futures.Future = concurrent.futures.Future()
    future.set_result(result)
    return future


def _failed(exc: BaseException) -> concurrent.futures.Future:
    future: concurrent.futures.Future = concurrent.futures.Future()
    future.set_exception(exc)
    return future
