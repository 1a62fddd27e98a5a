"""更新记录: one page built from every versioned page's `changes`, newest first.

Each page keeps its own history in its front matter (design §3); this gathers them so a reader
can see what changed across the guide, and when, with a link to each page.
"""

from __future__ import annotations

from itertools import groupby

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

import cards
import markup

CHANGELOG = cards.CHANGELOG_PAGE


def on_files(files: Files, config: MkDocsConfig) -> Files:
    guide: cards.Guide = cards.guide_from(config.extra)
    files.append(File.generated(config, CHANGELOG, content=render(guide)))
    return files


def entries(guide: cards.Guide) -> list[tuple[cards.Change, str, cards.Page]]:
    """(change, page path in docs/, page): newest date first, then by path; a page's own entries
    keep their newest-first order (the sort is stable)."""
    found = [(change, uri, page) for uri, page in guide.pages.items() for change in page.changes]
    return sorted(found, key=lambda entry: (-entry[0].date.toordinal(), entry[1]))


def render(guide: cards.Guide) -> str:
    # Left out of search: its notes repeat every page's keywords; readers search the pages.
    lines = [
        *markup.front_matter(title="更新记录", summary="本指南每一页的修改记录：哪一页、哪个版本、哪天、改了什么。",
                             search={"exclude": True}), "",
        "每一页都有自己的版本号，写在页面标题下方。主版本号变化（如 1.x → 2.0）表示增加或删除了步骤；"
        "次版本号变化（如 1.0 → 1.1）表示改了措辞或更新了事实和来源。", "",
    ]
    for day, group in groupby(entries(guide), key=lambda e: e[0].date):
        lines += [f"## {day.isoformat()}", ""]
        lines += [f"- [{markup.md_text(page.title)}]({uri}) {change.version}：{markup.md_text(change.note)}" for change, uri, page in group]
        lines.append("")
    return "\n".join(lines)
