"""A level from its file to its stored attempt: the contract levels implement, their TOML specs, the
player's step and reach, and the attempt the game stores. Levels see this only through `poise.api`."""
