"""Build step: the search index as readers download it, in UTF-8 rather than JSON's \\u escapes.

Material writes search/search_index.json with every non-ASCII character escaped: a Chinese
character and each of jieba's word marks (U+200B) take six bytes instead of three, so the index
of this guide is nearly twice the size it needs to be, on every first search and in every
offline copy (hooks/offline.py). The same data is written again, unescaped; the search worker
parses the same JSON.
"""

from __future__ import annotations

import json
import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from docfiles import SEARCH_INDEX


# After the search plugin has written the index (its priority is 0), before hooks/offline.py
# (priority -50) lists the site's files with their hashes.
@event_priority(-10)
def on_post_build(config: MkDocsConfig) -> None:
    path = os.path.join(config.site_dir, SEARCH_INDEX)
    if os.path.exists(path):  # no index when the search plugin is off
        with open(path, encoding="utf-8") as handle:
            index = json.load(handle)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(index, handle, ensure_ascii=False, separators=(",", ":"))
