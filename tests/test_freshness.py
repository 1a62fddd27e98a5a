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
from conftest import ROOT, assert_build_fails, mkdocs_build
from test_bad_input import edit, sub
from test_checklists import GUIDE

VERSIONED = GUIDE.pages  # every page the build reads as versioned


def url_of(uri: str) -> str:
    return uri.removesuffix(".md") + "/"


def test_before_safety_and_every_card_are_versioned() -> None:
    assert {"before.md", "safety.md"} | {f"cards/{c.card}.md" for c in GUIDE.cards} <= set(VERSIONED)


@pytest.mark.parametrize("uri", sorted(VERSIONED))
def test_banner_shows_version_and_review_date_under_the_title(
        soup: Callable[[str], BeautifulSoup], uri: str) -> None:
    article = soup(url_of(uri)).select_one("article")
    page = VERSIONED[uri]
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
    edit(project_copy, "docs/cards/esim.md", sub(r"^reviewed: .*$", "reviewed: 2025-06-30"))
    result = mkdocs_build(project_copy, project_copy / "site")
    assert result.returncode == 0, result.stderr  # stale is a notice, not a broken build
    assert "docs/cards/esim.md: last reviewed 2025-06-30, more than 12 months ago" in result.stderr
    html = (project_copy / "site/cards/esim/index.html").read_text(encoding="utf-8")
    assert "可能已过时" in html and "超过 12 个月没有对照来源重新审核" in html
    assert "可能已过时" not in (project_copy / "site/cards/prepaid/index.html").read_text(encoding="utf-8")


def test_the_age_is_set_in_mkdocs_yml(project_copy: Path) -> None:
    edit(project_copy, "docs/cards/esim.md", sub(r"^reviewed: .*$", "reviewed: 2025-06-30"))
    edit(project_copy, "mkdocs.yml", sub(r"max_age_months: 12", "max_age_months: 24"))
    result = mkdocs_build(project_copy, project_copy / "site")
    assert result.returncode == 0 and "last reviewed" not in result.stderr
    assert "可能已过时" not in (project_copy / "site/cards/esim/index.html").read_text(encoding="utf-8")


def test_changelog_lists_every_change_newest_first_with_a_link(soup: Callable[[str], BeautifulSoup]) -> None:
    article = soup("changelog/").select_one("article")
    days = [h.get_text(strip=True) for h in article.select("h2")]
    assert days == sorted(days, reverse=True) and days
    items = article.select("h2 + ul > li")
    expected = {(url_of(uri), c.version, c.note) for uri, p in VERSIONED.items() for c in p.changes}
    found = set()
    for item in items:
        link = item.select_one("a")
        version, note = re.match(r"\s*(\d+\.\d+\.\d+)：(.*)", item.get_text().split(link.get_text(), 1)[1]).groups()
        found.add((link["href"].removeprefix("../"), version, note))
    assert found == expected


def test_changelog_entries_of_a_page_keep_their_order() -> None:
    text = (ROOT / "docs/cards/esim.md").read_text(encoding="utf-8")
    text = text.replace("version: 1.0.0\n", "version: 1.1.0\n", 1).replace(
        "changes:\n", "changes:\n  - {version: 1.1.0, date: 2026-11-25, note: 补充}\n", 1)
    guide = cards.read_guide({"cards/esim.md": text}, on=dt.date(2026, 11, 25))
    assert [c.version for c, _, _ in changelog.entries(guide)] == ["1.1.0", "1.0.0"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (sub(r"(changes:\n  - \{version: 1\.0\.0, date: )2026-11-25", r"\g<1>2026-12-01"),
         r"docs/cards/esim\.md:\d+: front matter 'changes' entry 1 \(version 1\.0\.0\) has date 2026-12-01, "
         r"which lies in the future"),
        (sub(r"^version: 1\.0\.0$", "version: 1.1.0"),
         r"docs/cards/esim\.md:\d+: .*the newest entry must describe the current version 1\.1\.0"),
        (sub(r"(changes:\n  - \{version: 1\.0\.0, date: 2026-11-25, note: )", r"\g<1>见 https://t.me/x "),
         r"docs/cards/esim\.md:\d+: link 'https://t\.me/x' points to a chat group"),
    ],
    ids=["future date", "version without entry", "promotion in a note"],
)
def test_a_bad_changes_entry_fails_the_build(project_copy: Path, change: Callable[[str], str],
                                             message: str) -> None:
    edit(project_copy, "docs/cards/esim.md", change)
    assert_build_fails(project_copy, message)
