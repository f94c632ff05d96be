"""mlroad: a terminal dashboard that turns a machine-learning roadmap into a living study plan."""

import sys
import types

__version__ = "0.1.0"

# `import httpx` also imports httpx's own command-line client, which loads click and pygments
# whenever they are installed (sqlite-utils needs click): ~50-100 ms in every process that
# checks a link or refreshes a feed, for a command we never run. An empty stand-in makes
# httpx fall back to its stub, exactly as when they are not installed.
sys.modules.setdefault("httpx._main", types.ModuleType("httpx._main"))
