"""Translations: extract every marked string, update each language's catalogue, compile them.

Run: python docs/make_translations.py
- extracts `_()`, `N_()`, `ngettext()` and `pgettext()` strings from game/, levels/ and drivers/ (and level
  files' text, see poise.i18n) into assets/locale/poise.pot;
- merges the template into assets/locale/<lang>/LC_MESSAGES/poise.po (new strings arrive empty: translate them
  in the .po file, by hand, and run this again);
- compiles every .po into its .mo beside it, which the game reads.
tests/test_i18n.py fails while a catalogue misses a string or a .mo is older than its .po.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]


def main() -> None:
    from poise.game.i18n import catalogue as cat

    template = cat.extract(ROOT)
    (ROOT / "assets" / "locale").mkdir(parents=True, exist_ok=True)
    cat.write_pot(template, ROOT / "assets" / "locale" / "poise.pot")
    for lang in cat.TRANSLATED:
        po = ROOT / "assets" / "locale" / lang / "LC_MESSAGES" / "poise.po"
        missing = cat.update(template, po, lang)
        cat.compile_po(po)
        print(f"{lang}: {len(template)} strings, {missing} to translate")


if __name__ == "__main__":
    main()
