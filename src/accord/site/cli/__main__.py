"""`python -m accord.site.cli`: the same as the `accord` command."""

from __future__ import annotations

import sys

from .parser import main

if __name__ == "__main__":
    sys.exit(main())
