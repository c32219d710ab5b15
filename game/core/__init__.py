"""The pure signal core: numpy and scipy only; no pygame, no I/O, no clock reads."""
