"""Settings > Text size: normal, large or largest, remembered on this machine and applied to every text the drawing
kit draws (the layouts fitting at the largest size: tests/test_layout.py)."""
import pygame

from poise.game.engine.settings import TEXT_SIZES, Settings, load, save
from poise.game.media import ui


def test_the_text_size_is_remembered_and_a_bad_one_is_normal(tmp_path):
    path = tmp_path / "settings.toml"
    assert save(Settings(text_size="largest"), path)
    assert 'text_size = "largest"' in path.read_text() and load(path).text_size == "largest"
    for bad in ('text_size = "huge"', "text_size = 2", "text_size = true"):
        path.write_text(bad + "\n")
        assert load(path) == Settings()
    assert Settings(text_size="huge").clamped().text_size == "normal"
    assert set(TEXT_SIZES) == set(ui.TEXT_SIZES)


def test_the_settings_screen_steps_the_text_size_and_every_text_grows(tmp_path):
    from test_layout import make_app
    from poise.game.scenes.settings import ROWS, SettingsScene

    app = make_app((1024, 600))
    scene = app.stack.push(SettingsScene(app.ctx))
    scene.index = [key for key, _ in ROWS].index("text_size")
    pygame.font.init()
    normal = ui.text_size("Stand still", 30)
    try:
        seen = []
        for _ in range(3):
            scene.change("text_size", 1)
            seen.append((app.ctx.settings.text_size, ui.text_size("Stand still", 30)[0]))
        assert [name for name, _ in seen] == ["large", "largest", "normal"]
        assert seen[0][1] > normal[0] * 1.1 and seen[1][1] > normal[0] * 1.25 and seen[2][1] == normal[0]
        scene.change("text_size", -1)
        assert app.ctx.settings.text_size == "largest" and ui.px(40) == 52
    finally:
        ui.use_text_size("normal")


def test_who_played_last_is_remembered_and_the_next_start_begins_with_them(tmp_path):
    """Day two in a window: the title asked "Who is playing?" again and showed every level as never played."""
    from poise.game.cli.main import returning
    from poise.game.storage.store import Storage
    from test_layout import make_app

    path = tmp_path / "settings.toml"
    for name in ('Zoë "Z" O\\Neil', "李小龍"):
        assert save(Settings(player=name), path) and load(path).player == name
    for bad in ('player = "a\\u0007b"', f'player = "{"x" * 41}"', "player = 3"):
        path.write_text(bad + "\n")
        assert load(path) == Settings()
    app = make_app((1024, 600), player=None)
    app.ctx.storage.player_id("Mia", create=True)
    scene = app.stack.push("player")
    scene._choose("Mia")
    assert app.ctx.settings.player == "Mia" and app.ctx.player == "Mia"
    storage = app.ctx.storage
    assert returning([None], ["auto"], app.ctx.settings, storage) == ["Mia"]
    assert returning(["Bo"], ["auto"], app.ctx.settings, storage) == ["Bo"]  # named: as asked
    assert returning([None, None], ["auto", "sim://"], app.ctx.settings, storage) == [None, None]
    assert returning([None], ["auto"], Settings(player="Gone"), storage) == [None]  # not in this database
    assert returning([None], ["auto"], app.ctx.settings, Storage(":memory:")) == [None]
