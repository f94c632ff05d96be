"""The resource catalogue's search: every word must match, blind to case and accents."""

from __future__ import annotations

from mlroad_tui.catalog import catalog, search
from mlroad_tui.curriculum import load_roadmap
from tests.conftest import BUNDLED


def test_geron_finds_geron_with_its_accent() -> None:
    entries = catalog(load_roadmap(BUNDLED))
    for query in ("geron", "GERON", "Géron", "aurelien geron"):
        found = [e.resource.authors for e in search(entries, query)]
        assert found == ["Aurélien Géron"], query
    assert search(entries, "geron nosuchword") == []
