"""The built site, read as HTML: the card contract holds, every link lands, no other host is asked."""

from __future__ import annotations

from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

import cards
import htmlguard
from conftest import REPO_URL, ROOT

CARD_URLS = sorted(f"cards/{p.stem}/" for p in (ROOT / "docs" / "cards").glob("*.md"))
SITE_ORIGIN = "http://site.invalid/"  # stands for "this site" when resolving relative links


def all_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def heading_text(tag: Tag) -> str:
    return "".join(t for t in tag.find_all(string=True) if t.parent.name != "a").strip()


def test_there_are_four_card_pages() -> None:
    assert CARD_URLS == ["cards/esim/", "cards/physical-sim/", "cards/postpaid/", "cards/prepaid/"]


@pytest.mark.parametrize("url", CARD_URLS)
def test_card_page_has_every_required_section_in_order(soup: Callable[[str], BeautifulSoup], url: str) -> None:
    sections = [heading_text(h2) for h2 in soup(url).select("article h2")]
    assert [s for s in sections if s in cards.REQUIRED_SECTIONS] == list(cards.REQUIRED_SECTIONS)


@pytest.mark.parametrize("url", CARD_URLS)
def test_card_page_warns_with_a_cited_source(soup: Callable[[str], BeautifulSoup], url: str) -> None:
    warnings = soup(url).select("article .admonition.danger, article .admonition.warning")
    cited = [w for w in warnings if w.select_one('a[href^="https://"]')]
    assert cited, f"{url}: no danger/warning admonition links its source"


@pytest.mark.parametrize("url", CARD_URLS)
def test_card_steps_are_numbered_in_source_order(soup: Callable[[str], BeautifulSoup], url: str) -> None:
    source = (ROOT / "docs" / url.rstrip("/")).with_suffix(".md")
    expected = cards.read_card(f"docs/{url.rstrip('/')}.md", source.read_text(encoding="utf-8")).steps
    rendered = soup(url).select("article h3.gs-step")
    assert [h["id"] for h in rendered] == [s.id for s in expected]
    numbers = [h.select_one(".gs-step__number").get_text() for h in rendered]
    assert numbers == [f"第 {n} 步：" for n in range(1, len(expected) + 1)]


def test_faq_is_collapsible(soup: Callable[[str], BeautifulSoup]) -> None:
    questions = soup("faq/").select("article details.question")
    assert len(questions) >= 6
    assert all(q.select_one("summary") for q in questions)


def test_every_internal_link_resolves_to_a_page_and_anchor(site: Path) -> None:
    broken = []
    for path in all_pages(site):
        page_url = urljoin(SITE_ORIGIN, path.relative_to(site).as_posix())
        for a in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select("a[href]"):
            target = urlsplit(urljoin(page_url, a["href"]))
            if f"{target.scheme}://{target.netloc}/" != SITE_ORIGIN:
                continue
            file = site / target.path.lstrip("/")
            file = file / "index.html" if target.path.endswith("/") else file
            if not file.is_file():
                broken.append(f"{path.relative_to(site)} → {a['href']} (no file)")
            elif target.fragment and file.suffix == ".html" and not BeautifulSoup(
                file.read_text(encoding="utf-8"), "html.parser"
            ).find(id=target.fragment):
                broken.append(f"{path.relative_to(site)} → {a['href']} (no anchor)")
    assert not broken, "\n".join(broken)


def external_urls(site: Path) -> list[tuple[str, Tag, str]]:
    """(page, tag, url) for every absolute http(s) URL in an href or src of the built site."""
    found = []
    for path in all_pages(site):
        for tag in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find_all(True):
            for attr in ("href", "src", "action", "poster", "data"):
                value = tag.get(attr)
                if isinstance(value, str) and urlsplit(value).scheme in ("http", "https"):
                    found.append((str(path.relative_to(site)), tag, value))
    return found


def test_no_link_to_a_forbidden_host_or_over_plain_http(site: Path) -> None:
    links = external_urls(site)
    assert links, "expected the guide to cite official sources"
    bad = [(page, url, htmlguard.url_problem(url)) for page, tag, url in links
           if tag.name == "a" and htmlguard.url_problem(url)]
    assert not bad


def test_no_asset_is_requested_from_another_host(site: Path) -> None:
    # A <link rel=canonical> names the page's own address; every other href/src is an asset.
    assets = [(page, tag.name, url) for page, tag, url in external_urls(site)
              if tag.name != "a" and "canonical" not in tag.get("rel", [])]
    assert assets == []


def test_no_font_or_analytics_host_anywhere(site: Path) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in all_pages(site))
    for host in ("fonts.googleapis.com", "fonts.gstatic.com", "googletagmanager.com",
                 "google-analytics.com", "cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com"):
        assert host not in text


@pytest.mark.parametrize("url", ["", "before/", *CARD_URLS, "faq/"])
def test_each_page_describes_itself_from_its_summary(soup: Callable[[str], BeautifulSoup], url: str) -> None:
    description = soup(url).select_one('meta[name="description"]')["content"]
    source = ROOT / "docs" / (url.rstrip("/") + ".md" if url else "index.md")
    assert f"summary: {description}" in source.read_text(encoding="utf-8")


EDIT = f"{REPO_URL}/edit/main/docs/"


@pytest.mark.parametrize(("url", "source"), [
    ("", "index.md"), ("before/", "before.md"), ("cards/esim/", "cards/esim.md"), ("faq/", "faq.md"),
    # A generated checklist opens the card it is made from; a combination, its form card.
    ("checklists/prepaid/", "cards/prepaid.md"), ("checklists/esim-prepaid/", "cards/esim.md"),
])
def test_edit_this_page_opens_the_source_file(soup: Callable[[str], BeautifulSoup], url: str, source: str) -> None:
    assert soup(url).select_one('a.md-content__button[rel="edit"]')["href"] == EDIT + source


def test_the_repository_link_asks_no_code_host_api(soup: Callable[[str], BeautifulSoup]) -> None:
    source = soup("").select_one("a.md-source")
    assert source["href"] == REPO_URL and not source.has_attr("data-md-component")
