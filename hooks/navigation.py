"""Let the nav in mkdocs.yml name a folder of pages with a glob (`cards/*.md`).

Adding a card type must need no change outside its own file, so the nav lists card pages by
pattern; this expands the pattern to the pages that exist, in the guide's reading order.
"""

from __future__ import annotations

import fnmatch
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

import cards


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if config.nav:
        guide: cards.Guide = cards.guide_from(config.extra)
        uris = [f.src_uri for f in files.documentation_pages()]
        config.nav = expand(config.nav, uris, reading_order(guide))
    return files


def expand(nav: list[Any], uris: list[str], order: dict[str, int]) -> list[Any]:
    """Replace each glob string in a nav tree by the matching pages, sorted by `order`, then name."""
    expanded: list[Any] = []
    for item in nav:
        if isinstance(item, str) and "*" in item:
            matches = [u for u in uris if fnmatch.fnmatchcase(u, item)]
            expanded.extend(sorted(matches, key=lambda u: (order.get(u, len(order)), u)))
        elif isinstance(item, dict):
            expanded.append({key: expand(value, uris, order) if isinstance(value, list)
                             else (expand([value], uris, order) if "*" in str(value) else value)
                             for key, value in item.items()})
        else:
            expanded.append(item)
    return expanded


def reading_order(guide: cards.Guide) -> dict[str, int]:
    """Billing pages before form pages: a reader settles money first, then the SIM itself."""
    axes = {"billing": 0, "form": 1}
    ranked = sorted(guide.cards, key=lambda p: (axes.get(p.axis or "", 2), p.path))
    return {guide.uri_of(page): rank for rank, page in enumerate(ranked)}
