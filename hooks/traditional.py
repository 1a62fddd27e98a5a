"""Build step: the 繁體中文 edition, under zh-hant/, converted from each finished Simplified page.

Each page is converted once it is written (hooks/hant.py does the work), after every other hook
has finished with it, so the copy carries the same Content-Security-Policy and passed the same
checks; on a machine with a second core, in a process beside the build (hooks/forked.py). Its
search index and the sitemap entries follow at the end of the build. The wrong
conversions for this subject are fixed in docs/data/hant-overrides.yml, never in the output.
"""

from __future__ import annotations

import json
import os
from typing import Callable

import opencc
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import write_file

import cards
import forked
import hant
from docfiles import SEARCH_INDEX

OVERRIDES = os.path.join("data", "hant-overrides.yml")  # inside docs/
SEARCH_PLUGIN = "material/search"
_convert: Callable[[str], str] | None = None
_cache: dict[str, Callable[[str], str]] = {}  # overrides file text → converter, kept across rebuilds
_pages: set[str] = set()
_building = True  # `mkdocs build` (or gh-deploy, mike): not the preview server
_worker: forked.Worker | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _building
    _building = command != "serve"


def on_build_error(error: Exception) -> None:
    stop_worker()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # For overrides/partials/edition.html, the language switch in the header.
    label, title = hant.SWITCH[hant.HANT]
    config.extra["edition"] = {"prefix": hant.PREFIX, "lang": hant.HANT, "label": label, "title": title}
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _convert
    docs = cards.docs_label(config.docs_dir)
    taken = [f.src_uri for f in files if f.dest_uri.startswith(hant.PREFIX)]
    if taken:
        raise PluginError(f"{docs}/{taken[0]}: {hant.PREFIX} is where the 繁體中文 edition is "
                          "written; move the file to another folder")
    path = os.path.join(config.docs_dir, OVERRIDES)
    label = f"{docs}/{OVERRIDES}"
    if not os.path.isfile(path):
        raise PluginError(f"{label} is missing: the 繁體中文 edition needs its override list "
                          "(it may be 'overrides: []')")
    try:
        text = cards.read_text(path, label)
    except cards.SourceError as error:
        raise PluginError(str(error)) from None
    if text not in _cache:
        try:
            overrides = hant.read_overrides(label, text, _plain())
        except cards.SourceError as error:
            raise PluginError(str(error)) from None
        _cache.clear()
        _cache[text] = hant.converter(overrides)
    _convert = _cache[text]
    start_worker()
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    global _pages
    # File.url says './' for the home page where Page.url says ''.
    _pages = {file.url.removeprefix("./") for file in files.documentation_pages()}
    return env


@event_priority(-100)  # the finished page: after every hook that changes or checks it
def on_post_page(output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
    output = hant.simplified_page(output, page.canonical_url, page.url)
    canonical = hant.hant_absolute(page.canonical_url, page.url) if page.canonical_url else None
    target = os.path.join(config.site_dir, hant.PREFIX, page.file.dest_uri)
    job = (output, page.url, _pages, canonical, target)
    if _worker is None:
        try:
            write_copy(*job)
        except cards.SourceError as error:
            raise PluginError(str(error)) from None
    else:  # converted while the next Simplified pages are built; collected in on_post_build
        _worker.submit(job)
    return output


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name == "sitemap.xml" and config.site_url:
        return hant.sitemap_with_hant(output, config.site_url)
    return output


# Before the search plugin's own on_post_build (priority 0) and before staging.py publishes the
# site (priority 0): the edition's index is written into the folder being built, and a hook that
# lists the site's files at priority 0 or lower (the offline precache) sees both editions.
@event_priority(50)
def on_post_build(config: MkDocsConfig) -> None:
    finish_copies()
    plugin = config.plugins.get(SEARCH_PLUGIN)
    if plugin is None or not plugin.config.enabled or not hasattr(plugin, "search_index"):
        return
    index = json.loads(plugin.search_index.generate_search_index(None))
    index["docs"] = hant.convert_index(index["docs"], converter())
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    write_file(data.encode("utf-8"), os.path.join(config.site_dir, hant.PREFIX, SEARCH_INDEX))


def write_copy(output: str, page_url: str, pages: set[str], canonical: str | None, target: str) -> None:
    """Convert one page and write it (in the worker: with the converter it inherited)."""
    copy = hant.convert_page(output, page_url, pages, converter(), canonical)
    write_file(copy.encode("utf-8"), target)


def start_worker() -> None:
    """The copies take as long as building half the pages: a process forked once the converter
    is set up converts them while the Simplified pages are built (hooks/forked.py)."""
    global _worker
    stop_worker()
    if _building:  # a preview server runs threads, which a fork must not copy
        _worker = forked.Worker.start("the 繁體中文 copies", write_copy, cards.SourceError)


def finish_copies() -> None:
    """Wait for every copy; the first page that failed stops the build, as it would have at once."""
    global _worker
    worker, _worker = _worker, None
    problem = worker.finish() if worker else None
    if problem:
        raise PluginError(problem)


def stop_worker() -> None:
    global _worker
    if _worker is not None:
        _worker.stop()
    _worker = None


def converter() -> Callable[[str], str]:
    if _convert is None:
        raise PluginError("the 繁體中文 converter was not set up: hooks/traditional.py's on_files did not run")
    return _convert


def _plain() -> Callable[[str], str]:
    """OpenCC's s2twp as shipped, to tell an override that changes nothing."""
    if "" not in _plain_cache:
        _plain_cache[""] = opencc.OpenCC(hant.BASE_CONFIG).convert
    return _plain_cache[""]


_plain_cache: dict[str, Callable[[str], str]] = {}
