"""What every board with its own reader thread shares: a sample queue and a status, both thread-safe."""
from __future__ import annotations

import collections
import threading

from .base import Board, BoardStatus, Sample


class ThreadedBoard(Board):
    """The reader thread calls `_emit` and `_set_status`; the game calls `poll` and `status`."""

    def __init__(self, status: BoardStatus | None = None):
        self._lock = threading.Lock()
        self._queue: collections.deque[Sample] = collections.deque(maxlen=4096)
        self._status = status or BoardStatus()
        self._stop = threading.Event()

    def _emit(self, sample: Sample) -> None:
        with self._lock:
            self._queue.append(sample)

    def _set_status(self, status: BoardStatus) -> None:
        with self._lock:
            self._status = status

    def poll(self) -> list[Sample]:
        with self._lock:
            out = list(self._queue)
            self._queue.clear()
        return out

    def status(self) -> BoardStatus:
        with self._lock:
            return self._status
