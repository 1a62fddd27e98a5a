"""How fresh each page is: the version banner, the stale notice, and the changelog."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Callable

import pytest
from bs4 import BeautifulSoup

import banner
import cards
import changelog
from conftest import ROOT, edit, mkdocs_build, sub

# Every page the build reads as versioned (file names only; the content is read by the fixture).
VERSIONED = ["before.md", *(f"cards/{p.stem}.md" for p in sorted((ROOT / "docs/cards").glob("*.md"))),
             "safety.md", "travel-sim.md"]


def url_of(uri: str) -> str:
    return uri.removesuffix(".md") + "/"


def test_before_safety_and_every_card_are_versioned(guide: cards.Guide) -> None:
    assert sorted(guide.pages) == sorted(VERSIONED)


@pytest.mark.parametrize("uri", VERSIONED)
def test_banner_shows_version_and_review_date_under_the_title(
        soup: Callable[[str], BeautifulSoup], guide: cards.Guide, uri: str) -> None:
    article = soup(url_of(uri)).select_one("article")
    page = guide.pages[uri]
    assert article.select_one("h1").get_text() == page.title
    line = article.select_one("h1 + p.gs-version").get_text(" ", strip=True)
    assert line.startswith(f"版本 {page.version} · 最后审核 {page.reviewed.isoformat()}")
    assert article.select_one(".gs-stale") is None


@pytest.mark.parametrize(
    ("reviewed", "on", "stale"),
    [("2025-11-25", "2026-11-25", False), ("2025-11-24", "2026-11-25", True),
     ("2025-12-31", "2026-11-25", False), ("2024-02-29", "2025-03-01", True)],
)
def test_stale_means_more_than_the_configured_months(reviewed: str, on: str, stale: bool) -> None:
    assert banner.is_stale(dt.date.fromisoformat(reviewed), dt.date.fromisoformat(on), 12) is stale


def test_an_old_page_shows_a_notice_and_the_build_names_it(project_copy: Path) -> None:
    """One build: the age comes from mkdocs.yml (15 months here), a page older than that shows the
    notice and is named on the console, a page younger than that (but older than 12) does not."""
    edit(project_copy, "mkdocs.yml", sub(r"max_age_months: 12", "max_age_months: 15"))
    edit(project_copy, "docs/cards/esim.md", sub(r"^reviewed: .*$", "reviewed: 2025-06-30"))
    edit(project_copy, "docs/cards/prepaid.md", sub(r"^reviewed: .*$", "reviewed: 2025-09-30"))
    result = mkdocs_build(project_copy, project_copy / "site")
    assert result.returncode == 0, result.stderr  # stale is a notice, not a broken build
    assert "docs/cards/esim.md: last reviewed 2025-06-30, more than 15 months ago" in result.stderr
    assert "prepaid.md" not in result.stderr
    html = (project_copy / "site/cards/esim/index.html").read_text(encoding="utf-8")
    assert "可能已过时" in html and "超过 15 个月没有对照来源重新审核" in html
    assert "可能已过时" not in (project_copy / "site/cards/prepaid/index.html").read_text(encoding="utf-8")


def test_changelog_lists_every_change_newest_first_with_a_link(soup: Callable[[str], BeautifulSoup],
                                                               guide: cards.Guide) -> None:
    article = soup("changelog/").select_one("article")
    days = [h.get_text(strip=True) for h in article.select("h2")]
    assert days == sorted(days, reverse=True) and days
    items = article.select("h2 + ul > li")
    expected = {(url_of(uri), c.version, c.note) for uri, p in guide.pages.items() for c in p.changes}
    found = set()
    for item in items:
        link = item.select_one("a")
        version, note = re.match(r"\s*(\d+\.\d+\.\d+)：(.*)", item.get_text().split(link.get_text(), 1)[1]).groups()
        found.add((link["href"].removeprefix("../"), version, note))
    assert found == expected


def test_changelog_entries_of_a_page_keep_their_order() -> None:
    text = (ROOT / "docs/cards/esim.md").read_text(encoding="utf-8")
    current = re.search(r"^version: (\d+)\.(\d+)\.\d+$", text, re.M)
    newer = f"{current.group(1)}.{int(current.group(2)) + 1}.0"
    text = text.replace(f"version: {current.group(0).split(': ')[1]}\n", f"version: {newer}\n", 1).replace(
        "changes:\n", f"changes:\n  - {{version: {newer}, date: 2026-11-25, note: 补充}}\n", 1)
    guide = cards.read_guide({"cards/esim.md": text}, on=dt.date(2026, 11, 25))
    versions = [c.version for c, _, _ in changelog.entries(guide)]
    assert versions[0] == newer and versions[-1] == "1.0.0" and len(versions) == len(set(versions))
