"""Where lxml's parser and a browser read markup differently: the build stops.

lxml's HTML parser (libxml2 2.14) tokenizes like HTML5 but builds no HTML5 tree: it parses the
inside of <noscript> as markup (a browser with scripting on reads it as raw text up to
</noscript>), and it reads <noembed>/<xmp>/<title>/<textarea>/<noframes> inside <svg>/<math> as
raw text (a browser there parses them as foreign elements, and <p>, <img>, <meta> break out).
What the guard reads as a comment or text, Chromium builds as elements.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import assert_build_fails

PROMO = ('<p>加&#24494;&#20449; abc12345 <a href="https://t&#46;me/grp">加群</a></p>'
         '<meta http-equiv="refresh" content="0;url=https://evil.example/"><img src=x onerror=alert(1)>')


def append(project: Path, name: str, text: str) -> None:
    path = project / name
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + text + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "payload"),
    [
        # A page with citations: hooks/citations.py re-serializes it, and keeps the comment as it is.
        ("docs/faq.md", f"<noscript><!-- </noscript>{PROMO} --></noscript>"),
        # A page without citations.
        ("docs/glossary.md", f'<div markdown="0"><svg><noembed>{PROMO}</noembed></svg></div>'),
    ],
    ids=["noscript comment", "svg noembed"],
)
def test_hostile_markup_the_browser_builds_differently_fails(project_copy: Path, name: str, payload: str) -> None:
    # Chromium shows 加微信 abc12345 and a t.me link, keeps <img onerror>, and follows the refresh.
    append(project_copy, name, payload)
    assert_build_fails(project_copy, rf"docs/{name.split('/', 1)[1]}:\d+: ")


def test_hostile_noscript_in_a_page_fails(project_copy: Path) -> None:
    # A browser reads <noscript> as raw text up to the first '</noscript>', even one inside an
    # attribute value, and builds what follows: here an <img> with a handler.
    append(project_copy, "docs/glossary.md", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">x</p></noscript>')
    assert_build_fails(project_copy, r"docs/glossary\.md:\d+: raw HTML <noscript> is not allowed in Markdown")
