"""Build step: the site's own CSS and JavaScript as a phone downloads them, one file each, minified.

The files under overrides/assets/ stay one concern each and are commented for contributors
(guide.css, app.css, sources.css …); mkdocs.yml lists them in extra_css and extra_javascript.
Readers get each list as one file (BUNDLES), in the listed order, with comments and spaces
removed by rcssmin and rjsmin: fewer render-blocking requests on the first view and a smaller
offline copy. Any other file of ours under assets/ (plan.js, loaded on the plan page only) is
minified under its own name. `mkdocs serve` does the same, so the preview is what is published.
"""

from __future__ import annotations

from typing import Callable

import rcssmin
import rjsmin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

ASSETS = "assets/"
BUNDLES = {"extra_css": "assets/site.min.css", "extra_javascript": "assets/site.min.js"}
MINIFIERS: dict[str, Callable[[str], str]] = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}
# Between two files of a bundle. A script may end without a semicolon: "})()" followed by the
# next file's "(function" would call the first script's result.
JOINERS = {"extra_css": "\n", "extra_javascript": ";\n"}
# What each bundle holds, per build: the paths mkdocs.yml listed.
_listed: dict[str, list[str]] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    for key, bundle in BUNDLES.items():
        paths = [str(entry) for entry in config[key]]
        if paths != [bundle]:  # `mkdocs serve` hands the same config to every rebuild
            _listed[key] = paths
        config[key] = [bundle] if _listed.get(key) else []
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for key, bundle in BUNDLES.items():
        parts = [take(files, path, key) for path in _listed.get(key, [])]
        if parts:
            files.append(File.generated(config, bundle, content=JOINERS[key].join(minified(f) for f in parts)))
    for file in [f for f in files if is_own_asset(f, config)]:
        files.remove(file)
        files.append(File.generated(config, file.src_uri, content=minified(file)))
    return files


def take(files: Files, path: str, key: str) -> File:
    """The listed file, taken out of the site: it is published inside its bundle."""
    file = files.get_file_from_path(path)
    if file is None or not path.startswith(ASSETS) or not path.endswith(tuple(MINIFIERS)):
        raise PluginError(f"mkdocs.yml: {key}: '{path}' is not a .css or .js file under overrides/{ASSETS}; "
                          f"list the site's own files there (they are published in {BUNDLES[key]})")
    files.remove(file)
    return file


def is_own_asset(file: File, config: MkDocsConfig) -> bool:
    """A .css or .js file of overrides/assets/ (custom_dir), not one of the theme's own."""
    custom = config.theme.custom_dir
    return (bool(custom) and file.src_uri.startswith(ASSETS) and file.src_uri.endswith(tuple(MINIFIERS))
            and not file.generated_by and bool(file.abs_src_path)
            and file.abs_src_path.startswith(str(custom)))


def minified(file: File) -> str:
    suffix = file.src_uri[file.src_uri.rfind("."):]
    return MINIFIERS[suffix](file.content_string)
