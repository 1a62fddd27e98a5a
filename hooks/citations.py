"""Build step: every 来源 resolved against the source register and shown with its quote.

Reads docs/data/sources.yml before any page is written, turns each citation link of a rendered page
(`[来源](src:fcc-number-porting#one-business-day)`) into 来源：FCC with the quote behind it, and
stops the build on an unknown source or quote, a 来源 that links a page directly, or a registered
source or quote that nothing cites, naming the file, line and field. It also adds the page 来源
(/sources/), the whole register for readers without script and for reviewers.
"""

from __future__ import annotations

from html import escape

import lxml.html
from lxml.html import HtmlElement
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage

import cards
import sources
import sources_html

PAGE = "sources.md"
PAGE_TEXT = """---
title: 来源
summary: 本指南引用的每个页面，以及页面上支持每条事实的原文和核对日期。
---

本指南的每条事实后面都有“来源”，点开能看到来源页面上的原文。这里列出全部来源：发布者、页面标题和网址、是官方资料还是第三方资料、最后核对的日期，以及引用的每段原文（英文，照录原文）。运营商的政策会变，办理前请点开来源核对。
"""

# Per build: the register, and the citations seen so far (to find what nothing cites).
_register: sources.Register | None = None
_cited: set[str] = set()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _register
    _register = read_register(config)
    _cited.clear()
    page = File.generated(config, PAGE, content=PAGE_TEXT)
    page.edit_uri = sources.DATA  # "edit this page" opens the register
    files.append(page)
    return files


def on_page_content(html: str, page: MkDocsPage, config: MkDocsConfig, **_: object) -> str:
    if _register is None:
        raise PluginError("hooks/citations.py: the register was not read; its on_files event did not run")
    content = lxml.html.fragment_fromstring(html, create_parent="div")  # the wrapper is not written out
    if page.file.src_uri == PAGE:
        content.append(sources_html.register_list(_register))
        return inner_html(content)
    notes = sources_html.Notes()
    links = [link for link in content.iter("a") if link.get("href") is not None]
    for occurrence, link in enumerate(links, start=1):
        href, text = link.get("href", ""), link.text_content()
        reference = sources.citation_reference(href)
        if reference is None:
            problem = sources.link_problem(_register, href, text)
            if problem:
                raise PluginError(where(page, config, href) + problem)
            continue
        try:
            source, quote = _register.resolve(reference)
        except LookupError as error:
            raise PluginError(where(page, config, href) + f"the citation '{href}' {error}") from None
        _cited.add(f"{source.id}#{quote.id}")
        replace(link, sources_html.citation(source, quote, notes.number(source, quote), occurrence))
    if not notes.cited:
        return html
    content.append(sources_html.notes(notes))
    return inner_html(content)


def on_env(env: object, config: MkDocsConfig, files: Files) -> object:
    # Every page has been rendered by now: what no page cited is known.
    if _register is not None:
        error = sources.unused(_register, _cited)
        if error:
            raise PluginError(str(error))
    return env


def replace(old: HtmlElement, new: HtmlElement) -> None:
    """`new` where `old` was, keeping the text that followed `old` (lxml keeps it with the element)."""
    new.tail, old.tail = old.tail, None
    old.getparent().replace(old, new)  # type: ignore[union-attr]


def inner_html(wrapper: HtmlElement) -> str:
    """What the wrapper holds, as HTML: its leading text (escaped) and every child with its tail."""
    return (escape(wrapper.text or "", quote=False)
            + "".join(lxml.html.tostring(child, encoding="unicode") for child in wrapper))


def read_register(config: MkDocsConfig) -> sources.Register:
    try:
        return sources.load(config.docs_dir, cards.docs_label(config.docs_dir))
    except cards.SourceError as error:
        raise PluginError(str(error)) from None


def where(page: MkDocsPage, config: MkDocsConfig, needle: str) -> str:
    """'docs/faq.md:20: ' for the line of the page's source that holds `needle`."""
    path = f"{cards.docs_label(config.docs_dir)}/{page.file.src_uri}"
    if page.file.generated_by or not page.file.abs_src_path:
        return f"{path} (generated): "
    line = sources.line_in(page.file.content_string, needle)
    return f"{path}:{line}: " if line else f"{path}: "
