"""`python -m mlroad_tui` behaves exactly like the `mlroad` console script."""

import sys

from mlroad_tui.cli import main

if __name__ == "__main__":
    sys.exit(main())
