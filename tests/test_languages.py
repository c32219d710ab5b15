"""The game in the player's language: the Settings screen's choice (saved, taking effect at once, behind --lang and
POISE_LANG), level files and result templates in the translation template, results worded with the language's
decimal comma, ordinals and plural forms, the coach's voice speaking it, and the pseudo-language wrapping like a
longer translation."""
import dataclasses
import shutil
import subprocess

import pytest

from conftest import ROOT
from poise import i18n
from poise.drivers import open_board
from poise.game.engine.app import App
from poise.game.engine.loop import VirtualClock
from poise.game.engine.settings import Settings, load, save
from poise.game.i18n import catalogue
from poise.game.level import messages
from poise.game.media import speech, ui
from poise.game.storage.store import Storage
from poise.testing import catalogue as levels_catalogue

levels = levels_catalogue()


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.set_language("en")


def make_app(tmp_path, settings=None, lang=None):
    clock = VirtualClock()
    return App(open_board("sim://", clock), Storage(tmp_path / "l.db"), clock=clock, player="Ana", sound=False,
               levels=levels, size=(1280, 720), settings=settings, remember=True, lang=lang)


def drawn_words(app) -> list[str]:
    ui.RECORDING = ui.Layout()
    try:
        app.frame()
        return [item["label"] for item in ui.RECORDING.items if item["kind"] == "text"]
    finally:
        ui.RECORDING = None


def test_the_language_setting_is_saved_and_a_code_poise_does_not_speak_is_dropped(tmp_path):
    path = tmp_path / "settings.toml"
    assert save(Settings(language="es"), path)
    assert 'language = "es"' in path.read_text() and load(path).language == "es"
    path.write_text('language = "fr"\nvolume = 0.5\n')
    assert load(path) == Settings(volume=0.5)  # a hand-edited code Poise does not speak: follow the system
    path.write_text("language = 3\n")
    assert load(path).language == ""


def test_the_settings_screen_switches_the_language_at_once_and_remembers_it(tmp_path, monkeypatch):
    from poise.game.scenes.settings import ROWS, SettingsScene

    monkeypatch.setenv("LANGUAGE", "en")
    app = make_app(tmp_path)
    scene = app.stack.push(SettingsScene(app.ctx))
    assert "Settings" in drawn_words(app)
    scene.index = [key for key, _ in ROWS].index("language")
    scene.change("language", 1)  # English -> Deutsch
    assert i18n.language() == "de" and app.ctx.settings.language == "de"
    words = drawn_words(app)
    assert "Einstellungen" in words and "Sprache" in words and "Deutsch" in words
    assert load().language == "de"  # saved with the other settings (POISE_CONFIG, the test's own file)
    scene.change("language", 1)
    assert i18n.language() == "es" and "Ajustes" in drawn_words(app)
    scene.change("language", 1)
    assert i18n.language() == "en"


def test_lang_and_poise_lang_come_before_the_setting_and_the_screen_says_so(tmp_path, monkeypatch):
    from poise.game.scenes.settings import SettingsScene

    monkeypatch.setenv("LANGUAGE", "en")
    assert make_app(tmp_path, Settings(language="es")) and i18n.language() == "es"  # the setting, over the system
    monkeypatch.setenv("POISE_LANG", "de")
    app = make_app(tmp_path, Settings(language="es"))
    assert i18n.language() == "de"
    app.stack.push(SettingsScene(app.ctx))
    assert "Sprache: --lang oder POISE_LANG bestimmen sie gerade" in drawn_words(app)
    make_app(tmp_path, Settings(language="es"), lang="en")
    assert i18n.language() == "en"  # --lang first of all


