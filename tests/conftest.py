"""Shared fixtures. Every test runs headless: SDL's dummy video and audio drivers."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "poise.db"


@pytest.fixture
def clock():
    from poise.game.loop import VirtualClock

    return VirtualClock()
