"""`poise report`: the clinical PDF on an eight-week generated history, read back as text."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from helpers import clinical_history_database
from poise.__main__ import main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    return clinical_history_database(tmp_path_factory)


def pages(pdf) -> list[bytes]:
    """The page objects of a PDF (matplotlib writes them uncompressed)."""
    return re.findall(rb"/Type\s*/Page\b(?!s)[^>]*?/MediaBox\s*\[([^\]]*)\]", pdf.read_bytes(), re.S) or \
        re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes())


def pdf_text(pdf) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF's text cannot be read back here; "
                    ".ci/run installs it")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_the_report_is_a_multi_page_pdf_with_everything_a_clinician_needs(history, tmp_path, capsys):
    pdf = tmp_path / "r.pdf"
    assert main(["report", "Ana", "--pdf", str(pdf), "--db", str(history), "--clinician", "Dr. M. Keller"]) == 0
    assert "pages to" in capsys.readouterr().err
    assert pdf.read_bytes().startswith(b"%PDF") and len(pages(pdf)) >= 3
    text = " ".join(pdf_text(pdf).split())
    for field in ("Patient Ana", "1961 / 6", "Sex female", "165 cm", "walk outdoors without fear of falling",
                  "Injured side right", "Clinician Dr. M. Keller", "Period 5 Jan 2026 to", "simulated board",
                  "Software Poise 0.1.0", "Generated", "Statokinesigrams", "Composite score"):
        assert field in text, field
    assert re.search(r"women aged 55–75 \(n = \d+\)", text) and "higher = steadier" in text
    assert "Compared with healthy adults" in text and "percentile" not in text.split("Methods")[0]
    assert "Romberg quotient" in text and "left leg sways more" in text
    assert "Limits of stability" in text and "Directional control" in text and "Reaction time" in text
    assert "no programme set" in text and "sudden loss of load" in text and "Invalid trials" in text
    assert "improved" in text and "MDC" in text
    assert "Santos DA & Duarte M (2016)" in text and "CC BY 4.0" in text and "Methods" in text
    assert not re.search(r"\d{4}-W\d\d", text)  # dates are dates, not ISO week codes


def test_letter_paper_and_a_date_range(history, tmp_path, capsys):
    a4, letter = tmp_path / "a4.pdf", tmp_path / "letter.pdf"
    assert main(["report", "Ana", "--pdf", str(a4), "--db", str(history)]) == 0
    assert main(["report", "Ana", "--pdf", str(letter), "--db", str(history), "--paper", "letter",
                 "--from", "2026-02-01", "--to", "2026-02-28"]) == 0
    assert b"/MediaBox [0 0 612.00 792.00]" in letter.read_bytes()
    assert re.search(rb"/MediaBox \[0 0 595\.\d+ 841\.\d+\]", a4.read_bytes())
    text = " ".join(pdf_text(letter).split())
    assert "Period 1 Feb 2026 to 28 Feb 2026 (as requested)" in text
    assert "5 Jan 2026" not in text.split("Methods")[0]  # nothing from before the range


def test_a_player_with_nothing_yet_still_gets_a_report(tmp_path, capsys):
    db, pdf = str(tmp_path / "e.db"), tmp_path / "e.pdf"
    assert main(["players", "add", "Bo", "--db", db]) == 0
    assert main(["report", "Bo", "--pdf", str(pdf), "--db", db]) == 0
    assert len(pages(pdf)) >= 3
    text = " ".join(pdf_text(pdf).split())
    assert "No balance checks in this period" in text and "not recorded" in text


@pytest.mark.parametrize("args,message", [
    (["--from", "2026-13-01"], "is not a date like"),
    (["--from", "2026-03-01", "--to", "2026-02-01"], "is after --to"),
    (["--paper", "a5"], "invalid choice"),
    (["--clinician", " "], "--clinician cannot be empty"),
])
def test_bad_report_arguments_are_one_line(history, tmp_path, capsys, args, message):
    assert main(["report", "Ana", "--pdf", str(tmp_path / "x.pdf"), "--db", str(history), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert main(["report", "Nobody", "--pdf", str(tmp_path / "x.pdf"), "--db", str(history)]) == 1
    assert "no player called 'Nobody'" in capsys.readouterr().err


LONGEST = {  # 40 wide characters (the longest name allowed) in several scripts
    "latin": "Ŵ" * 40,
    "chinese": "王" * 40,
    "korean": "김" * 40,
    "devanagari": "क्षि" * 10,
    "greek": "Ω" * 40,
    "cyrillic": "Ж" * 40,
}


def words_on_pages(pdf) -> list[list[tuple[float, float, float, float, str]]]:
    """Every word's box (x0, y0, x1, y1 in points) per page, read back with pdftotext -bbox."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; .ci/run installs it")
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        pages.append([(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)])
    return pages


def overlaps(words) -> list[tuple]:
    """Pairs of words whose boxes overlap by more than a hair (shaped glyph runs of one word may touch)."""
    out = []
    ordered = sorted(words, key=lambda w: w[1])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b[1] >= a[3] - 0.5:
                break
            if min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5:
                out.append((a[4], b[4]))
    return out


@pytest.mark.parametrize("script", sorted(LONGEST))
def test_the_longest_name_in_any_script_never_overlaps_other_text(history, tmp_path, script):
    """The longest name and goal (40 wide characters) in the footer and the patient table of every page: no two
    words' boxes overlap anywhere, and the name is there in its own letters (no empty boxes)."""
    import datetime as dt

    from poise.game.clinic.clinical_report import gather
    from poise.game.clinic.report_pages import write_pdf
    from poise.game.storage.store import Storage

    name = LONGEST[script]
    data = gather(Storage(history), "Ana", clinician=name, now=dt.datetime(2026, 3, 2, 10, 0).astimezone())
    data.player = data.player | {"name": name, "patient_id": name[:20], "goal": name + " " + name}
    pdf = tmp_path / f"{script}.pdf"
    write_pdf(data, pdf)
    pages = words_on_pages(pdf)
    assert len(pages) >= 5
    for n, words in enumerate(pages, start=1):
        assert not overlaps(words), (script, n, overlaps(words)[:3])
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert name[:8] in "".join(text.split())  # in its own letters: a font had its glyphs
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout if shutil.which(
        "pdffonts") else ""
    assert all(" yes yes yes " in line for line in fonts.splitlines()[2:]), fonts  # embedded, subset, Unicode map


def test_pdfa_is_archival(history, tmp_path):
    pdf = tmp_path / "a.pdf"
    assert main(["report", "Ana", "--pdf", str(pdf), "--db", str(history), "--pdfa"]) == 0
    raw = pdf.read_bytes()
    assert raw.startswith(b"%PDF-1.7")
    assert b"<pdfaid:part>2</pdfaid:part>" in raw or b'pdfaid:part="2"' in raw
    assert b"pdfaid:conformance" in raw and b"/GTS_PDFA1" in raw and b"/Encrypt" not in raw
