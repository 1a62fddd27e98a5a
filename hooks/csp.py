"""A Content-Security-Policy on every page: only the site's own scripts, styles, images and fonts.

Inline scripts are allowed by their hash, and only the reviewed ones: those written in the
templates named in REVIEWED_TEMPLATES (the theme's start-up scripts and overrides/main.html).
Any other inline script in a built page stops the build, so a script that slipped into a page is
never given a hash. The policy is the browser's second line behind hooks/guard.py.
"""

from __future__ import annotations

import os
import re

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkDocsPage

import htmlguard

# Templates whose inline scripts were read and may run. After a theme update, read the inline
# scripts of any template the build names, and add it here only if it is the theme's own code.
REVIEWED_TEMPLATES = ("partials/javascripts/base.html", "partials/javascripts/content.html",
                      "partials/javascripts/palette.html", "main.html")
HEAD = re.compile(r"<head\b[^>]*>")
POLICY = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'"
)
_reviewed: list[re.Pattern[str]] = []


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    global _reviewed
    _reviewed = htmlguard.reviewed_patterns(
        env.loader.get_source(env, name)[0] for name in REVIEWED_TEMPLATES)  # type: ignore[union-attr]
    return env


def on_post_page(output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
    return with_policy(output, _reviewed, page_label(config, page.file.src_uri))


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    # Theme pages that are not Markdown pages, such as 404.html (sitemap.xml is left alone).
    if not template_name.endswith(".html"):
        return output
    return with_policy(output, _reviewed, f"the theme's {template_name}")


def with_policy(html: str, reviewed: list[re.Pattern[str]], label: str) -> str:
    """Insert the policy as the first element of <head>, so it covers everything after it."""
    scripts = htmlguard.inline_scripts(html)
    unknown = htmlguard.unreviewed_scripts(scripts, reviewed)
    if unknown:
        raise PluginError(unreviewed_message(label, unknown[0]))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(scripts)}">'
    return HEAD.sub(lambda m: m.group(0) + meta, html, count=1)


def policy(scripts: list[str]) -> str:
    """The policy allowing exactly these inline scripts, by hash."""
    hashes = sorted({f"'sha256-{htmlguard.digest(body)}'" for body in scripts})
    return POLICY.format(hashes=" ".join(hashes)).replace("  ", " ")


def unreviewed_message(label: str, script: str) -> str:
    return (f"{label}: the built page has an inline script that is not one of the reviewed ones "
            f"('{htmlguard.shorten(script, 60)}'). Pages carry no script of their own; if the theme was "
            f"updated, read the template that writes this script and, if it is the theme's own, add "
            f"its name to REVIEWED_TEMPLATES in hooks/csp.py")


def page_label(config: MkDocsConfig, src_uri: str) -> str:
    return f"{os.path.basename(os.path.normpath(config.docs_dir))}/{src_uri}"
