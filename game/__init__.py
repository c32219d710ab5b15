"""Everything between the board and the screen: the signal core, the loop, scenes, storage, reports, CLI."""
