"""Shared fixtures: the site built once per session, a local server for it, and a real browser."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Callable, Iterator

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))  # the hooks' pure functions are tested directly
import cards  # noqa: E402  (found through the path above)

CHROMIUM = Path("/usr/bin/chromium")
REPO_URL = "https://git.example.invalid/guide"  # stands for the repository in test builds
TODAY = "2026-11-25"  # builds in tests see this date, so "stale" and "future" never rot
ON = dt.date.fromisoformat(TODAY)
# Card names from the file names only: collecting tests never reads (or trips on) page content.
CARD_NAMES = sorted(p.stem for p in (ROOT / "docs" / "cards").glob("*.md"))
# Project files a build needs; bad-input tests copy these and break the copy.
BUILD_INPUTS = ("mkdocs.yml", "docs", "hooks", "overrides")


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees TODAY, whatever the machine's date or the caller's GUIDE_TODAY."""
    monkeypatch.setenv(cards.TODAY_VARIABLE, TODAY)


def read_guide(docs: Path = ROOT / "docs") -> cards.Guide:
    """The guide as the build reads it, from a docs folder, as of TODAY."""
    return cards.read_guide({p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
                             for p in docs.rglob("*.md")}, on=ON)


@pytest.fixture(scope="session")
def guide() -> cards.Guide:
    """The project's own guide, read once (a content mistake fails the tests that use it, only)."""
    return read_guide()


def edit(project: Path, name: str, change: Callable[[str], str]) -> None:
    """Change one file of a project copy; the change must apply."""
    path = project / name
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, f"the test's edit did not apply to {name}"
    path.write_text(after, encoding="utf-8")


def sub(pattern: str, replacement: str) -> Callable[[str], str]:
    return lambda text: re.sub(pattern, replacement, text, count=1, flags=re.M)


def append(markdown: str) -> Callable[[str], str]:
    return lambda text: text + "\n" + markdown + "\n"


def mkdocs_build(project: Path, site_dir: Path, **env_vars: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of a project folder, as a contributor or CI runs it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_TODAY": TODAY, **env_vars}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )


def search_results(page: object, query: str, start: str = "./") -> list[str]:
    """Type a query into Material's search box on the page `start`; return the result pages in
    order, each once, as URL paths. Works in both editions (键入/鍵入, 结果/結果)."""
    from urllib.parse import urlsplit

    from playwright.sync_api import expect

    page.goto(start)
    page.click(".md-search__input")
    # The count line says 键入以开始搜索 once the index is loaded, and "…结果" once a query is answered.
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_contain_text(re.compile("键入|鍵入"))
    page.fill(".md-search__input", query)
    page.press(".md-search__input", "End")  # Material reads the query on keyup, as when typing
    expect(meta).to_contain_text(re.compile("结果|結果"))
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "as => as.map(a => a.href)")
    found: list[str] = []
    for href in hrefs:
        path = urlsplit(href).path.lstrip("/")
        if path not in found:
            found.append(path)
    return found


def open_search_by_keyboard(page: object) -> None:
    """Press Material's "/" shortcut and wait until the index is loaded (it loads on demand)."""
    from playwright.sync_api import expect

    page.keyboard.press("/")
    expect(page.locator(".md-search__input")).to_be_focused()
    expect(page.locator(".md-search-result__meta")).to_contain_text("键入")


def assert_build_fails(project: Path, message: str) -> None:
    """The build of `project` exits non-zero, names the mistake (a regex), and leaves no site."""
    site_dir = project / "site"
    result = mkdocs_build(project, site_dir)
    assert result.returncode != 0
    assert re.search(message, result.stderr), result.stderr
    assert not site_dir.exists()
    assert not list(project.glob("site.*")), "a staging folder was left behind"


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[http.server.ThreadingHTTPServer]:
    """A loopback HTTP server for the site folder, bound first so the site can know its address."""
    site_dir = tmp_path_factory.mktemp("build") / "site"
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.site_dir = site_dir  # type: ignore[attr-defined]
    yield server
    server.server_close()


@pytest.fixture(scope="session")
def site(server: http.server.ThreadingHTTPServer) -> Path:
    """The real site, built once for the whole test session.

    Its site_url is the test server's address: Material's instant navigation only takes over
    links on the origin the site was built for, as it does when deployed.
    """
    site_dir: Path = server.site_dir  # type: ignore[attr-defined]
    result = mkdocs_build(ROOT, site_dir, SITE_URL=f"http://127.0.0.1:{server.server_address[1]}/",
                          REPO_URL=REPO_URL, EDIT_URI="edit/main/docs/")
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="session")
def soup(site: Path) -> Callable[[str], BeautifulSoup]:
    """Parsed HTML of a built page by its URL path, e.g. soup("cards/esim/")."""

    @functools.cache
    def parse(url: str) -> BeautifulSoup:
        path = site / url / "index.html" if url.endswith("/") or not url else site / url
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    return parse


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the project's build inputs, for tests that break or extend it."""
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, tmp_path / name)
    return tmp_path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(site: Path, server: http.server.ThreadingHTTPServer) -> Iterator[str]:
    """The built site served over HTTP on loopback, as a static host serves it."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright. In CI a missing browser fails, never skips."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists() and not os.environ.get("CI"):
        pytest.skip("Debian's chromium is not installed; `make test` installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def desktop(browser: object, base_url: str) -> Iterator[object]:
    """A fresh browser context with a desktop-sized viewport (search results show in full)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
    yield context.new_page()
    context.close()


@pytest.fixture
def page(browser: object, base_url: str) -> Iterator[object]:
    """A fresh browser context (empty storage) with a phone-sized viewport."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=base_url)
    tab = context.new_page()
    yield tab
    context.close()
