"""Build step: keep promotional links and active HTML out of the guide.

The source article carried a chat-group link; this guide links only to official sources over
https, and its Markdown carries no script, frame or event handler. Checked on the raw source
(front matter included) so that summaries and changelog notes are guarded too.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

import cards

# Hosts the guide never links to, by what they are. A subdomain counts as its host.
FORBIDDEN_HOSTS: dict[str, str] = {
    **dict.fromkeys(
        ["t.me", "telegram.me", "telegram.dog", "wa.me", "chat.whatsapp.com", "discord.gg",
         "discord.com", "qm.qq.com", "jq.qq.com", "weixin.qq.com", "u.wechat.com", "line.me",
         "kakao.com"], "a chat group"),
    **dict.fromkeys(
        ["bit.ly", "tinyurl.com", "t.co", "goo.gl", "is.gd", "ow.ly", "buff.ly", "rebrand.ly",
         "cutt.ly", "shorturl.at", "t.cn", "url.cn", "dwz.cn", "s.id", "tiny.cc", "rb.gy"],
        "a URL shortener"),
    **dict.fromkeys(["i.postimg.cc", "postimg.cc", "imgur.com", "i.imgur.com"], "an image host"),
}
URL = re.compile(r"\b([a-z][a-z0-9+.-]*):(//)?([^\s<>()\[\]\"'`]*)", re.I)
BARE_HOST = re.compile(r"(?<![A-Za-z0-9.@/-])((?:[a-z0-9-]+\.)+[a-z]{2,})(/[^\s<>()\[\]\"'`]*)", re.I)
ACTIVE_HTML = re.compile(r"<\s*(script|iframe|object|embed|frame|frameset)\b", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=", re.I)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    label = cards.docs_label(config.docs_dir)
    for uri, text in cards.markdown_sources(files, label).items():
        try:
            check_source(f"{label}/{uri}", text)
        except cards.SourceError as error:
            raise PluginError(str(error)) from None
    return files


def check_source(path: str, text: str) -> None:
    """Raise SourceError at the first forbidden link or active HTML in a Markdown source."""
    for number, line in cards.prose_lines(text):
        problem = line_problem(CODE_SPAN.sub("", line))
        if problem:
            raise cards.SourceError(path, problem, number)


def line_problem(line: str) -> str | None:
    """What is wrong with one line of Markdown, or None."""
    tag = ACTIVE_HTML.search(line)
    if tag:
        return f"raw HTML <{tag.group(1).lower()}> is not allowed in Markdown; write Markdown only"
    handler = EVENT_HANDLER.search(line)
    if handler:
        return f"HTML event handler '{handler.group(1)}=' is not allowed in Markdown"
    for match in URL.finditer(line):
        scheme, slashes, rest = match.group(1).lower(), match.group(2), match.group(3)
        if scheme in ("http", "https", "ftp") and slashes:
            problem = url_problem(f"{scheme}://{rest}")
        elif scheme in ("javascript", "data", "vbscript"):
            problem = f"link '{match.group(0)}' runs code; link only to https pages"
        else:
            continue
        if problem:
            return problem
    for match in BARE_HOST.finditer(URL.sub(" ", line)):
        reason = forbidden_reason(match.group(1))
        if reason:
            return f"'{match.group(0)}' is {reason}; the guide links only to official sources"
    return None


def url_problem(url: str) -> str | None:
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].rsplit("@", 1)[-1].split(":")[0]
    reason = forbidden_reason(host)
    if reason:
        return f"link '{url}' points to {reason} ({host}); the guide links only to official sources"
    if scheme != "https":
        return f"link '{url}' must use https://, got {scheme}://"
    return None


def forbidden_reason(host: str) -> str | None:
    host = host.lower().rstrip(".")
    for known, reason in FORBIDDEN_HOSTS.items():
        if host == known or host.endswith("." + known):
            return reason
    return None
