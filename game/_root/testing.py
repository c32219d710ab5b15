"""A harness for level authors' tests: play any level headless on the simulated board, as `poise demo` does.

    from poise import testing

    played = testing.play("hopscotch", skill=0.8, seed=3)
    assert played.result["saved"] and 0 <= played.result["score"] <= 1000
    testing.check_scores_rise("hopscotch")           # better players score higher
    assert testing.window_problems("hopscotch", (1024, 600)) == []

`play` runs the real game loop on a virtual clock (faster than real time, the same every run for the same
seed), with the simulated person at the controls: their skill (0..1), the seed of their body and noise,
the stance they start on, the window size. The level is found in the installed level packages (entry-point
group `poise.levels`), prepared at a difficulty step, played to its end, validated and stored like any
attempt - in an in-memory database unless one is given. What comes back (`Played`) holds the result as
`poise demo` prints it, the stored attempt, its messages in words and, when asked for, the screenshots.

Nothing here needs a display or a sound card: SDL's dummy drivers are used. Importing this module loads
neither pygame nor the game's loop; playing does.
"""
from __future__ import annotations

import contextlib
import dataclasses
import json
import statistics
from pathlib import Path
from typing import Iterable

from poise.game.level.catalogue import Catalogue, installed
from poise.game.level.messages import part_rows, rows
from poise.game.storage.store import Storage

__all__ = ["Played", "catalogue", "check_scores_rise", "mean_scores", "play", "window_problems"]

MAX_MINUTES = 30  # of simulated play: a level that has not ended by then fails the test that plays it


def catalogue() -> Catalogue:
    """The levels of the installed level packages (what `poise levels` lists), found once per process."""
    return installed()


@dataclasses.dataclass
class Played:
    """One level played through by the simulated person."""

    level: object  # the poise.api.Level as it ended
    result: dict  # what `poise demo` prints: score, stars, messages, parts, details, metrics, saved, ...
    attempt: dict | None  # the stored attempt (its row, result_json read back as "result"); None when not stored
    screenshots: dict[str, Path]  # "mid-play", "results" -> PNG, when screenshots were asked for
    storage: Storage
    templates: dict

    @property
    def rows(self) -> list[tuple[str, str]]:
        """The result's messages in words (label, text), as the results screen shows them."""
        return rows(self.result, self.templates)

    @property
    def parts(self) -> list[tuple[str, float]]:
        """The score's parts in words (label, 0..1)."""
        return part_rows(self.result, self.templates)

    def recording(self) -> str:
        """The attempt's stored raw samples, as recording text (the recording format, docs/design.md)."""
        return self.storage.recording(self.attempt["id"])


def play(level_id: str, *, skill: float = 0.7, seed: int = 1, stance: str = "both", size: tuple[int, int] = (1280, 720),
         seconds: float | None = None, step: int = 0, fps: int = 60, screenshots: Path | None = None,
         storage: Storage | None = None, player: str = "Test", board: str | None = None,
         levels: Catalogue | None = None) -> Played:
    """Play `level_id` to its end with the simulated person (sim://?skill=..&seed=..&stance=..) at difficulty
    `step`, `seconds` of active play (None: the level's own length) and `fps` frames a second of simulated
    time, in a window of `size` pixels. `screenshots`: a folder to save a PNG mid-play and of the results
    (drawing every frame is most of the time, so only then is anything drawn). `storage`: where the attempt
    is stored (default: a fresh in-memory database). `board`: another board URL instead (replay://...).

    Raises LookupError (poise.game.level.levelfile.LevelFileError) for a level that is unknown or unusable,
    and TimeoutError for one that has not ended after MAX_MINUTES of simulated play."""
    from poise.drivers import open_board
    from poise.game.engine.app import App, headless_environment
    from poise.game.engine.loop import VirtualClock
    from poise.game.level.levelsetup import prepare

    headless_environment()
    levels = levels or catalogue()
    levels.spec(level_id)  # an unknown or unusable level fails here, in one line
    storage = storage or Storage(":memory:")
    storage.player_id(player, create=True)
    clock = VirtualClock()
    shot = None
    if screenshots is not None:
        Path(screenshots).mkdir(parents=True, exist_ok=True)
        shot = Path(screenshots) / f"{level_id}-{size[0]}x{size[1]}.png"
    app = App(open_board(board or f"sim://?skill={skill:g}&seed={seed}&stance={stance}", clock), storage,
              clock=clock, fps=fps, player=player, autoplay=True, quit_after_results=True, sound=False,
              render=shot is not None, screenshot=shot, levels=levels, size=size)
    level = prepare(app.ctx, level_id, seconds, step)
    app.stack.push("play", level=level)
    app.run(max_frames=fps * 60 * MAX_MINUTES)
    if not app.ctx.results:
        raise TimeoutError(f"level {level_id} did not end within {MAX_MINUTES} minutes of simulated play")
    result = app.ctx.results[-1]
    attempt = None
    if result.get("attempt_id") is not None:
        row = next(r for r in storage.attempts(storage.player_id(player), level_id) if r["id"] == result["attempt_id"])
        attempt = dict(row) | {"result": json.loads(row["result_json"]), "metrics": json.loads(row["metrics_json"])}
    return Played(level, result, attempt, dict(app.captures), storage, dict(levels.templates(level_id)))


