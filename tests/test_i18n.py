"""The language layer: which language is chosen, catalogues kept whole, dates and numbers as people write them."""
import datetime as dt

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from conftest import ROOT
from poise import i18n
from poise.game.i18n import catalogue


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.set_language("en")


def test_the_language_is_chosen_by_flag_then_environment_then_setting_then_system(monkeypatch):
    for var in ("POISE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    assert i18n.choose() == "en"
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    assert i18n.choose() == "es"
    monkeypatch.setenv("LANGUAGE", "fr:de")  # the first preference Poise speaks
    assert i18n.choose() == "de"
    assert i18n.choose(setting="es") == "es"
    monkeypatch.setenv("POISE_LANG", "de-AT")
    assert i18n.choose(setting="es") == "de"
    assert i18n.choose("en", setting="es") == "en"
    with pytest.raises(i18n.LanguageError, match="--lang: no language 'fr'.*Deutsch"):
        i18n.choose("fr")
    monkeypatch.setenv("POISE_LANG", "klingon")
    with pytest.raises(i18n.LanguageError, match="POISE_LANG"):
        i18n.choose()
    monkeypatch.delenv("POISE_LANG")
    assert i18n.choose(setting="xx") == "de"  # a stale setting is passed over


def test_pseudo_language_is_forty_percent_longer_and_keeps_placeholders():
    i18n.set_language(i18n.PSEUDO)
    english = "Time on your left leg: {s:.1f} s"
    shown = i18n._(english)
    assert len(shown) >= 1.4 * len(english)
    assert "{s:.1f}" in shown and shown.format(s=12.44).count("12.4") == 1
    assert any(ord(c) > 0xFF00 for c in shown) and "é" in shown or "à" in shown


def test_dates_and_numbers_as_each_language_writes_them():
    day = dt.date(2026, 1, 5)
    expected = {"en": ("5 Jan 2026", "Monday", "1,234.6"), "de": ("5. Jan. 2026", "Montag", "1.234,6"),
                "es": ("5 ene 2026", "lunes", "1.234,6")}
    for lang, (medium, weekday, number) in expected.items():
        i18n.set_language(lang)
        assert i18n.format_date(day) == medium
        assert i18n.format_date(day, "weekday") == weekday
        assert i18n.format_number(1234.56, 1).replace("\xa0", "") == number


def _compile(folder, lang, domain, pairs):
    cat = Catalog(locale=lang, domain=domain)
    for k, v in pairs.items():
        cat.add(k, v)
    target = folder / lang / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / f"{domain}.mo").open("wb") as f:
        write_mo(f, cat)


def test_a_plugin_ships_its_own_catalogue(tmp_path):
    _compile(tmp_path, "de", "jumping", {"Jump over the river": "Spring über den Fluss"})
    i18n.add_domain("jumping", tmp_path)
    i18n.set_language("de")
    assert i18n.gettext("Jump over the river", domain="jumping") == "Spring über den Fluss"
    i18n.set_language("es")  # no Spanish in the plugin: its English stands
    assert i18n.gettext("Jump over the river", domain="jumping") == "Jump over the river"


def test_every_marked_string_is_in_the_template_and_each_catalogue_is_translated_and_compiled():
    """The template (poise.pot) holds every marked string, and every language Poise ships has every one of them
    translated (none empty, none fuzzy) and compiled: a string marked without its German and Spanish fails here."""
    template = catalogue.extract(ROOT)
    pot = catalogue.read(ROOT / "assets" / "locale" / "poise.pot", "en")
    in_pot = {(m.id, m.context) for m in pot if m.id}
    missing = [m.id for m in template if m.id and (m.id, m.context) not in in_pot]
    assert missing == [], f"not in assets/locale/poise.pot (run python docs/make_translations.py): {missing[:5]}"
    for lang in catalogue.TRANSLATED:
        po = ROOT / "assets" / "locale" / lang / "LC_MESSAGES" / "poise.po"
        translated = catalogue.read(po, lang)
        held = {(m.id, m.context) for m in translated if m.id}
        absent = [m.id for m in template if m.id and (m.id, m.context) not in held]
        assert absent == [], f"{lang}: strings not in the catalogue (run python docs/make_translations.py): {absent[:5]}"
        assert catalogue.untranslated(translated) == [], f"{lang}: untranslated strings: {catalogue.untranslated(translated)[:5]}"
        assert po.with_suffix(".mo").read_bytes() == catalogue.compiled(po, lang), f"{lang}: .mo is stale"


def test_the_completeness_check_sees_a_missing_translation(tmp_path):
    po = tmp_path / "de" / "LC_MESSAGES" / "poise.po"
    template = Catalog()
    template.add("Left leg")
    template.add("Right leg")
    assert catalogue.update(template, po, "de") == 2
    text = po.read_text(encoding="utf-8").replace('msgid "Left leg"\nmsgstr ""', 'msgid "Left leg"\nmsgstr "Linkes Bein"')
    po.write_text(text, encoding="utf-8")
    assert catalogue.untranslated(catalogue.read(po, "de")) == ["Right leg"]
