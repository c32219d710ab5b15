"""One module per schema version: 0001-0005 are the numbered SQLite migrations of earlier releases."""
