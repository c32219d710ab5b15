"""The records side in the reader's language: the command line (--lang, POISE_LANG, argparse's own words), history
stored as keys and numbers and read in any language, dates and numbers as each language writes them while CSV and
JSON stay ISO with dots, and the clinical PDF laid out without overlapping or clipped text in every language."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess

import pytest

from helpers import clinical_history_database
from poise import i18n
from poise.__main__ import main
from test_clinical_report import overlaps


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.set_language("en")


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    return clinical_history_database(tmp_path_factory)


def test_lang_applies_before_anything_is_printed_argparse_words_included(capsys, monkeypatch):
    monkeypatch.delenv("POISE_LANG", raising=False)
    assert main(["--lang", "de", "report", "Ana"]) == 2
    assert capsys.readouterr().err == ("poise report: folgende Argumente sind erforderlich: --pdf "
                                       "(siehe poise report --help)\n")
    assert main(["players", "bogus", "--lang=es"]) == 2  # after the command too, in either spelling
    assert "opción no válida: 'bogus'" in capsys.readouterr().err
    assert main(["today", "--help", "--lang", "es"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("uso: poise today") and "muestra esta ayuda y sale" in shown
    assert "el idioma de lo que se muestra" in shown  # --lang's own help
    assert i18n.language() == "en"  # the language is the command's, not left behind


def test_poise_lang_and_the_system_locale_choose_when_no_flag_does(capsys, monkeypatch, tmp_path):
    db = str(tmp_path / "p.db")
    for var in ("POISE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    assert main(["players", "set", "Nadie", "--db", db]) == 1
    assert "no hay ningún jugador llamado 'Nadie'" in capsys.readouterr().err
    monkeypatch.setenv("POISE_LANG", "de")
    assert main(["players", "set", "Nadie", "--db", db]) == 1
    assert "kein Spieler namens 'Nadie'" in capsys.readouterr().err
    assert main(["players", "list", "--db", db, "--lang", "en"]) == 0  # the flag beats both
    monkeypatch.setenv("POISE_LANG", "fr")
    assert main(["players", "list", "--db", db]) == 2
    assert "POISE_LANG: no language 'fr'" in capsys.readouterr().err


def test_history_stored_by_an_english_poise_is_read_in_german(tmp_path, capsys):
    """Incidents and the clinical-record entries Poise writes are keys and numbers; the English sentences an
    earlier Poise stored are read back into the same numbers; a clinician's own words stay as typed."""
    from poise.game.clinic.record import entry_text, incident_detail, incident_words
    from poise.game.storage.store import Storage

    storage = Storage(tmp_path / "h.db")
    pid = storage.add_player("Eva")
    storage.log_incident(pid, None, "slalom", "load-loss", "load fell to 12.5 kg during play")  # as stored so far
    storage.log_incident(pid, None, "slalom", "beyond-limits",
                         "the balance point went past the player's limits of stability on seat 2")
    storage.log_incident(pid, None, "slalom", "load-loss", incident_detail(kg=3.25, seat=1))
    storage.log_incident(pid, None, "slalom", "load-loss", "foot slipped on the mat")  # not Poise's sentence
    storage.add_note(pid, "Dr. Weiss", "walk outdoors daily")
    old = ("name 'ann' became 'ann (2)': Poise now compares names as they read (any case, any script, accents however "
           "typed) and refuses control characters")
    assert json.loads(incident_detail(kg=3.25, seat=1)) == {"kg": 3.2, "seat": 1}  # numbers, never words
    i18n.set_language("de")
    shown = [incident_words(i["kind"], i["detail"]) for i in storage.incidents(pid)]
    assert shown == ["Last fiel während des Spiels auf 12,5 kg",
                     "der Gleichgewichtspunkt ging über die Stabilitätsgrenzen des Spielers hinaus (Platz 2)",
                     "Last fiel während des Spiels auf 3,2 kg (Platz 1)", "foot slipped on the mat"]
    assert entry_text("poise", old).startswith("aus dem Namen 'ann' wurde 'ann (2)': Poise vergleicht")
    assert entry_text("poise", json.dumps(["name.renamed", {"old": "Zoë", "new": "Zoë (2)"}])).startswith(
        "aus dem Namen 'Zoë' wurde 'Zoë (2)'")
    assert entry_text("Dr. Weiss", old) == old  # a clinician's words are never rewritten
    i18n.set_language("en")
    assert incident_words("load-loss", incident_detail(kg=3.25, seat=1)) == "load fell to 3.2 kg during play (seat 1)"
    assert main(["notes", "Eva", "--db", str(tmp_path / "h.db"), "--lang", "de"]) == 0
    out = capsys.readouterr().out
    assert "Dr. Weiss" in out and ": Notiz: walk outdoors daily" in out and re.search(r"\d+\. \w+\. \d{4}", out)  # 5. Dez. 2026


