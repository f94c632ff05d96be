"""`python -m mlroad_tui` behaves exactly like the `mlroad` console script."""

import sys

from mlroad_tui.cli import main

# Guarded: the feed refresh's parser processes ("spawn") import the main module again.
if __name__ == "__main__":
    sys.exit(main())
