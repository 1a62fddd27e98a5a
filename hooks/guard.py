"""Build step: nothing a contributor writes becomes a script, a promo link or a server file.

The source article carried a chat-group link; this guide links only to official sources over
https, loads nothing from other hosts and runs only its own scripts. Decided from the finished
HTML of every page (after Markdown, hooks and theme, see hooks/htmlguard.py), so that YAML
escapes, entities and generated pages are covered too; a hit names the source file and line.
Before anything is written, docs/ may hold only Markdown pages, images under docs/images/ and the
build's data (hooks/docfiles.py), no link to somewhere outside it, and nothing that would take the
place of a theme file or of a file the build writes (the service worker, the manifest, the search
index).
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkDocsPage

import cards
import docfiles
import htmlguard

SOURCE_SUFFIXES = (".md", ".yml", ".yaml")  # what contributors write, where a problem is traced to
_files: Files | None = None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _files
    outside = [f.src_uri for f in files if f.abs_src_path and leaves(f.abs_src_path, config.docs_dir)]
    if outside:
        raise PluginError(f"{cards.docs_label(config.docs_dir)}/{outside[0]}: is a link to a file outside "
                          f"{cards.docs_label(config.docs_dir)}/; the site publishes only files kept inside it: "
                          "copy the file in, or remove the link")
    check_files(files, config)
    _files = files
    return files


def check_files(files: Files, config: MkDocsConfig) -> None:
    docs, label = os.path.abspath(config.docs_dir), cards.docs_label(config.docs_dir)
    theme = theme_files(config)
    for file in files:
        source = os.path.abspath(file.abs_src_path or "")
        if file.generated_by or not file.abs_src_path or os.path.commonpath([source, docs]) != docs:
            continue  # a theme file or a page a hook generates
        problem = docfiles.file_problem(file.src_uri, file.dest_uri, file.inclusion.is_excluded(), theme)
        if problem:
            raise PluginError(f"{label}/{file.src_uri}: {problem}")


def theme_files(config: MkDocsConfig) -> set[str]:
    """Every path the theme folders (overrides/ first, then Material's) hold, and the theme's
    static templates (404.html, sitemap.xml) it renders into the site."""
    found = set(config.theme.static_templates)
    for folder in config.theme.dirs:
        for root, _, names in os.walk(folder):
            relative = os.path.relpath(root, folder)
            found.update(os.path.normpath(os.path.join(relative, n)).replace(os.sep, "/") for n in names)
    return found


def on_post_page(output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
    check(output, config, page)
    return output


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name.endswith(".html"):  # 404.html; sitemap.xml is not a page
        check(output, config, None, f"the theme's {template_name}")
    return output


def check(html: str, config: MkDocsConfig, page: MkDocsPage | None, label: str = "") -> None:
    generated = page is not None and page.file.generated_by is not None
    problem = next(htmlguard.page_problems(html, own_host(config), generated), None)
    if problem:
        raise PluginError(locate(problem, config, page, label))


def leaves(path: str, docs_dir: str) -> bool:
    """True for a file found in the docs folder whose real path (links followed) lies outside it.
    Theme files live elsewhere by design and are not the docs folder's."""
    docs = os.path.abspath(docs_dir)
    if os.path.commonpath([os.path.abspath(path), docs]) != docs:
        return False
    real, root = os.path.realpath(path), os.path.realpath(docs)
    return os.path.commonpath([real, root]) != root


def locate(problem: htmlguard.Problem, config: MkDocsConfig, page: MkDocsPage | None, label: str) -> str:
    """The message, led by the source file and line that wrote the problem: the page's own source
    first, then any other (a title shows in every page's nav; generated pages have no source)."""
    own = page.file if page and not page.file.generated_by else None
    built = f" (on the built page {page.url or '/'})" if page else f" (on {label})"
    for uri, text in sources(own):
        line, field = next((found for needle in problem.needles
                            if (found := htmlguard.trace(text, needle))[0]), (None, None))
        if line:
            where = f" (front matter '{field}')" if field else ""
            return f"{cards.docs_label(config.docs_dir)}/{uri}:{line}: {problem.message}{where}" + ("" if own and uri == own.src_uri else built)
    if page:
        return f"{cards.docs_label(config.docs_dir)}/{page.file.src_uri}: {problem.message}{built}"
    return f"{label}: {problem.message}"


def sources(first: object) -> list[tuple[str, str]]:
    files = [f for f in (_files or []) if f.abs_src_path and not f.generated_by
             and f.src_uri.endswith(SOURCE_SUFFIXES)]
    files.sort(key=lambda f: (f is not first, f.src_uri))
    found = []
    for file in files:
        try:
            with open(file.abs_src_path, encoding="utf-8", errors="replace") as source:
                found.append((file.src_uri, source.read()))
        except OSError:
            continue
    return found


def own_host(config: MkDocsConfig) -> str | None:
    return urlsplit(config.site_url or "").hostname
