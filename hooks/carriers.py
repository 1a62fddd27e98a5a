"""Build step: the page 运营商速查 (/carriers/), generated from docs/data/carriers.yml.

The data is read and validated against the source register before anything is written
(carrier_data.py); the page is Markdown made by carrier_page.py.
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

import cards
import carrier_data
import carrier_page
import sources


def on_files(files: Files, config: MkDocsConfig) -> Files:
    label = cards.docs_label(config.docs_dir)
    path = f"{label}/{carrier_data.DATA}"
    try:
        guide = cards.guide_from(config.extra)
        register = sources.load(config.docs_dir, label)
        text = cards.read_text(os.path.join(config.docs_dir, carrier_data.DATA), path)
        carriers = carrier_data.read_carriers(path, text, carrier_data.billing_cards(guide), register)
    except FileNotFoundError:
        raise PluginError(f"{path} is missing: the page {carrier_page.PAGE} is built from it") from None
    except cards.SourceError as error:
        raise PluginError(str(error)) from None
    page = File.generated(config, carrier_page.PAGE, content=carrier_page.render(carriers, guide))
    page.edit_uri = carrier_data.DATA  # "edit this page" opens the data, not a page nobody wrote
    files.append(page)
    return files
