"""Screens of the game; each is a Scene on the stack."""
