"""Small pure helpers of the hooks: nav globs, numbered steps, stale dates."""

from __future__ import annotations

import navigation
import steps
from test_checklists import GUIDE


def test_nav_glob_expands_to_cards_in_reading_order() -> None:
    uris = ["index.md", "cards/esim.md", "cards/prepaid.md", "cards/physical-sim.md", "cards/postpaid.md"]
    nav = ["index.md", {"按卡片类型": ["cards/*.md"]}, {"单页": "cards/*.md"}]
    order = navigation.reading_order(GUIDE)
    cards_in_order = ["cards/postpaid.md", "cards/prepaid.md", "cards/esim.md", "cards/physical-sim.md"]
    assert navigation.expand(nav, uris, order) == [
        "index.md", {"按卡片类型": cards_in_order}, {"单页": cards_in_order}]


def test_steps_are_numbered_once_each_in_page_order() -> None:
    page = GUIDE.pages["cards/esim.md"]
    html = "".join(f'<h3 id="{s.id}">{s.title}</h3><p>x</p>' for s in page.steps)
    numbered = steps.number_steps(html, page)
    for number, step in enumerate(page.steps, start=1):
        assert (f'<h3 id="{step.id}" class="gs-step" data-key="esim/{step.id}"><span class="gs-step__number">'
                f'<span class="gs-sr">第 </span>{number}<span class="gs-sr"> 步：</span></span> {step.title}'
                in numbered)
    assert numbered.count('class="gs-step"') == len(page.steps)
