"""The guide offline and on the home screen: icons, web app manifest and the service worker's list.

Once every page is written (and before the site is published), this renders the app icons from
the theme's logo icon, writes `manifest.webmanifest`, and fills the service worker (`sw.js`,
from overrides/) with two lists, one per edition (Simplified, 繁體 under zh-hant/): every file a
reader of that edition may need offline, each with a hash of its content. A device keeps the
copy of one edition, the one read last: both together would be twice the pages and indexes.
Any change in a deploy changes the worker's bytes, so browsers install the new worker, which
replaces the whole offline copy in one step.

`mkdocs serve` gets icons and manifest but no worker: a preview must never come from a cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path, PurePosixPath

import resvg_py
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import hant
from docfiles import MANIFEST, SEARCH_INDEX, WORKER
from docfiles import APP_ICONS as ICONS  # icon-192.png, icon-512.png, maskable-512.png, apple-touch-icon.png
PLACEHOLDER = "/* PRECACHE */ {}"  # in overrides/sw.js, valid JavaScript until filled
HASH_CHARS = 16  # 64 bits of SHA-256: plenty to tell versions of one file apart, short in the worker
# Material's colour for each primary colour name (its --md-primary-fg-color); add one when the
# palette in mkdocs.yml changes to a colour not listed.
PRIMARY = {"indigo": "#4051b5"}
# Never needed offline: source maps, the compressed sitemap no browser reads, the worker itself.
LEFT_OUT_SUFFIXES = (".map", ".xml.gz")
LUNR = "assets/javascripts/lunr/"
NOT_FOUND = "404.html"  # the offline answer for a page not saved, in either edition

_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # For the page template's <meta name="theme-color">: one colour for the icons and the browser.
    config.extra.setdefault("app", {})["theme_color"] = theme_colour(config)
    return config


# After every plugin has written its files (the search index), before hooks/staging.py publishes.
@event_priority(-50)
def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    colour = config.extra["app"]["theme_color"]
    write_icons(site, logo_svg(config), colour)
    (site / MANIFEST).write_text(json.dumps(manifest(config, colour), ensure_ascii=False, indent=1),
                                 encoding="utf-8")
    worker = site / WORKER
    if _serving:
        worker.unlink(missing_ok=True)
        return
    template = worker_template(config)
    if PLACEHOLDER not in template:
        raise PluginError(f"overrides/{WORKER}: the service worker template lacks '{PLACEHOLDER}', "
                          "where the build puts the list of files kept offline")
    entries = precache(site, search_languages(site))
    filled = template.replace(PLACEHOLDER, json.dumps(entries, separators=(",", ":")))
    worker.write_text(without_comment_lines(filled), encoding="utf-8")


def worker_template(config: MkDocsConfig) -> str:
    """overrides/sw.js as reviewed, read from the theme folders: never the copy in the site, which
    a file under docs/ could have replaced (hooks/guard.py refuses one, this does not rely on it)."""
    for folder in config.theme.dirs:
        path = Path(folder) / WORKER
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return ""


def without_comment_lines(script: str) -> str:
    """The worker as served: its explanations stay in overrides/sw.js, a third of its weight."""
    return "\n".join(line for line in script.split("\n") if not line.lstrip().startswith("//"))


# --- what is kept offline ----------------------------------------------------------------------


def precache(site: Path, languages: list[str]) -> dict[str, list[list[str]]]:
    """Each edition's [url, hash] of every file kept offline, keyed by its <html lang>, the
    Simplified first (the worker's choice when it is given no edition). URLs are relative to the
    site's root (`./` for the home page, `cards/esim/` for cards/esim/index.html), sorted so that
    equal sites give equal lists."""
    lunr = set(lunr_files(languages))
    editions: dict[str, list[list[str]]] = {hant.HANS: [], hant.HANT: []}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or not wanted(relative, lunr):
            continue
        entry = [url_of(relative), content_hash(path.read_bytes())]
        for language in editions_of(relative):
            editions[language].append(entry)
    return editions


def editions_of(relative: str) -> tuple[str, ...]:
    """The editions whose readers need this file offline: a page or search index its own edition's;
    the theme's and the site's assets, the manifest, 404.html and sitemap.xml both (the theme's
    instant navigation follows only the links the sitemap lists, which names both editions)."""
    if relative.startswith(hant.PREFIX):
        return (hant.HANT,)
    if relative == SEARCH_INDEX or (relative.endswith(".html") and relative != NOT_FOUND):
        return (hant.HANS,)
    return (hant.HANS, hant.HANT)


def wanted(relative: str, lunr: set[str]) -> bool:
    if relative == WORKER or relative.endswith(LEFT_OUT_SUFFIXES):
        return False
    # The app icons are fetched by the browser when the guide is installed, which takes the
    # network anyway; an installed app keeps its own copy. No page shows them.
    if relative.startswith(ICONS + "/"):
        return False
    if any(part.startswith(".") for part in PurePosixPath(relative).parts):
        return False
    # The theme ships search for some forty languages (a Thai word splitter alone is 680 KB);
    # only the files the search worker loads for this index's languages are kept.
    return not relative.startswith(LUNR) or relative in lunr


def lunr_files(languages: list[str]) -> list[str]:
    """The files Material's search worker imports for these index languages (its setupSearchLanguages)."""
    files = []
    for language in languages:
        if language == "ja":
            files.append(f"{LUNR}tinyseg.js")
        elif language in ("hi", "th"):
            files.append(f"{LUNR}wordcut.js")
        if language != "en":
            files.append(f"{LUNR}min/lunr.{language}.min.js")
    if len(languages) > 1:
        files.append(f"{LUNR}min/lunr.multi.min.js")
    if files:
        files.append(f"{LUNR}min/lunr.stemmer.support.min.js")
    return files


def search_languages(site: Path) -> list[str]:
    index = site / SEARCH_INDEX
    if not index.exists():
        return []
    return json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]


