"""The site's own CSS and JavaScript as readers get them: one minified file each (hooks/assets.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable
from urllib.parse import urljoin

import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import expect

import assets
from conftest import ROOT, assert_build_fails

OVERRIDES = ROOT / "overrides"


def listed(key: str) -> list[str]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return config[key]


def own(html: BeautifulSoup, page_url: str) -> tuple[list[str], list[str]]:
    """The stylesheets and scripts of a page that are the site's own (not the theme's)."""
    here = urljoin("http://host/", page_url)
    styles = [urljoin(here, link["href"]) for link in html.select("link[rel=stylesheet]")]
    scripts = [urljoin(here, script["src"]) for script in html.select("script[src]")]
    return ([u for u in styles if "/stylesheets/" not in u], [u for u in scripts if "/javascripts/" not in u])


def test_every_page_loads_one_stylesheet_and_one_script_of_the_site(
        site: Path, soup: Callable[[str], BeautifulSoup]) -> None:
    expected = ([f"http://host/{assets.BUNDLES['extra_css']}"], [f"http://host/{assets.BUNDLES['extra_javascript']}"])
    for url in ("", "cards/esim/", "checklists/all/", "plan/", "zh-hant/cards/esim/"):
        assert own(soup(url), url) == expected, url


def test_the_listed_files_are_published_only_inside_their_bundle(site: Path) -> None:
    for key, bundle in assets.BUNDLES.items():
        paths = listed(key)
        assert len(paths) >= 3, key
        for path in paths:
            assert (OVERRIDES / path).is_file() and not (site / path).exists(), path
        served = (site / bundle).read_text(encoding="utf-8")
        sources = [(OVERRIDES / path).read_text(encoding="utf-8") for path in paths]
        assert len(served) < 0.75 * sum(map(len, sources)), bundle  # comments and spaces are gone
        assert "/*" not in served or key == "extra_javascript"  # no CSS comment left
        for path, source in zip(paths, sources):
            first_comment = source.split("\n", 1)[0]
            assert first_comment.startswith(("//", "/*")) and first_comment not in served, path


def test_each_bundle_keeps_the_listed_order(site: Path) -> None:
    """Later CSS wins over earlier: the bundle must hold the files as mkdocs.yml lists them."""
    served = (site / assets.BUNDLES["extra_css"]).read_text(encoding="utf-8")
    positions = []
    for path in listed("extra_css"):
        rule = assets.MINIFIERS[".css"]((OVERRIDES / path).read_text(encoding="utf-8")).split("}", 1)[0]
        positions.append(served.index(rule))
    assert positions == sorted(positions)


def test_plan_js_is_minified_under_its_own_name(site: Path) -> None:
    source = (OVERRIDES / "assets" / "plan.js").read_text(encoding="utf-8")
    served = (site / "assets" / "plan.js").read_text(encoding="utf-8")
    assert served == assets.MINIFIERS[".js"](source) and len(served) < len(source)


def test_a_listed_file_outside_the_site_assets_fails_the_build(project_copy: Path) -> None:
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - assets/sources.css", "  - https://cdn.example/x.css"), encoding="utf-8")
    assert_build_fails(project_copy, r"mkdocs\.yml: extra_css: 'https://cdn\.example/x\.css' is not a "
                                     r"\.css or \.js file under overrides/assets/")


def test_every_bundled_script_runs_without_error(page: object) -> None:
    """One file that stops with an error would stop the files after it in the bundle: each one's
    mark must be on the page (guide.js: the tick toolbar; offline.js: the update notice's live
    region; sources.js: the citation card opens on keyboard focus)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("before/")
    expect(page.locator("article .gs-toolbar")).to_be_attached()
    expect(page.locator(".gs-update[role=status]")).to_be_attached()
    page.locator("article .gs-cite__button").first.focus()
    expect(page.locator("article .gs-cite__card").first).to_be_visible()
    assert errors == []
