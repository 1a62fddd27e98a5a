"""What a built page may carry, decided from its HTML, without MkDocs running.

Snippets are rendered with the guide's own Markdown extensions (read from mkdocs.yml), so each
case goes the way a contributor's line goes: Markdown, then HTML, then the check.
"""

from __future__ import annotations

import markdown
import pytest
import yaml

import docfiles
import htmlguard
from conftest import ROOT

OWN_HOST = "guide.example"
THEME_SEARCH = ('<header class="md-header"><form class="md-search__form" name="search">'
                '<input type="text"></form><form class="md-header__option" data-md-component="palette">'
                '<input type="radio" name="__palette"></form></header>')


def render(source: str) -> str:
    """Markdown as a page of the guide: the article inside Material's .md-content."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    body = markdown.markdown(source, extensions=extensions)
    return (f"<html><head><title>x</title></head><body>{THEME_SEARCH}<div class=\"md-content\">"
            f"<article>{body}</article></div></body></html>")


def problems(source: str) -> list[str]:
    return [p.message for p in htmlguard.page_problems(render(source), OWN_HOST)]


@pytest.mark.parametrize(
    ("markdown_line", "expected"),
    [
        ("加入[交流群](https://t.me/uscards)", "points to a chat group (t.me)"),
        ("加入[交流群](https://t。me/uscards)", "points to a chat group (t.me)"),
        ("加入[交流群](https://ｔ.ｍｅ/uscards)", "points to a chat group (t.me)"),
        ("加入[交流群](https://t.me\\@www.fcc.gov/)", "points to a chat group (t.me)"),  # \ ends the host
        ("<https://www.fcc.gov\\@t.me/uscards>", "points to a chat group (t.me)"),  # the text shows t.me
        ('<a href="https:\\\\t.me\\uscards">群</a>', "points to a chat group (t.me)"),
        ("[群](//t.me/uscards)", "points to a chat group (t.me)"),
        ('<a href="https://t&#46;me/uscards">群</a>', "points to a chat group (t.me)"),
        ("[群](https://user:pw@T.ME.:443/x)", "points to a chat group (t.me)"),
        ("[群](https://t%2Eme/x)", "points to a chat group (t.me)"),
        ("<https://chat.whatsapp.com/AbC>", "points to a chat group (chat.whatsapp.com)"),
        ("[办理](https://bit.ly/3xyz)", "points to a URL shortener (bit.ly)"),
        ("![banner](https://i.postimg.cc/abc/x.png)", "points to an image host (i.postimg.cc)"),
        ("[FCC](http://www.fcc.gov/)", "must use https://, got http://"),
        ("[点我](javascript:alert(1))", "runs code (javascript:)"),
        ('<a href="jav&#x09;ascript:alert(1)">点我</a>', "runs code (javascript:)"),
        ('<a href="data:text/html,&lt;script&gt;">x</a>', "runs code (data:)"),
        ("![x](data:image/png;base64,AAAA)", "runs code (data:)"),
        ("扫码加群：weixin.qq.com/g/abc", "'weixin.qq.com/g/abc' points to a chat group"),
        ("加群 t。me/uscards", "'t.me/uscards' points to a chat group (t.me)"),
        ("加群 ｔ.ｍｅ/uscards", "points to a chat group (t.me)"),
        ("`t.me/uscards`", "points to a chat group (t.me)"),  # code is still shown to readers
    ],
)
def test_forbidden_link_in_any_disguise(markdown_line: str, expected: str) -> None:
    assert any(expected in message for message in problems(markdown_line)), problems(markdown_line)


@pytest.mark.parametrize(
    ("markdown_line", "expected"),
    [
        ("<script>alert(1)</script>", "raw HTML <script> is not allowed"),
        ('<iframe src="https://www.fcc.gov/"></iframe>', "raw HTML <iframe> is not allowed"),
        ('<object data="x.swf"></object>', "raw HTML <object> is not allowed"),
        ('<embed src="x.swf">', "raw HTML <embed> is not allowed"),
        ('<base href="https://evil.example/">', "raw HTML <base> is not allowed"),
        ('<form action="https://evil.example/"><input name="pin"></form>', "raw HTML <form> is not allowed"),
        ('<meta http-equiv="refresh" content="0;url=https://evil.example/">',
         "<meta http-equiv=\"refresh\"> is not allowed"),
        ('<img src="a.png" onerror="alert(1)">', "HTML event handler 'onerror=' is not allowed"),
        ('<p ONCLICK="alert(1)">x</p>', "HTML event handler 'onclick=' is not allowed"),
        ('<img src="https://www.fcc.gov/logo.png">', "loads a file from another host (www.fcc.gov)"),
        ('<link rel="stylesheet" href="https://cdn.example/x.css">', "loads a file from another host"),
        ('<img srcset="a.png 1x, https://cdn.example/b.png 2x">', "loads a file from another host"),
        ('<svg><a href="#"><set attributeName="href" to="javascript:alert(1)"/>x</a></svg>',
         "raw HTML <set> is not allowed"),
    ],
)
def test_active_or_foreign_html_is_refused(markdown_line: str, expected: str) -> None:
    assert any(expected in message for message in problems(markdown_line)), problems(markdown_line)


@pytest.mark.parametrize(
    "markdown_line",
    [
        "（[来源：FCC](https://www.fcc.gov/consumers/guides/keeping-your-telephone-number-when-changing-service-providers)）",
        "在 My Verizon 里输入“Cancel”。联系邮箱 someone@example.edu，时间 10:30。",
        "登录 www.att.com 查看账单，版本 1.0.0。",
        "[首页](../index.md) [本节](#steps) [邮件](mailto:help@example.edu) ![图](img/x.png)",
        f"[本站](http://{OWN_HOST}/cards/)",  # the site's own address, as a local build has it
        "```html\n<script>alert(1)</script>\n```",  # a script shown as code is text
    ],
)
def test_ordinary_content_passes(markdown_line: str) -> None:
    assert problems(markdown_line) == []


def test_theme_markup_is_told_apart_from_content() -> None:
    html = ('<html><head><meta http-equiv="Content-Security-Policy" content="x"><title>x</title>'
            '<script>var a=1</script><script src="../assets/javascripts/bundle.js"></script></head>'
            f'<body>{THEME_SEARCH}<div class="md-content"></div></body></html>')
    assert list(htmlguard.page_problems(html, OWN_HOST)) == []
    # The same elements where the theme does not put them are refused.
    fake_form = THEME_SEARCH.replace('<header class="md-header">', "<div>").replace("</header>", "</div>")
    posting_toggle = THEME_SEARCH.replace('data-md-component="palette"', 'data-md-component="palette" action="//x"')
    fake_policy = '<p>x</p><meta http-equiv="Content-Security-Policy" content="script-src *">'
    foreign_script = '<script src="https://cdn.example/assets/x.js"></script>'
    for html in (fake_form, posting_toggle, fake_policy, foreign_script, '<script src="assets/../../x.js"></script>'):
        assert list(htmlguard.page_problems(f"<html><head></head><body>{html}</body></html>", OWN_HOST)), html


def test_a_problem_is_traced_to_its_line_and_front_matter_field() -> None:
    source = ('---\ntitle: x\nsummary: "\\x3cscript>alert(1)\\x3c/script>"\nnote: 加群 t&#46;me/a\n---\n\n'
              "正文\n\n[群](https://ｔ.ｍｅ/b)\n")
    assert htmlguard.trace(source, "<script") == (3, "summary")
    assert htmlguard.trace(source, "t.me") == (4, "note")
    assert htmlguard.trace(source.replace("note: 加群 t&#46;me/a\n", ""), "t.me") == (8, None)
    assert htmlguard.trace(source, "<iframe") == (None, None)


def test_reviewed_inline_scripts_allow_only_a_path_where_the_template_has_an_expression() -> None:
    patterns = htmlguard.reviewed_patterns(['<script>scope=new URL("{{ base_url }}",location)</script>'])
    page = '<html><body><script>scope=new URL("{}",location)</script></body></html>'
    def unreviewed(html: str) -> list[str]:
        return htmlguard.unreviewed_scripts(htmlguard.inline_scripts(html), patterns)

    assert unreviewed(page.format("../..")) == []
    assert unreviewed(page.format('",alert(1),"')) == ['scope=new URL("",alert(1),"",location)']
    assert unreviewed("<script>alert(1)</script>") == ["alert(1)"]


def test_the_plan_form_is_allowed_only_on_a_page_the_build_generates() -> None:
    form = '<form class="gs-plan-form" method="get" action="./" hidden><input name="carrier"></form>'
    page = f"<html><head></head><body><div class='md-content'>{{}}</div></body></html>"
    assert list(htmlguard.page_problems(page.format(form), OWN_HOST, generated=True)) == []
    assert list(htmlguard.page_problems(page.format(form), OWN_HOST, generated=False))
    for elsewhere in ('action="https://t.me/x"', 'action="//evil.example/"', 'method="post" action="./"'):
        bad = form.replace('method="get" action="./"', elsewhere)
        assert list(htmlguard.page_problems(page.format(bad), OWN_HOST, generated=True)), elsewhere


# --- what docs/ may hold --------------------------------------------------------------------------

THEME = {"assets/javascripts/bundle.a5f9d56c.min.js", "assets/guide.js", "404.html", "sitemap.xml"}


@pytest.mark.parametrize(
    ("src", "dest", "expected"),
    [
        ("x.html", "x.html", "a '.html' file is not published"),
        ("images/x.svg", "images/x.svg", "a '.svg' file is not published"),
        ("evil.js", "evil.js", "a '.js' file is not published"),
        ("sw.js", "sw.js", "a '.js' file is not published"),
        ("assets/javascripts/bundle.a5f9d56c.min.js", "assets/javascripts/bundle.a5f9d56c.min.js", "'.js'"),
        ("assets/guide.css", "assets/guide.css", "a '.css' file is not published"),
        ("manifest.webmanifest", "manifest.webmanifest", "'.webmanifest'"),
        ("search/search_index.json", "search/search_index.json", "'.json'"),
        ("feed.xml", "feed.xml", "'.xml'"),
        ("LICENSE", "LICENSE", "a file without a Markdown or image suffix"),
        ("qr.png", "qr.png", "an image belongs in docs/images/"),
        ("assets/qr.png", "assets/qr.png", "an image belongs in docs/images/"),
        ("search/index.md", "search/index.html", "which the build writes itself"),
        ("zh-hant/faq.md", "zh-hant/faq/index.html", "which the build writes itself"),
        ("assets/images/app/icon.md", "assets/images/app/icon/index.html", "which the build writes itself"),
        ("404.md", "404.html", "which the build writes itself"),  # use_directory_urls: false
        ("sitemap.md", "sitemap.xml", "which the build writes itself"),
        ("data/carriers.yml", "data/carriers.yml", "is under data/ but would be published"),
    ],
)
def test_docs_may_hold_only_pages_and_images(src: str, dest: str, expected: str) -> None:
    problem = docfiles.file_problem(src, dest, excluded=False, theme_files=THEME)
    assert problem and expected in problem
    assert "the site publishes only Markdown pages and images under docs/images/" in problem


def test_a_page_may_not_take_a_theme_files_place() -> None:
    problem = docfiles.file_problem("partials/x.md", "partials/x/index.html", False, {"partials/x/index.html"})
    assert problem and "which is a file of the theme" in problem


@pytest.mark.parametrize(("src", "dest", "excluded"), [
    ("faq.md", "faq/index.html", False), ("cards/esim.md", "cards/esim/index.html", False),
    ("images/store.png", "images/store.png", False), ("images/a/b.JPG", "images/a/b.JPG", False),
    ("images/x.webp", "images/x.webp", False), ("data/sources.yml", "data/sources.yml", True),
])
def test_pages_images_and_excluded_data_pass(src: str, dest: str, excluded: bool) -> None:
    assert docfiles.file_problem(src, dest, excluded, THEME) is None


# --- control characters in addresses --------------------------------------------------------------


@pytest.mark.parametrize(("url", "expected"), [
    ("\x01https://t.me/x", "holds the control character U+0001"),
    ("\x1f//t.me/x", "holds the control character U+001F"),
    ("\x00https://t.me/x", "holds the control character U+0000"),
    ("https://t.me/x\x1f", "holds the control character U+001F"),
    ("https://www.fcc.gov/\x0b", "holds the control character U+000B"),
    ("   https://t.me/x", "points to a chat group (t.me)"),
    ("\t\n https://t.me/x \r\n", "points to a chat group (t.me)"),
    ("java\tscript:alert(1)", "runs code (javascript:)"),
    ("\njava\nscript\r:alert(1)", "runs code (javascript:)"),
    ("ht\ttps://t.me/x", "points to a chat group (t.me)"),
])
def test_an_address_is_judged_as_the_browser_parses_it(url: str, expected: str) -> None:
    problem = htmlguard.url_problem(url, OWN_HOST)
    assert problem and expected in problem


def test_url_parts_strips_what_the_url_parser_strips() -> None:
    assert htmlguard.url_parts("\x01\x1f https://T.me/x\x00 ") == ("https", "t.me")
    assert htmlguard.url_parts(" \x1f//t.me/x") == ("", "t.me")


@pytest.mark.parametrize("control", ["\x01", "\x1f", "\x08"])
def test_a_control_character_in_raw_html_is_named(control: str) -> None:
    found = problems(f'<a href="{control}https://www.fcc.gov/">官方</a>')
    assert any(f"control character U+{ord(control):04X}" in p and "\\x" in p for p in found), found


# --- chat contacts written as text ----------------------------------------------------------------


@pytest.mark.parametrize(("text", "app"), [
    ("办不了的可以加微信 evilgroup2026 找学长代办", "微信"), ("加微信evilgroup", "微信"),
    ("或 QQ 群 123456789。", "QQ"), ("vx: abc12", "vx"), ("WeChat ID: evil_group", "WeChat"),
    ("代办加 V：evilgroup", "加 V"), ("电报 @evilgroup", "电报"), ("Telegram：12345", "Telegram"),
    ("ｗｘ：ｅｖｉｌｇｒｏｕｐ", "wx"), ("飞机群 evil-group", "飞机群"), ("威信号 abcde", "威信"),
    ("微信搜索 abc12345", "微信"), ("微信添加 abc12345", "微信"), ("微信同号 abc12345", "微信"),
    ("加 微 信 abc12345", "微 信"), ("V 信 abc12345", "V 信"), ("weixin: abc12345", "weixin"),
    ("扣扣 123456789", "扣扣"), ("飞机 @abc12345", "飞机"), ("纸飞机：abc12345", "纸飞机"),
])
def test_a_chat_contact_written_as_text_is_refused(text: str, app: str) -> None:
    problem = htmlguard.text_problem(text)
    assert problem and f"is a chat contact ({app} and an ID)" in problem.message


@pytest.mark.parametrize("text", [
    "不要请微信群、QQ 群里的人代办", "代办（又称：微信 / 微信群）", "WhatsApp 和 Telegram 都是聊天软件",
    "用 WhatsApp 打 Google Voice", "微信支付", "vx: abc", "QQ 1234", "Line 5 of the bill", "TG 群",
    "坐飞机 12345 次", "微信搜索功能", "版本 1.0 · 最后审核 2026-11-25", "FCC · 核对于 2026-11-25",
])
def test_chat_apps_named_without_an_id_pass(text: str) -> None:
    assert htmlguard.text_problem(text) is None


def test_a_chat_host_written_with_a_middle_dot_is_refused() -> None:
    problem = htmlguard.text_problem("群在 t·me/abc")
    assert problem and "points to a chat group (t.me)" in problem.message


@pytest.mark.parametrize("markdown_line", [
    '普通一段话。\n{ style="background:url(https://evil.example/p.png)" }',
    '<p style="background:url(//evil.example/p.png)">x</p>',
    "<style>body{background:url(https://evil.example/p.png)}</style>",
])
def test_inline_styles_are_refused(markdown_line: str) -> None:
    assert problems(markdown_line), markdown_line
