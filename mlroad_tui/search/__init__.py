"""One full-text search over news items, resources, topics and notes (SQLite FTS5)."""
