"""Catalogue tooling (extract, merge, compile: catalogue.py), used by docs/make_translations.py and the tests.

The language layer the program uses at run time is `poise.i18n` (game/_root/i18n.py): a leaf module with
no Poise imports, so drivers, the game and levels all translate through the same catalogues.
"""
