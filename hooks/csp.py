"""A Content-Security-Policy on every page: only the site's own scripts, styles, images and fonts.

Contributed content cannot bring in a script or a third-party request: the guard rejects raw HTML
in Markdown, and this policy makes the browser refuse anything that slips past it. The theme's
few inline scripts are allowed by their hash, computed from the page as built.
"""

from __future__ import annotations

import base64
import hashlib
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page as MkDocsPage

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.S)
HEAD = re.compile(r"<head[^>]*>")
POLICY = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'"
)


def on_post_page(output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
    return with_policy(output)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    # Theme pages that are not Markdown pages, such as 404.html (sitemap.xml is left alone).
    return with_policy(output) if template_name.endswith(".html") else output


def with_policy(html: str) -> str:
    """Insert the policy as the first element of <head>, so it covers everything after it."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return HEAD.sub(lambda m: m.group(0) + meta, html, count=1)


def policy(html: str) -> str:
    hashes = sorted({f"'sha256-{digest(body)}'" for body in INLINE_SCRIPT.findall(html)})
    return POLICY.format(hashes=" ".join(hashes)).replace("  ", " ")


def digest(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
