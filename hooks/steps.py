"""Render the steps of a versioned page numbered, marked up for ticking and for the checklists.

A step is an H3 with an explicit id under a step section (design §3); `contract.py` has read them
already, so this only decorates the heading that Markdown rendered for each one.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page as MkDocsPage

import cards


def on_page_content(html: str, page: MkDocsPage, config: MkDocsConfig, **_: object) -> str:
    guide: cards.Guide = config.extra["guide"]
    known = guide.pages.get(page.file.src_uri)
    return number_steps(html, known) if known and known.steps else html


def number_steps(html: str, page: cards.Page) -> str:
    """Number each step heading 1…n across the page and tag it with its page and step id."""
    for number, step in enumerate(page.steps, start=1):
        html = step_heading(step.id).sub(
            lambda m, n=number, s=step: f'<h3 id="{s.id}" class="gs-step" data-key="{page.key}/{s.id}">'
            f'<span class="gs-step__number"><span class="gs-sr">第 </span>{n}'
            f'<span class="gs-sr"> 步：</span></span> ',
            html,
            count=1,
        )
    return html


def step_heading(step_id: str) -> re.Pattern[str]:
    return re.compile(rf'<h3 id="{re.escape(step_id)}">')
