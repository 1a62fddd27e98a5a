"""What a built page may contain, decided from its HTML as a browser reads it.

The guide promises readers no promotion, no injected script and nothing from other hosts. Raw
Markdown can hide all three (YAML escapes, entities, full-width dots), so the finished HTML of
every page is checked here: pure functions over strings, with no MkDocs import, so that tests and
hooks call the same code. URLs are resolved the way a browser resolves them before their host is
compared with the forbidden list.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator
from urllib.parse import unquote, urlsplit

import idna
import lxml.html
import yaml
from lxml.etree import Comment, Element, ParserError
from lxml.html import HtmlElement

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
# Elements no page carries: they run code, replace the page, or send the reader's input elsewhere.
FORBIDDEN_TAGS = ("iframe", "frame", "frameset", "object", "embed", "applet", "base", "form",
                  "portal", "animate", "set", "style",  # SVG animate/set can rewrite a link into javascript:
                  "noscript")  # a browser reads it as raw text up to '</noscript>', even one inside an attribute
CODE_SCHEMES = ("javascript", "data", "vbscript")
# Attributes a browser follows when the reader clicks, and attributes it loads at once.
LINK_ATTRIBUTES = ("href", "xlink:href", "action", "formaction", "cite", "ping")
RESOURCE_ATTRIBUTES = ("src", "srcset", "poster", "data", "background", "manifest", "imagesrcset")
RESOURCE_TAGS = ("link", "use", "image", "feimage")  # whose href is loaded, not followed
# Dots a browser's IDNA mapping (UTS 46) reads as '.', and what NFKC leaves of them.
DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
INVISIBLE = dict.fromkeys(map(ord, "\t\n\r\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Host-like words in text: letters, digits and hyphens joined by dots, wherever they stand (a reader
# can type t.me/x from the middle of a longer address too).
HOST_WORD = re.compile(r"(?<![a-z0-9.-])((?:[a-z0-9-]+\.)+[a-z0-9-]+)", re.I)
CSP_META = "Content-Security-Policy"
# Elements libxml2 reads as raw text even inside <svg> or <math>, where a browser parses markup.
FOREIGN_RAW_TEXT = ("title", "textarea", "xmp", "noembed", "noframes")
# A chat contact written as text ("加微信 abc2026", "QQ 群 123456789"): a chat app's name, then
# within a few characters an ID-like token. The names live only here: the glossary's 代办 row lists
# 微信 as a search synonym, a list for readers' queries that should not decide what fails the build.
CHAT_APPS = (r"[微威薇徽Vv]\s?信|加\s?[Vv](?![A-Za-z])|(?<![A-Za-z])(?:vx|VX|Vx|wx|WX|wechat|WeChat|WECHAT|"
             r"weixin|Weixin|WEIXIN|QQ|qq|TG|tg|Telegram|telegram|TELEGRAM|WhatsApp|Whatsapp|whatsapp|"
             r"LINE|Line ID|Discord|discord|Signal ID)(?![A-Za-z])|扣扣|电报|電報|纸飞机|紙飛機|飞机群|飛機群|"
             r"飞机号|飛機號|(?:飞机|飛機)(?=\s?[@＠])")
CHAT_CONTACT = re.compile(
    rf"(?P<app>{CHAT_APPS})(?P<gap>(?:[\s:：#＃@＠()（）【】\[\]'\"“”‘’=＝-]|群号|群|号码|号|號碼|號|账号|帳號|"
    r"ID|id|Id|是|为|為|搜索|搜|添加|加|同号|同號){0,6}?)(?<![A-Za-z0-9_-])(?P<id>[A-Za-z0-9_-]{5,})(?![A-Za-z0-9_-])")
# Dots a reader reads as '.' in an address written as text (t·me), besides those of DOTS.
TEXT_DOTS = str.maketrans({"\u00b7": ".", "\u30fb": ".", "\u2022": ".", "\u2219": "."})
# What the WHATWG URL parser strips from both ends of a URL (C0 controls and space), and the C0
# controls no address ever needs (tab, newline and carriage return are removed, not refused).
URL_EDGES = "".join(map(chr, range(0x21)))
TEXT_JOINER = "\x00"
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Problem:
    """One thing a page must not carry. `needles`: what to look for in the source to find its line,
    most precise first (a URL, then its host)."""

    message: str
    needles: tuple[str, ...]


# --- hosts and URLs -------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Text as a browser's URL parser and IDNA mapping see it: compatibility forms folded (ｔ.ｍｅ is
    t.me), ideographic dots as dots, invisible characters and tabs/newlines dropped, backslashes
    as slashes."""
    return unicodedata.normalize("NFKC", text).translate(DOTS).translate(INVISIBLE).replace("\\", "/")


