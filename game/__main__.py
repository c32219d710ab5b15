"""`python -m game` runs the `poise` command."""
import sys

from .cli import main

sys.exit(main())
