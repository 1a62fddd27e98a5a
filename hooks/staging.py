"""Build step: a failed build never leaves a half-built site, and builds side by side never mix.

MkDocs writes pages one by one and, in strict mode, aborts only after writing them all. This hook
builds into a staging folder of its own beside `site_dir` (site.staging-<random>) and swaps it in
only when the build ended with no error and (in strict mode) no warning; otherwise the previous
site stays as it was. The swap holds a lock on the folder that contains the site, so two builds
finishing together publish one after the other, each a complete site. Folders left by a build that
was killed (an old site, a staging folder no build holds) are removed by the next publish.
"""

from __future__ import annotations

import glob
import logging
import os
import shutil
import tempfile
from contextlib import contextmanager
from typing import IO, Iterator

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import CountHandler

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; builds there are one at a time
    fcntl = None  # type: ignore[assignment]

STAGING_SUFFIX = ".staging-"
OLD_SUFFIX = ".old-"
LOCK_FILE = ".building"  # MkDocs' cleaning step leaves dot files alone
_target: str | None = None
_staging: str | None = None
_held: IO[str] | None = None  # the staging folder's lock file, open while this build runs
_warnings = CountHandler()
_warnings.setLevel(logging.WARNING)


def on_pre_build(config: MkDocsConfig) -> None:
    # Not on_config: tools such as mike run the config event only to read site_dir.
    global _target, _staging, _held
    _target = os.path.abspath(config.site_dir)
    try:
        with locked(os.path.dirname(_target)):  # a sweep never takes a folder before it is held
            _staging = tempfile.mkdtemp(prefix=os.path.basename(_target) + STAGING_SUFFIX,
                                        dir=os.path.dirname(_target))
            _held = hold(_staging)
        os.chmod(_staging, 0o777 & ~umask())  # mkdtemp makes it private; a site is read by a server
    except OSError as error:
        raise PluginError(f"cannot write the site beside {config.site_dir}: {error.strerror}") from None
    config.site_dir = _staging
    _warnings.counts.clear()
    logging.getLogger("mkdocs").addHandler(_warnings)


@event_priority(-100)  # last: after every plugin and hook has written its files
def on_post_build(config: MkDocsConfig) -> None:
    logging.getLogger("mkdocs").removeHandler(_warnings)
    staging, target = config.site_dir, _target or config.site_dir
    config.site_dir = target
    if config.strict and _warnings.get_counts():
        finish(staging)  # MkDocs aborts right after this event
        return
    try:
        publish(staging, target)
    except OSError as error:
        finish(staging)
        raise PluginError(f"cannot publish the site to {target}: {error.strerror}"
                          f"{': ' + error.filename if error.filename else ''}") from None
    finish(None)


def on_build_error(error: Exception) -> None:
    logging.getLogger("mkdocs").removeHandler(_warnings)
    finish(_staging)


def publish(staging: str, target: str) -> None:
    """Swap the finished build in for the old site, under the lock of the folder holding both."""
    with locked(os.path.dirname(target)):
        os.remove(os.path.join(staging, LOCK_FILE))  # the lock is held open; the site needs no file
        old = None
        if os.path.lexists(target):
            old = tempfile.mkdtemp(prefix=os.path.basename(target) + OLD_SUFFIX, dir=os.path.dirname(target))
            os.replace(target, os.path.join(old, "site"))
        os.replace(staging, target)
        sweep(target)


def sweep(target: str) -> None:
    """Remove old sites and staging folders that no running build holds (best effort: a folder
    that cannot be removed stays, under a name no later build uses)."""
    for path in glob.glob(glob.escape(target) + OLD_SUFFIX.rstrip("-") + "*"):
        discard(path)
    for path in glob.glob(glob.escape(target) + STAGING_SUFFIX.rstrip("-") + "*"):
        try:
            lock = hold(path, wait=False)
        except OSError:
            continue  # another build is writing there
        lock.close()
        discard(path)


def hold(folder: str, wait: bool = True) -> IO[str]:
    """An open lock file in `folder`, locked; OSError when `wait` is False and another holds it."""
    handle = open(os.path.join(folder, LOCK_FILE), "a")
    if fcntl is not None:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError:
            handle.close()
            raise
    return handle


@contextmanager
def locked(folder: str) -> Iterator[None]:
    """An exclusive lock on a folder itself (no lock file is left behind)."""
    if fcntl is None:
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def finish(staging: str | None) -> None:
    """Release this build's staging lock and remove its staging folder, if one is left."""
    global _held, _staging
    if _held is not None:
        _held.close()
        _held = None
    if staging:
        discard(staging)
    _staging = None


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def discard(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)
