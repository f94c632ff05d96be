"""The study plan: settings, schedule, pace, stats, reviews and exports.

Plain modules without Textual; every function takes "today" (or "now") as an argument.
Nothing is imported here, so importing one module does not pull in the others.
"""
