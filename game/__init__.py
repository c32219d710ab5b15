"""Poise: a balance-board training game."""

__version__ = "0.1.0"
