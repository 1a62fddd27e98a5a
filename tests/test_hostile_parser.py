"""Where lxml's parser and a browser read markup differently, and a 繁體 copy that fails: the build stops.

lxml's HTML parser (libxml2 2.14) tokenizes like HTML5 but builds no HTML5 tree: it parses the
inside of <noscript> as markup (a browser with scripting on reads it as raw text up to
</noscript>), and it reads <noembed>/<xmp>/<title>/<textarea>/<noframes> inside <svg>/<math> as
raw text (a browser there parses them as foreign elements, and <p>, <img>, <meta> break out).
What the guard reads as a comment or text, Chromium builds as elements.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TODAY, assert_build_fails

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


@pytest.mark.parametrize("failure", ["raise RuntimeError('boom in hant')", "import os; os._exit(3)"],
                         ids=["conversion raises", "converter process dies"])
def test_hostile_a_failed_traditional_copy_stops_the_build_promptly(project_copy: Path, failure: str) -> None:
    # Fault injected into the copy's hooks/hant.py only. The build must exit, although jobs for
    # later pages may still wait in the queue's buffer for a process that is gone.
    hant = project_copy / "hooks" / "hant.py"
    text = hant.read_text(encoding="utf-8")
    anchor = "    rewriter = _Rewriter(page_url, pages, canonical)\n"
    assert anchor in text
    hant.write_text(text.replace(anchor, f"    if page_url == 'faq/':\n        {failure}\n" + anchor, 1),
                    encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_TODAY": TODAY}
    try:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                                 str(project_copy / "site")], cwd=project_copy, env=env,
                                capture_output=True, text=True, timeout=90)
    except subprocess.TimeoutExpired as hung:
        pytest.fail(f"the build printed its error but did not exit within 90 s: {hung.stderr!r:.300}")
    assert result.returncode != 0
    assert "繁體中文" in result.stderr or "boom in hant" in result.stderr, result.stderr
    assert not (project_copy / "site").exists()
    assert not list(project_copy.glob("site.*"))


def test_hostile_noscript_in_a_page_fails(project_copy: Path) -> None:
    # A browser reads <noscript> as raw text up to the first '</noscript>', even one inside an
    # attribute value, and builds what follows: here an <img> with a handler.
    append(project_copy, "docs/glossary.md", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">x</p></noscript>')
    assert_build_fails(project_copy, r"docs/glossary\.md:\d+: raw HTML <noscript> is not allowed in Markdown")