def url_parts(url: str) -> tuple[str, str | None]:
    """(scheme, host) of a URL as a browser resolves it; scheme '' for a relative URL, host None
    when the URL has no host (relative path, mailto:, a fragment)."""
    url = normalise(url).strip(URL_EDGES)
    scheme_match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    scheme = scheme_match.group(1).lower() if scheme_match else ""
    rest = url[scheme_match.end():] if scheme_match else url
    if scheme in ("http", "https", "ftp", "ws", "wss"):
        authority = rest.lstrip("/")  # https:/t.me and https:t.me reach t.me too
    elif rest.startswith("//"):
        authority = rest[2:]
    else:
        return scheme, None
    host = re.split(r"[/?#]", authority, maxsplit=1)[0].rsplit("@", 1)[-1]
    host = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return scheme, canonical_host(host)


def canonical_host(host: str) -> str:
    """A host as the browser compares it: percent-decoded, IDNA-mapped, lowercase, no trailing dot."""
    host = normalise(unquote(host)).lower().rstrip(".")
    try:
        return idna.encode(host, uts46=True).decode("ascii").rstrip(".")
    except (idna.IDNAError, UnicodeError):
        return idna.uts46_remap(host, std3_rules=False) if host.isprintable() else host


def forbidden_reason(host: str | None) -> str | None:
    """Why the guide never points to `host` (or one of its subdomains), or None."""
    if not host:
        return None
    host = host.lower().rstrip(".")
    for known, reason in FORBIDDEN_HOSTS.items():
        if host == known or host.endswith("." + known):
            return reason
    return None


def url_problem(url: str, own_host: str | None = None, resource: bool = False) -> str | None:
    """What is wrong with a URL in a link (or, with `resource`, one the browser loads), or None."""
    # Percent-encoded too: an HTML serializer (lxml's, in hooks/citations.py) writes \x01 as %01.
    control = CONTROLS.search(url) or CONTROLS.search(unquote(url))
    if control:
        return (f"link '{shorten(visible(unquote(url)))}' holds the control character U+{ord(control.group()):04X}, "
                "which a browser drops, so the address is not what it reads as; write the address without it")
    scheme, host = url_parts(url)
    if scheme in CODE_SCHEMES:
        return f"link '{shorten(url)}' runs code ({scheme}:); link only to https pages"
    reason = forbidden_reason(host)
    if reason:
        return f"link '{shorten(url)}' points to {reason} ({host}); the guide links only to official sources"
    if host is None or host == own_host:
        return None
    if resource:
        return (f"'{shorten(url)}' loads a file from another host ({host}); the site asks no other host for "
                "anything: save the file under docs/ and link it there")
    if scheme not in ("https", ""):
        return f"link '{shorten(url)}' must use https://, got {scheme}://"
    return None


def text_problem(text: str) -> Problem | None:
    """A forbidden host written as text ('t.me/x', 't。me', 'ｔ.ｍｅ'): readers type it in. Or a
    chat contact: an app's name with an ID after it."""
    text = normalise(text).translate(TEXT_DOTS)
    contact = CHAT_CONTACT.search(text)
    if contact:
        written = contact.group(0)
        return Problem(f"'{shorten(written)}' is a chat contact ({contact.group('app')} and an ID); the guide "
                       "sends readers to no chat, group or agent: link the carrier's official page instead",
                       (written, contact.group("id")))
    for match in HOST_WORD.finditer(text):
        host = canonical_host(match.group(1))
        reason = forbidden_reason(host)
        if reason:
            before = re.search(r"[A-Za-z0-9+.:/@%-]*$", text[: match.start()])
            after = re.match(r"[A-Za-z0-9+.:/@%?#=&~_-]*", text[match.end():])
            written = (before.group(0) + match.group(0) + after.group(0)).lstrip(":@.").rstrip(".")  # type: ignore[union-attr]
            return Problem(f"link '{shorten(written)}' points to {reason} ({host}); the guide links only "
                           "to official sources", (written, host))
    return None


def visible(text: str) -> str:
    """Control characters written as escapes, so an error message shows where they are."""
    return CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- pages ------------------------------------------------------------------------------------------


def parse(html: str) -> HtmlElement | None:
    """A page (or a piece of one) as a tree, with lxml's HTML parser; None when it is empty."""
    try:
        return lxml.html.document_fromstring(html)
    except ParserError:  # nothing but whitespace
        return None


@lru_cache(maxsize=2)
def document(html: str) -> HtmlElement | None:
    """A built page as a tree (lxml: ten times BeautifulSoup's speed, which the build feels on
    every page). Cached, so that the guard and the policy (hooks/csp.py) reading the same page
    parse it once; callers never change the tree."""
    return parse(html)


