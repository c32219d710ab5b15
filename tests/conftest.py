"""Shared fixtures. Every test runs headless: SDL's dummy video and audio drivers."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"

ROOT = Path(__file__).resolve().parents[1]


def pytest_collection_modifyitems(config, items) -> None:
    """The first test of each module marked `slow` (whole levels played, or a history generated) runs
    first, so that the parallel workers start the long work at once and finish together; the rest of
    such a module stays where it is, by when the history it shares (helpers.shared_database) is made."""
    first: dict[object, pytest.Item] = {}
    for item in items:
        if item.get_closest_marker("slow") is not None:
            first.setdefault(item.module, item)
    ahead = set(map(id, first.values()))
    items[:] = list(first.values()) + [item for item in items if id(item) not in ahead]


@pytest.fixture(autouse=True)
def _own_settings_file(tmp_path: Path, monkeypatch) -> None:
    """Settings (volume, mute, fullscreen) go to the test's own folder, never this machine's config."""
    monkeypatch.setenv("POISE_CONFIG", str(tmp_path / "config" / "settings.toml"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "poise.db"


@pytest.fixture
def clock():
    from poise.game.engine.loop import VirtualClock

    return VirtualClock()
