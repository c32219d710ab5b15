"""Render every level mid-play and its results screen with the simulated player (docs/screenshots/).

Run: python docs/make_screenshots.py [LEVEL_ID ...]   (uses `poise demo --headless`, the same path users run;
with level ids, only those), then the screens play cannot reach unattended: a single-leg level waiting for a
foot to be lifted, the "Find your balance" pause on one leg, and a refused limits-of-stability test; and
today's session (its overview, a result between activities, the summary) with the title screen's week; and a
newcomer's first day: the title with no board, Pip's demonstrations, a weight refusal with its fix, the single-leg
gesture on the keyboard, settings, and Progress with the headline of balance.
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from poise.testing import catalogue
    levels = catalogue()
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    with tempfile.TemporaryDirectory() as tmp:
        # a profile for the standard balance test's percentiles (poise.game.clinic.norms)
        subprocess.run([sys.executable, "-m", "poise", "players", "add", "Ana", "--birth-year", "1961", "--sex", "F",
                        "--db", str(Path(tmp) / "shots.db")], cwd=ROOT, env=env, check=True)
        for level_id in sys.argv[1:] or levels.all_specs():
            subprocess.run([sys.executable, "-m", "poise", "demo", "--level", level_id, "--headless", "--board",
                            "sim://?skill=0.8&seed=2", "--screenshot", str(out / f"{level_id}.png"),
                            "--db", str(Path(tmp) / "shots.db"), "--player", "Ana"],
                           cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
            print("rendered", level_id)
        extra_screens(out, Path(tmp))
        today_screens(out, Path(tmp))
        first_day_screens(out, Path(tmp))


def extra_screens(out: Path, tmp: Path) -> None:
    """Screens of the game loop that need a scripted player: the simulated person leaning past the limits on one
    leg, keys:// standing on both feet in the single-leg hold, and a still player's limits test refused."""
    os.environ.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    import pygame

    from poise.testing import catalogue
    from poise.drivers import open_board
    from poise.game.engine.app import App
    from poise.game.level.levelsetup import prepare
    from poise.game.engine.loop import VirtualClock
    from poise.game.storage.store import Storage
    levels = catalogue()

    def app_for(url: str, storage=None, player="Ana", screenshot=None):
        clock = VirtualClock()
        return App(open_board(url, clock), storage or Storage(":memory:"), clock=clock, player=player, autoplay=True,
                   quit_after_results=True, sound=False, screenshot=screenshot, levels=levels), clock

    def frames_until(app, condition, limit=60 * 120):
        for _ in range(limit):
            if condition():
                return
            app.frame()
        raise RuntimeError("the scripted screen never came")

    app, clock = app_for("keys://")  # both feet down in a single-leg level: the clock waits
    level = levels.create("single-leg-hold", 20.0)
    app.stack.push("play", level=level)
    frames_until(app, lambda: level.waiting and level.total_t > 8.0)
    pygame.image.save(app.surface, str(out / "single-leg-hold-waiting.png"))
    print("rendered single-leg-hold-waiting")

    app, clock = app_for("sim://?skill=0.8&seed=2")  # leaning far out on one leg
    level = levels.create("single-leg-hold", 60.0)
    scene = app.stack.push("play", level=level)
    frames_until(app, lambda: level.phase.kind == "hold" and level.phase_t > 2.0)
    origin = scene.guard.current_limits(app.feed.latest).origin
    out_mm = scene.guard.current_limits(app.feed.latest).beyond.left
    level.autopilot_goal = lambda: ("left", (origin[0] - 1.5 * out_mm, origin[1]))
    frames_until(app, lambda: scene.pause == "limits")
    for _ in range(20):
        app.frame()
    pygame.image.save(app.surface, str(out / "safety-pause.png"))
    print("rendered safety-pause")

    storage = Storage(tmp / "refused.db")  # a still player's limits test: refused, the old limits stay
    pid = storage.player_id("Ana", create=True)
    storage.set_body(pid, weight_kg=70.0, height_cm=168.0)
    storage.save_limits(pid, None, {"forward": 95.0, "back": 55.0, "left": 90.0, "right": 92.0}, [])
    app, clock = app_for("keys://", storage, screenshot=tmp / "refused.png")
    app.stack.push("play", level=prepare(app.ctx, "limits-of-stability", 30.0))
    app.run(max_frames=60 * 200)
    (tmp / "refused-results.png").replace(out / "limits-of-stability-refused-results.png")
    print("rendered limits-of-stability-refused-results")


