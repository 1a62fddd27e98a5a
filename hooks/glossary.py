"""Teach the search segmenter the guide's own terms, from the glossary page.

Material segments Chinese text with jieba when it builds the search index; jieba alone splits
terms such as 携号转网 or 最终账单 into pieces that a reader's query no longer matches. The glossary
page (docs/glossary.md) is the one list of terms: a term added there is kept whole by search.
"""

from __future__ import annotations

import logging
import re

import jieba
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

GLOSSARY = "glossary.md"
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
TABLE_ROW = re.compile(r"^\|\s*(?!-)([^|]+?)\s*\|")
# High enough that jieba prefers the whole term over its parts.
TERM_FREQUENCY = 20000


def on_files(files: Files, config: MkDocsConfig) -> Files:
    glossary = files.get_file_from_path(GLOSSARY)
    if glossary is None:
        raise PluginError(f"{GLOSSARY} is missing from docs/: search needs its list of terms")
    jieba.setLogLevel(logging.WARNING)
    for term in glossary_terms(glossary.content_string):
        jieba.add_word(term, freq=TERM_FREQUENCY)
    return files


def glossary_terms(markdown: str) -> list[str]:
    """The Chinese words of the first column of the glossary table, in order, without repeats."""
    terms: list[str] = []
    rows = [TABLE_ROW.match(line) for line in markdown.splitlines()]
    for row in [r for r in rows if r][1:]:  # the first row is the table header
        for word in HAN_RUN.findall(row.group(1)):
            if word not in terms:
                terms.append(word)
    return terms
