"""Search speaks the reader's words: the glossary's terms stay whole, and its synonyms find pages.

Material segments Chinese text with jieba when it builds the search index; jieba alone splits
terms such as 携号转网 or 最终账单 into pieces that a reader's query no longer matches, so every
term and synonym of docs/glossary.md is taught to jieba. A section that uses a term also gets the
term's synonyms (英文, 又称, 不用) in two index fields the results never display: `synonyms`
mirrors the section text and `title_synonyms` the heading, so 销号 ranks pages as 注销 does.
The glossary stays the one place to add a synonym.
"""

from __future__ import annotations

import logging
import os

import jieba
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import cards
import terms

GLOSSARY = "glossary.md"
SEARCH_PLUGIN = "material/search"
FIELDS = {"synonyms": "text", "title_synonyms": "title"}  # index field → the field it mirrors
# High enough that jieba prefers the whole term over its parts.
TERM_FREQUENCY = 20000
# A term used many times in a section counts as often, up to this; more changes no ranking.
MAX_REPEAT = 3
_terms: list[terms.Term] = []


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _terms
    glossary = files.get_file_from_path(GLOSSARY)
    if glossary is None:
        raise PluginError(f"{GLOSSARY} is missing from docs/: search needs its list of terms")
    try:
        _terms = terms.parse(glossary.content_string, source_label(config, GLOSSARY))
    except cards.SourceError as error:
        raise PluginError(str(error)) from None
    search_fields(config)  # fail early if the search plugin would drop the synonyms
    jieba.setLogLevel(logging.WARNING)
    for word in terms.han_words(_terms):
        jieba.add_word(word, freq=TERM_FREQUENCY)
    return files


@event_priority(-100)  # after the search plugin has indexed this page (its priority is 0)
def on_page_context(context: dict, page: Page, config: MkDocsConfig, **_: object) -> dict:
    if page.file.src_uri != GLOSSARY:  # the glossary shows every synonym in its own text
        for entry in page_entries(search_fields(config), page.url):
            add_synonyms(entry, _terms)
    return context


def source_label(config: MkDocsConfig, uri: str) -> str:
    """A docs file as a contributor sees it in the repository: docs/glossary.md."""
    return f"{os.path.basename(os.path.normpath(config.docs_dir))}/{uri}"


def search_fields(config: MkDocsConfig) -> list[dict]:
    """The search plugin's index entries; check it declares the synonym fields."""
    plugin = config.plugins.get(SEARCH_PLUGIN)
    if plugin is None or not plugin.config.enabled:
        raise PluginError("mkdocs.yml: plugins: the glossary's synonyms need Material's search plugin")
    missing = [name for name in FIELDS if name not in plugin.config.fields]
    if missing:
        raise PluginError(f"mkdocs.yml: plugins.search.fields: declare {', '.join(missing)} "
                          "(the index fields that hold the glossary's synonyms)")
    return plugin.search_index.entries if hasattr(plugin, "search_index") else []


def page_entries(entries: list[dict], url: str) -> list[dict]:
    """The index entries of one page: the last ones added, one per section."""
    found = []
    for entry in reversed(entries):
        if entry["location"].split("#")[0] != url:
            break
        found.append(entry)
    return found


def add_synonyms(entry: dict, glossary: list[terms.Term]) -> None:
    """Give an index entry the synonyms of each term its text or heading uses, as often as used."""
    for name, source in FIELDS.items():
        words: list[str] = []
        for term in glossary:
            count = min(terms.uses(entry[source], term.term), MAX_REPEAT)
            words += [word for _ in range(count) for word in term.synonyms]
        if words:
            # Zero-width spaces separate the words, as Material's own segmentation does.
            entry[name] = "\u200b".join(words)
