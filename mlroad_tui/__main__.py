"""`python -m mlroad_tui` behaves exactly like the `mlroad` console script."""

import sys

from mlroad_tui.cli import main

sys.exit(main())
