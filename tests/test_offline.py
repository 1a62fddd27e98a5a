"""Offline after one visit, fresh when online, installable: the service worker, manifest and icons.

Browser tests serve builds of the guide from version folders (1.0/, latest/), as mike publishes
them, with a server that can go down: "offline" is both Playwright's offline mode and a host
that answers nothing.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import re
import shutil
import struct
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Iterator
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from playwright.sync_api import expect

import hant
import offline
from conftest import BUILD_INPUTS, ROOT, mkdocs_build, open_search_by_keyboard
from test_accessibility import WCAG

CHANGED_PAGE = "safety.md"
SECOND_DEPLOY = "第二次发布加上的一句话。"
PHONE = {"width": 390, "height": 844}
# The offline copy of one edition, in bytes of file bodies as Cache Storage keeps them.
OFFLINE_LIMIT = 2_000_000


# --- the built files ---------------------------------------------------------------------------


def precache_lists(site: Path) -> dict[str, list[list[str]]]:
    """The worker's lists as served: {edition's lang: [[url, hash], ...]}."""
    worker = (site / offline.WORKER).read_text(encoding="utf-8")
    return json.loads(re.search(r"^const EDITIONS = (\{.*\})$", worker, re.M).group(1))


def file_of(site: Path, url: str) -> Path:
    return site / (url.removeprefix("./") + "index.html" if url.endswith("/") else url)


def is_page(url: str) -> bool:
    return url.endswith(("/", ".html")) and url != offline.NOT_FOUND


def test_every_page_links_the_manifest_and_touch_icon(site: Path, soup: object) -> None:
    for path in sorted(site.rglob("*.html")):
        url = path.relative_to(site).as_posix().removesuffix("index.html")
        head = soup(url).head
        here = urljoin("http://host/", path.relative_to(site).as_posix())  # 404.html has root-relative links
        manifest = head.select_one("link[rel=manifest]")
        assert manifest and urljoin(here, manifest["href"]) == "http://host/" + offline.MANIFEST, path
        touch = head.select_one("link[rel=apple-touch-icon]")
        assert touch and urljoin(here, touch["href"]) == f"http://host/{offline.ICONS}/apple-touch-icon.png"
        assert head.select_one("meta[name=theme-color]")["content"] == "#4051b5"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_manifest_makes_an_app_of_this_version(site: Path) -> None:
    manifest = json.loads((site / offline.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["name"] == "美国上网卡注销指南" and manifest["short_name"] == "注销指南"
    # Relative: the same build is published under 1.0/ and latest/, each its own app.
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("./", "./", "standalone")
    assert manifest["theme_color"] == "#4051b5"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        width, height = png_size(site / icon["src"])
        assert f"{width}x{height}" == icon["sizes"]
    assert png_size(site / offline.ICONS / "apple-touch-icon.png") == (180, 180)


def test_icons_are_the_logo_in_white_on_the_theme_colour() -> None:
    logo = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M0 0h24v24H0z"/></svg>'
    svg = offline.icon_svg(logo, 512, "#4051b5", 0.5, rounded=False)
    drawing = BeautifulSoup(svg, "html.parser")
    assert drawing.rect["fill"] == "#4051b5" and drawing.rect["width"] == "512"
    logo_box = drawing.svg.svg
    assert (logo_box["x"], logo_box["width"], logo_box["fill"]) == ("128", "256", "#ffffff")


def test_each_edition_lists_its_pages_and_the_shared_files_with_their_hashes(site: Path) -> None:
    lists = precache_lists(site)
    assert list(lists) == [hant.HANS, hant.HANT]  # the first is the worker's when it is given no lang
    pages = {path.relative_to(site).as_posix() for path in site.rglob("*.html")} - {offline.NOT_FOUND}
    own = {hant.HANT: {page for page in pages if page.startswith(hant.PREFIX)}}
    own[hant.HANS] = pages - own[hant.HANT]
    index = {hant.HANS: offline.SEARCH_INDEX, hant.HANT: hant.PREFIX + offline.SEARCH_INDEX}
    shared = {}
    for language, entries in lists.items():
        urls = [url for url, _ in entries]
        assert len(urls) == len(set(urls))
        for url, digest in entries:
            assert digest == hashlib.sha256(file_of(site, url).read_bytes()).hexdigest()[:16], url
        listed_pages = {file_of(site, url).relative_to(site).as_posix() for url in urls if is_page(url)}
        assert listed_pages == own[language]
        assert set(index.values()) & set(urls) == {index[language]}
        shared[language] = [entry for entry in entries if not is_page(entry[0]) and entry[0] != index[language]]
        for needed in ("404.html", "sitemap.xml", "manifest.webmanifest", "assets/site.min.js",
                       "assets/images/favicon.png"):
            assert needed in urls, (language, needed)
        assert not [url for url in urls if url.startswith(offline.ICONS + "/")]  # fetched when installing
        assert any(re.fullmatch(r"assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js", url) for url in urls)
        assert any(re.fullmatch(r"assets/javascripts/workers/search\.[0-9a-f]{8}\.min\.js", url) for url in urls)
        assert not [url for url in urls if url.endswith((".map", ".gz")) or url == "sw.js"]
        # The index is searched in English tokens (Chinese is split at build time): no lunr language file.
        assert not [url for url in urls if url.startswith("assets/javascripts/lunr/")]
    assert shared[hant.HANS] == shared[hant.HANT]
    # Nothing else in the site is forgotten: every other file is left out on purpose.
    listed = {file_of(site, url) for entries in lists.values() for url, _ in entries}
    for path in site.rglob("*"):
        name = path.relative_to(site).as_posix()
        if path.is_file() and path not in listed:
            assert (name == "sw.js" or name.endswith((".map", ".gz")) or name.startswith(offline.LUNR)
                    or name.startswith(offline.ICONS + "/")), name


@pytest.mark.parametrize("language", [hant.HANS, hant.HANT])
def test_the_offline_copy_of_one_edition_stays_within_its_limit(site: Path, language: str) -> None:
    entries = precache_lists(site)[language]
    assert sum(file_of(site, url).stat().st_size for url, _ in entries) <= OFFLINE_LIMIT


def test_each_file_goes_to_its_editions() -> None:
    both = (hant.HANS, hant.HANT)
    assert offline.editions_of("index.html") == offline.editions_of("cards/esim/index.html") == (hant.HANS,)
    assert offline.editions_of("search/search_index.json") == (hant.HANS,)
    assert offline.editions_of(hant.PREFIX + "index.html") == (hant.HANT,)
    assert offline.editions_of(hant.PREFIX + "search/search_index.json") == (hant.HANT,)
    assert offline.editions_of("404.html") == offline.editions_of("assets/guide.js") == both
    assert offline.editions_of("manifest.webmanifest") == offline.editions_of("sitemap.xml") == both


def test_only_the_search_languages_files_are_kept() -> None:
    assert offline.lunr_files(["en"]) == []
    assert set(offline.lunr_files(["en", "ja"])) == {
        "assets/javascripts/lunr/tinyseg.js", "assets/javascripts/lunr/min/lunr.ja.min.js",
        "assets/javascripts/lunr/min/lunr.multi.min.js",
        "assets/javascripts/lunr/min/lunr.stemmer.support.min.js"}
    assert not offline.wanted("assets/javascripts/lunr/wordcut.js", set())
    assert offline.wanted("assets/javascripts/lunr/tinyseg.js", {"assets/javascripts/lunr/tinyseg.js"})
    assert offline.url_of("index.html") == "./" and offline.url_of("cards/esim/index.html") == "cards/esim/"


def test_the_served_worker_is_the_template_with_its_list(site: Path) -> None:
    template = (ROOT / "overrides" / offline.WORKER).read_text(encoding="utf-8")
    served = (site / offline.WORKER).read_text(encoding="utf-8")
    assert offline.PLACEHOLDER in template and offline.PLACEHOLDER not in served
    code = "\n".join(line for line in template.split("\n") if not line.lstrip().startswith("//"))
    listed = json.dumps(precache_lists(site), separators=(",", ":"))
    assert served == code.replace(offline.PLACEHOLDER, listed)


def test_the_worker_template_is_read_from_the_theme_never_from_the_site(tmp_path: Path) -> None:
    overrides, site = tmp_path / "overrides", tmp_path / "site"
    overrides.mkdir(), site.mkdir()
    (overrides / offline.WORKER).write_text("reviewed " + offline.PLACEHOLDER, encoding="utf-8")
    (site / offline.WORKER).write_text("copied from docs/ " + offline.PLACEHOLDER, encoding="utf-8")
    config = SimpleNamespace(theme=SimpleNamespace(dirs=[str(overrides), str(tmp_path / "material")]))
    assert offline.worker_template(config) == "reviewed " + offline.PLACEHOLDER  # type: ignore[arg-type]


def test_a_worker_template_without_its_placeholder_fails_the_build(project_copy: Path) -> None:
    from conftest import assert_build_fails

    worker = project_copy / "overrides" / offline.WORKER
    worker.write_text(worker.read_text(encoding="utf-8").replace(offline.PLACEHOLDER, "[]"), encoding="utf-8")
    assert_build_fails(project_copy, r"overrides/sw\.js: the service worker template lacks")


# --- in the browser ----------------------------------------------------------------------------


class Host(http.server.ThreadingHTTPServer):
    """A static host for a folder of versions; `down` makes it answer nothing, like a lost network."""

    down = False


class _Handler(http.server.SimpleHTTPRequestHandler):
    def handle_one_request(self) -> None:
        if self.server.down:  # type: ignore[attr-defined]
            self.close_connection = True
            return
        super().handle_one_request()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Host, dict[str, Path]]]:
    """Two deploys of version 1.0 (the second with a changed page), built for a host on loopback."""
    work = tmp_path_factory.mktemp("deploys")
    root = work / "served"
    root.mkdir()
    host = Host(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    threading.Thread(target=host.serve_forever, daemon=True).start()
    project = work / "project"
    project.mkdir()
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / name)
    url = f"http://127.0.0.1:{host.server_address[1]}/1.0/"
    sites = {}
    for deploy in ("first", "second"):
        if deploy == "second":
            page = project / "docs" / CHANGED_PAGE
            page.write_text(page.read_text(encoding="utf-8") + f"\n{SECOND_DEPLOY}\n", encoding="utf-8")
        result = mkdocs_build(project, work / deploy, SITE_URL=url)
        assert result.returncode == 0, result.stderr
        sites[deploy] = work / deploy
    yield host, sites
    host.shutdown()
    host.server_close()


@pytest.fixture
def host(builds: tuple[Host, dict[str, Path]]) -> Iterator[Host]:
    served, _ = builds
    root = Path(served.RequestHandlerClass.keywords["directory"])  # type: ignore[attr-defined]
    for folder in root.iterdir():
        shutil.rmtree(folder)
    served.down = False
    served.root = root  # type: ignore[attr-defined]
    yield served
    served.down = False


def publish(host: Host, site: Path, version: str) -> None:
    target = host.root / version  # type: ignore[attr-defined]
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(site, target)


@pytest.fixture
def tab(browser: object, host: Host) -> Iterator[object]:
    context = browser.new_context(viewport=PHONE, base_url=f"http://127.0.0.1:{host.server_address[1]}/")
    yield context.new_page()
    context.close()


def go_offline(tab: object, host: Host) -> None:
    tab.context.set_offline(True)
    host.down = True


def wait_for_offline_copy(tab: object) -> str:
    """Wait until a worker of the page's edition (sw.js?lang=<html lang>) controls the page and
    is activated, that is, until its install saved every file and the copy it replaces is
    deleted; the name of this version's cache."""
    return tab.evaluate("""async () => {
        // (wait_for_function would evaluate a string, which the CSP forbids)
        const worker = navigator.serviceWorker
        const lang = document.documentElement.lang
        const ours = () => worker.controller
            && new URL(worker.controller.scriptURL).searchParams.get("lang") === lang
        const next = (target, type) => new Promise(resolve => target.addEventListener(type, resolve, { once: true }))
        const ready = (async () => {
            while (!ours()) await next(worker, "controllerchange")
            // A worker takes over when it starts activating, before its activate handler has run.
            const active = worker.controller
            while (active.state !== "activated") await next(active, "statechange")
        })()
        const late = new Promise((_, reject) => setTimeout(() => reject(new Error("no worker")), 60000))
        await Promise.race([ready, late])
        const scope = (await navigator.serviceWorker.ready).scope
        const names = (await caches.keys()).filter(name => name.startsWith("guide " + new URL(scope).pathname + " "))
        return names.length === 1 ? names[0] : names.join(" | ")
    }""")


