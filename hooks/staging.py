"""Build step: a failed build never leaves a half-built site.

MkDocs writes pages one by one and, in strict mode, aborts only after writing them all. This hook
builds into a staging folder beside `site_dir` and moves it into place only when the build ended
with no error and (in strict mode) no warning; otherwise the previous site stays as it was.
"""

from __future__ import annotations

import logging
import os
import shutil

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.utils import CountHandler

STAGING_SUFFIX = ".staging"
_target: str | None = None
_warnings = CountHandler()
_warnings.setLevel(logging.WARNING)


def on_pre_build(config: MkDocsConfig) -> None:
    # Not on_config: tools such as mike run the config event only to read site_dir.
    global _target
    _target = os.path.normpath(config.site_dir)
    config.site_dir = _target + STAGING_SUFFIX
    _warnings.counts.clear()
    logging.getLogger("mkdocs").addHandler(_warnings)


@event_priority(-100)  # last: after every plugin and hook has written its files
def on_post_build(config: MkDocsConfig) -> None:
    logging.getLogger("mkdocs").removeHandler(_warnings)
    if config.strict and _warnings.get_counts():
        discard(config.site_dir)  # MkDocs aborts right after this event
    else:
        publish(config.site_dir, _target)
    config.site_dir = _target


def on_build_error(error: Exception) -> None:
    logging.getLogger("mkdocs").removeHandler(_warnings)
    if _target:
        discard(_target + STAGING_SUFFIX)


def publish(staging: str, target: str) -> None:
    """Swap the finished build in for the old site."""
    old = target + ".old"
    discard(old)
    if os.path.exists(target):
        os.replace(target, old)
    os.replace(staging, target)
    discard(old)


def discard(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)
