"""First visits in Debian's Chromium with a phone's viewport: what a page fetches, and when it
first paints while every other host hangs (as Google's and most CDNs' hosts do from mainland China).
"""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Route, sync_playwright

from server import Site

CHROMIUM = "/usr/bin/chromium"
# Without these Chromium calls Google's hosts at start; the sandbox needs privileges CI lacks.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
         "is_mobile": True, "has_touch": True, "locale": "zh-CN"}
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
SETTLE_SECONDS = 1.0  # after network idle, for requests the page's scripts make late
FCP_CAP_SECONDS = 20.0
FCP_POLL_SECONDS = 0.05
FIRST_CONTENTFUL_PAINT = "(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"


@dataclass(frozen=True)
class Weight:
    requests: int          # answered by the site's own server
    raw_bytes: int         # the files as they are on disk
    gzip_bytes: int        # the bodies as sent (gzip where the host compresses)
    other_hosts: tuple[str, ...]  # requests to any other host (refused here, as when offline)


def is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or (parts.hostname or "") in LOOPBACK


@contextmanager
def chromium(*extra_flags: str) -> Iterator[Browser]:
    """Headless Chromium with a fresh profile (Playwright makes one per launch)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=[*CHROMIUM_FLAGS, *extra_flags])
        try:
            yield browser
        finally:
            browser.close()


def page_weight(browser: Browser, site: Site, path: str) -> Weight:
    """Everything a first visit (empty cache) of `path` fetches until the page is quiet. Without
    the service worker: the offline copy it saves after the page has loaded is not the first view."""
    context = browser.new_context(**PHONE, service_workers="block")
    others: list[str] = []

    def refuse(route: Route) -> None:
        others.append(route.request.url)
        route.abort("internetdisconnected")

    context.route(lambda url: not is_loopback(url), refuse)
    try:
        site.take_log()
        tab = context.new_page()
        tab.goto(site.url + path, wait_until="networkidle", timeout=60_000)
        time.sleep(SETTLE_SECONDS)
        sent = site.take_log()
    finally:
        context.close()
    return Weight(len(sent), sum(s.raw for s in sent), sum(s.wire for s in sent), tuple(others))


@dataclass(frozen=True)
class FirstPaint:
    seconds: float | None  # None: nothing painted within FCP_CAP_SECONDS
    hung: int              # requests to other hosts, left hanging


def blocked_first_paint(browser: Browser, site: Site, path: str) -> FirstPaint:
    """First contentful paint of a first visit while other hosts hang. `browser` must be
    launched with the flag `stalling_proxy()` yields."""
    context = browser.new_context(**PHONE)
    others: list[str] = []
    context.on("request", lambda request: None if is_loopback(request.url) else others.append(request.url))
    try:
        tab = context.new_page()
        tab.goto(site.url + path, wait_until="commit", timeout=60_000)
        deadline = time.monotonic() + FCP_CAP_SECONDS
        while time.monotonic() < deadline:
            painted = tab.evaluate(FIRST_CONTENTFUL_PAINT)
            if painted is not None:
                return FirstPaint(painted / 1000, len(others))
            time.sleep(FCP_POLL_SECONDS)
        return FirstPaint(None, len(others))
    finally:
        context.close()


def warm_up(browser: Browser, site: Site) -> None:
    """One throwaway visit, so that the first page measured does not also pay for the browser's
    own start (fonts, code caches); each measured visit still has a fresh, empty HTTP cache."""
    context = browser.new_context(**PHONE)
    try:
        context.new_page().goto(site.url + "404.html", wait_until="load", timeout=60_000)
    finally:
        context.close()


@contextmanager
def stalling_proxy() -> Iterator[str]:
    """A proxy on loopback that accepts every connection and never answers, for Chromium's
    --proxy-server: requests to other hosts hang as they do from mainland China, while
    loopback (the sites under test) bypasses proxies by Chromium's own default."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            held.append(connection)  # kept open, never read from or written to

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"--proxy-server=http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()
