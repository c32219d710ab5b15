"""One exception family for every board: a sentence that says what to do, and a reason code.

The sentence is shown to the player as is; `reason` (a `Reason`) lets code branch without parsing
text, as bleak's `BleakBluetoothNotAvailableError.reason` does.
"""
from __future__ import annotations

import enum


class Reason(enum.Enum):
    """Why a board cannot be used, for code that must tell cases apart."""

    BAD_URL = "bad-url"  # the URL cannot be understood
    NOT_FOUND = "not-found"  # nothing answered where a board was asked for
    NOT_PAIRED = "not-paired"  # a Bluetooth board that is not paired or not switched on
    PERMISSION = "permission"  # the device exists but this user may not open it
    BUSY = "busy"  # another program holds the device
    MISSING_LIBRARY = "missing-library"  # an optional Python package is not installed
    WRONG_DEVICE = "wrong-device"  # a device answered but it is not a balance board (a Wii Remote)
    DISCONNECTED = "disconnected"  # a board that was working has gone
    PROTOCOL = "protocol"  # the board sent something that breaks its protocol
    FAULT = "fault"  # the board reports a hardware fault (bad calibration block, dead sensor)
    UNSUPPORTED = "unsupported"  # the board cannot do what was asked (calibrate a keyboard)


class BoardError(Exception):
    """Root of every board problem; str() is the sentence for the player, `reason` the code."""

    default_reason = Reason.PROTOCOL

    def __init__(self, message: str, reason: Reason | None = None):
        super().__init__(message)
        self.reason = reason or self.default_reason


class BoardURLError(BoardError, ValueError):
    """The board URL cannot be understood (unknown scheme, bad option)."""

    default_reason = Reason.BAD_URL


class BoardNotFound(BoardError):
    """No board answered where one was asked for, or it cannot be opened (see `reason`)."""

    default_reason = Reason.NOT_FOUND


class BoardDisconnected(BoardError):
    """The link to a board that was working has gone."""

    default_reason = Reason.DISCONNECTED


class BoardProtocolError(BoardError):
    """The board sent something that breaks its protocol."""

    default_reason = Reason.PROTOCOL
