"""axe-core (WCAG 2.2 A and AA rules) in Chromium on every built page, and the keyboard path."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from conftest import open_search_by_keyboard


WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def pages_of(site: Path) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix().removeprefix(".") + "/"
                  for p in site.rglob("index.html"))


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def test_axe_finds_no_violation_on_any_page(site: Path, page: object, axe: Axe) -> None:
    failures = []
    for url in pages_of(site):
        page.goto(url.lstrip("/"))
        results = axe.run(page, options=WCAG)
        if results.violations_count:
            failures.append(f"{url}:\n{results.generate_report()}")
    assert not failures, "\n".join(failures)


def test_keyboard_alone_searches(page: object) -> None:
    page.goto("./")
    open_search_by_keyboard(page)
    page.keyboard.type("诈骗")
    page.keyboard.press("End")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/safety/**")


def test_keyboard_alone_ticks_a_box(page: object) -> None:
    page.goto("checklists/esim-prepaid/")
    first_box = page.locator("article input.gs-tick").first
    for _ in range(60):  # Tab from the top of the page to the first box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('gs-tick')"):
            break
    expect(first_box).to_be_focused()
    page.keyboard.press("Space")
    expect(first_box).to_be_checked()
