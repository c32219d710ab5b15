"""Render every level mid-play and its results screen with the simulated player (docs/screenshots/).

Run: python docs/make_screenshots.py   (uses `poise demo --headless`, the same path users run)
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from poise import levels
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    with tempfile.TemporaryDirectory() as tmp:
        # a profile for the standard balance test's percentiles (poise.game.norms)
        subprocess.run([sys.executable, "-m", "poise", "players", "add", "Ana", "--birth-year", "1961", "--sex", "F",
                        "--db", str(Path(tmp) / "shots.db")], cwd=ROOT, env=env, check=True)
        for level_id in levels.all_specs():
            subprocess.run([sys.executable, "-m", "poise", "demo", "--level", level_id, "--headless", "--board",
                            "sim://?skill=0.8&seed=2", "--screenshot", str(out / f"{level_id}.png"),
                            "--db", str(Path(tmp) / "shots.db"), "--player", "Ana"],
                           cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
            print("rendered", level_id)


if __name__ == "__main__":
    main()
