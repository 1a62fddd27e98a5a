"""Build speed: the theme's templates are compiled once, not on every build.

MkDocs makes a fresh Jinja environment for each build, and Jinja compiles every template it
loads: with Material that is about a third of a build of this guide, paid again on every
`mkdocs serve` reload. A bytecode cache in `.cache/jinja/` keeps the compiled templates. Jinja
checks each one against its source's checksum, so an edited template is compiled again, and it
writes each file atomically, so builds running side by side do not read half a file.
"""

from __future__ import annotations

import logging
import os

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

CACHE_DIR = os.path.join(".cache", "jinja")  # beside mkdocs.yml, as Material's plugins keep theirs
log = logging.getLogger(f"mkdocs.hooks.{__name__}")


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    directory = cache_dir(config.config_file_path)
    if directory:
        env.bytecode_cache = FileSystemBytecodeCache(directory)
    return env


def cache_dir(config_file: str) -> str | None:
    """The cache folder beside the config file, made if missing; None (no cache) if it cannot be."""
    directory = os.path.join(os.path.dirname(os.path.abspath(config_file)), CACHE_DIR)
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as error:  # a read-only checkout still builds, only more slowly
        log.debug("no template cache in %s: %s", directory, error)
        return None
    return directory if os.access(directory, os.W_OK) else None