def mean_scores(level_id: str, skills: Iterable[float] = (0.3, 0.6, 0.9), seeds: Iterable[int] = (1, 2, 3),
                **options) -> list[float]:
    """The mean score of the simulated players of each skill (one player per seed), `options` as for `play`."""
    seeds = tuple(seeds)
    return [statistics.fmean(play(level_id, skill=skill, seed=seed, **options).result["score"] for seed in seeds)
            for skill in skills]


def check_scores_rise(level_id: str, skills: Iterable[float] = (0.3, 0.6, 0.9), seeds: Iterable[int] = (1, 2, 3),
                      spread: float = 100.0, **options) -> list[float]:
    """The mean scores per skill (`mean_scores`); AssertionError unless each skill scores higher than the one
    below it and the best beat the least skilled by more than `spread` points (a clear difference, not noise)."""
    means = mean_scores(level_id, skills, seeds, **options)
    rising = all(a < b for a, b in zip(means, means[1:]))
    if not rising or means[-1] - means[0] <= spread:
        raise AssertionError(f"level {level_id}: mean scores {[round(m) for m in means]} at skills {list(skills)} "
                             f"do not rise by more than {spread:g} points")
    return means


def window_problems(level_id: str, size: tuple[int, int], looks: int = 12, **options) -> list[str]:
    """What does not fit a window of `size` pixels while the level is played: text leaving its panel, running
    off the screen, overlapping other text or smaller than the smallest readable size, a zone or marker
    leaving its panel (poise.game.media.ui.Layout). Looks at the instructions, about `looks` moments of play
    (evenly through it; 0: none) and the results; [] when everything fits. `options` as for `play` (skill, seed,
    seconds, step, ...)."""
    from poise.drivers import open_board
    from poise.game.engine.app import App, headless_environment
    from poise.game.engine.loop import VirtualClock
    from poise.game.level.levelsetup import prepare
    from poise.game.scenes import screen

    headless_environment()
    levels = options.pop("levels", None) or catalogue()
    clock = VirtualClock()
    fps = options.pop("fps", 60)
    url = options.pop("board", None) or (f"sim://?skill={options.pop('skill', 0.7):g}&seed={options.pop('seed', 1)}"
                                         f"&stance={options.pop('stance', 'both')}")
    storage = options.pop("storage", None) or Storage(":memory:")
    app = App(open_board(url, clock), storage, clock=clock, fps=fps, player="Test", autoplay=True, sound=False,
              render=False, levels=levels, size=size)
    level = prepare(app.ctx, level_id, options.pop("seconds", None), options.pop("step", 0))
    if options:
        raise TypeError(f"window_problems() got unexpected options: {', '.join(options)}")
    scene = app.stack.push("play", level=level)
    ResultsScene = screen("results")
    problems: list[str] = []

    def look(what: str) -> None:
        app.render = True
        with _recording() as layout:
            app.frame()
        app.render = False
        problems.extend(f"{level_id} at {size[0]}x{size[1]}, {what}: {p}" for p in layout.problems(app.surface.get_size()))

    look("instructions")
    every = max(fps // 2, round(scene.level.planned_seconds() * fps / looks)) if looks > 0 else 0
    limit = fps * 60 * MAX_MINUTES
    while not isinstance(app.stack.top, ResultsScene) and app.frames < limit:
        if every and scene.stage == "play" and app.frames % every == 0:
            look(f"play at {scene.level.progress:.0%}")
        else:
            app.frame()
    if not isinstance(app.stack.top, ResultsScene):
        raise TimeoutError(f"level {level_id} did not end within {MAX_MINUTES} minutes of simulated play")
    results = app.stack.top
    while results.t <= 2.0 and app.frames < limit + fps * 10:  # once the score has counted up and the stars are in
        app.frame()
    look("results")
    return list(dict.fromkeys(problems))


@contextlib.contextmanager
def _recording():
    from poise.game.media import ui

    ui.RECORDING = ui.Layout()
    try:
        yield ui.RECORDING
    finally:
        ui.RECORDING = None
