"""Long item text (summaries, article HTML) is stored zlib-compressed: at 100,000 items the
summaries alone were 1,347 of the 2,720 bytes an item took, and text compresses to about half.

A packed value is a BLOB, plain text stays TEXT, so any value reads back with `unpack`, and a
database written before packing reads as it is.
"""

from __future__ import annotations

import zlib
from functools import lru_cache

# Shorter text is kept as it is: compressing it saves a few bytes at best.
PACKED_FROM = 128
# Texts kept unpacked: Today's news reads the newest 1,000 unread items in full after every
# change of an item, and unpacking 2,000 summaries cost ~25 ms (loaded machine); 4,096 kept
# take ~8 MB at most. (The News list reads headlines, which are never unpacked.)
KEPT = 4096


def pack(text: str) -> str | bytes:
    """`text` compressed, when that makes it smaller; else `text` itself."""
    if len(text) < PACKED_FROM:
        return text
    plain = text.encode()
    packed = zlib.compress(plain)
    return packed if len(packed) < len(plain) else text


def unpack(value: str | bytes | None) -> str | None:
    """The text of a stored value, packed or not."""
    return _inflate(value) if isinstance(value, bytes) else value


@lru_cache(maxsize=KEPT)
def _inflate(packed: bytes) -> str:
    return zlib.decompress(packed).decode()