def test_a_days_plan_is_stored_as_keys_and_numbers(tmp_path):
    """The plan a session starts with is stored without its sentences (they are in the language it was shown in):
    levels, roles, steps and minutes only."""
    from poise.game.clinic.today import plan_for, start_session
    from poise.game.storage.store import Storage
    from poise.testing import catalogue

    storage = Storage(tmp_path / "s.db")
    pid = storage.add_player("Eva")
    i18n.set_language("es")
    plan = plan_for(storage, catalogue(), "Eva")
    assert plan.notes and plan.notes[0].startswith("Un programa nuevo empieza en la etapa 1")
    start_session(storage, pid, plan)
    stored = json.loads(storage.programme_sessions(pid)[0]["plan_json"])
    assert not {"notes", "changes", "stage_name", "focus", "goal_words"} & stored.keys()
    assert stored["activities"] and all(set(a) == {"level", "role", "step", "minutes", "seconds", "legs"}
                                        for a in stored["activities"])
    assert stored["activities"][0]["role"] in ("set-up", "check", "warm-up")  # roles stay keys


def test_dates_and_numbers_in_the_language_csv_and_json_stay_iso_with_dots(history, tmp_path, capsys):
    assert main(["progress", "Ana", "--db", str(history), "--lang", "de", "--csv", str(tmp_path / "p.csv")]) == 0
    captured = capsys.readouterr()
    assert "geschrieben" in captured.err
    text = captured.out
    assert "Gleichgewichtsverlauf von Ana" in text and "5. Jan. 2026" in text
    assert re.search(r"\d+,\d \(\s*\d+,\d-\s*\d+,\d\)", text) and not re.search(r"\d\.\d", text.split("\n\n")[0])
    rows = list(csv.reader(io.StringIO((tmp_path / "p.csv").read_text())))
    assert rows[0][:3] == ["week", "week_start", "condition"] and rows[1][1] == "2026-01-05"
    assert re.fullmatch(r"\d+\.\d{3}", rows[1][4])  # dot decimals
    assert main(["progress", "Ana", "--db", str(history), "--lang", "es", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    first = data["weeks"][0]
    assert isinstance(first["velocity"], float) and first["week_start"] == "2026-01-05"
    assert data["verdicts"][0]["verdict"] == "improved"  # keys stay keys in JSON
    assert main(["players", "list", "--db", str(history), "--lang", "es"]) == 0
    assert "Ana  165 cm  70,0 kg  nacido en 1961  mujer  lado lesionado derecha" in capsys.readouterr().out
    assert main(["today", "Ana", "--db", str(history), "--lang", "de"]) == 0
    today = capsys.readouterr().out
    weekday = i18n.format_date  # the plan's day, as German writes it
    i18n.set_language("de")
    assert today.startswith(f"Ana, {weekday(dt.date.today(), 'weekday')} {weekday(dt.date.today(), 'long')}: Woche")


def page_words(pdf) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    """(page width, page height, every word's box) per page, in points, read back with pdftotext -bbox."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    out = []
    for page in html.split("<page ")[1:]:
        w, h = (float(v) for v in re.match(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        out.append((w, h, [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in re.findall(
            r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>', page)]))
    return out


# a player named in another script each time: the fallback fonts must carry their glyphs in every language
NAMES = {"en": "Ana", "de": "Ελένη Παπαδοπούλου", "es": "王秀英", i18n.PSEUDO: "Ана Ковалёва"}
GERMAN_AND_SPANISH = {"de": ("Gleichgewichtsbericht", "Schwankungsgeschwindigkeit", "Stabilitätsgrenzen",
                             "Last fiel während des Spiels auf 21,3 kg", "5. Jan. 2026"),
                      "es": ("Informe de equilibrio", "Velocidad de oscilación", "Límites de estabilidad",
                             "la carga cayó a 21,3 kg durante el juego", "5 ene 2026")}


@pytest.mark.parametrize("lang", ["en", "de", "es", i18n.PSEUDO])  # (reads the history the slow report test makes)
def test_the_report_in_every_language_has_no_overlapping_or_clipped_text(history, tmp_path, lang):
    """The full eight-week history in each language (qps: 40 % longer, accented and wide): no two words' boxes
    overlap, none leaves its page, and the patient's name is printed in its own script."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; .ci/run installs it")
    from poise.game.clinic.clinical_report import gather
    from poise.game.clinic.report_pages import write_pdf
    from poise.game.storage.store import Storage

    i18n.set_language(lang)
    data = gather(Storage(history), "Ana", clinician="Dr. M. Keller", now=dt.datetime(2026, 3, 2, 10, 0).astimezone())
    data.player = data.player | {"name": NAMES[lang]}
    pdf = tmp_path / f"{lang}.pdf"
    write_pdf(data, pdf)
    pages = page_words(pdf)
    assert len(pages) >= 5
    for n, (width, height, words) in enumerate(pages, start=1):
        assert not overlaps(words), (lang, n, overlaps(words)[:3])
        outside = [w for w in words if w[0] < 0 or w[1] < 0 or w[2] > width + 0.5 or w[3] > height + 0.5]
        assert not outside, (lang, n, outside[:3])
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                                   text=True).stdout.split())
    assert NAMES[lang].split()[0] in text  # its own letters: a font had the glyphs
    for words in GERMAN_AND_SPANISH.get(lang, ()):
        assert words in text, (lang, words)
    if lang in GERMAN_AND_SPANISH:
        assert "Balance report" not in text and "Sway velocity" not in text and "Limits of stability" not in text