def today_screens(out: Path, tmp: Path) -> None:
    """Today's session (poise demo --today): its overview, a result between activities and the day's summary; and
    the title screen with the streak and the week's sessions against the plan."""
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    db = str(tmp / "today.db")
    subprocess.run([sys.executable, "-m", "poise", "players", "add", "Ana", "--height", "165", "--weight", "62",
                    "--goal", "recovering from an ankle sprain", "--injured-side", "right", "--db", db], cwd=ROOT,
                   env=env, check=True)
    subprocess.run([sys.executable, "-m", "poise", "demo", "--today", "--player", "Ana", "--headless", "--screenshot",
                    str(tmp / "today.png"), "--db", db], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    for name in ("overview", "between", "summary"):
        (tmp / f"today-{name}.png").replace(out / f"today-{name}.png")
        print("rendered today-" + name)
    os.environ.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    import pygame

    from poise.testing import catalogue
    from poise.drivers import open_board
    from poise.game.engine.app import App
    from poise.game.engine.loop import VirtualClock
    from poise.game.storage.store import Storage
    levels = catalogue()

    clock = VirtualClock()
    app = App(open_board("sim://", clock), Storage(db), clock=clock, player="Ana", sound=False, levels=levels)
    app.stack.push("title")
    for _ in range(30):
        app.frame()
    pygame.image.save(app.surface, str(out / "title-today.png"))
    print("rendered title-today")


def first_day_screens(out: Path, tmp: Path) -> None:
    """A newcomer's screens: the title offering the demo player, the keyboard or a gamepad; Pip demonstrating on
    two instruction cards; the limits test refused on weight (Edit weight, Retry); the single-leg hold on the
    keyboard, standing on the left leg with L; the settings; Progress with the headline (Ana's standard test)."""
    os.environ.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    import pygame

    from poise.testing import catalogue
    from poise.drivers import open_board
    from poise.game.engine.app import App
    from poise.game.engine.loop import VirtualClock
    from poise.game.level.levelsetup import prepare
    from poise.game.storage.store import Storage
    levels = catalogue()

    def app_for(url, storage, player, autoplay=True):
        clock = VirtualClock()
        return App(open_board(url, clock), storage, clock=clock, player=player, autoplay=autoplay, sound=False,
                   levels=levels)

    def shot(app, name, frames=30):
        for _ in range(frames):
            app.frame()
        pygame.image.save(app.display.snapshot(), str(out / f"{name}.png"))
        print("rendered", name)

    storage = Storage(tmp / "first.db")
    pid = storage.player_id("Ann", create=True)
    storage.set_body(pid, weight_kg=62.0, height_cm=165.0)
    app = app_for("sim://", storage, None)
    app.stack.push("title")
    shot(app, "title-no-board")
    for level_id in ("single-leg-hold", "squat"):
        app = app_for("sim://", storage, "Ann", autoplay=False)
        app.stack.push("play", level=prepare(app.ctx, level_id))
        shot(app, f"coach-{level_id}", 75)
    app = app_for("sim://?seed=2&weight=75", storage, "Ann")  # a board that weighs 75 kg, a profile of 62
    app.ctx.quit_after_results = False
    scene = app.stack.push("play", level=prepare(app.ctx, "limits-of-stability"))
    for _ in range(60 * 200):
        if app.stack.top is not scene:
            break
        app.frame()
    shot(app, "limits-of-stability-weight-refused", 120)
    app = app_for("keys://", storage, "Ann", autoplay=False)
    scene = app.stack.push("play", level=prepare(app.ctx, "single-leg-hold"))
    scene._start()
    for _ in range(60 * 5):
        app.frame()
    app.feed.board.manual.stand_on("left")
    shot(app, "keys-single-leg-hold", 60 * 6)
    app.stack.push("settings")
    shot(app, "settings")
    shots = Storage(tmp / "shots.db")
    if shots.player("Ana") is not None:
        app = app_for("sim://", shots, "Ana")
        app.stack.push("progress")
        shot(app, "progress-headline")


if __name__ == "__main__":
    main()
