"""Build step: read and validate every page of the guide before anything is written.

Runs before every other hook's on_files whatever their order in mkdocs.yml (event priority), and
keeps the parsed guide for them: they get it with `cards.guide_from(config.extra)`. It also refuses
a page or data file that is not UTF-8, naming it, before MkDocs or a hook tries to read it.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

import cards

DATA_SUFFIXES = (".yml", ".yaml")


@event_priority(100)  # first: every hook that reads the guide comes after
def on_files(files: Files, config: MkDocsConfig) -> Files:
    label = cards.docs_label(config.docs_dir)
    try:
        check_data_files(files, label)
        cards.keep_guide(config.extra, cards.read_guide(cards.markdown_sources(files, label), label))
    except cards.SourceError as error:
        raise PluginError(str(error)) from None
    return files


def check_data_files(files: Files, label: str) -> None:
    """Data files under docs/ (excluded from the site, read by hooks) must be UTF-8 too."""
    for f in files:
        if f.abs_src_path and not f.generated_by and f.src_uri.endswith(DATA_SUFFIXES):
            cards.read_text(f.abs_src_path, f"{label}/{f.src_uri}")
