"""The `poise` command line: one parser, and the commands it dispatches to."""