def page_problems(html: str, own_host: str | None = None, generated: bool = False) -> Iterator[Problem]:
    """Everything a built page must not carry, in document order. Scripts are judged by where they
    are (never inside the article, loaded only from the site's own assets/); which inline scripts
    may run is `unreviewed_scripts`' concern. `generated`: the page is written by a hook, not by a
    contributor, and may hold the site's own question form (see `is_site_form`) and the <noscript>
    box beside it."""
    root = document(html)
    if root is None:
        return
    for element in root.iter(tag=Element):  # elements only: comments are text, below
        if generated and (is_site_form(element) or element.tag == "noscript"):  # the plan's own
            continue
        yield from tag_problems(element, own_host)
    yield from text_problems(root)
    for where, text in hidden_markup(root):
        yield from hidden_problems(where, text)


def hidden_markup(root: HtmlElement) -> Iterator[tuple[str, str]]:
    """Text the parser keeps as text where a browser may build elements from it: a comment (a
    browser reads <noscript> as raw text, so a '</noscript>' inside the comment ends both there),
    and the inside of <title>, <textarea>, <xmp>, <noembed> or <noframes> within <svg> or <math>,
    which libxml2 reads as raw text and a browser as markup."""
    for node in root.iter(Comment):
        yield "an HTML comment", node.text or ""
    for node in root.iter(*FOREIGN_RAW_TEXT):
        if node.text and any(parent.tag in ("svg", "math") for parent in node.iterancestors()):
            yield f"<{node.tag}> inside <svg> or <math>", node.text


def hidden_problems(where: str, text: str) -> Iterator[Problem]:
    """Markup in hidden text is refused whatever it is; its text is held to the page's text rules."""
    piece = parse(f"<html><body>{text}</body></html>") if "<" in text or "&" in text else None
    if piece is None:
        return
    needle = html.unescape(text).strip()[:20]
    found = next((e.tag for e in piece.iter(tag=Element) if e.tag not in ("html", "head", "body")), None)
    if found:
        yield Problem(f"raw HTML <{found}> in {where} is not allowed: a browser may build it into the "
                      "page; write Markdown only", (needle, f"<{found}"))
    for problem in text_problems(piece):
        yield Problem(problem.message, problem.needles + (needle,))


def tag_problems(tag: HtmlElement, own_host: str | None) -> Iterator[Problem]:
    name = tag.tag.lower()
    if name == "script":
        problem = script_problem(tag)
        if problem:
            yield Problem(problem, ("<script",))
    elif name == "meta" and tag.get("http-equiv") is not None and not is_site_policy(tag):
        yield Problem(f"<meta http-equiv=\"{tag.get('http-equiv')}\"> is not allowed: it can redirect the reader "
                      "or change the page's rules", ("http-equiv",))
    elif name == "form" and is_theme_form(tag):
        pass
    elif name in FORBIDDEN_TAGS:
        yield Problem(f"raw HTML <{name}> is not allowed in Markdown; write Markdown only", (f"<{name}",))
    for attribute, value in tag.attrib.items():
        attribute = attribute.lower()
        if attribute.startswith("on"):
            yield Problem(f"HTML event handler '{attribute}=' is not allowed in Markdown", (attribute,))
        elif attribute == "style":  # url() in a style loads from anywhere; the site's CSS is in overrides/
            yield Problem("a 'style' attribute is not allowed; the site's styles live in "
                          "overrides/assets/*.css, reviewed", ("style=",))
        elif attribute in LINK_ATTRIBUTES or attribute in RESOURCE_ATTRIBUTES:
            loaded = attribute in RESOURCE_ATTRIBUTES or name in RESOURCE_TAGS
            for url in urls_of(attribute, value):
                problem = url_problem(url, own_host, resource=loaded)
                if problem:
                    yield Problem(problem, (url.strip(), url_parts(url)[1] or url.strip()[:40]))


def urls_of(attribute: str, value: str) -> Iterable[str]:
    if attribute.endswith("srcset"):  # "a.png 1x, b.png 2x"
        return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]
    return [value]


def classes(tag: HtmlElement) -> list[str]:
    return (tag.get("class") or "").split()


def script_problem(tag: HtmlElement) -> str | None:
    """Scripts come from the theme and the site's own assets/ only, never from page content."""
    if any("md-content" in classes(parent) for parent in tag.iterancestors()):
        return "raw HTML <script> is not allowed in Markdown; write Markdown only"
    src = tag.get("src")
    if src is not None:
        path = urlsplit(normalise(src)).path
        if url_parts(src)[1] is not None or "assets/" not in path or "/../" in path.split("assets/", 1)[1]:
            return f"<script src=\"{shorten(src)}\"> is not one of the site's own scripts under assets/"
    return None


