"""Contributor text placed into generated Markdown, kept text: one helper per way it is placed.

MkDocs' Jinja does not escape what the theme inserts, and Markdown passes HTML through, so every
value a hook puts into a page goes through one of these, where it is inserted.
"""

from __future__ import annotations

from html import escape
from typing import Any

import yaml


def front_matter(**meta: Any) -> list[str]:
    """A generated page's front matter, written by the YAML emitter: a title with ': ', '#' or
    quotes stays one value, and no value can add a field."""
    return ["---", yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1 << 20).rstrip("\n"), "---"]


def md_text(text: str) -> str:
    """Plain text for Markdown: no markup, no HTML."""
    text = escape(text, quote=False)
    for char in "\\`*_[]#|":
        text = text.replace(char, "\\" + char)
    return text


def html_text(text: object) -> str:
    """Text for HTML, in an element or a quoted attribute."""
    return escape(str(text), quote=True)