def test_results_are_worded_with_the_languages_numbers_ordinals_words_and_plurals():
    templates = levels.templates("single-leg-hold")
    i18n.set_language("de")
    assert messages.render("hold.in_zone", {"leg": "left", "in_zone_s": 12.44, "held_s": 30}, templates) == \
        ("Bein links im Bereich", "12,4 / 30 s")
    assert messages.render("check.condition_sway", {"condition": "eyes-closed", "velocity_mm_s": 1234.56,
                                                    "ellipse95_mm2": 310.0, "trials": 3}, templates) == \
        ("Augen geschlossen", "1234,6 mm/s, 310 mm²  (3 Durchgänge)")
    assert [messages.ordinal(n) for n in (1, 2, 62)] == ["1.", "2.", "62."]
    assert i18n.ngettext("{n} touch-down", "{n} touch-downs", 1).format(n=1) == "1 Aufsetzer"
    i18n.set_language("es")
    assert [messages.ordinal(n) for n in (1, 3)] == ["1.º", "3.º"]
    assert i18n.ngettext("{n} sample lost", "{n} samples lost", 1).format(n=1) == "1 muestra perdida"
    assert i18n.ngettext("{n} sample lost", "{n} samples lost", 4).format(n=4) == "4 muestras perdidas"
    assert messages.render("squat.weight_side", {"side": "right", "pct": 62}, templates)[1] == "62 % a la derecha"
    i18n.set_language("en")
    assert [messages.ordinal(n) for n in (1, 2, 3, 11, 22, 62)] == ["1st", "2nd", "3rd", "11th", "22nd", "62nd"]
    assert messages.render("hold.in_zone", {"leg": "left", "in_zone_s": 12.44, "held_s": 30}, templates) == \
        ("Left leg in zone", "12.4 / 30 s")


def test_level_files_and_result_templates_are_in_the_template_by_key():
    template = catalogue.extract(ROOT)
    slalom = template.get("Lean left and right to ski through the gates; lean forward to go faster.")
    assert slalom is not None and slalom.locations[0][0] == "levels/data/slalom.toml"
    assert "level 'slalom': summary" in slalom.auto_comments
    assert template.get("Time on the water (no pops)").locations[0][0] == "levels/messages.py"
    assert template.get("the cautious default from your height").locations[0][0] == "game/level/messages.py"
    spec = levels.spec("slalom")
    i18n.set_language("de")
    assert spec.text("summary").startswith("Lehne dich nach links und rechts")
    assert spec.title == "Slalom" and levels.spec("heading").text("title") == "Kopfball"  # the file keeps English


def test_the_coach_speaks_the_players_language():
    i18n.set_language("de")
    assert speech.command("espeak-ng", "Los!")[:3] == ["espeak-ng", "-v", "de"]
    assert speech.command("spd-say", "Los!")[1:3] == ["-l", "de"]
    i18n.set_language(i18n.PSEUDO)
    assert speech.command("espeak-ng", "x")[2] == "en"  # the pseudo-language is spoken as English


@pytest.mark.skipif(shutil.which("espeak-ng") is None or shutil.which("sox") is None,
                    reason="espeak-ng and sox are installed by .ci/run")
def test_a_german_cue_is_spoken_by_a_german_voice(tmp_path):
    wav = tmp_path / "cue.wav"
    subprocess.run(speech.command("espeak-ng", "Komm zurück zur Mitte.", wav, lang="de"), check=True, timeout=60)
    stat = subprocess.run(["sox", str(wav), "-n", "stat"], capture_output=True, text=True, timeout=60).stderr
    length = float(next(line for line in stat.splitlines() if line.startswith("Length")).split(":")[1])
    assert 0.8 < length < 4.0


def test_the_pseudo_language_pads_in_words_that_wrap():
    i18n.set_language(i18n.PSEUDO)
    long = i18n.gettext(levels.spec("slalom").instructions)
    assert max(len(word) for word in long.split()) <= 16  # no word longer than a real one
    lines = ui.wrap_lines(long, 600, 24)
    assert all(ui.text_size(line, 24)[0] <= 600 for paragraph in lines for line in paragraph)


def test_the_settings_row_shows_each_language_in_its_own_name(tmp_path):
    from poise.game.scenes.settings import SettingsScene

    app = make_app(tmp_path, Settings(language="es"))
    scene = SettingsScene(app.ctx)
    assert scene.value_text("language") == "Español"
    app.ctx.settings = dataclasses.replace(app.ctx.settings, language="de")
    assert scene.value_text("language") == "Deutsch"