def url_of(relative: str) -> str:
    if relative == "index.html":
        return "./"
    return relative.removesuffix("index.html")


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_CHARS]


# --- manifest and icons ------------------------------------------------------------------------


def manifest(config: MkDocsConfig, colour: str) -> dict[str, object]:
    """The web app manifest: the installed app opens this version's home page, offline too."""
    return {
        "name": config.site_name,
        "short_name": config.extra.get("app", {}).get("short_name", config.site_name),
        "description": config.site_description or "",
        "lang": config.theme.get("language", "en"),
        "id": "./",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": colour,
        "icons": [
            {"src": f"{ICONS}/icon-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": f"{ICONS}/icon-512.png", "sizes": "512x512", "type": "image/png"},
            {"src": f"{ICONS}/maskable-512.png", "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }


def theme_colour(config: MkDocsConfig) -> str:
    palette = config.theme.get("palette") or {}
    first = palette if isinstance(palette, dict) else palette[0]
    name = first.get("primary", "indigo")
    if name not in PRIMARY:
        raise PluginError(f"mkdocs.yml: theme.palette primary '{name}' has no app icon colour; "
                          f"add it to PRIMARY in hooks/offline.py (known: {', '.join(PRIMARY)})")
    return PRIMARY[name]


def logo_svg(config: MkDocsConfig) -> str:
    """The SVG of theme.icon.logo, looked up in the theme folders as the theme does (overrides first)."""
    name = (config.theme.get("icon") or {}).get("logo")
    if not name:
        raise PluginError("mkdocs.yml: theme.icon.logo is not set; the app icons are drawn from it")
    for folder in config.theme.dirs:
        path = Path(folder) / ".icons" / f"{name}.svg"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise PluginError(f"mkdocs.yml: theme.icon.logo '{name}' is not an icon of the theme")


def write_icons(site: Path, logo: str, colour: str) -> None:
    folder = site / ICONS
    os.makedirs(folder, exist_ok=True)
    # (file, size, share of the side the glyph takes, rounded corners): the maskable icon keeps
    # its glyph inside the safe circle (80 % of the side); the home-screen icon of iOS is square.
    for name, size, glyph, rounded in (("icon-192.png", 192, 0.66, True),
                                       ("icon-512.png", 512, 0.66, True),
                                       ("maskable-512.png", 512, 0.5, False),
                                       ("apple-touch-icon.png", 180, 0.6, False)):
        svg = icon_svg(logo, size, colour, glyph, rounded)
        (folder / name).write_bytes(bytes(resvg_py.svg_to_bytes(svg_string=svg, skip_system_fonts=True)))


def icon_svg(logo: str, size: int, colour: str, glyph: float, rounded: bool) -> str:
    """The logo in white on the theme colour, `glyph` of the side wide, centred. The logo's own
    <svg> is nested as it is: its viewBox scales it into the box given to it."""
    side = size * glyph
    offset = (size - side) / 2
    placed = logo.replace("<svg", f'<svg x="{offset:g}" y="{offset:g}" width="{side:g}" '
                                  f'height="{side:g}" fill="#ffffff"', 1)
    radius = size * 0.18 if rounded else 0
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}">'
            f'<rect width="{size}" height="{size}" rx="{radius:g}" fill="{colour}"/>{placed}</svg>')