def is_site_policy(tag: HtmlElement) -> bool:
    """The CSP meta that hooks/csp.py puts first in <head>; one anywhere else is not the site's."""
    parent = tag.getparent()
    return ((tag.get("http-equiv") or "").lower() == CSP_META.lower() and parent is not None
            and parent.tag == "head" and next(parent.iterchildren(tag=Element), None) is tag)


def is_theme_form(tag: HtmlElement) -> bool:
    """Material's own forms in the header, posting nowhere: the search box and the colour-scheme toggle."""
    theme_form = ((tag.get("name") == "search" and classes(tag) == ["md-search__form"])
                  or (tag.get("data-md-component") == "palette" and classes(tag) == ["md-header__option"]))
    return (theme_form and not {"action", "method", "target"} & set(tag.attrib)
            and any(parent.tag == "header" and "md-header" in classes(parent) for parent in tag.iterancestors()))


def is_site_form(tag: HtmlElement) -> bool:
    """The plan's questions (hooks/plan.py): one GET form that sends the answers to its own page."""
    return (tag.tag == "form" and classes(tag) == ["gs-plan-form"]
            and (tag.get("method") or "").lower() == "get" and tag.get("action") == "./"
            and not {"target", "enctype"} & set(tag.attrib))


def text_problems(root: HtmlElement) -> Iterator[Problem]:
    """Forbidden hosts written as text anywhere a reader sees them: page text (comments included),
    title, description."""
    texts = []
    for node in root.iter():
        if node.text and node.tag not in ("script", "style"):
            texts.append(node.text)
        if node.tail:  # text after the element, inside its parent (never a script's body)
            texts.append(node.tail)
    texts += [meta.get("content") or "" for meta in root.iter("meta") if meta.get("name") == "description"]
    # One pass over the page's text (a tenth of the time of one per node); a NUL between the
    # pieces, which neither rule reads across, so nothing is found that spans two of them.
    problem = text_problem(TEXT_JOINER.join(texts))
    if problem:
        yield problem


# --- inline scripts -------------------------------------------------------------------------------


def inline_scripts(html: str) -> list[str]:
    """The bodies of a page's inline scripts that a browser runs (JSON data blocks do not run)."""
    root = document(html)
    return [tag.text or "" for tag in (root.iter("script") if root is not None else ())
            if tag.get("src") is None and (tag.get("type") or "").lower() not in ("application/json",)]


def reviewed_patterns(template_sources: Iterable[str]) -> list[re.Pattern[str]]:
    """One pattern per inline script in the reviewed templates. A Jinja expression in a script
    (`{{ base_url }}`) may stand only for a relative or site path, never for code."""
    patterns = []
    for source in template_sources:
        for body in re.findall(r"<script>(.*?)</script>", source, re.S):
            pieces = re.split(r"\{\{.*?\}\}", body)
            patterns.append(re.compile(r"[\w./:-]*".join(map(re.escape, pieces)), re.S))
    return patterns


def unreviewed_scripts(scripts: list[str], patterns: list[re.Pattern[str]]) -> list[str]:
    """The inline scripts (bodies, from `inline_scripts`) that no reviewed template writes."""
    return [body for body in scripts if not any(p.fullmatch(body) for p in patterns)]


def digest(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


# --- tracing a problem to its source line ---------------------------------------------------------


def trace(source: str, needle: str) -> tuple[int | None, str | None]:
    """(1-based line, front matter key) where `needle` (a host, a tag, an attribute) is written in a
    Markdown source, compared after the same normalisation as the HTML; (None, None) if it is not.
    Front matter values are compared decoded, so a YAML escape (\\x3cscript) is found too."""
    needle = normalise(unquote(needle)).lower()  # as `comparable` reads the source
    lines = source.split("\n")
    front = re.match(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", source, re.S)
    if front:
        try:
            meta = yaml.safe_load(front.group(1) or "")
        except yaml.YAMLError:
            meta = None
        for key, value in (meta.items() if isinstance(meta, dict) else []):
            if needle in comparable(str(value)):
                line = next((n for n, text in enumerate(lines, 1) if text.startswith(f"{key}:")), 1)
                return line, str(key)
    for number, line in enumerate(lines, 1):
        if needle in comparable(line):
            return number, None
    return None, None


def comparable(text: str) -> str:
    """A source line as the page shows it: entities (t&#46;me) and percent escapes decoded."""
    return normalise(unquote(html.unescape(text))).translate(TEXT_DOTS).lower()
