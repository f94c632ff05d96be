"""The feed reader's domain: subscriptions, async refresh, parsing, OPML and relevance.

No Textual here, and nothing heavy at import time: `fetch`/`refresh` (httpx) and `parse`
(feedparser) are imported by whoever needs them, so the UI can import the types cheaply.

For the UI:
- `store.feeds.seed_defaults((f.url, f.title) for f in defaults.DEFAULT_FEEDS)` once at start;
- `await refresh.refresh_all(store.feeds, on_progress=...)` in an async worker: one
  `model.FeedOutcome` per feed, `on_progress` called on the event loop as each finishes;
  `model.is_offline(outcomes or store.feeds.feed_statuses())` says "offline, cached items";
- `view.load_news(...)`: the News list's headlines (`store.feeds.headlines`), their
  relevance and the first item in full; `store.feeds.item(id)` for another one shown in
  full; `mark_read`, `toggle_read`,
  `toggle_star`, `feed_statuses()`, `add`/`remove`/`rename`/`set_enabled` for the News pane;
- `relevance.Matcher.for_phase(phase)` with `relevant_items(...)` / `most_relevant(...)`;
- `timefmt.age(item.sort_at)` for the list; `Item.openable` before opening a link.
Titles, authors and summaries are plain text: show them with `Text(s)`, never as markup.
"""
