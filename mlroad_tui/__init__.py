"""mlroad: a terminal dashboard that turns a machine-learning roadmap into a living study plan."""

__version__ = "0.1.0"
