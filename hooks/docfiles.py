"""Which files under docs/ the site publishes: Markdown pages and raster images, nothing else.

A file in docs/ is copied into the site as it is and wins over a theme file at the same path, so a
`docs/sw.js` would become the service worker and a `docs/x.html` or `docs/x.svg` would run its
script without the pages' Content-Security-Policy. What docs/ may hold is therefore an allow-list
decided here, before anything is written: pure functions, no MkDocs import. The names of the files
the build itself writes live here too, so the hooks that write them and the check share them.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Iterable

import hant

IMAGES_DIR = "images"  # docs/images/: the one folder for pictures a page shows
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")  # raster only: an SVG can hold script
DATA_DIR = "data"      # docs/data/: read by hooks, kept out of the site by exclude_docs
# Files the build writes into the site after the pages (hooks/offline.py, the search plugin, the
# theme's static templates, the 繁體 edition): no docs file may take their place.
WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
APP_ICONS = "assets/images/app"
SEARCH_INDEX = "search/search_index.json"  # Material's; the 繁體 edition's is under hant.PREFIX
BUILD_WRITES = (WORKER, MANIFEST, SEARCH_INDEX, "sitemap.xml", "sitemap.xml.gz",
                "404.html", "versions.json")
BUILD_FOLDERS = (APP_ICONS + "/", "search/", hant.PREFIX)
ALLOWED = ("the site publishes only Markdown pages and images under "
           f"docs/{IMAGES_DIR}/ ({', '.join(s.lstrip('.') for s in IMAGE_SUFFIXES)})")


def file_problem(src_uri: str, dest_uri: str, excluded: bool, theme_files: Iterable[str] = ()) -> str | None:
    """What is wrong with a docs file (its path in docs/, its path in the site, whether exclude_docs
    keeps it out of the site), or None. `theme_files`: every path the theme and overrides/ provide."""
    path = PurePosixPath(src_uri)
    suffix = path.suffix.lower()
    if path.parts[0] == DATA_DIR:
        if excluded:
            return None
        return (f"is under {DATA_DIR}/ but would be published; {ALLOWED}: keep exclude_docs' "
                f"'/{DATA_DIR}/' line in mkdocs.yml, which keeps the build's data out of the site")
    if suffix == ".md":
        pass
    elif suffix in IMAGE_SUFFIXES:
        if path.parts[0] != IMAGES_DIR or len(path.parts) < 2:
            return f"an image belongs in docs/{IMAGES_DIR}/; {ALLOWED}: move it to docs/{IMAGES_DIR}/{path.name}"
    else:
        kind = f"a '{suffix}' file" if suffix else "a file without a Markdown or image suffix"
        return (f"{kind} is not published; {ALLOWED}; write the page in Markdown, or remove the file "
                "(the site's scripts, styles and worker live in overrides/, reviewed)")
    clash = taken(dest_uri, theme_files)
    if clash:
        return f"would be published as {dest_uri}, {clash}; {ALLOWED}: rename the file"
    return None


def taken(dest_uri: str, theme_files: Iterable[str]) -> str | None:
    """Why `dest_uri` belongs to the site itself, or None."""
    dest = dest_uri.lower()
    if dest in BUILD_WRITES or any(dest.startswith(folder) for folder in BUILD_FOLDERS):
        return "which the build writes itself"
    if dest in {name.lower() for name in theme_files}:
        return "which is a file of the theme (overrides/ or Material)"
    return None
