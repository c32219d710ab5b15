"""Translations: extract every marked string, update each language's catalogue, compile them.

Run: python docs/make_translations.py
- extracts `_()`, `N_()`, `ngettext()` and `pgettext()` strings from game/, levels/ and drivers/ (and level
  files' text, see poise.i18n) into assets/locale/poise.pot;
- merges the template into assets/locale/<lang>/LC_MESSAGES/poise.po (new strings arrive empty: translate them
  in the .po file, by hand, and run this again);
- compiles every .po into its .mo beside it, which the game reads.
tests/test_i18n.py fails while a catalogue misses a string or a .mo is older than its .po.

A level package ships its own catalogue: python docs/make_translations.py --package path/to/its_package
does the same for it (its marked strings, level files and `messages={...}` templates) in
<package>/locale/, under the gettext domain named like the package folder (its LevelPack.domain).
"""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]


def main() -> None:
    from poise.game.i18n import catalogue as cat

    parser = argparse.ArgumentParser(description="Extract, merge and compile the translation catalogues.")
    parser.add_argument("--package", type=Path, help="a level package's folder: its own catalogues instead")
    args = parser.parse_args()
    if args.package:
        package = args.package.resolve()
        template, folder, domain = cat.extract_package(package, package / "levels"), package / "locale", package.name
    else:
        template, folder, domain = cat.extract(ROOT), ROOT / "assets" / "locale", "poise"
    folder.mkdir(parents=True, exist_ok=True)
    cat.write_pot(template, folder / f"{domain}.pot")
    for lang in cat.TRANSLATED:
        po = folder / lang / "LC_MESSAGES" / f"{domain}.po"
        missing = cat.update(template, po, lang)
        cat.compile_po(po)
        print(f"{lang}: {len(template)} strings, {missing} to translate")


if __name__ == "__main__":
    main()
