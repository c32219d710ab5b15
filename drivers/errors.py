"""One exception family for every board, with messages that say what to do."""


class BoardError(Exception):
    """Root of every board problem; the message is shown to the player as is."""


class BoardURLError(BoardError, ValueError):
    """The board URL cannot be understood (unknown scheme, bad option)."""


class BoardNotFound(BoardError):
    """No board answered where one was asked for."""


class BoardDisconnected(BoardError):
    """The link to a board that was working has gone."""


class BoardProtocolError(BoardError):
    """The board sent something that breaks its protocol."""
