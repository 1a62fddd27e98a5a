"""The version banner under a versioned page's title: 版本 x.y.z · 最后审核 YYYY-MM-DD.

A page whose `reviewed` date is older than `extra.review.max_age_months` (mkdocs.yml) also shows
a "可能已过时" notice, and the build names it on the console. That message is not an MkDocs
warning, so an old page never fails a strict build: the reader is warned on the page itself.
Card pages also get their "打印本页清单" link here, and every page's `summary` becomes its
meta description (what search engines and link previews show).
"""

from __future__ import annotations

import datetime as dt
import logging
from html import escape

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import get_relative_url

import cards
import markup

DEFAULT_MAX_AGE_MONTHS = 12
log = logging.getLogger("guide.review")


def on_page_markdown(markdown: str, page: MkDocsPage, **_: object) -> str:
    if page.meta.get("summary"):
        page.meta.setdefault("description", page.meta["summary"])
    # The theme inserts these as they are (in <title>, the nav, the header, an attribute): as text.
    for key in ("title", "description"):
        if key in page.meta:
            page.meta[key] = markup.html_text(page.meta[key])
    return markdown


def on_page_content(html: str, page: MkDocsPage, config: MkDocsConfig, **_: object) -> str:
    guide: cards.Guide = cards.guide_from(config.extra)
    known = guide.pages.get(page.file.src_uri)
    if known is None:
        return html
    months = max_age_months(config)
    stale = is_stale(known.reviewed, cards.today(), months)
    if stale:
        log.warning("%s: last reviewed %s, more than %d months ago; check it against its sources",
                    known.path, known.reviewed.isoformat(), months)
    print_link = get_relative_url(f"checklists/{known.card}/", page.url) if known.card else None
    return banner(known, months if stale else None, print_link) + html


def banner(page: cards.Page, stale_after: int | None, print_link: str | None) -> str:
    """The title, the version line, the stale notice (when `stale_after` months have passed) and
    the print link, as HTML."""
    parts = [f"<h1>{escape(page.title)}</h1>",
             '<p class="gs-version">'
             f'<span>版本 {page.version}</span> · '
             f'<span>最后审核 <time datetime="{page.reviewed.isoformat()}">{page.reviewed.isoformat()}'
             "</time></span>"]
    if print_link:
        parts.append(f' · <a class="gs-print-link" href="{print_link}">打印本页清单</a>')
    parts.append("</p>")
    if stale_after is not None:
        parts.append('<div class="admonition warning gs-stale"><p class="admonition-title">可能已过时</p>'
                     f"<p>这一页超过 {stale_after} 个月没有对照来源重新审核。运营商的政策会变，"
                     "请以页面里链接的官方来源为准。</p></div>")
    return "".join(parts)


def is_stale(reviewed: dt.date, on: dt.date, months: int) -> bool:
    """True when more than `months` calendar months lie between `reviewed` and `on`."""
    elapsed = (on.year - reviewed.year) * 12 + (on.month - reviewed.month)
    return elapsed > months or (elapsed == months and on.day > reviewed.day)


def max_age_months(config: MkDocsConfig) -> int:
    return int(config.extra.get("review", {}).get("max_age_months", DEFAULT_MAX_AGE_MONTHS))


def _console_handler() -> logging.Handler:
    # Printed like MkDocs' own warnings, but on a logger that strict mode does not count.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    return handler


if not log.handlers:
    log.addHandler(_console_handler())
    log.propagate = False
