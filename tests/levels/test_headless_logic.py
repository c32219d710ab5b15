"""Level logic runs without pygame: the catalogue and every mechanic's logic module import, load their
level files, play to the end and score with pygame blocked, and every result is one the game accepts (valid
numbers, known message keys); the drawing lives in the views beside them."""
import importlib
import json
import subprocess
import sys

import pygame
import pytest

from conftest import ROOT
from poise import levels as builtin
from poise.testing import catalogue
from poise.game.core.pipeline import Balance
from poise.game.core.presence import Presence
from poise.game.media.frame import Frame
from headless_player import play

levels = catalogue()

BLOCK_PYGAME = "import sys; sys.modules['pygame'] = None; sys.path.insert(0, 'tests/levels')\n"
NO_VIEWS = "assert not [m for m in sys.modules if m.startswith('poise.levels') and m.endswith('view')], sys.modules\n"


def run_isolated(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BLOCK_PYGAME + code], cwd=ROOT, capture_output=True, text=True)


def test_catalogue_and_every_logic_module_import_without_pygame():
    modules = ", ".join(value.split(":")[0] for value in builtin.MECHANICS.values())
    proc = run_isolated(f"import poise.levels, {modules}\n"
                        "from poise.game.level.catalogue import installed\n"
                        "specs = installed().all_specs()\n"
                        "assert len(specs) >= 10\n"
                        "for level_id in specs: installed().create(level_id)\n" + NO_VIEWS)
    assert proc.returncode == 0, proc.stderr


def test_every_level_plays_to_the_end_and_scores_without_pygame():
    proc = run_isolated("import json\n"
                        "from poise.game.level.catalogue import installed\n"
                        "from poise.game.level.result import as_data, validate\n"
                        "from headless_player import play\n"
                        "levels = installed()\n"
                        "out = {}\n"
                        "for level_id in levels.all_specs():\n"
                        "    level = levels.create(level_id, seconds=8.0)\n"
                        "    level.set_height(175.0)\n"
                        "    t = play(level, limit_s=300.0)\n"
                        "    r = validate(level_id, level.result(), levels.templates(level_id))\n"
                        "    out[level_id] = dict(finished=level.finished, t=t, step=level.step, **as_data(r))\n"
                        + NO_VIEWS + "print(json.dumps(out))\n")
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)
    assert set(results) == set(levels.all_specs())
    for level_id, r in results.items():
        assert r["finished"], (level_id, r["t"])
        assert 0 < r["score"] <= 1000 and 0 <= r["stars"] <= 3, (level_id, r)
        assert r["messages"] and all(key in levels.templates(level_id) for key, _ in r["messages"]), level_id
        assert all(0.0 <= value <= 1.0 for _, value, _ in r["parts"]), level_id
        assert r["step"] == 0, level_id


def test_blocking_pygame_really_blocks_the_views():
    # guards the tests above: with pygame blocked a view cannot load, so they ran without drawing
    proc = run_isolated("import poise.levels.slalom_view")
    assert proc.returncode != 0 and "pygame" in proc.stderr


@pytest.mark.parametrize("level_id", sorted(levels.all_specs()))
def test_every_level_draws_through_its_view(level_id):
    level = levels.create(level_id, seconds=8.0)
    view = importlib.import_module(type(level).view_module)
    assert callable(view.draw_static) and callable(view.draw)
    play(level, limit_s=3.0)
    pygame.init()
    surface = pygame.Surface((1280, 720))
    frame = Frame.of((1280, 720)).below(64)  # under the title bar, as the game hands it
    level.draw_static(surface, frame)
    before = pygame.image.tobytes(surface, "RGB")
    level.draw(surface, frame, Balance(3.0, 70.0, 5.0, 5.0, 5.0, 5.0, Presence.ON_BOARD))
    assert pygame.image.tobytes(surface, "RGB") != before  # the moving parts were drawn
