"""Small pure helpers of the hooks: nav globs, numbered steps, stale dates."""

from __future__ import annotations

import cards
import navigation


def test_nav_glob_expands_to_cards_in_reading_order(guide: cards.Guide) -> None:
    uris = ["index.md", "cards/esim.md", "cards/prepaid.md", "cards/physical-sim.md", "cards/postpaid.md"]
    nav = ["index.md", {"按卡片类型": ["cards/*.md"]}, {"单页": "cards/*.md"}]
    order = navigation.reading_order(guide)
    cards_in_order = ["cards/postpaid.md", "cards/prepaid.md", "cards/esim.md", "cards/physical-sim.md"]
    assert navigation.expand(nav, uris, order) == [
        "index.md", {"按卡片类型": cards_in_order}, {"单页": cards_in_order}]


