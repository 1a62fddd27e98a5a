"""Build step: validate every card page and versioned page before anything is written.

The parsed guide is handed to the later hooks through `config.extra["guide"]`, so that each file is
read and validated once per build.
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

import cards


def on_files(files: Files, config: MkDocsConfig) -> Files:
    try:
        config.extra["guide"] = cards.read_guide(markdown_sources(files), docs_label(config))
    except cards.SourceError as error:
        raise PluginError(str(error)) from None
    return files


def markdown_sources(files: Files) -> dict[str, str]:
    """The text of every Markdown page that comes from docs/ (not generated ones)."""
    return {
        f.src_uri: f.content_string
        for f in files.documentation_pages()
        if f.abs_src_path and not f.generated_by
    }


def docs_label(config: MkDocsConfig) -> str:
    # Errors name files as a contributor sees them in the repository: docs/cards/esim.md.
    return os.path.basename(os.path.normpath(config.docs_dir))