def cached_urls(tab: object, name: str) -> set[str]:
    return set(tab.evaluate("async name => (await (await caches.open(name)).keys()).map(r => r.url)", name))


def sitemap_paths(site: Path, language: str) -> list[str]:
    """The paths of one edition's pages in the sitemap, which lists both (1.0/…, 1.0/zh-hant/…)."""
    locations = ElementTree.parse(site / "sitemap.xml").iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    paths = [urlsplit(loc.text).path.lstrip("/") for loc in locations]
    return [path for path in paths if path.startswith("1.0/" + hant.PREFIX) == (language == hant.HANT)]


def heading_of(site: Path, path: str) -> str:
    html = (site / path.removeprefix("1.0/") / "index.html").read_text(encoding="utf-8")
    heading = BeautifulSoup(html, "html.parser").select_one("article h1")
    for permalink in heading.select("a.headerlink"):
        permalink.decompose()
    return heading.get_text(" ", strip=True)


@pytest.mark.parametrize(("language", "other", "other_page"), [(hant.HANS, hant.HANT, f"1.0/{hant.PREFIX}safety/"),
                                                          (hant.HANT, hant.HANS, "1.0/safety/")])
def test_every_page_of_the_edition_read_opens_offline_after_one_visit(
        tab: object, host: Host, builds: tuple[Host, dict[str, Path]], language: str, other: str, other_page: str) -> None:
    site = builds[1]["first"]
    publish(host, site, "1.0")
    tab.goto("1.0/" + (hant.PREFIX if language == hant.HANT else "") + "cards/esim/")
    cache = wait_for_offline_copy(tab)
    assert cache.startswith("guide /1.0/ ")
    base = tab.url.split("1.0/")[0] + "1.0/"
    saved = cached_urls(tab, cache)
    assert saved == {base + url.removeprefix("./") for url, _ in precache_lists(site)[language]}

    go_offline(tab, host)
    paths = sitemap_paths(site, language)
    assert len(paths) >= 20 and len(paths) == len(sitemap_paths(site, other))
    for path in paths:
        tab.goto(path)
        expect(tab.locator("article h1")).to_contain_text(heading_of(site, path))
        assert tab.evaluate("document.documentElement.lang") == language
    # The theme, its scripts and the site's styles came from the saved copy too.
    assert tab.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    # The other edition's pages were not saved: the saved 404 page answers.
    tab.goto(other_page)
    expect(tab.locator("article h1")).to_contain_text("404")


