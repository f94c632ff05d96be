"""The feed reader's domain: subscriptions, async refresh, parsing, OPML and relevance.

No Textual here, and nothing heavy at import time: `fetch` (httpx) and `parse` (feedparser)
are imported by the modules that use them, so the UI can import the types cheaply.
"""
