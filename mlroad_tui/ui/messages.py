"""Requests any widget may post up to the app. A request that one widget sends is defined in
that widget (e.g. `NewsTable.Open`), so its name says who asks and what."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class OpenUrl(Message):
    """Open a link in the web browser (http and https only; the app refuses the rest)."""

    url: str | None