def test_switching_edition_online_keeps_one_copy_and_shows_no_update_notice(
        tab: object, host: Host, builds: tuple[Host, dict[str, Path]]) -> None:
    publish(host, builds[1]["first"], "1.0")
    tab.goto("1.0/safety/")
    simplified = wait_for_offline_copy(tab)
    tab.locator("a.gs-edition").click()
    expect(tab).to_have_url(re.compile(r"/1\.0/zh-hant/safety/$"))
    traditional = wait_for_offline_copy(tab)  # the other edition's worker has taken over
    assert traditional != simplified and traditional.startswith("guide /1.0/ ")
    assert tab.evaluate("caches.keys()") == [traditional]  # the Simplified copy is gone
    expect(tab.locator(".gs-update")).to_be_hidden()


def test_offline_instant_navigation_search_and_ticks(tab: object, host: Host,
                                                      builds: tuple[Host, dict[str, Path]]) -> None:
    publish(host, builds[1]["first"], "1.0")
    tab.goto("1.0/")
    wait_for_offline_copy(tab)
    go_offline(tab, host)
    # Opened offline, as the app is with no signal: from the saved copy alone, once the browser's
    # own cache has let the files of the visit go (a host's max-age is minutes).
    tab.context.new_cdp_session(tab).send("Network.clearBrowserCache")
    tab.goto("1.0/")

    # A link followed by the theme's instant navigation (the page is not reloaded; the theme has
    # made its address absolute). The theme follows only links the sitemap lists: it is saved too.
    tab.evaluate("window.sameDocument = true")
    tab.locator("article a[href$='/1.0/cards/physical-sim/']").first.click()
    expect(tab.locator("article h1")).to_contain_text("实体 SIM 卡")
    assert tab.evaluate("window.sameDocument") is True

    open_search_by_keyboard(tab)
    # Filled at once, then a key the theme's search listens for: typed key by key on a busy
    # machine, the theme's start-up moved the caret between two characters (销注).
    tab.get_by_role("textbox", name="搜索").fill("注销")
    tab.keyboard.press("End")
    # Answered offline: the count line changes from 键入… to …结果 and lists results. (Whether the
    # phone-sized overlay is scrolled to show them is the theme's, and has varied between runs.)
    # ("没有找到符合条件的结果" would contain 结果 too: the results themselves are awaited.)
    expect(tab.locator(".md-search-result__item").first).to_be_attached(timeout=20_000)
    expect(tab.locator(".md-search-result__meta")).to_contain_text("个符合条件的结果")

    tab.goto("1.0/checklists/esim-prepaid/")
    box = tab.locator("article input.gs-tick").first
    box.check()
    tab.reload()
    expect(tab.locator("article input.gs-tick").first).to_be_checked()


def test_a_new_deploy_shows_after_one_reload_and_replaces_the_offline_copy(
        tab: object, host: Host, builds: tuple[Host, dict[str, Path]]) -> None:
    publish(host, builds[1]["first"], "1.0")
    tab.goto("1.0/safety/")
    first_cache = wait_for_offline_copy(tab)
    notice = tab.locator(".gs-update")
    expect(notice).to_be_hidden()

    publish(host, builds[1]["second"], "1.0")
    tab.reload()
    expect(tab.locator("article")).to_contain_text(SECOND_DEPLOY)
    expect(notice).to_contain_text("指南已更新", timeout=60_000)
    expect(notice.get_by_role("button", name="重新加载")).to_be_visible()
    assert notice.get_attribute("role") == "status"
    assert Axe().run(tab, options=WCAG).violations_count == 0
    second_cache = wait_for_offline_copy(tab)
    assert second_cache != first_cache and second_cache.startswith("guide /1.0/ ")
    assert tab.evaluate("caches.keys()") == [second_cache]  # the first deploy's copy is gone

    notice.get_by_role("button", name="重新加载").click()
    expect(tab.locator("article")).to_contain_text(SECOND_DEPLOY)
    go_offline(tab, host)
    tab.goto("1.0/safety/")
    expect(tab.locator("article")).to_contain_text(SECOND_DEPLOY)


def test_versions_side_by_side_keep_their_own_copies(tab: object, host: Host,
                                                     builds: tuple[Host, dict[str, Path]]) -> None:
    publish(host, builds[1]["first"], "1.0")
    publish(host, builds[1]["second"], "latest")
    tab.goto("1.0/safety/")
    old = wait_for_offline_copy(tab)
    tab.goto("latest/safety/")
    new = wait_for_offline_copy(tab)
    assert (old.split(" ")[1], new.split(" ")[1]) == ("/1.0/", "/latest/")
    assert len(tab.evaluate("caches.keys()")) == 2  # installing one version deleted no other's

    go_offline(tab, host)
    tab.goto("1.0/safety/")
    expect(tab.locator("article h1")).to_be_visible()
    expect(tab.locator("article")).not_to_contain_text(SECOND_DEPLOY)
    tab.goto("latest/safety/")
    expect(tab.locator("article")).to_contain_text(SECOND_DEPLOY)
